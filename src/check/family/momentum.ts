/** Heavy-ball momentum: torch.optim.SGD with momentum > 0, TF.js's momentum optimizer, and the paper's heavy ball (001 eq. 16). */
import { sgd } from '../../optimizers/sgd.ts';
import { tfjsMomentum } from '../../optimizers/tfjs-momentum.ts';
import { heavyBall } from '../../optimizers/heavy-ball.ts';
import { CLAIMS } from '../claims.ts';
import { RELATIONS } from '../relations.ts';
import { defineFamily, pick, OPTION, PLAIN_LR, MOMENTUM } from './module.ts';

const n = (v: unknown): number => v as number;

export default defineFamily({
  id: 'momentum',
  title: 'gradient descent with heavy-ball momentum',
  torch: 'torch.optim.SGD',
  grid: { lr: PLAIN_LR, momentum: MOMENTUM },
  options: { dampening: OPTION.dampening, weightDecay: OPTION.weightDecay, maximize: OPTION.maximize },
  pairs: [['dampening', 'weightDecay'], ['maximize', 'weightDecay']],
  dialects: {
    pytorch: {
      rule: "PyTorch's SGD with momentum",
      fixed: { nesterov: false },
      reference: (h) => sgd({ lr: h.lr, momentum: n(h.momentum), ...pick(h, ['dampening', 'weightDecay', 'maximize']) }),
    },
    tfjs: { rule: "TensorFlow.js's momentum optimizer", options: [], reference: (h) => tfjsMomentum({ lr: h.lr, momentum: n(h.momentum) }) },
    paper: { rule: "the paper's heavy ball (001 eq. 16)", options: [], reference: (h) => heavyBall({ lr: h.lr, eta: n(h.momentum) }) },
  },
  momentum: true,
  expectations: () => [RELATIONS.jumpOffZero, CLAIMS.notAgnostic, CLAIMS.bounded(10, { momentum: 0.5 })],
});
