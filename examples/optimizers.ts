/**
 * Optimizers to try `optspec check` on: the reference ones wrapped as makers,
 * and deliberately broken ones that the check must catch.
 *
 *   npx optspec check --optimizer examples/optimizers.ts#sgd --family sgd
 *   npx optspec check --optimizer examples/optimizers.ts#sgdSignZeroIsOne --family sgd   # fails
 */
import { defineOptimizer, sgd as referenceSgd, rmsprop as referenceRmsprop, adam as referenceAdam, heavyBall, type OptimizerFactory } from '../src/optimizers/index.ts';

type Hyper = { lr: number; momentum?: number };

export const sgd = ({ lr }: Hyper): OptimizerFactory => referenceSgd({ lr });
export const momentum = ({ lr, momentum = 0.9 }: Hyper): OptimizerFactory => referenceSgd({ lr, momentum });
export const paperHeavyBall = ({ lr, momentum = 0.9 }: Hyper): OptimizerFactory => heavyBall({ lr, eta: momentum });
export const rmsprop = ({ lr }: Hyper): OptimizerFactory => referenceRmsprop({ lr });
export const adam = ({ lr }: Hyper): OptimizerFactory => referenceAdam({ lr });

/** SGD that treats sign(0) as 1: it kicks every zero coordinate away. */
export const sgdSignZeroIsOne = ({ lr }: Hyper): OptimizerFactory =>
  defineOptimizer('sgd-sign0-is-1', 'sgd', { lr }, () => ({
    step(params, grad) {
      for (let i = 0; i < params.length; i++) params[i] -= lr * (params[i] === 0 ? Math.abs(grad[i]) || 1 : grad[i]);
    },
  }));

/** RMSProp that forgets to square the gradient: v ← αv + (1 − α)g. */
export const rmspropUnsquared = ({ lr }: Hyper): OptimizerFactory =>
  defineOptimizer('rmsprop-unsquared', 'rmsprop', { lr }, (dim) => {
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
  defineOptimizer('heavy-ball-no-momentum', 'momentum', { lr }, () => ({
    step(params, grad) {
      for (let i = 0; i < params.length; i++) params[i] -= lr * grad[i];
    },
  }));
