import type { Objective } from './objective.ts';
import { type Matrix, matvec, rmatvec, weightedGram, checkResponse } from './matrix.ts';

export interface LeastSquaresOptions {
  Z: Matrix;
  y: Float64Array;
}

/**
 * Least squares, the smooth control: L(β) = (1/N)‖y − Zβ‖².
 *
 * Gradient −(2/N) Zᵀ(y − Zβ); constant Hessian (2/N) ZᵀZ, so plain gradient
 * descent diverges for α > 2/η with η its largest eigenvalue.
 */
export function leastSquares(options: LeastSquaresOptions): Objective {
  const { Z, y } = options;
  checkResponse('problem.y', y, Z, 'problem.Z');
  const N = Z.rows;
  const P = Z.cols;
  const z = new Float64Array(N);
  const r = new Float64Array(N);
  return {
    kind: 'least-squares',
    dim: P,
    facts: { minimum: N <= P ? 0 : undefined, differentiable: true, smooth: true, convex: true },
    loss(beta) {
      matvec(Z, beta, z);
      let s = 0;
      for (let i = 0; i < N; i++) {
        const d = y[i] - z[i];
        s += d * d;
      }
      return s / N;
    },
    gradient(beta, out = new Float64Array(P)) {
      matvec(Z, beta, z);
      for (let i = 0; i < N; i++) r[i] = (-2 / N) * (y[i] - z[i]);
      return rmatvec(Z, r, out);
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
}
