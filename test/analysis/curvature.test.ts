import { describe, expect, it } from 'vitest';
import { curvatureAlong, fitL0L1 } from '../../src/analysis/curvature.ts';
import type { Objective } from '../../src/problems/objective.ts';

/** ½βᵀAβ with A = diag(1, 2): ∇L = Aβ and ‖H‖_F = √5 everywhere. */
const quadratic: Objective = {
  kind: 'diag-quadratic',
  dim: 2,
  facts: { differentiable: true, smooth: true, convex: true },
  loss: (b) => 0.5 * (b[0] ** 2 + 2 * b[1] ** 2),
  gradient: (b, out = new Float64Array(2)) => {
    out[0] = b[0];
    out[1] = 2 * b[1];
    return out;
  },
  lossAndGradient: (b, out) => (quadratic.gradient(b, out), quadratic.loss(b)),
  hessian: () => Float64Array.from([1, 0, 0, 2]),
};

describe('curvatureAlong', () => {
  it('gives ‖∇L‖₂ and the Frobenius norm of the exact Hessian at each point', () => {
    const { gradNorm, hessNorm } = curvatureAlong(quadratic, [Float64Array.from([1, 1]), Float64Array.from([3, 2])]);
    expect(Array.from(gradNorm)).toEqual([Math.sqrt(5), 5]);
    expect(Array.from(hessNorm)).toEqual([Math.sqrt(5), Math.sqrt(5)]);
  });
  it('refuses an objective without an exact Hessian', () => {
    const { hessian: _drop, ...withoutHessian } = quadratic;
    expect(() => curvatureAlong(withoutHessian, [Float64Array.from([1, 1])])).toThrow('problem: expected an objective with an exact Hessian, got "diag-quadratic"');
  });
});

describe('fitL0L1', () => {
  it('samples on a line give that line', () => {
    const g = [0.1, 0.2, 0.3, 0.7];
    expect(fitL0L1({ gradNorm: g, hessNorm: g.map((x) => 2 + 3 * x) })).toEqual({ L0: expect.closeTo(2, 12), L1: expect.closeTo(3, 12) });
  });
  it('picks, among the lines above every sample, the lowest at the mean ‖∇L‖', () => {
    // (0, 1), (1, 2), (4, 4), mean g = 5/3: the edge (1, 2)–(4, 4), L1 = 2/3, L0 = 4/3, is 2.44 there;
    // the edge (0, 1)–(1, 2) is 2.67 and the level line through (4, 4) is 4.
    const fit = fitL0L1({ gradNorm: [0, 1, 4], hessNorm: [1, 2, 4] });
    expect(fit.L0).toBeCloseTo(4 / 3, 12);
    expect(fit.L1).toBeCloseTo(2 / 3, 12);
  });
  it('never takes a negative L0 or L1: a peak in the middle gives a level line', () => {
    // (1, 1), (2, 3), (3, 2): the hull's edges have L0 = −1 and L1 = −1; the chord (1, 1)–(3, 2) passes below (2, 3).
    expect(fitL0L1({ gradNorm: [1, 2, 3], hessNorm: [1, 3, 2] })).toEqual({ L0: 3, L1: 0 });
  });
  it('rejects a line with L1 < 0 or L0 < 0 even where it is lower at the mean', () => {
    // Falling samples lie on L0 = 4, L1 = −1 (2 at the mean); rising ones on L0 = −1, L1 = 2 (2 at the mean 1.5).
    expect(fitL0L1({ gradNorm: [1, 2, 3], hessNorm: [3, 2, 1] })).toEqual({ L0: 3, L1: 0 });
    expect(fitL0L1({ gradNorm: [1, 2], hessNorm: [1, 3] })).toEqual({ L0: 3, L1: 0 });
  });
  it('keeps the lowest candidate, whatever order the samples come in', () => {
    const fit = fitL0L1({ gradNorm: [4, 1, 0], hessNorm: [4, 2, 1] });
    expect(fit.L0).toBeCloseTo(4 / 3, 12);
    expect(fit.L1).toBeCloseTo(2 / 3, 12);
  });
  it('a single sample is covered by its level', () => {
    expect(fitL0L1({ gradNorm: [2], hessNorm: [5] })).toEqual({ L0: 5, L1: 0 });
  });
  it('ignores pairs with equal ‖∇L‖', () => {
    expect(fitL0L1({ gradNorm: [1, 1, 2], hessNorm: [1, 2, 4] })).toEqual({ L0: 0, L1: 2 });
  });
  it('refuses no samples or samples of unequal length', () => {
    expect(() => fitL0L1({ gradNorm: [], hessNorm: [] })).toThrow('samples: expected at least one ‖∇L‖, ‖H‖ pair, got "0 and 0 values"');
    expect(() => fitL0L1({ gradNorm: [1, 2], hessNorm: [1] })).toThrow('samples: expected at least one ‖∇L‖, ‖H‖ pair, got "2 and 1 values"');
  });
});
