/** Nesterov momentum: torch.optim.SGD with nesterov=True, and TF.js's momentum optimizer with useNesterov. */
import { sgd } from '../../optimizers/sgd.ts';
import { tfjsMomentum } from '../../optimizers/tfjs-momentum.ts';
import { CLAIMS } from '../claims.ts';
import { RELATIONS } from '../relations.ts';
import { defineFamily, pick, OPTION, PLAIN_LR, MOMENTUM } from './module.ts';

const n = (v: unknown): number => v as number;

export default defineFamily({
  id: 'nesterov',
  title: 'gradient descent with Nesterov momentum',
  torch: 'torch.optim.SGD --set nesterov=true',
  grid: { lr: PLAIN_LR, momentum: MOMENTUM },
  options: { weightDecay: OPTION.weightDecay, maximize: OPTION.maximize },
  pairs: [['maximize', 'weightDecay']],
  dialects: {
    pytorch: {
      rule: "PyTorch's SGD with nesterov=True",
      // PyTorch refuses Nesterov with dampening: it is always 0.
      fixed: { nesterov: true, dampening: 0 },
      reference: (h) => sgd({ lr: h.lr, momentum: n(h.momentum), nesterov: true, ...pick(h, ['weightDecay', 'maximize']) }),
    },
    tfjs: { rule: "TensorFlow.js's momentum optimizer with useNesterov", options: [], reference: (h) => tfjsMomentum({ lr: h.lr, momentum: n(h.momentum), useNesterov: true }) },
  },
  momentum: true,
  expectations: () => [RELATIONS.nesterovFirstStep, CLAIMS.notAgnostic, CLAIMS.bounded(10, { momentum: 0.5 })],
});
