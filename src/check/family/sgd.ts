/** Plain gradient descent: torch.optim.SGD with momentum 0, and the paper's vanilla NDGM (001 eq. 2). */
import { sgd } from '../../optimizers/sgd.ts';
import { CLAIMS } from '../claims.ts';
import { defineFamily, pick, OPTION, PLAIN_LR } from './module.ts';

export default defineFamily({
  id: 'sgd',
  title: 'gradient descent without momentum',
  torch: 'torch.optim.SGD',
  grid: { lr: PLAIN_LR },
  options: { weightDecay: OPTION.weightDecay, maximize: OPTION.maximize },
  pairs: [['maximize', 'weightDecay']],
  dialects: {
    pytorch: {
      rule: "PyTorch's SGD",
      fixed: { momentum: 0, dampening: 0, nesterov: false },
      reference: (h) => sgd({ lr: h.lr, ...pick(h, ['weightDecay', 'maximize']) }),
    },
    // The paper's vanilla NDGM (001 eq. 2) is PyTorch's SGD without momentum, and without options.
    paper: { rule: "the paper's vanilla NDGM (001 eq. 2)", options: [], reference: (h) => sgd({ lr: h.lr }) },
  },
  momentum: false,
  expectations: () => [CLAIMS.keepsZero, CLAIMS.twoCycle, CLAIMS.notAgnostic, CLAIMS.bounded(10)],
});
