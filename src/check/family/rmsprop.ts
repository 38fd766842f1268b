/** RMSprop: torch.optim.RMSprop (ε outside the root), TF.js's and Keras's (ε inside, lr inside the momentum buffer), and the paper's. */
import { rmsprop } from '../../optimizers/rmsprop.ts';
import { tfjsRmsprop } from '../../optimizers/tfjs-rmsprop.ts';
import { rmspropPaper } from '../../optimizers/rmsprop-paper.ts';
import { CLAIMS } from '../claims.ts';
import { RELATIONS } from '../relations.ts';
import { defineFamily, pick, OPTION, ADAPTIVE_LR, EPS } from './module.ts';

export default defineFamily({
  id: 'rmsprop',
  title: 'RMSprop',
  torch: 'torch.optim.RMSprop',
  grid: { lr: ADAPTIVE_LR, alpha: [0.99, 0.9, 0.5], eps: EPS },
  options: { momentum: OPTION.momentum, centered: OPTION.centered, weightDecay: OPTION.weightDecay, maximize: OPTION.maximize },
  pairs: [['centered', 'momentum'], ['maximize', 'weightDecay']],
  dialects: {
    pytorch: { rule: "PyTorch's RMSprop (ε outside the root)", reference: (h) => rmsprop({ lr: h.lr, alpha: h.alpha, eps: h.eps, ...pick(h, ['momentum', 'centered', 'weightDecay', 'maximize']) }) },
    tfjs: {
      rule: "TensorFlow's and TF.js's RMSprop (ε inside the root)",
      options: ['momentum', 'centered'],
      reference: (h) => tfjsRmsprop({ lr: h.lr, decay: h.alpha, epsilon: h.eps, ...pick(h, ['momentum', 'centered']) }),
    },
    paper: { rule: "the paper's RMSprop (001 eq. 24, ε inside the root)", options: [], reference: (h) => rmspropPaper({ lr: h.lr, gamma: h.alpha, eps: h.eps }) },
  },
  momentum: false,
  expectations: () => [RELATIONS.scaleInvariance, CLAIMS.agnostic, CLAIMS.bounded(1)],
});
