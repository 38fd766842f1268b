/**
 * What the relations of the modern families (Lion, Muon, Schedule-Free) share:
 * the maker they judge, the arithmetic it declares, a driver that steps an
 * optimizer with a layout (today's runTrace is flat), the problems they run on
 * and the rounding budgets they allow.
 */
import type { Hyper, Optimizer, OptimizerFactory } from '../../optimizers/optimizer.ts';
import type { Layout } from '../../optimizers/layout.ts';
import type { Objective } from '../../problems/objective.ts';
import { leastSquares } from '../../problems/least-squares.ts';
import { randomMatrix } from '../../problems/matrix.ts';
import { rng, uniformArray } from '../../random/rng.ts';
import { InputError } from '../../validate/input-error.ts';
import type { Outcome } from '../expectation.ts';

/** An optimizer under judgement: hyperparameters in optspec's names in, a factory out. */
export type ModernMaker = (hyper: Hyper) => OptimizerFactory;

/**
 * The arithmetic an implementation declares: its parameters' precision, and
 * for Muon 'bfloat16' when its Newton–Schulz runs in bfloat16 (parameters in float64 or float32).
 */
export type ModernPrecision = 'float64' | 'float32' | 'bfloat16';

export type ModernFamily = 'lion' | 'muon' | 'schedule-free-adamw' | 'schedule-free-sgd';

/** One relation of a family: a pure function of the maker and the precision. */
export interface ModernRelation {
  readonly id: string;
  readonly family: ModernFamily;
  readonly title: string;
  readonly run: (make: ModernMaker, precision: ModernPrecision) => Outcome;
}

/** One ulp at 1.0 of the precision the parameters are kept in (bfloat16 Muon keeps them in float64). */
export const PARAM_EPSILON: Readonly<Record<ModernPrecision, number>> = { float64: 2 ** -52, float32: 2 ** -23, bfloat16: 2 ** -52 };

/** Slack over one rounding: a correct implementation may round this many times worse per step. */
export const SLACK = 256;

/** How far a correct implementation may be from exact after `steps` steps on values of size `scale`. */
export function rounding(precision: ModernPrecision, steps: number, scale: number): number {
  return SLACK * PARAM_EPSILON[precision] * steps * scale;
}

export interface Drive {
  /** θ after each step: rows[0] is the start. */
  readonly rows: Float64Array[];
  /** The gradient each step was given: grads[k] was taken at rows[k]. */
  readonly grads: Float64Array[];
  readonly optimizer: Optimizer;
}

/**
 * Step a fresh optimizer from `init` for `steps` steps on `problem`, handing it
 * the layout. `between` runs after each step (a relation's eval/train probe);
 * the next gradient is taken at whatever the parameters then hold.
 */
export function drive(factory: OptimizerFactory, problem: Objective, init: ArrayLike<number>, steps: number, layout?: Layout, between?: (k: number, params: Float64Array, optimizer: Optimizer) => void): Drive {
  const optimizer = factory(problem.dim, layout);
  const params = Float64Array.from(init);
  const rows = [Float64Array.from(params)];
  const grads: Float64Array[] = [];
  for (let k = 1; k <= steps; k++) {
    const g = problem.gradient(params);
    grads.push(Float64Array.from(g));
    optimizer.step(params, g);
    rows.push(Float64Array.from(params));
    between?.(k, params, optimizer);
  }
  return { rows, grads, optimizer };
}

/** Run `attempt`, turning a thrown error into a failure that quotes it (a maker that refuses valid input fails). */
export function guarded(what: string, attempt: () => Outcome): Outcome {
  try {
    return attempt();
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return { pass: false, failure: `${what} threw: ${message}`, success: '' };
  }
}

/** Least squares with N rows and P unknowns from a seed: gradients of order 1 everywhere in the suite. */
export function seededLeastSquares(seed: number, N: number, P: number, scale = 1): { problem: Objective; init: Float64Array } {
  const r = rng(seed);
  const Z = randomMatrix(r, N, P, -scale, scale);
  const y = uniformArray(r, N, -scale, scale);
  return { problem: leastSquares({ Z, y }), init: uniformArray(r, P, -1, 1) };
}

/** ½‖θ − T‖²: its gradient is θ − T, so rotating T and θ₀ rotates every gradient the same way. */
export function distanceTo(target: Float64Array): Objective {
  const dim = target.length;
  const lossAndGradient = (b: Float64Array, out: Float64Array) => {
    let loss = 0;
    for (let i = 0; i < dim; i++) {
      out[i] = b[i] - target[i];
      loss += 0.5 * out[i] * out[i];
    }
    return loss;
  };
  return {
    kind: 'distance to a target',
    dim,
    facts: { differentiable: true, smooth: true, convex: true, minimum: 0, minimiser: Float64Array.from(target) },
    loss: (b) => lossAndGradient(b, new Float64Array(dim)),
    gradient: (b, out = new Float64Array(dim)) => (lossAndGradient(b, out), out),
    lossAndGradient,
  };
}

/** A loss whose gradient is the constant g everywhere (gᵀθ). */
export function linear(g: ArrayLike<number>): Objective {
  const dim = g.length;
  const lossAndGradient = (b: Float64Array, out: Float64Array) => {
    let loss = 0;
    for (let i = 0; i < dim; i++) {
      out[i] = g[i];
      loss += g[i] * b[i];
    }
    return loss;
  };
  return {
    kind: 'linear',
    dim,
    facts: { differentiable: true, smooth: true, convex: true },
    loss: (b) => lossAndGradient(b, new Float64Array(dim)),
    gradient: (b, out = new Float64Array(dim)) => (lossAndGradient(b, out), out),
    lossAndGradient,
  };
}

/** The first index where two rows differ by more than `budget(j)`, or -1. */
export function firstApart(a: ArrayLike<number>, b: ArrayLike<number>, budget: (j: number) => number): number {
  for (let j = 0; j < a.length; j++) {
    if (!(Object.is(a[j], b[j]) || Math.abs(a[j] - b[j]) <= budget(j))) return j;
  }
  return -1;
}

/** A hyperparameter the relation set itself, read back as a number. */
export function num(h: Hyper, key: string): number {
  const v = h[key];
  if (typeof v !== 'number') throw new InputError(`hyper.${key}`, v, 'expected a number');
  return v;
}

/** max |v|. */
export function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}
