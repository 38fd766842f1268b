import type { Objective } from './objective.ts';
import { type Matrix, matvec, rmatvec, weightedGram, checkResponse } from './matrix.ts';
import { positive } from '../validate/input-error.ts';

export interface HuberOptions {
  Z: Matrix;
  y: Float64Array;
  delta: number;
}

/**
 * Huber regression, 001 eq. (10) (there with δ = 1):
 *
 *   L(β) = (1/N) Σᵢ h(yᵢ − zᵢᵀβ),  h(r) = ½r² if |r| < δ, else δ(|r| − ½δ)
 *
 * Gradient: −(1/N) Zᵀ h'(r), h'(r) = r inside the band and δ·sign(r) outside.
 * Differentiable but not twice: the Hessian (1/N) Zᵀ diag(1(|rᵢ| < δ)) Z jumps
 * where a residual crosses ±δ. The gradient is bounded by (δ/N) Σᵢ ‖zᵢ‖, which
 * is what Prop. 5.1 of 001 needs.
 */
export function huber(options: HuberOptions): Objective {
  const { Z, y } = options;
  checkResponse('problem.y', y, Z, 'problem.Z');
  const delta = positive('problem.delta', options.delta);
  const N = Z.rows;
  const P = Z.cols;
  const z = new Float64Array(N);
  const r = new Float64Array(N);
  let bound = 0;
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let j = 0; j < P; j++) s += Z.data[i * P + j] ** 2;
    bound += Math.sqrt(s);
  }
  const inside = (beta: Float64Array): Float64Array => {
    matvec(Z, beta, z);
    const w = new Float64Array(N);
    for (let i = 0; i < N; i++) w[i] = Math.abs(y[i] - z[i]) < delta ? 1 / N : 0;
    return w;
  };
  const objective: Objective = {
    kind: 'huber',
    dim: P,
    facts: { minimum: N <= P ? 0 : undefined, gradientBound: (delta * bound) / N, differentiable: true, smooth: false, convex: true },
    loss(beta) {
      matvec(Z, beta, z);
      let s = 0;
      for (let i = 0; i < N; i++) {
        const d = y[i] - z[i];
        const a = Math.abs(d);
        s += a < delta ? 0.5 * d * d : delta * (a - 0.5 * delta);
      }
      return s / N;
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
        const a = Math.abs(d);
        s += a < delta ? 0.5 * d * d : delta * (a - 0.5 * delta);
        r[i] = -(a < delta ? d : d > 0 ? delta : -delta) / N;
      }
      rmatvec(Z, r, out);
      return s / N;
    },
    hessian(beta) {
      return weightedGram(Z, inside(beta));
    },
    hvp(beta, v, out = new Float64Array(P)) {
      const w = inside(beta);
      const zv = matvec(Z, v, new Float64Array(N));
      for (let i = 0; i < N; i++) zv[i] *= w[i];
      return rmatvec(Z, zv, out);
    },
  };
  return objective;
}
