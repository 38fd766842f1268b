import { describe, expect, it } from 'vitest';
import { traceOf, summaryTraceOf, failureOf } from '../../test/helpers.ts';

// step c = 0.25: 0.6 → 0.35 → 0.1 → −0.15 → 0.1 → −0.15 (γ = 0.1); −0.3 → −0.05 → 0.2 → −0.05 (γ = 0.2)
const rows = [[0.625, -0.3125], [0.375, -0.0625], [0.125, 0.1875], [-0.125, -0.0625], [0.125, 0.1875], [-0.125, -0.0625]];
const cycles = traceOf(rows);
const drifts = traceOf([[0.625], [0.375], [0.125], [-0.125], [0.125], [-0.0625]]);
const noChange = traceOf([[0.625], [0.375], [0.125]]);
/** The cycle of `cycles`' coordinate 0, off by `drift` two steps after its entry. */
const driftedBy = (drift: number) => traceOf([[0.625], [0.375], [0.125], [-0.125], [0.125 + drift], [-0.125]]);

describe('toEnterTwoCycle', () => {
  it('passes when every coordinate alternates γ, γ − step from its first sign change', () => {
    expect(cycles).toEnterTwoCycle(0.25);
  });
  it('fails naming the coordinate and step that left the cycle', () => {
    expect(failureOf(() => expect(drifts).toEnterTwoCycle(0.25))).toContain('coordinate 0 left the two-cycle at step 5: β = -0.0625, but β = -0.125 at step 3, a gap of 0.0625, over the tolerance 2.5e-13 (default 1e-12·step)');
    expect(failureOf(() => expect(drifts).toEnterTwoCycle(0.25, 0.01))).toContain('at step 3, a gap of 0.0625, over the tolerance 0.01');
  });
  it('fails when the sign change is not a γ, γ − step pair', () => {
    expect(failureOf(() => expect(cycles).toEnterTwoCycle(0.5))).toContain(
      'coordinate 0 changed sign at step 3 between 0.125 and -0.125, which is not a pair γ, γ − 0.5 with γ in (0, 0.5): they are 0.25 apart, |0.25 − 0.5| = 0.25, over the tolerance 5e-13 (default 1e-12·step)',
    );
    // AdamW at lr = 0.01 (issue 22): the pair misses the step by 1e-10, far over 1e-12·step.
    const adamw = traceOf([[0.02], [0.005300005], [-0.0046999949], [0.005300005]]);
    expect(failureOf(() => expect(adamw).toEnterTwoCycle(0.01))).toContain('they are 0.0099999999 apart, |0.0099999999 − 0.01| = 1e-10, over the tolerance 1e-14 (default 1e-12·step)');
    expect(adamw).toEnterTwoCycle(0.01, 1e-10);
  });
  it('fails when γ is not below the step, however loose the tolerance', () => {
    const wide = traceOf([[0.6], [0.3], [-0.01], [0.3], [-0.01]]);
    expect(failureOf(() => expect(wide).toEnterTwoCycle(0.25, 0.1))).toContain('coordinate 0 changed sign at step 2 between 0.3 and -0.01');
    expect(failureOf(() => expect(wide).toEnterTwoCycle(0.25, 0.1))).toContain('|0.31 − 0.25| = 0.06, within the tolerance 0.1; and γ = 0.3 is not below the step (compared strictly)');
    expect(traceOf([[0.6], [0.2], [-0.09], [0.2], [-0.09]])).toEnterTwoCycle(0.25, 0.1);
  });
  it('fails when a coordinate never changed sign, even if it reached 0', () => {
    expect(failureOf(() => expect(noChange).toEnterTwoCycle(0.25))).toContain('coordinate 0 never changed sign in 2 steps (last value 0.125); run longer');
    expect(failureOf(() => expect(traceOf([[0.5], [0.25], [0], [0]])).toEnterTwoCycle(0.25))).toContain('coordinate 0 never changed sign in 3 steps');
  });
  it('the default tolerance is 1e-12·step: a drift of 1e-12 at step 0.25 breaks the cycle, 1e-13 does not', () => {
    expect(failureOf(() => expect(driftedBy(1e-12)).toEnterTwoCycle(0.25))).toContain('coordinate 0 left the two-cycle at step 4: β = 0.125000000001, but β = 0.125 at step 2, a gap of 1e-12, over the tolerance 2.5e-13 (default 1e-12·step)');
    expect(failureOf(() => expect(driftedBy(1e-13)).not.toEnterTwoCycle(0.25))).toContain('the largest gap from the cycle is 1e-13, within the tolerance 2.5e-13 (default 1e-12·step)');
    expect(driftedBy(1e-13)).toEnterTwoCycle(0.25);
    expect(driftedBy(1e-12)).toEnterTwoCycle(0.25, 2e-12);
    expect(cycles).toEnterTwoCycle(0.25, 0);
  });
  it('.not passes when the cycle breaks', () => {
    expect(drifts).not.toEnterTwoCycle(0.25);
  });
  it('.not fails with the evidence, naming the latest entry', () => {
    expect(failureOf(() => expect(cycles).not.toEnterTwoCycle(0.25))).toContain(
      'all 2 recorded coordinates cycle with period 2 and step 0.25 from their first sign change on (the last entered at step 3); the largest gap from the cycle is 0, within the tolerance 2.5e-13 (default 1e-12·step)',
    );
    expect(failureOf(() => expect(cycles).not.toEnterTwoCycle(0.25, 1e-6))).toContain('the largest gap from the cycle is 0, within the tolerance 0.000001');
  });
  it('refuses, under .not too, a trace without recorded coordinates, with NaN, or too short', () => {
    const none = summaryTraceOf(rows);
    expect(() => expect(none).toEnterTwoCycle(0.25)).toThrow("toEnterTwoCycle: trace.coordinates: expected recorded coordinates (record with coordinates 'all' or a list, not 'none'), got \"none\"");
    expect(() => expect(none).not.toEnterTwoCycle(0.25)).toThrow('toEnterTwoCycle: trace.coordinates');
    const nan = traceOf([[0.625], [0.375], [NaN], [0.125]]);
    expect(() => expect(nan).not.toEnterTwoCycle(0.25)).toThrow('toEnterTwoCycle: trace: coordinate 0 at step 2: expected a number; a NaN iterate cannot be judged, got NaN');
    expect(() => expect(traceOf([[0.1], [-0.15]])).not.toEnterTwoCycle(0.25)).toThrow('toEnterTwoCycle: trace.length: expected at least 3 rows (the start and 2 step(s)) to judge, got 2');
  });
  it('throws on bad arguments', () => {
    expect(() => expect(cycles).toEnterTwoCycle(0)).toThrow('toEnterTwoCycle: step: expected a finite number > 0, got 0');
    expect(() => expect(cycles).not.toEnterTwoCycle(0.25, -1)).toThrow('toEnterTwoCycle: tolerance: expected a finite number >= 0, got -1');
    expect(() => expect(cycles).not.toEnterTwoCycle(0.25, NaN)).toThrow('toEnterTwoCycle: tolerance: expected a finite number >= 0, got NaN');
    expect(() => expect(cycles).toEnterTwoCycle(0.25, Infinity)).toThrow('toEnterTwoCycle: tolerance');
    expect(() => expect(cycles).toEnterTwoCycle(0.25, '0' as never)).toThrow('toEnterTwoCycle: tolerance');
    expect(() => expect({}).toEnterTwoCycle(0.25)).toThrow('toEnterTwoCycle: received');
  });
});
