import type { Objective } from './objective.ts';
import { l1 } from './l1.ts';
import { reluRegression } from './relu-regression.ts';
import { lasso } from './lasso.ts';
import { huber } from './huber.ts';
import { leastSquares } from './least-squares.ts';
import { ridge } from './ridge.ts';
import { type Matrix, fromRows, randomMatrix } from './matrix.ts';
import { rng, uniformArray } from '../random/rng.ts';
import { InputError, knownKeys, positiveInteger, record, vector, nonNegativeInteger } from '../validate/input-error.ts';

export type { Objective, ObjectiveFacts } from './objective.ts';
export type { Matrix } from './matrix.ts';
export { l1, reluRegression, lasso, huber, leastSquares, ridge, fromRows };

export const PROBLEM_KINDS = ['l1', 'relu-regression', 'lasso', 'huber', 'least-squares'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/**
 * A problem as plain data (the `problem` field of run.json). Data is given as
 * arrays of rows, or generated from `seed` with the paper's sizes and
 * distributions:
 * - relu-regression: Z n×p ~ U[−1,1], y ~ U[−1,0] (001 Sec. 3; default 20×500)
 * - lasso: W n×p and y ~ U[−1,1] (001 App. B.2; default 20×500)
 * - huber, least-squares: Z n×p and y ~ U[−1,1] (001 Sec. 5 uses 50×200; the
 *   paper calls the data arbitrary, so the uniform law is our choice)
 * Z is drawn row by row first, then y.
 */
export type ProblemSpec = { kind: string; seed?: number; n?: number; p?: number; [field: string]: unknown };

const DATA_DEFAULTS: Record<Exclude<ProblemKind, 'l1'>, { n: number; p: number; yLo: number; yHi: number }> = {
  'relu-regression': { n: 20, p: 500, yLo: -1, yHi: 0 },
  lasso: { n: 20, p: 500, yLo: -1, yHi: 1 },
  huber: { n: 50, p: 200, yLo: -1, yHi: 1 },
  'least-squares': { n: 50, p: 200, yLo: -1, yHi: 1 },
};

const FIELDS: Record<ProblemKind, readonly string[]> = {
  l1: ['kind', 'lambda', 'dim'],
  'relu-regression': ['kind', 'Z', 'y', 'lambda1', 'lambda2', 'seed', 'n', 'p'],
  lasso: ['kind', 'W', 'y', 'lambda', 'seed', 'n', 'p'],
  huber: ['kind', 'Z', 'y', 'delta', 'seed', 'n', 'p'],
  'least-squares': ['kind', 'Z', 'y', 'seed', 'n', 'p'],
};

/** Generated or given regression data, by the field names of the kind. */
export function problemData(spec: ProblemSpec, matrixField: 'Z' | 'W'): { X: Matrix; y: Float64Array } {
  const kind = spec.kind as Exclude<ProblemKind, 'l1'>;
  if (spec[matrixField] !== undefined || spec.y !== undefined) {
    if (spec.seed !== undefined) throw new InputError('problem.seed', spec.seed, `give either ${matrixField} and y, or a seed, not both`);
    const X = fromRows(`problem.${matrixField}`, spec[matrixField]);
    return { X, y: vector('problem.y', spec.y) };
  }
  if (spec.seed === undefined) throw new InputError(`problem.${matrixField}`, undefined, `expected ${matrixField} and y, or a seed to generate them`);
  const seed = nonNegativeInteger('problem.seed', spec.seed);
  const d = DATA_DEFAULTS[kind];
  const n = spec.n === undefined ? d.n : positiveInteger('problem.n', spec.n);
  const p = spec.p === undefined ? d.p : positiveInteger('problem.p', spec.p);
  const r = rng(seed);
  const X = randomMatrix(r, n, p, -1, 1);
  return { X, y: uniformArray(r, n, d.yLo, d.yHi) };
}

/** Build an objective from plain data; `dim` fills in l1's dimension when absent. */
export function makeProblem(input: unknown, dim?: number): Objective {
  const spec = record('problem', input) as ProblemSpec;
  const kind = spec.kind;
  if (!PROBLEM_KINDS.includes(kind as ProblemKind)) {
    throw new InputError('problem.kind', kind, `expected one of ${PROBLEM_KINDS.join(', ')}`);
  }
  knownKeys('problem', spec, FIELDS[kind as ProblemKind]);
  switch (kind as ProblemKind) {
    case 'l1':
      return l1({ lambda: spec.lambda as number, dim: (spec.dim ?? dim) as number });
    case 'relu-regression': {
      const { X, y } = problemData(spec, 'Z');
      return reluRegression({ Z: X, y, lambda1: (spec.lambda1 ?? 0) as number, lambda2: (spec.lambda2 ?? 0) as number });
    }
    case 'lasso': {
      const { X, y } = problemData(spec, 'W');
      return lasso({ W: X, y, lambda: spec.lambda as number });
    }
    case 'huber': {
      const { X, y } = problemData(spec, 'Z');
      return huber({ Z: X, y, delta: (spec.delta ?? 1) as number });
    }
    case 'least-squares': {
      const { X, y } = problemData(spec, 'Z');
      return leastSquares({ Z: X, y });
    }
  }
}
