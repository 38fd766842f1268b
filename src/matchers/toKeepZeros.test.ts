import { describe, expect, it } from 'vitest';
import { traceOf, failureOf } from '../../test/helpers.ts';

const keeps = traceOf([[0.5, 1], [0, 0.5], [0, 0], [0, 0]]);
const leaves = traceOf([[0.5, 1], [0, 0.5], [-0.25, 0]]);
const never = traceOf([[0.5], [0.25]]);

describe('toKeepZeros', () => {
  it('passes when every zero stays zero', () => {
    expect(keeps).toKeepZeros();
  });
  it('fails naming the coordinate that left 0, the step and the value', () => {
    expect(failureOf(() => expect(leaves).toKeepZeros())).toContain('coordinate 0 was 0 at step 1 and left it at step 2: β = -0.25');
  });
  it('fails when the claim was never exercised', () => {
    expect(failureOf(() => expect(never).toKeepZeros())).toContain('no coordinate was ever exactly 0');
  });
  it('.not passes when a zero is left', () => {
    expect(leaves).not.toKeepZeros();
  });
  it('.not fails with the evidence', () => {
    expect(failureOf(() => expect(keeps).not.toKeepZeros())).toContain('every coordinate that reached 0 stayed there (3 coordinate-steps at 0)');
  });
  it('throws on bad input', () => {
    expect(() => expect({ loss: [] }).toKeepZeros()).toThrow('toKeepZeros: received: expected an optspec Trace');
    expect(() => expect('trace').not.toKeepZeros()).toThrow('toKeepZeros: received');
  });
});
