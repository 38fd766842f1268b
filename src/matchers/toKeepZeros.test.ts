import { describe, expect, it } from 'vitest';
import { traceOf, summaryTraceOf, failureOf } from '../../test/helpers.ts';

const keeps = traceOf([[0.5, 1], [0, 0.5], [0, 0], [0, 0]]);
const leaves = traceOf([[0.5, 1], [0, 0.5], [-0.25, 0]]);
const never = traceOf([[0.5], [0.25]]);

describe('toKeepZeros', () => {
  it('passes when every zero stays zero', () => {
    expect(keeps).toKeepZeros();
  });
  it('fails naming the coordinate that left 0, the step and the value', () => {
    expect(failureOf(() => expect(leaves).toKeepZeros())).toContain('coordinate 0 was 0 at step 1 and left it at step 2: β = -0.25 (any β ≠ 0 leaves it: no tolerance)');
  });
  it('a coordinate starting at 0 is held to it; -0 is 0', () => {
    expect(traceOf([[0, 1], [-0, 0.5]])).toKeepZeros();
    expect(failureOf(() => expect(traceOf([[1, 0], [1, 0.5]])).toKeepZeros())).toContain('coordinate 1 was 0 at step 0 and left it at step 1: β = 0.5');
  });
  it('.not passes when a zero is left', () => {
    expect(leaves).not.toKeepZeros();
  });
  it('.not fails with the evidence', () => {
    expect(failureOf(() => expect(keeps).not.toKeepZeros())).toContain('every coordinate that reached 0 stayed there (3 coordinate-steps at 0)');
  });
  it('refuses, under .not too, a run that never reached 0, no recorded coordinates, NaN, or no step', () => {
    expect(() => expect(never).toKeepZeros()).toThrow('toKeepZeros: trace: expected a coordinate exactly 0 before the last step; the claim was never exercised, got "1 recorded coordinate(s) over 2 rows"');
    expect(() => expect(never).not.toKeepZeros()).toThrow('the claim was never exercised');
    expect(() => expect(traceOf([[0.5], [0]])).not.toKeepZeros()).toThrow('the claim was never exercised');
    expect(() => expect(summaryTraceOf([[0.5], [0], [0]])).not.toKeepZeros()).toThrow('toKeepZeros: trace.coordinates: expected recorded coordinates');
    expect(() => expect(traceOf([[0.5], [0], [NaN]])).not.toKeepZeros()).toThrow('toKeepZeros: trace: coordinate 0 at step 2: expected a number');
    expect(() => expect(traceOf([[0]])).not.toKeepZeros()).toThrow('toKeepZeros: trace.length: expected at least 2 rows');
  });
  it('throws on bad input', () => {
    expect(() => expect({ loss: [] }).toKeepZeros()).toThrow('toKeepZeros: received: expected an optspec Trace');
    expect(() => expect('trace').not.toKeepZeros()).toThrow('toKeepZeros: received');
  });
});
