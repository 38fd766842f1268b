import { defineOptimizer } from 'optspec';

// β ← β − lr·g
export const myGd = ({ lr }: { lr: number }) =>
  defineOptimizer('my-gd', { lr }, () => ({
    step(params: Float64Array, grad: Float64Array) {
      for (let i = 0; i < params.length; i++) params[i] -= lr * grad[i];
    },
  }));

// sign(0) taken as 1: kicks every zero coordinate away, which `optspec check` must catch.
export const signZeroIsOne = ({ lr }: { lr: number }) =>
  defineOptimizer('sign0-is-1', { lr }, () => ({
    step(params: Float64Array, grad: Float64Array) {
      for (let i = 0; i < params.length; i++) params[i] -= lr * (params[i] === 0 ? Math.abs(grad[i]) || 1 : grad[i]);
    },
  }));
