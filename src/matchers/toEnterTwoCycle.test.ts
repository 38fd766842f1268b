import { describe, expect, it } from 'vitest';
import { traceOf, failureOf } from '../../test/helpers.ts';

// step c = 0.25: 0.6 → 0.35 → 0.1 → −0.15 → 0.1 → −0.15 (γ = 0.1); −0.3 → −0.05 → 0.2 → −0.05 (γ = 0.2)
const cycles = traceOf([[0.625, -0.3125], [0.375, -0.0625], [0.125, 0.1875], [-0.125, -0.0625], [0.125, 0.1875], [-0.125, -0.0625]]);
const drifts = traceOf([[0.625], [0.375], [0.125], [-0.125], [0.125], [-0.0625]]);
const noChange = traceOf([[0.625], [0.375]]);

describe('toEnterTwoCycle', () => {
  it('passes when every coordinate alternates γ, γ − step from its first sign change', () => {
    expect(cycles).toEnterTwoCycle(0.25);
  });
  it('fails naming the coordinate and step that left the cycle', () => {
    expect(failureOf(() => expect(drifts).toEnterTwoCycle(0.25))).toContain('coordinate 0 left the two-cycle at step 5: β = -0.0625, but β = -0.125 at step 3');
  });
  it('fails when the sign change is not a γ, γ − step pair', () => {
    expect(failureOf(() => expect(cycles).toEnterTwoCycle(0.5))).toContain('coordinate 0 changed sign at step 3 between 0.125 and -0.125');
  });
  it('fails when a coordinate never changed sign', () => {
    expect(failureOf(() => expect(noChange).toEnterTwoCycle(0.25))).toContain('coordinate 0 never changed sign in 1 steps');
  });
  it('.not passes when the cycle breaks', () => {
    expect(drifts).not.toEnterTwoCycle(0.25);
  });
  it('.not fails with the evidence', () => {
    expect(failureOf(() => expect(cycles).not.toEnterTwoCycle(0.25))).toContain('all 2 recorded coordinates cycle with period 2 and step 0.25');
  });
  it('throws on bad input', () => {
    expect(() => expect(cycles).toEnterTwoCycle(0)).toThrow('toEnterTwoCycle: step: expected a finite number > 0, got 0');
    expect(() => expect(cycles).not.toEnterTwoCycle(0.25, -1)).toThrow('toEnterTwoCycle: tolerance: expected a finite number >= 0, got -1');
    expect(() => expect({}).toEnterTwoCycle(0.25)).toThrow('toEnterTwoCycle: received');
  });
});
