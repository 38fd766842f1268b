/** Adam: torch.optim.Adam, TF.js's, TensorFlow/Keras's ε̂ form, and AMSGrad over v̂ as optax had it before its fix. */
import { adam, tfAdam, vhatAmsgradAdam } from '../../optimizers/adam.ts';
import { tfjsAdam } from '../../optimizers/tfjs-adam.ts';
import { CLAIMS } from '../claims.ts';
import { RELATIONS } from '../relations.ts';
import { defineFamily, pick, OPTION, ADAM_GRID, type CheckHyper } from './module.ts';

const moments = (h: CheckHyper) => ({ lr: h.lr, beta1: h.beta1, beta2: h.beta2, eps: h.eps });

export default defineFamily({
  id: 'adam',
  title: 'Adam (weight decay added to the gradient)',
  torch: 'torch.optim.Adam',
  grid: ADAM_GRID,
  options: { amsgrad: OPTION.amsgrad, weightDecay: OPTION.weightDecay, maximize: OPTION.maximize },
  pairs: [['amsgrad', 'weightDecay'], ['maximize', 'weightDecay']],
  dialects: {
    pytorch: { rule: "PyTorch's Adam (ε outside the root)", reference: (h) => adam({ ...moments(h), ...pick(h, ['amsgrad', 'weightDecay', 'maximize']) }) },
    tfjs: { rule: "TensorFlow.js's Adam", options: [], reference: (h) => tfjsAdam({ lr: h.lr, beta1: h.beta1, beta2: h.beta2, epsilon: h.eps }) },
    tf: { rule: "TensorFlow's and Keras's ε̂ Adam (ε̂ = ε·√(1 − β₂ᵗ))", options: ['amsgrad'], reference: (h) => tfAdam({ ...moments(h), ...pick(h, ['amsgrad']) }) },
    'amsgrad-vhat': {
      rule: "AMSGrad's maximum over the bias-corrected v̂ (optax before its fix)",
      options: ['amsgrad', 'weightDecay', 'maximize'],
      reference: (h) => vhatAmsgradAdam({ ...moments(h), ...pick(h, ['amsgrad', 'weightDecay', 'maximize']) }),
    },
  },
  momentum: true,
  expectations: () => [RELATIONS.scaleInvariance, RELATIONS.adamFirstStep(), CLAIMS.agnostic, CLAIMS.bounded(1)],
});
