import { describe, expect, it } from 'vitest';
import { paritySuite, scaled, permuted, flat } from '../../src/check/suite.ts';
import { leastSquares } from '../../src/problems/least-squares.ts';

const at = (xs: number[]) => Float64Array.from(xs);
const base = leastSquares({ Z: { rows: 3, cols: 3, data: at([1, 2, 0, 0, 1, -1, 3, 0, 1]) }, y: at([1, 0, -2]) });
const b = at([0.5, -1, 2]);

describe('the problem suite of optspec check', () => {
  it('is six seeded problems of six coordinates, built once (the loss and ‖∇L‖ at each start are regression pins)', () => {
    const suite = paritySuite();
    expect(paritySuite()).toBe(suite);
    const seen = suite.map((s) => {
      const init = Float64Array.from(s.init);
      return [s.label, s.problem.kind, s.problem.dim, s.problem.loss(init), Math.hypot(...s.problem.gradient(init))];
    });
    expect(seen).toEqual([
      ['least-squares 12×6', 'least-squares', 6, 1.0532397269088005, 1.5153797903859838],
      ['least-squares 12×6 scaled by 1e-3 (gradients ~1e-6)', 'least-squares', 6, 4.118271365804672e-7, 7.170805884996533e-7],
      ['huber 12×6, δ = 0.5', 'huber', 6, 0.36115372789348044, 0.19795722987929143],
      ['lasso 12×6, λ = 0.1', 'lasso', 6, 0.8500573921154908, 0.814163605066668],
      ['relu-regression 12×6, λ1 = λ2 = 0.01', 'relu-regression', 6, 11.124493224665425, 12.822006900000455],
      ['l1 λ = 100 (gradients ~100)', 'l1', 6, 339.96984556745423, 244.9489742783178],
    ]);
    for (const s of suite) expect(s.init.every((x) => x > -1 && x < 1)).toBe(true);
    expect(suite[0].init[0]).toBe(-0.939585094711137);
  });
});

describe('problem transformations', () => {
  it('scaled multiplies the loss and every gradient coordinate by c, through every entry point', () => {
    const s = scaled(base, 4);
    expect(s.kind).toBe('least-squares ×4');
    expect(s.dim).toBe(3);
    expect(s.facts).toBe(base.facts);
    expect(s.loss(b)).toBe(4 * base.loss(b));
    const g = base.gradient(b).map((x) => 4 * x);
    expect(Array.from(s.gradient(b))).toEqual(Array.from(g));
    const out = new Float64Array(3);
    expect(s.lossAndGradient(b, out)).toBe(4 * base.loss(b));
    expect(Array.from(out)).toEqual(Array.from(g));
  });

  it('permuted sees coordinate j of the new problem as coordinate perm[j] of the old', () => {
    const perm = [2, 0, 1];
    const p = permuted(base, perm);
    expect(p.kind).toBe('least-squares permuted');
    expect(p.dim).toBe(3);
    expect(p.facts).toBe(base.facts);
    // The new point (b[2], b[0], b[1]) is the old point b.
    const moved = at([b[2], b[0], b[1]]);
    expect(p.loss(moved)).toBe(base.loss(b));
    const g = base.gradient(b);
    const want = [g[2], g[0], g[1]];
    expect(Array.from(p.gradient(moved))).toEqual(want);
    const out = new Float64Array(3);
    expect(p.lossAndGradient(moved, out)).toBe(base.loss(b));
    expect(Array.from(out)).toEqual(want);
    const given = new Float64Array(3);
    expect(p.gradient(moved, given)).toBe(given);
  });

  it('flat has zero loss and a zero gradient everywhere, clearing what the buffer held', () => {
    const f = flat(3);
    expect(f.kind).toBe('flat');
    expect(f.dim).toBe(3);
    expect(f.facts).toEqual({ differentiable: true, smooth: true, convex: true, minimum: 0 });
    expect(f.loss(b)).toBe(0);
    expect(Array.from(f.gradient(b))).toEqual([0, 0, 0]);
    const dirty = at([1, 2, 3]);
    expect(f.gradient(b, dirty)).toBe(dirty);
    expect(Array.from(dirty)).toEqual([0, 0, 0]);
    const other = at([4, 5, 6]);
    expect(f.lossAndGradient(b, other)).toBe(0);
    expect(Array.from(other)).toEqual([0, 0, 0]);
  });
});
