import { describe, expect, it } from 'vitest';
import { traceOf, failureOf } from '../../test/helpers.ts';

const bounded = traceOf([[0], [0], [0], [0]], [5, 9, 3, 8]);
const blowsUp = traceOf([[0], [0], [0], [0]], [5, 9, 30, Infinity]);

describe('toKeepLossBelow', () => {
  it('passes when every loss is below the bound', () => {
    expect(bounded).toKeepLossBelow(10);
  });
  it('fails naming the step and the loss', () => {
    expect(failureOf(() => expect(blowsUp).toKeepLossBelow(10))).toContain('the loss reached 30 at step 2, not below the bound 10');
  });
  it('a NaN loss is not below any bound', () => {
    expect(traceOf([[0], [0]], [1, NaN])).not.toKeepLossBelow(10);
  });
  it('.not passes on a diverging run', () => {
    expect(blowsUp).not.toKeepLossBelow(1e6);
  });
  it('.not fails with the peak', () => {
    expect(failureOf(() => expect(bounded).not.toKeepLossBelow(10))).toContain('the loss stayed below 10 over steps 0..3 (peak 9 at step 1)');
  });
  it('starts from a given step', () => {
    expect(bounded).toKeepLossBelow(8.5, 2);
  });
  it('throws on bad input', () => {
    expect(() => expect(bounded).toKeepLossBelow(Infinity)).toThrow('toKeepLossBelow: bound: expected a finite number > 0, got Infinity');
    expect(() => expect(bounded).not.toKeepLossBelow(10, 4)).toThrow('toKeepLossBelow: from: expected a step in 0..3, got 4');
  });
});
