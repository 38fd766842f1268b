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
import { makeLayout, type Layout } from '../optimizers/layout.ts';

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

/** A model's tensors, as the gate's shaped contracts see them: a non-square matrix, a vector and a 4-D conv kernel. */
const MODEL_TENSORS = [
  { name: 'fc.weight', shape: [3, 4] },
  { name: 'fc.bias', shape: [4] },
  { name: 'conv.weight', shape: [2, 1, 2, 2] },
] as const;

/** The steps at which the model's first tensor has no gradient: frozen at step 3, unfrozen at 5, as PyTorch's _compare_between does. */
export const FROZEN_STEPS: ReadonlySet<number> = new Set([3, 4]);

export interface ModelOptions {
  /** Tensor order in the flat vector (a permutation of 0, 1, 2); default as listed. */
  readonly order?: readonly number[];
  /** Each tensor's group, in the listed order; default: the bias in group 1, the rest in group 0. */
  readonly groups?: readonly number[];
  /** The groups' overrides; default: group 1 with its own lr. */
  readonly overrides?: readonly Readonly<Record<string, number | boolean>>[];
  /** Freeze the first listed tensor at FROZEN_STEPS (default true). */
  readonly freeze?: boolean;
}

/**
 * The gate's "model": Σ_t ½‖Z_t·β_t − y_t‖² over three tensors of different
 * shapes in two groups, the first tensor without a gradient at steps 3 and 4.
 * Separable on purpose: each tensor's trajectory depends on its own
 * parameters only, so the shaped contracts can compare tensor by tensor.
 */
export function modelProblem(options: ModelOptions = {}): SuiteProblem & { readonly layout: Layout } {
  const order = options.order ?? [0, 1, 2];
  const groupOf = options.groups ?? [0, 1, 0];
  const overrides = options.overrides ?? [{}, { lr: 0.003 }];
  const r = rng(4242);
  // Data and start per listed tensor, drawn in the listed order whatever the memory order, so a reordered model is the same model.
  const blocks = MODEL_TENSORS.map((t) => {
    const size = (t.shape as readonly number[]).reduce((a, b) => a * b, 1);
    const rows = size + 2;
    return { size, Z: randomMatrix(r, rows, size, -1, 1), y: uniformArray(r, rows, -1, 1), start: uniformArray(r, size, -1, 1) };
  });
  let offset = 0;
  const placed = order.map((i) => {
    const at = offset;
    offset += blocks[i].size;
    return { i, at };
  });
  const layout = makeLayout({ dim: offset, groups: overrides, tensors: placed.map(({ i, at }) => ({ name: MODEL_TENSORS[i].name, offset: at, shape: MODEL_TENSORS[i].shape, group: groupOf[i] })) });
  const parts = placed.map(({ i, at }) => ({ at, problem: leastSquares({ Z: blocks[i].Z, y: blocks[i].y }), size: blocks[i].size }));
  const init = new Float64Array(offset);
  for (const { i, at } of placed) init.set(blocks[i].start, at);
  const lossAndGradient = (b: Float64Array, out: Float64Array) => {
    let loss = 0;
    for (const p of parts) loss += p.problem.lossAndGradient(b.subarray(p.at, p.at + p.size), out.subarray(p.at, p.at + p.size));
    return loss;
  };
  // The first listed tensor, wherever it sits in memory.
  const frozenIndex = order.indexOf(0);
  const frozen = new Set([frozenIndex]);
  const problem: Objective = {
    kind: 'model',
    dim: offset,
    facts: { differentiable: true, smooth: true, convex: true },
    loss: (b) => lossAndGradient(b, new Float64Array(offset)),
    gradient: (b, out = new Float64Array(offset)) => (lossAndGradient(b, out), out),
    lossAndGradient,
    layout,
    ...(options.freeze === false ? {} : { missing: (k: number) => (FROZEN_STEPS.has(k) ? frozen : undefined) }),
  };
  const label = `model (${layout.tensors.map((t) => `${t.name} ${t.shape.join('×')}`).join(', ')}; ${layout.groups.length} groups${options.freeze === false ? '' : '; fc.weight frozen at steps 3–4'})`;
  return { label, problem, init, layout };
}
