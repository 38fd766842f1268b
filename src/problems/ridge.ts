import type { Objective } from './objective.ts';
import type { Matrix } from './matrix.ts';
import { leastSquares } from './least-squares.ts';
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
  const lambda = nonNegative('problem.lambda', options.lambda);
  // N·(least squares) is ‖y − Zβ‖²; the ridge term is added on top.
  const ls = leastSquares({ Z, y });
  const N = Z.rows;
  const P = Z.cols;
  const addRidge = (beta: Float64Array, out: Float64Array, scale: number) => {
    for (let j = 0; j < P; j++) out[j] = N * out[j] + scale * beta[j];
    return out;
  };
  const objective: Objective = {
    kind: 'ridge',
    dim: P,
    facts: { ...(y.every((v) => v === 0) ? { minimiser: new Float64Array(P), minimum: 0 } : {}), differentiable: true, smooth: true, convex: true },
    loss: (beta) => N * ls.loss(beta) + lambda * beta.reduce((s, b) => s + b * b, 0),
    gradient(beta, out = new Float64Array(P)) {
      objective.lossAndGradient(beta, out);
      return out;
    },
    lossAndGradient(beta, out) {
      const loss = N * ls.lossAndGradient(beta, out);
      addRidge(beta, out, 2 * lambda);
      return loss + lambda * beta.reduce((s, b) => s + b * b, 0);
    },
    hessian(beta) {
      const h = ls.hessian!(beta);
      for (let i = 0; i < h.length; i++) h[i] *= N;
      for (let j = 0; j < P; j++) h[j * P + j] += 2 * lambda;
      return h;
    },
    hvp: (beta, v, out = new Float64Array(P)) => addRidge(v, ls.hvp!(beta, v, out), 2 * lambda),
  };
  return objective;
}
