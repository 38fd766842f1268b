import { describe, expect, it } from 'vitest';
import { ridge } from '../../src/problems/ridge.ts';
import { randomMatrix } from '../../src/problems/matrix.ts';
import { rng, uniformArray } from '../../src/random/rng.ts';
import { firstMismatch } from '../helpers.ts';

describe('ridge: ‖y − Zβ‖² + λ‖β‖², the smooth control of eq. (3)', () => {
  const r = rng(5);
  const Z = randomMatrix(r, 4, 3, -1, 1);
  const y = uniformArray(r, 4, -1, 0);
  const p = ridge({ Z, y, lambda: 0.3 });
  const beta = uniformArray(r, 3, -1, 1);

  it('has the loss of its formula, by hand', () => {
    let s = 0;
    for (let i = 0; i < 4; i++) {
      let z = 0;
      for (let j = 0; j < 3; j++) z += Z.data[i * 3 + j] * beta[j];
      s += (y[i] - z) ** 2;
    }
    expect(p.loss(beta)).toBeCloseTo(s + 0.3 * beta.reduce((a, b) => a + b * b, 0), 13);
  });

  it('has the gradient of its loss (central differences), and its Hessian and Hessian-vector product agree', () => {
    const g = p.gradient(beta);
    const fd = beta.map((_, j) => {
      const e = (h: number) => p.loss(beta.map((b, k) => (k === j ? b + h : b)));
      return (e(1e-6) - e(-1e-6)) / 2e-6;
    });
    expect(firstMismatch(g, fd, 1e-6, 1e-8)).toBeNull();
    const h = p.hessian!(beta);
    const v = Float64Array.of(0.2, -1, 0.5);
    const hv = Array.from({ length: 3 }, (_, i) => h[i * 3] * v[0] + h[i * 3 + 1] * v[1] + h[i * 3 + 2] * v[2]);
    expect(firstMismatch(p.hvp!(beta, v), hv, 1e-12, 1e-14)).toBeNull();
    // Symmetric, with the ridge on the diagonal: H − 2λI = 2ZᵀZ.
    expect(h[1]).toBe(h[3]);
  });

  it('with y = 0 has minimiser 0; refuses a negative λ naming the field', () => {
    expect(Array.from(ridge({ Z, y: new Float64Array(4), lambda: 0.01 }).facts.minimiser!)).toEqual([0, 0, 0]);
    expect(p.facts.minimiser).toBeUndefined();
    expect(() => ridge({ Z, y, lambda: -1 })).toThrow(/problem\.lambda/);
  });
});
