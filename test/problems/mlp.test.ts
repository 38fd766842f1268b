import { describe, expect, it } from 'vitest';
import { mlp, type Mlp } from '../../src/problems/mlp.ts';
import { rng, uniformArray } from '../../src/random/rng.ts';

const r = rng(31);
const l2Net = mlp({
  widths: [1, 4, 7, 1],
  loss: 'l2',
  x: Array.from({ length: 20 }, () => [r.uniform(-1, 1)]),
  y: Array.from({ length: 20 }, () => [r.uniform(-1, 1)]),
});
const ceNet = mlp({
  widths: [1, 3, 3, 2],
  loss: 'cross-entropy',
  x: Array.from({ length: 10 }, () => [r.uniform(-1, 1)]),
  y: Array.from({ length: 10 }, (_, i) => (i < 8 ? [1, 0] : [0, 1])),
});

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-3);
}

describe.each([
  ['(1,4,7,1) L2', l2Net, 51],
  ['(1,3,3,2) cross-entropy', ceNet, 26],
] as const)('MLP %s', (_name, net: Mlp, P) => {
  it('has the parameter count of 003 App. A.3', () => {
    expect(net.dim).toBe(P);
  });

  it('gradient matches central differences of the loss', () => {
    for (let t = 0; t < 3; t++) {
      const beta = uniformArray(rng(100 + t), P, -1, 1);
      const g = net.gradient(beta);
      const h = 1e-6;
      for (let p = 0; p < P; p++) {
        const plus = Float64Array.from(beta); plus[p] += h;
        const minus = Float64Array.from(beta); minus[p] -= h;
        expect(relErr(g[p], (net.loss(plus) - net.loss(minus)) / (2 * h))).toBeLessThan(1e-6);
      }
    }
  });

  it('exact Hessian matches central differences of the gradient to a relative 1e-6, and is symmetric to 1e-12', () => {
    for (let t = 0; t < 3; t++) {
      const beta = uniformArray(rng(200 + t), P, -1, 1);
      const H = net.hessian!(beta);
      // hessian() computes the upper triangle and mirrors it; H·I by the general path computes every
      // entry independently, so its symmetry is a real check.
      const identity = new Float64Array(P * P);
      for (let p = 0; p < P; p++) identity[p * P + p] = 1;
      const Hdense = net.hessianTimes(beta, identity, P);
      const h = 1e-5;
      let scale = 0;
      for (const v of H) scale = Math.max(scale, Math.abs(v));
      for (let q = 0; q < P; q++) {
        const plus = Float64Array.from(beta); plus[q] += h;
        const minus = Float64Array.from(beta); minus[q] -= h;
        const gp = net.gradient(plus);
        const gm = net.gradient(minus);
        for (let p = 0; p < P; p++) {
          const fd = (gp[p] - gm[p]) / (2 * h);
          // Relative to the entry, with the Hessian's scale as the floor for entries that are ~0.
          expect(Math.abs(H[p * P + q] - fd)).toBeLessThanOrEqual(1e-6 * Math.max(Math.abs(fd), 1e-3 * scale));
          expect(Math.abs(Hdense[p * P + q] - Hdense[q * P + p])).toBeLessThanOrEqual(1e-12 * scale);
          expect(Math.abs(H[p * P + q] - Hdense[p * P + q])).toBeLessThanOrEqual(1e-12 * scale);
        }
      }
    }
  });

  it('hvp equals the Hessian times the vector', () => {
    const beta = uniformArray(rng(7), P, -1, 1);
    const v = uniformArray(rng(8), P, -1, 1);
    const H = net.hessian!(beta);
    const hv = net.hvp!(beta, v);
    for (let p = 0; p < P; p++) {
      let s = 0;
      for (let q = 0; q < P; q++) s += H[p * P + q] * v[q];
      expect(hv[p]).toBeCloseTo(s, 10);
    }
  });
});

describe('MLP input checks', () => {
  it.each([
    [{ widths: [1], loss: 'l2', x: [[1]], y: [[1]] }, 'problem.widths: expected at least an input and an output width'],
    [{ widths: [1, 0, 1], loss: 'l2', x: [[1]], y: [[1]] }, 'problem.widths[1]: expected a positive integer, got 0'],
    [{ widths: [1, 2, 1], loss: 'mse', x: [[1]], y: [[1]] }, 'problem.loss: expected "l2" or "cross-entropy", got "mse"'],
    [{ widths: [1, 2, 1], loss: 'l2', x: [[1, 2]], y: [[1]] }, 'problem.x[0]: expected 1 numbers'],
    [{ widths: [1, 2, 1], loss: 'l2', x: [[1]], y: [[1], [2]] }, 'problem.y: expected 1 rows, one per row of x, got 2'],
  ])('%#', (opts, message) => {
    expect(() => mlp(opts as never)).toThrow(message);
  });
});
