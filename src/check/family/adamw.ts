/** AdamW: torch.optim.AdamW (decay multiplied by lr), and Loshchilov & Hutter's (by the schedule multiplier only). */
import { adamw, adamwPaper } from '../../optimizers/adamw.ts';
import { CLAIMS } from '../claims.ts';
import { RELATIONS } from '../relations.ts';
import { defineFamily, pick, OPTION, ADAM_GRID, type CheckHyper } from './module.ts';

const adamwOptions = (h: CheckHyper) => ({ lr: h.lr, beta1: h.beta1, beta2: h.beta2, eps: h.eps, weightDecay: h.weightDecay, ...pick(h, ['amsgrad', 'maximize']) });

export default defineFamily({
  id: 'adamw',
  title: 'AdamW (decoupled weight decay)',
  torch: 'torch.optim.AdamW',
  grid: { ...ADAM_GRID, weightDecay: [0.01, 0.1, 0.5] },
  options: { amsgrad: OPTION.amsgrad, maximize: OPTION.maximize },
  pairs: [['amsgrad', 'maximize']],
  dialects: {
    pytorch: { rule: "PyTorch's AdamW (β ← β·(1 − lr·weightDecay))", reference: (h) => adamw(adamwOptions(h)) },
    paper: { rule: "Loshchilov & Hutter's AdamW (β ← β·(1 − weightDecay), the schedule multiplier only)", reference: (h) => adamwPaper(adamwOptions(h)),
      exempt: {
        'contract-zero-lr': 'the decay does not scale with lr, so lr = 0 still decays',
        'relation-adamw-decoupled-decay': 'the decay is 1 − weightDecay per step, not 1 − lr·weightDecay',
      },
    },
  },
  momentum: true,
  expectations: () => [RELATIONS.scaleInvariance, RELATIONS.adamFirstStep({ weightDecay: 0 }), RELATIONS.decoupledDecay, CLAIMS.agnostic, CLAIMS.bounded(1)],
});
