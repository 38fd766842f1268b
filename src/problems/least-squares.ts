import type { Objective } from './objective.ts';
import { type Matrix, matvec, rmatvec, products, weightedGram, checkResponse } from './matrix.ts';

export interface LeastSquaresOptions {
  Z: Matrix;
  y: Float64Array;
  /** Field names for error messages, when the data came in under other names (lasso's W). */
  field?: { Z: string; y: string };
}

/**
 * Least squares, the smooth control: L(β) = (1/N)‖y − Zβ‖².
 *
 * Gradient −(2/N) Zᵀ(y − Zβ); constant Hessian (2/N) ZᵀZ, so plain gradient
 * descent diverges for α > 2/η with η its largest eigenvalue.
 */
export function leastSquares(options: LeastSquaresOptions): Objective {
  const { Z, y } = options;
  checkResponse(options.field?.y ?? 'problem.y', y, Z, options.field?.Z ?? 'problem.Z');
  const N = Z.rows;
  const P = Z.cols;
  const z = new Float64Array(N);
  const r = new Float64Array(N);
  const M = products(Z);
  const objective: Objective = {
    kind: 'least-squares',
    dim: P,
    facts: { minimum: N <= P ? 0 : undefined, differentiable: true, smooth: true, convex: true },
    loss(beta) {
      M.matvec(beta, z);
      let s = 0;
      for (let i = 0; i < N; i++) {
        const d = y[i] - z[i];
        s += d * d;
      }
      return s / N;
    },
    gradient(beta, out = new Float64Array(P)) {
      objective.lossAndGradient(beta, out);
      return out;
    },
    lossAndGradient(beta, out) {
      M.matvec(beta, z);
      let s = 0;
      for (let i = 0; i < N; i++) {
        const d = y[i] - z[i];
        s += d * d;
        r[i] = (-2 / N) * d;
      }
      M.rmatvec(r, out);
      return s / N;
    },
    hessian() {
      return weightedGram(Z, new Float64Array(N).fill(2 / N));
    },
    hvp(_beta, v, out = new Float64Array(P)) {
      const zv = matvec(Z, v, new Float64Array(N));
      for (let i = 0; i < N; i++) zv[i] *= 2 / N;
      return rmatvec(Z, zv, out);
    },
  };
  return objective;
}
