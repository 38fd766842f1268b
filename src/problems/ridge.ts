import type { Objective } from './objective.ts';
import { type Matrix, matvec, rmatvec, weightedGram, checkResponse } from './matrix.ts';
import { nonNegative } from '../validate/input-error.ts';

export interface RidgeOptions {
  Z: Matrix;
  y: Float64Array;
  lambda: number;
}

/**
 * Ridge regression, 001 eq. (3) with the ReLU taken out: the smooth control
 * for the capture theorem, on the same data and the same scale.
 *
 *   L(β) = ‖y − Zβ‖² + λ‖β‖²
 *
 * Gradient −2Zᵀ(y − Zβ) + 2λβ; constant Hessian H = 2ZᵀZ + 2λI, so for λ > 0
 * it is strongly convex with one isolated minimiser, and gradient descent with
 * 0 < α < 2/η (η the largest eigenvalue of H) never increases the loss nor
 * the distance to that minimiser.
 */
export function ridge(options: RidgeOptions): Objective {
  const { Z, y } = options;
  checkResponse('problem.y', y, Z, 'problem.Z');
  const lambda = nonNegative('problem.lambda', options.lambda);
  const N = Z.rows;
  const P = Z.cols;
  const z = new Float64Array(N);
  const r = new Float64Array(N);
  const objective: Objective = {
    kind: 'ridge',
    dim: P,
    facts: { ...(y.every((v) => v === 0) ? { minimiser: new Float64Array(P), minimum: 0 } : {}), differentiable: true, smooth: true, convex: true },
    loss(beta) {
      return objective.lossAndGradient(beta, new Float64Array(P));
    },
    gradient(beta, out = new Float64Array(P)) {
      objective.lossAndGradient(beta, out);
      return out;
    },
    lossAndGradient(beta, out) {
      matvec(Z, beta, z);
      let s = 0;
      for (let i = 0; i < N; i++) {
        const d = y[i] - z[i];
        s += d * d;
        r[i] = -2 * d;
      }
      rmatvec(Z, r, out);
      let q = 0;
      for (let j = 0; j < P; j++) {
        q += beta[j] * beta[j];
        out[j] += 2 * lambda * beta[j];
      }
      return s + lambda * q;
    },
    hessian() {
      const h = weightedGram(Z, new Float64Array(N).fill(2));
      for (let j = 0; j < P; j++) h[j * P + j] += 2 * lambda;
      return h;
    },
    hvp(_beta, v, out = new Float64Array(P)) {
      const zv = matvec(Z, v, new Float64Array(N));
      for (let i = 0; i < N; i++) zv[i] *= 2;
      rmatvec(Z, zv, out);
      for (let j = 0; j < P; j++) out[j] += 2 * lambda * v[j];
      return out;
    },
  };
  return objective;
}
