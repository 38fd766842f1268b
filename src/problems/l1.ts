import type { Objective } from './objective.ts';
import { sign0 } from './objective.ts';
import { positive, positiveInteger } from '../validate/input-error.ts';

export interface L1Options {
  lambda: number;
  dim: number;
}

/**
 * The toy LASSO loss of 001 eq. (7): L(β) = λ‖β‖₁.
 *
 * Gradient: λ·sign(β) with sign(0) = 0. Minimiser 0, minimum 0, Lipschitz
 * constant λ√P in the 2-norm.
 */
export function l1(options: L1Options): Objective {
  const lambda = positive('problem.lambda', options.lambda);
  const dim = positiveInteger('problem.dim', options.dim);
  return {
    kind: 'l1',
    dim,
    facts: {
      minimiser: new Float64Array(dim),
      minimum: 0,
      gradientBound: lambda * Math.sqrt(dim),
      differentiable: false,
      smooth: false,
      convex: true,
    },
    composite: { l1: lambda, smoothGradient: (_beta, out) => out.fill(0) },
    loss(beta) {
      let s = 0;
      for (let i = 0; i < dim; i++) s += Math.abs(beta[i]);
      return lambda * s;
    },
    gradient(beta, out = new Float64Array(dim)) {
      for (let i = 0; i < dim; i++) out[i] = lambda * sign0(beta[i]);
      return out;
    },
    lossAndGradient(beta, out) {
      let s = 0;
      for (let i = 0; i < dim; i++) {
        s += Math.abs(beta[i]);
        out[i] = lambda * sign0(beta[i]);
      }
      return lambda * s;
    },
  };
}
