/** Adagrad: torch.optim.Adagrad (ε outside the root), TensorFlow/Keras's (ε inside), and TF.js's (ε fixed inside, accumulator from 0.1). */
import { adagrad, tfAdagrad, torchForeachAdagrad } from '../../optimizers/adagrad.ts';
import { tfjsAdagrad } from '../../optimizers/tfjs-adagrad.ts';
import { CLAIMS } from '../claims.ts';
import { RELATIONS } from '../relations.ts';
import { defineFamily, pick, OPTION } from './module.ts';

const ALL = ['lrDecay', 'initialAccumulatorValue', 'weightDecay', 'maximize'] as const;

export default defineFamily({
  id: 'adagrad',
  title: 'Adagrad',
  torch: 'torch.optim.Adagrad',
  grid: { lr: [0.1, 0.01, 0.5], eps: [1e-10, 1e-3, 1e-6] },
  options: { lrDecay: OPTION.lrDecay, initialAccumulatorValue: OPTION.initialAccumulatorValue, weightDecay: OPTION.weightDecay, maximize: OPTION.maximize },
  pairs: [['lrDecay', 'initialAccumulatorValue'], ['maximize', 'weightDecay']],
  dialects: {
    pytorch: { rule: "PyTorch's Adagrad (ε outside the root)", reference: (h) => adagrad({ lr: h.lr, eps: h.eps, ...pick(h, ALL) }) },
    tfjs: {
      rule: "TensorFlow.js's Adagrad (ε = 1e-7 inside the root, accumulator from 0.1)",
      // TF.js's Adagrad has ε fixed at the float32 backend's 1e-7 (inside the root).
      grid: { eps: [1e-7] },
      options: [],
      reference: (h) => tfjsAdagrad({ lr: h.lr }),
      exempt: { 'relation-gradient-scale-invariance': "TF.js's Adagrad starts its accumulator at 0.1, so its steps depend on the gradient's scale" },
    },
    tf: { rule: "TensorFlow's and Keras's Adagrad (ε inside the root)", reference: (h) => tfAdagrad({ lr: h.lr, eps: h.eps, ...pick(h, ALL) }) },
    'torch-foreach': {
      rule: "torch 1.13's multi-tensor Adagrad (foreach=True: its step size −lr/(1 + (t − 1)·lrDecay) computed in float32)",
      reference: (h) => torchForeachAdagrad({ lr: h.lr, eps: h.eps, ...pick(h, ALL) }),
      fixed: { foreach: true },
    },
  },
  momentum: false,
  expectations: () => [RELATIONS.scaleInvariance, CLAIMS.bounded(1)],
});
