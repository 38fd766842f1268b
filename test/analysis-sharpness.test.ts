import { describe, expect, it } from 'vitest';
import { sharpness, symmetricEigenvalues } from '../src/analysis/sharpness.ts';
import { makeProblem } from '../src/problems/index.ts';
import { rng, uniformArray } from '../src/random/rng.ts';

describe('sharpness', () => {
  it('power iteration on hvp agrees with the dense eigenvalues of the Hessian', () => {
    const p = makeProblem({ kind: 'huber', seed: 2, n: 12, p: 30, delta: 1 });
    const beta = uniformArray(rng(3), 30, -0.2, 0.2);
    const s = sharpness((v, out) => p.hvp!(beta, v, out), 30);
    const eig = symmetricEigenvalues(p.hessian!(beta), 30);
    expect(s.converged).toBe(true);
    expect(s.value).toBeCloseTo(eig[eig.length - 1], 8);
  });
  it('reports a run that did not converge', () => {
    // Two eigenvalues of equal magnitude and opposite sign: the quotient never settles.
    const s = sharpness((v, out) => { out[0] = v[0]; out[1] = -v[1]; return out; }, 2, { maxIterations: 50 });
    expect(s.converged).toBe(false);
  });
});

describe('sharpness at its edges', () => {
  const diag = (d: number[]) => (v: Float64Array, out: Float64Array) => {
    for (let i = 0; i < d.length; i++) out[i] = d[i] * v[i];
    return out;
  };
  it('a zero Hessian has converged at once, to 0', () => {
    expect(sharpness(diag([0, 0, 0]), 3)).toEqual({ value: 0, iterations: 1, converged: true, tolerance: 1e-10 });
  });
  it('the residual is measured relative to |ρ|: a large eigenvalue converges as fast as a small one', () => {
    const small = sharpness(diag([1, 0.5]), 2);
    const large = sharpness(diag([1e6, 0.5e6]), 2);
    expect(large.iterations).toBe(small.iterations);
    expect(large.value).toBeCloseTo(1e6, 0);
    expect(small.iterations).toBeLessThan(30);
  });
  it('one iteration that does not converge returns the Rayleigh quotient of the seeded start', () => {
    const s = sharpness(diag([1, 0.5]), 2, { maxIterations: 1, seed: 3 });
    expect(s.converged).toBe(false);
    expect(s.iterations).toBe(1);
    expect(s.value).toBeGreaterThanOrEqual(0.5);
    expect(s.value).toBeLessThanOrEqual(1);
  });
  it('symmetricEigenvalues: ascending', () => {
    expect(symmetricEigenvalues(Float64Array.from([3, 0, 0, 0, 1, 0, 0, 0, 2]), 3).map((x) => Math.round(x * 1e12) / 1e12)).toEqual([1, 2, 3]);
    expect(symmetricEigenvalues(Float64Array.from([2, 1, 1, 2]), 2).map((x) => Math.round(x * 1e12) / 1e12)).toEqual([1, 3]);
  });
});
