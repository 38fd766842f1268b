import { describe, expect, it } from 'vitest';
import { traceOf, failureOf } from '../../test/helpers.ts';

// Two-cycles: the mean of the last two rows is the phase-free end norm.
const big = traceOf([[1, 1], [0.5053, 0.5053], [-0.4947, -0.4947]]);
const small = traceOf([[1, 1], [0.0053, 0.0053], [-0.0047, -0.0047]]);

describe('toEndWithLargerL1NormThan', () => {
  it('passes when the final L1 norm is larger', () => {
    expect(big).toEndWithLargerL1NormThan(small);
  });
  it('fails with both norms', () => {
    expect(failureOf(() => expect(small).toEndWithLargerL1NormThan(big))).toContain('final L1 norm 0.01 is not larger than the other run\'s 1');
  });
  it('.not passes when it is smaller', () => {
    expect(small).not.toEndWithLargerL1NormThan(big);
  });
  it('.not fails with both norms', () => {
    expect(failureOf(() => expect(big).not.toEndWithLargerL1NormThan(small))).toContain('final L1 norm 1 is larger than the other run\'s 0.01');
  });
  it('throws on bad input', () => {
    expect(() => expect(big).toEndWithLargerL1NormThan(3)).toThrow('toEndWithLargerL1NormThan: other: expected an optspec Trace');
    expect(() => expect(3).not.toEndWithLargerL1NormThan(big)).toThrow('toEndWithLargerL1NormThan: received');
  });
});
