import type { Objective } from './objective.ts';
import { sign0 } from './objective.ts';
import { type Matrix, matvec, rmatvec, weightedGram, checkResponse } from './matrix.ts';
import { nonNegative } from '../validate/input-error.ts';

export interface LassoOptions {
  W: Matrix;
  y: Float64Array;
  lambda: number;
}

/**
 * The general LASSO of 001 eq. (15):
 *
 *   L(β) = (1/N)‖y − Wβ‖² + λ‖β‖₁
 *
 * Gradient: −(2/N) Wᵀ(y − Wβ) + λ·sign(β), sign(0) = 0.
 * Hessian (where no coordinate of β is 0): (2/N) WᵀW.
 */
export function lasso(options: LassoOptions): Objective {
  const { W, y } = options;
  checkResponse('problem.y', y, W, 'problem.W');
  const lambda = nonNegative('problem.lambda', options.lambda);
  const N = W.rows;
  const P = W.cols;
  const z = new Float64Array(N);
  const r = new Float64Array(N);
  const tmp = new Float64Array(P);
  const smoothGradient = (beta: Float64Array, out: Float64Array): Float64Array => {
    matvec(W, beta, z);
    for (let i = 0; i < N; i++) r[i] = (-2 / N) * (y[i] - z[i]);
    return rmatvec(W, r, out);
  };
  const objective: Objective = {
    kind: 'lasso',
    dim: P,
    facts: { differentiable: lambda === 0, smooth: lambda === 0, convex: true },
    loss(beta) {
      matvec(W, beta, z);
      let s = 0;
      for (let i = 0; i < N; i++) {
        const d = y[i] - z[i];
        s += d * d;
      }
      let a = 0;
      for (let j = 0; j < P; j++) a += Math.abs(beta[j]);
      return s / N + lambda * a;
    },
    gradient(beta, out = new Float64Array(P)) {
      objective.lossAndGradient(beta, out);
      return out;
    },
    lossAndGradient(beta, out) {
      matvec(W, beta, z);
      let s = 0;
      for (let i = 0; i < N; i++) {
        const d = y[i] - z[i];
        s += d * d;
        r[i] = (-2 / N) * d;
      }
      rmatvec(W, r, tmp);
      let a = 0;
      for (let j = 0; j < P; j++) {
        a += Math.abs(beta[j]);
        out[j] = tmp[j] + lambda * sign0(beta[j]);
      }
      return s / N + lambda * a;
    },
    composite: { l1: lambda, smoothGradient },
    hessian() {
      return weightedGram(W, new Float64Array(N).fill(2 / N));
    },
  };
  return objective;
}
