import type { Objective } from './objective.ts';
import { sign0 } from './objective.ts';
import { type Matrix, matvec, products, weightedGram, checkResponse } from './matrix.ts';
import { InputError, nonNegative } from '../validate/input-error.ts';

export interface ReluRegressionOptions {
  Z: Matrix;
  y: Float64Array;
  lambda1: number;
  lambda2: number;
}

/**
 * The penalised single-neuron ReLU regression of 001 eq. (3):
 *
 *   L(β) = ‖y − max(0, Zβ)‖² + λ1‖β‖₁ + λ2‖β‖²
 *
 * Gradient: −2 Zᵀ[(y − max(0, Zβ)) ⊙ 1(Zβ > 0)] + λ1·sign(β) + 2λ2β, with
 * relu'(0) = 0 and sign(0) = 0 as autograd returns them.
 * For y ≤ 0 and λ1 + λ2 > 0 the loss is convex with the unique minimiser β = 0
 * (Kumar 2023, cited in 001 Sec. 2), so the minimum is ‖y‖².
 */
export function reluRegression(options: ReluRegressionOptions): Objective {
  const { Z, y } = options;
  checkResponse('problem.y', y, Z, 'problem.Z');
  const lambda1 = nonNegative('problem.lambda1', options.lambda1);
  const lambda2 = nonNegative('problem.lambda2', options.lambda2);
  const N = Z.rows;
  const P = Z.cols;
  const nonPositive = y.every((v) => v <= 0);
  if (nonPositive && lambda1 + lambda2 === 0) {
    throw new InputError('problem.lambda1', lambda1, 'lambda1 + lambda2 must be > 0 for the convex problem of eq. (3)');
  }
  const z = new Float64Array(N);
  const r = new Float64Array(N);
  const tmp = new Float64Array(P);
  const M = products(Z);
  let yy = 0;
  for (let i = 0; i < N; i++) yy += y[i] * y[i];
  const objective: Objective = {
    kind: 'relu-regression',
    dim: P,
    facts: {
      ...(nonPositive ? { minimiser: new Float64Array(P), minimum: yy } : {}),
      differentiable: false,
      smooth: false,
      convex: nonPositive,
    },
    loss(beta) {
      M.matvec(beta, z);
      let s = 0;
      for (let i = 0; i < N; i++) {
        const d = y[i] - (z[i] > 0 ? z[i] : 0);
        s += d * d;
      }
      let a = 0;
      let q = 0;
      for (let j = 0; j < P; j++) {
        a += Math.abs(beta[j]);
        q += beta[j] * beta[j];
      }
      return s + lambda1 * a + lambda2 * q;
    },
    gradient(beta, out = new Float64Array(P)) {
      objective.lossAndGradient(beta, out);
      return out;
    },
    lossAndGradient(beta, out) {
      M.matvec(beta, z);
      let s = 0;
      for (let i = 0; i < N; i++) {
        const a = z[i] > 0 ? z[i] : 0;
        s += (y[i] - a) * (y[i] - a);
        r[i] = z[i] > 0 ? -2 * (y[i] - z[i]) : 0;
      }
      M.rmatvec(r, tmp);
      let l1 = 0;
      let q = 0;
      for (let j = 0; j < P; j++) {
        const b = beta[j];
        l1 += Math.abs(b);
        q += b * b;
        out[j] = tmp[j] + lambda1 * sign0(b) + 2 * lambda2 * b;
      }
      return s + lambda1 * l1 + lambda2 * q;
    },
    composite: {
      l1: lambda1,
      smoothGradient(beta, out) {
        M.matvec(beta, z);
        for (let i = 0; i < N; i++) r[i] = z[i] > 0 ? -2 * (y[i] - z[i]) : 0;
        M.rmatvec(r, out);
        for (let j = 0; j < P; j++) out[j] += 2 * lambda2 * beta[j];
        return out;
      },
    },
    hessian(beta) {
      matvec(Z, beta, z);
      const w = new Float64Array(N);
      for (let i = 0; i < N; i++) w[i] = z[i] > 0 ? 2 : 0;
      const h = weightedGram(Z, w);
      for (let j = 0; j < P; j++) h[j * P + j] += 2 * lambda2;
      return h;
    },
  };
  return objective;
}
