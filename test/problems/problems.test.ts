import { describe, expect, it } from 'vitest';
import { makeProblem, type Objective } from '../../src/problems/index.ts';
import { rng, uniformArray } from '../../src/random/rng.ts';

/** Central differences of the loss, the reference for gradients away from kinks. */
function numericGradient(p: Objective, beta: Float64Array, h = 1e-6): Float64Array {
  const g = new Float64Array(p.dim);
  for (let j = 0; j < p.dim; j++) {
    const plus = Float64Array.from(beta); plus[j] += h;
    const minus = Float64Array.from(beta); minus[j] -= h;
    g[j] = (p.loss(plus) - p.loss(minus)) / (2 * h);
  }
  return g;
}

const specs = [
  { kind: 'l1', lambda: 0.7, dim: 6 },
  { kind: 'relu-regression', seed: 1, n: 8, p: 6, lambda1: 0.1, lambda2: 0.01 },
  { kind: 'lasso', seed: 2, n: 8, p: 6, lambda: 0.3 },
  { kind: 'huber', seed: 3, n: 8, p: 6, delta: 0.5 },
  { kind: 'least-squares', seed: 4, n: 8, p: 6 },
];

describe('objectives', () => {
  it.each(specs)('$kind: gradient matches central differences at random points', (spec) => {
    const p = makeProblem(spec);
    const r = rng(11);
    for (let t = 0; t < 5; t++) {
      const beta = uniformArray(r, p.dim, -1, 1);
      const g = p.gradient(beta);
      const n = numericGradient(p, beta);
      for (let j = 0; j < p.dim; j++) expect(g[j]).toBeCloseTo(n[j], 5);
    }
  });

  it.each(specs.filter((s) => ['huber', 'least-squares', 'relu-regression', 'lasso'].includes(s.kind)))(
    '$kind: Hessian matches differences of the gradient, and hvp matches H·v',
    (spec) => {
      const p = makeProblem(spec);
      const beta = uniformArray(rng(5), p.dim, -0.5, 0.5);
      const H = p.hessian!(beta);
      const h = 1e-6;
      for (let j = 0; j < p.dim; j++) {
        const plus = Float64Array.from(beta); plus[j] += h;
        const minus = Float64Array.from(beta); minus[j] -= h;
        const gp = p.gradient(plus), gm = p.gradient(minus);
        for (let i = 0; i < p.dim; i++) expect(H[i * p.dim + j]).toBeCloseTo((gp[i] - gm[i]) / (2 * h), 4);
      }
      if (p.hvp) {
        const v = uniformArray(rng(6), p.dim, -1, 1);
        const hv = p.hvp(beta, v);
        for (let i = 0; i < p.dim; i++) {
          let s = 0;
          for (let j = 0; j < p.dim; j++) s += H[i * p.dim + j] * v[j];
          expect(hv[i]).toBeCloseTo(s, 12);
        }
      }
    },
  );

  it('takes the autograd gradient at kinks: d|x|/dx = 0 and relu\'(0) = 0', () => {
    expect(Array.from(makeProblem({ kind: 'l1', lambda: 2, dim: 3 }).gradient(new Float64Array([0, 1, -1])))).toEqual([0, 2, -2]);
    const relu = makeProblem({ kind: 'relu-regression', Z: [[1, -1]], y: [-1], lambda1: 0, lambda2: 0.5 });
    // Zβ = 0 exactly: the data term contributes nothing, only the ridge term 2·λ2·β.
    expect(Array.from(relu.gradient(new Float64Array([0.5, 0.5])))).toEqual([0.5, 0.5]);
  });

  it('relu-regression with y ≤ 0 knows its minimiser 0 and minimum ‖y‖²', () => {
    const p = makeProblem({ kind: 'relu-regression', Z: [[1, 2], [3, 4]], y: [-1, -2], lambda1: 0, lambda2: 0.01 });
    expect(p.facts.minimum).toBe(5);
    expect(p.loss(p.facts.minimiser!)).toBe(5);
  });

  it('generated data follow the paper: relu-regression y in [−1, 0], Z in [−1, 1], 20×500 by default', () => {
    const p = makeProblem({ kind: 'relu-regression', seed: 9, lambda2: 0.01 });
    expect(p.dim).toBe(500);
    expect(p.facts.minimum).toBeGreaterThan(0);
  });

  it.each([
    [{ kind: 'quadratic' }, 'problem.kind: expected one of l1, relu-regression, lasso, huber, least-squares, got "quadratic"'],
    [{ kind: 'l1', lambda: -1, dim: 2 }, 'problem.lambda: expected a number > 0, got -1'],
    [{ kind: 'lasso', W: [[1, 2], [3]], y: [1, 2], lambda: 1 }, 'problem.W[1]: expected a row of 2 numbers like row 0, got [3]'],
    [{ kind: 'lasso', W: [[1, 2]], y: [1, 2], lambda: 1 }, 'problem.y: expected 1 numbers, one per row of problem.W (found 2)'],
    [{ kind: 'huber', Z: [[1, NaN]], y: [1] }, 'problem.Z[0][1]: expected a finite number, got NaN'],
    [{ kind: 'huber', seed: 1, delta: 0 }, 'problem.delta: expected a number > 0, got 0'],
    [{ kind: 'least-squares' }, 'problem.Z: expected Z and y, or a seed to generate them, got nothing (the field is missing)'],
    [{ kind: 'lasso', seed: 1, lambda: 1, lamda: 2 }, 'problem.lamda: unknown field'],
    [{ kind: 'relu-regression', Z: [[1]], y: [-1], lambda1: 0, lambda2: 0 }, 'problem.lambda1: lambda1 + lambda2 must be > 0'],
  ])('bad input %# names the field and the value', (spec, message) => {
    expect(() => makeProblem(spec)).toThrow(message);
  });
});
