/**
 * Optimizers to try `optspec check` on: the reference ones wrapped as makers,
 * and deliberately broken ones that the check must catch. A maker takes the
 * hyperparameters the gate hands it, in optspec's names, and must honour them.
 *
 *   npx optspec check --optimizer examples/optimizers.ts#sgd --family sgd
 *   npx optspec check --optimizer examples/optimizers.ts#paperHeavyBall --family momentum --dialect paper
 *   npx optspec check --optimizer examples/optimizers.ts#sgdSignZeroIsOne --family sgd   # fails
 */
import {
  defineOptimizer,
  sgd as referenceSgd,
  rmsprop as referenceRmsprop,
  adam as referenceAdam,
  adamw as referenceAdamw,
  adagrad as referenceAdagrad,
  heavyBall,
  lion as referenceLion,
  muon as referenceMuon,
  scheduleFreeAdamW as referenceScheduleFreeAdamW,
  scheduleFreeSgd as referenceScheduleFreeSgd,
  type OptimizerFactory,
} from '../src/optimizers/index.ts';
import type { CheckHyper } from '../src/check/families.ts';

/** A maker written for the first gate: `{ lr, momentum }` only. It still fits, declaring the options it lacks (`--without weightDecay,maximize`). */
type Hyper = { lr: number; momentum?: number };

// The references take every option the gate sends (weightDecay, maximize, dampening, amsgrad, centered, lrDecay, …), in optspec's names.
const b = (v: unknown) => v as boolean | undefined;
const n = (v: unknown) => v as number | undefined;
export const sgd = (h: CheckHyper): OptimizerFactory => referenceSgd({ lr: h.lr, weightDecay: n(h.weightDecay), maximize: b(h.maximize) });
export const momentum = (h: CheckHyper): OptimizerFactory => referenceSgd({ lr: h.lr, momentum: n(h.momentum) ?? 0.9, dampening: n(h.dampening), weightDecay: n(h.weightDecay), maximize: b(h.maximize) });
export const nesterov = (h: CheckHyper): OptimizerFactory => referenceSgd({ lr: h.lr, momentum: n(h.momentum) ?? 0.9, nesterov: true, weightDecay: n(h.weightDecay), maximize: b(h.maximize) });
export const paperHeavyBall = ({ lr, momentum = 0.9 }: Hyper): OptimizerFactory => heavyBall({ lr, eta: momentum });
export const rmsprop = (h: CheckHyper): OptimizerFactory =>
  referenceRmsprop({ lr: h.lr, alpha: h.alpha, eps: h.eps, momentum: n(h.momentum), centered: b(h.centered), weightDecay: n(h.weightDecay), maximize: b(h.maximize) });
export const adam = (h: CheckHyper): OptimizerFactory => referenceAdam({ lr: h.lr, beta1: h.beta1, beta2: h.beta2, eps: h.eps, amsgrad: b(h.amsgrad), weightDecay: n(h.weightDecay), maximize: b(h.maximize) });
export const adamw = (h: CheckHyper): OptimizerFactory => referenceAdamw({ lr: h.lr, beta1: h.beta1, beta2: h.beta2, eps: h.eps, weightDecay: h.weightDecay, amsgrad: b(h.amsgrad), maximize: b(h.maximize) });
export const adagrad = (h: CheckHyper): OptimizerFactory =>
  referenceAdagrad({ lr: h.lr, eps: h.eps, lrDecay: n(h.lrDecay), initialAccumulatorValue: n(h.initialAccumulatorValue), weightDecay: n(h.weightDecay), maximize: b(h.maximize) });

/** SGD in float32: every operation rounded to 24 bits. Passes with --precision float32, fails at float64. */
// The modern families (--family lion, muon, schedule-free-adamw, schedule-free-sgd). Muon runs its
// Newton–Schulz iteration in bfloat16, as the published ones do, and takes the layout the gate hands it.
export const lion = (h: CheckHyper): OptimizerFactory => referenceLion({ lr: h.lr, beta1: h.beta1, beta2: h.beta2, weightDecay: n(h.weightDecay) });
export const muon = (h: CheckHyper): OptimizerFactory => referenceMuon({ lr: h.lr, momentum: n(h.momentum), weightDecay: n(h.weightDecay), nesterov: b(h.nesterov), nsSteps: n(h.nsSteps), nsPrecision: 'bfloat16' });
export const scheduleFreeAdamW = (h: CheckHyper): OptimizerFactory =>
  referenceScheduleFreeAdamW({ lr: h.lr, beta1: h.beta1, beta2: h.beta2, eps: h.eps, weightDecay: n(h.weightDecay), warmupSteps: n(h.warmupSteps), r: n(h.r), weightLrPower: n(h.weightLrPower) });
export const scheduleFreeSgd = (h: CheckHyper): OptimizerFactory =>
  referenceScheduleFreeSgd({ lr: h.lr, momentum: n(h.momentum), weightDecay: n(h.weightDecay), warmupSteps: n(h.warmupSteps), r: n(h.r), weightLrPower: n(h.weightLrPower) });

export const sgdFloat32 = ({ lr }: Hyper): OptimizerFactory =>
  defineOptimizer('sgd-float32', { lr }, () => ({
    step(params, grad) {
      const f = Math.fround;
      for (let i = 0; i < params.length; i++) params[i] = f(f(params[i]) - f(f(lr) * f(grad[i])));
    },
  }));

/** RMSProp that ignores the α it is given: it passed the first gate, which never varied α. */
export const rmspropFixedAlpha = (h: CheckHyper): OptimizerFactory => rmsprop({ ...h, alpha: 0.99 });

/** SGD that treats sign(0) as 1: it kicks every zero coordinate away. */
export const sgdSignZeroIsOne = ({ lr }: Hyper): OptimizerFactory =>
  defineOptimizer('sgd-sign0-is-1', { lr }, () => ({
    step(params, grad) {
      for (let i = 0; i < params.length; i++) params[i] -= lr * (params[i] === 0 ? Math.abs(grad[i]) || 1 : grad[i]);
    },
  }));

/** RMSProp that forgets to square the gradient: v ← αv + (1 − α)g. */
export const rmspropUnsquared = ({ lr }: Hyper): OptimizerFactory =>
  defineOptimizer('rmsprop-unsquared', { lr }, (dim) => {
    const v = new Float64Array(dim);
    return {
      step(params, grad) {
        for (let i = 0; i < params.length; i++) {
          v[i] = 0.99 * v[i] + 0.01 * Math.abs(grad[i]);
          params[i] -= (lr * grad[i]) / (Math.sqrt(v[i]) + 1e-8);
        }
      },
    };
  });

/** A heavy ball without its momentum term: plain gradient descent under a momentum name. */
export const heavyBallWithoutMomentum = ({ lr }: Hyper): OptimizerFactory =>
  defineOptimizer('heavy-ball-no-momentum', { lr }, () => ({
    step(params, grad) {
      for (let i = 0; i < params.length; i++) params[i] -= lr * grad[i];
    },
  }));
