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
  type OptimizerFactory,
} from '../src/optimizers/index.ts';
import type { CheckHyper } from '../src/check/families.ts';

/** A maker written for the first gate: `{ lr, momentum }` only. It still fits. */
type Hyper = { lr: number; momentum?: number };

export const sgd = ({ lr }: Hyper): OptimizerFactory => referenceSgd({ lr });
export const momentum = ({ lr, momentum = 0.9 }: Hyper): OptimizerFactory => referenceSgd({ lr, momentum });
export const nesterov = ({ lr, momentum = 0.9 }: Hyper): OptimizerFactory => referenceSgd({ lr, momentum, nesterov: true });
export const paperHeavyBall = ({ lr, momentum = 0.9 }: Hyper): OptimizerFactory => heavyBall({ lr, eta: momentum });
export const rmsprop = ({ lr, alpha, eps }: CheckHyper): OptimizerFactory => referenceRmsprop({ lr, alpha, eps });
export const adam = ({ lr, beta1, beta2, eps }: CheckHyper): OptimizerFactory => referenceAdam({ lr, beta1, beta2, eps });
export const adamw = ({ lr, beta1, beta2, eps, weightDecay }: CheckHyper): OptimizerFactory => referenceAdamw({ lr, beta1, beta2, eps, weightDecay });
export const adagrad = ({ lr, eps }: CheckHyper): OptimizerFactory => referenceAdagrad({ lr, eps });

/** SGD in float32: every operation rounded to 24 bits. Passes with --precision float32, fails at float64. */
export const sgdFloat32 = ({ lr }: Hyper): OptimizerFactory =>
  defineOptimizer('sgd-float32', { lr }, () => ({
    step(params, grad) {
      const f = Math.fround;
      for (let i = 0; i < params.length; i++) params[i] = f(f(params[i]) - f(f(lr) * f(grad[i])));
    },
  }));

/** RMSProp that ignores the α it is given: it passed the first gate, which never varied α. */
export const rmspropFixedAlpha = ({ lr, eps }: CheckHyper): OptimizerFactory => referenceRmsprop({ lr, alpha: 0.99, eps });

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
