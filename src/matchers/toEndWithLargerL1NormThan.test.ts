import { describe, expect, it } from 'vitest';
import { traceOf, summaryTraceOf, failureOf } from '../../test/helpers.ts';

// Two-cycles: the mean of the last two rows is the phase-free end norm.
const big = traceOf([[1, 1], [0.5053, 0.5053], [-0.4947, -0.4947]]);
const small = traceOf([[1, 1], [0.0053, 0.0053], [-0.0047, -0.0047]]);

describe('toEndWithLargerL1NormThan', () => {
  it('passes when the final L1 norm is larger', () => {
    expect(big).toEndWithLargerL1NormThan(small);
  });
  it('fails with both norms', () => {
    expect(failureOf(() => expect(small).toEndWithLargerL1NormThan(big))).toContain('final L1 norm 0.01 is not larger than the other run\'s 1 (difference -0.99; compared strictly, no tolerance)');
  });
  it('an equal norm is not larger', () => {
    expect(failureOf(() => expect(big).toEndWithLargerL1NormThan(big))).toContain('final L1 norm 1 is not larger than the other run\'s 1 (difference 0; compared strictly, no tolerance)');
  });
  it('averages the last two rows, so the phase of a two-cycle does not matter', () => {
    // Last rows 4 and 0 (mean 2) against a steady 3: the mean decides, not the last row alone.
    const cycling = traceOf([[0], [4], [0]]);
    const steady = traceOf([[0], [3], [3]]);
    expect(steady).toEndWithLargerL1NormThan(cycling);
    expect(traceOf([[0], [0], [4]])).not.toEndWithLargerL1NormThan(steady);
  });
  it('a single-row trace ends at its only row', () => {
    expect(traceOf([[2]])).toEndWithLargerL1NormThan(traceOf([[1]]));
  });
  it('.not passes when it is smaller', () => {
    expect(small).not.toEndWithLargerL1NormThan(big);
  });
  it('.not fails with both norms', () => {
    expect(failureOf(() => expect(big).not.toEndWithLargerL1NormThan(small))).toContain('final L1 norm 1 is larger than the other run\'s 0.01 (by 0.99; compared strictly, no tolerance)');
  });
  it('reads ‖β‖₁ over all coordinates, so it judges traces recorded without them', () => {
    expect(summaryTraceOf([[1, 1], [2, 2]])).toEndWithLargerL1NormThan(summaryTraceOf([[1, 1], [1, 1]]));
  });
  it('refuses NaN, under .not too', () => {
    const nan = traceOf([[1, 1], [NaN, 0.5]]);
    expect(() => expect(nan).not.toEndWithLargerL1NormThan(big)).toThrow('toEndWithLargerL1NormThan: trace.l1Norm[1]: expected a number; a NaN cannot be judged, got NaN');
    expect(() => expect(big).not.toEndWithLargerL1NormThan(nan)).toThrow('toEndWithLargerL1NormThan: other.l1Norm[1]');
    expect(() => expect(nan).toEndWithLargerL1NormThan(big)).toThrow('toEndWithLargerL1NormThan: trace.l1Norm[1]');
  });
  it('throws on bad input', () => {
    expect(() => expect(big).toEndWithLargerL1NormThan(3)).toThrow('toEndWithLargerL1NormThan: other: expected an optspec Trace');
    expect(() => expect(3).not.toEndWithLargerL1NormThan(big)).toThrow('toEndWithLargerL1NormThan: received');
  });
});
