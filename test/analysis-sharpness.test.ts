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
