import type { Objective } from './objective.ts';
import { sign0 } from './objective.ts';
import type { Matrix } from './matrix.ts';
import { leastSquares } from './least-squares.ts';
import { nonNegative } from '../validate/input-error.ts';

export interface LassoOptions {
  W: Matrix;
  y: Float64Array;
  lambda: number;
}

/**
 * The general LASSO of 001 eq. (15): least squares plus an L1 penalty,
 *
 *   L(β) = (1/N)‖y − Wβ‖² + λ‖β‖₁
 *
 * Gradient: −(2/N) Wᵀ(y − Wβ) + λ·sign(β), sign(0) = 0.
 * Hessian (where no coordinate of β is 0): (2/N) WᵀW.
 */
export function lasso(options: LassoOptions): Objective {
  const lambda = nonNegative('problem.lambda', options.lambda);
  const ls = leastSquares({ Z: options.W, y: options.y, field: { Z: 'problem.W', y: 'problem.y' } });
  const P = ls.dim;
  const l1 = (beta: Float64Array) => {
    let a = 0;
    for (let j = 0; j < P; j++) a += Math.abs(beta[j]);
    return lambda * a;
  };
  const objective: Objective = {
    kind: 'lasso',
    dim: P,
    facts: { differentiable: lambda === 0, smooth: lambda === 0, convex: true },
    loss: (beta) => ls.loss(beta) + l1(beta),
    gradient(beta, out = new Float64Array(P)) {
      objective.lossAndGradient(beta, out);
      return out;
    },
    lossAndGradient(beta, out) {
      // The data term's gradient lands in `out`; one pass then adds λ·sign(β) and sums |β|.
      const data = ls.lossAndGradient(beta, out);
      let a = 0;
      for (let j = 0; j < P; j++) {
        const b = beta[j];
        a += Math.abs(b);
        out[j] += lambda * sign0(b);
      }
      return data + lambda * a;
    },
    composite: { l1: lambda, smoothGradient: (beta, out) => ls.gradient(beta, out) },
    hessian: (beta) => ls.hessian!(beta),
  };
  return objective;
}
