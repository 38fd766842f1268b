/**
 * The problems the gate runs an optimizer on: small, smooth and non-smooth,
 * with gradients of very different scales, each with a seeded start; and the
 * transformations its contracts and relations apply to a problem.
 */
import type { Objective } from '../problems/objective.ts';
import { leastSquares } from '../problems/least-squares.ts';
import { huber } from '../problems/huber.ts';
import { lasso } from '../problems/lasso.ts';
import { reluRegression } from '../problems/relu-regression.ts';
import { l1 } from '../problems/l1.ts';
import { randomMatrix, type Matrix } from '../problems/matrix.ts';
import { rng, uniformArray, type Rng } from '../random/rng.ts';

export interface SuiteProblem {
  /** How the problem is named in a failure message. */
  readonly label: string;
  readonly problem: Objective;
  readonly init: Float64Array;
}

const N = 12;
const P = 6;

function data(r: Rng, scale: number, yLo = -1, yHi = 1): { Z: Matrix; y: Float64Array } {
  const Z = randomMatrix(r, N, P, -scale, scale);
  return { Z, y: uniformArray(r, N, yLo * scale, yHi * scale) };
}

let cached: readonly SuiteProblem[] | null = null;

/** Least squares at gradient scales ~1 and ~1e-6, Huber, lasso, ReLU regression and λ‖β‖₁ with λ = 100. */
export function paritySuite(): readonly SuiteProblem[] {
  if (cached) return cached;
  const r = rng(1010);
  const start = () => uniformArray(r, P, -1, 1);
  cached = [
    { label: 'least-squares 12×6', problem: leastSquares(data(r, 1)), init: start() },
    { label: 'least-squares 12×6 scaled by 1e-3 (gradients ~1e-6)', problem: leastSquares(data(r, 1e-3)), init: start() },
    { label: 'huber 12×6, δ = 0.5', problem: huber({ ...data(r, 1), delta: 0.5 }), init: start() },
    { label: 'lasso 12×6, λ = 0.1', problem: (() => { const d = data(r, 1); return lasso({ W: d.Z, y: d.y, lambda: 0.1 }); })(), init: start() },
    { label: 'relu-regression 12×6, λ1 = λ2 = 0.01', problem: reluRegression({ ...data(r, 1, -1, 0), lambda1: 0.01, lambda2: 0.01 }), init: start() },
    { label: 'l1 λ = 100 (gradients ~100)', problem: l1({ lambda: 100, dim: P }), init: start() },
  ];
  return cached;
}

/** The same problem with its loss and gradient multiplied by c. */
export function scaled(problem: Objective, c: number): Objective {
  return {
    kind: `${problem.kind} ×${c}`,
    dim: problem.dim,
    facts: problem.facts,
    loss: (b) => c * problem.loss(b),
    gradient(b, out) {
      const g = problem.gradient(b, out);
      for (let j = 0; j < g.length; j++) g[j] *= c;
      return g;
    },
    lossAndGradient(b, out) {
      const loss = problem.lossAndGradient(b, out);
      for (let j = 0; j < out.length; j++) out[j] *= c;
      return c * loss;
    },
  };
}

/** The problem seen through a permutation of its coordinates: coordinate j of the new one is coordinate perm[j] of the old. */
export function permuted(problem: Objective, perm: readonly number[]): Objective {
  const inner = new Float64Array(problem.dim);
  const innerGrad = new Float64Array(problem.dim);
  const unpermute = (b: Float64Array) => {
    for (let j = 0; j < perm.length; j++) inner[perm[j]] = b[j];
    return inner;
  };
  const lossAndGradient = (b: Float64Array, out: Float64Array) => {
    const loss = problem.lossAndGradient(unpermute(b), innerGrad);
    for (let j = 0; j < perm.length; j++) out[j] = innerGrad[perm[j]];
    return loss;
  };
  return {
    kind: `${problem.kind} permuted`,
    dim: problem.dim,
    facts: problem.facts,
    loss: (b) => problem.loss(unpermute(b)),
    gradient: (b, out = new Float64Array(problem.dim)) => (lossAndGradient(b, out), out),
    lossAndGradient,
  };
}

/** A flat loss: the gradient is 0 everywhere. */
export function flat(dim: number): Objective {
  return {
    kind: 'flat',
    dim,
    facts: { differentiable: true, smooth: true, convex: true, minimum: 0 },
    loss: () => 0,
    gradient: (_b, out = new Float64Array(dim)) => out.fill(0),
    lossAndGradient: (_b, out) => (out.fill(0), 0),
  };
}

/** A linear loss c·β: the gradient is c at every step, so no trajectory settles and none is chaotic. */
export function linear(c: readonly number[]): Objective {
  const dim = c.length;
  const lossAt = (b: Float64Array) => {
    let s = 0;
    for (let j = 0; j < dim; j++) s += c[j] * b[j];
    return s;
  };
  return {
    kind: 'linear',
    dim,
    facts: { differentiable: true, smooth: true, convex: true, minimum: -Infinity },
    loss: lossAt,
    gradient: (_b, out = new Float64Array(dim)) => (out.set(c), out),
    lossAndGradient: (b, out) => (out.set(c), lossAt(b)),
  };
}

/** ½‖β − target‖²: far from the start, an optimizer with a bounded step is still travelling after many thousand steps. */
export function distantQuadratic(target: readonly number[]): Objective {
  const dim = target.length;
  const lossAndGradient = (b: Float64Array, out: Float64Array) => {
    let s = 0;
    for (let j = 0; j < dim; j++) {
      out[j] = b[j] - target[j];
      s += 0.5 * out[j] * out[j];
    }
    return s;
  };
  return {
    kind: 'distant-quadratic',
    dim,
    facts: { differentiable: true, smooth: true, convex: true, minimum: 0 },
    loss: (b) => lossAndGradient(b, new Float64Array(dim)),
    gradient: (b, out = new Float64Array(dim)) => (lossAndGradient(b, out), out),
    lossAndGradient,
  };
}

let long: readonly SuiteProblem[] | null = null;

/**
 * The long-horizon problems: a constant gradient of mixed signs and scales,
 * and a quadratic whose minimum lies thousands of steps away. Neither is
 * chaotic, so the reference's rounding horizon reaches past 10,000 steps and a
 * step counter or bias correction kept in low precision shows.
 */
export function longHorizonSuite(): readonly SuiteProblem[] {
  if (long) return long;
  const r = rng(2048);
  const start = () => uniformArray(r, P, -1, 1);
  long = [
    { label: 'linear c·β (gradients 0.25 to 3)', problem: linear([1, -0.5, 2, -3, 0.25, 1.5]), init: start() },
    { label: 'quadratic ½‖β − b‖², b ~ 400', problem: distantQuadratic([400, -300, 500, -450, 350, -420]), init: start() },
  ];
  return long;
}
