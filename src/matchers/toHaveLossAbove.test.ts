import { describe, expect, it } from 'vitest';
import { traceOf, failureOf } from '../../test/helpers.ts';

const rows = [[0], [0], [0], [0]];
const high = traceOf(rows, [1, 5, 6, 5]);
const low = traceOf(rows, [9, 4, 4, 4]);
const crossing = traceOf(rows, [9, 4, 7, 4]);

describe('toHaveLossAbove', () => {
  it('passes when the loss is above the other run over the last steps', () => {
    expect(high).toHaveLossAbove(low, 3);
  });
  it('fails naming the step and both losses', () => {
    expect(failureOf(() => expect(high).toHaveLossAbove(crossing, 3))).toContain('at step 2 the loss is 6, not above the other run\'s 7');
  });
  it('.not passes when it is not above', () => {
    expect(high).not.toHaveLossAbove(crossing, 3);
  });
  it('.not fails with the closest margin', () => {
    expect(failureOf(() => expect(high).not.toHaveLossAbove(low, 3))).toContain('the loss is above the other run\'s at each of the last 3 steps (closest at step 1: by 1)');
  });
  it('fails on runs of different length', () => {
    expect(failureOf(() => expect(high).toHaveLossAbove(traceOf([[0], [0]], [0, 0]), 1))).toContain('the traces have 4 and 2 rows');
  });
  it('throws on bad input', () => {
    expect(() => expect(high).toHaveLossAbove(low, 0)).toThrow('toHaveLossAbove: last: expected a positive integer, got 0');
    expect(() => expect(high).not.toHaveLossAbove(null, 1)).toThrow('toHaveLossAbove: other: expected an optspec Trace');
  });
});
