import { describe, expect, it } from 'vitest';
import { traceOf, summaryTraceOf, failureOf } from '../../test/helpers.ts';

const rows = [[0], [0], [0], [0]];
const high = traceOf(rows, [1, 5, 6, 5]);
const low = traceOf(rows, [9, 4, 4, 4]);
const crossing = traceOf(rows, [9, 4, 7, 4]);

describe('toHaveLossAbove', () => {
  it('passes when the loss is above the other run over the last steps', () => {
    expect(high).toHaveLossAbove(low, 3);
  });
  it('fails naming the step and both losses', () => {
    expect(failureOf(() => expect(high).toHaveLossAbove(crossing, 3))).toContain('at step 2 the loss is 6, not above the other run\'s 7 (difference -1; compared strictly, no tolerance)');
  });
  it('an equal loss is not above', () => {
    const tie = traceOf(rows, [0, 4, 6, 4]);
    expect(failureOf(() => expect(high).toHaveLossAbove(tie, 3))).toContain('at step 2 the loss is 6, not above the other run\'s 6 (difference 0; compared strictly, no tolerance)');
  });
  it('looks only at the last `last` steps', () => {
    expect(high).toHaveLossAbove(crossing, 1);
    expect(high).not.toHaveLossAbove(low, 4);
    expect(high).toHaveLossAbove(low, 3);
  });
  it('.not passes when it is not above', () => {
    expect(high).not.toHaveLossAbove(crossing, 3);
  });
  it('.not fails with the closest margin', () => {
    expect(failureOf(() => expect(high).not.toHaveLossAbove(low, 3))).toContain('the loss is above the other run\'s at each of the last 3 steps (closest at step 1: by 1; compared strictly, no tolerance)');
    const closeLate = traceOf(rows, [0, 3, 3, 4.5]);
    expect(failureOf(() => expect(high).not.toHaveLossAbove(closeLate, 3))).toContain('(closest at step 3: by 0.5;');
  });
  it('refuses, under .not too, NaN losses, runs of different length, and a window longer than the run', () => {
    expect(() => expect(high).not.toHaveLossAbove(traceOf(rows, [1, 2, NaN, 1]), 3)).toThrow('toHaveLossAbove: other.loss[2]: expected a number; a NaN cannot be judged, got NaN');
    expect(() => expect(traceOf(rows, [NaN, 2, 3, 4])).not.toHaveLossAbove(low, 3)).toThrow('toHaveLossAbove: trace.loss[0]');
    expect(() => expect(high).not.toHaveLossAbove(traceOf([[0], [0]], [0, 0]), 1)).toThrow('toHaveLossAbove: other.length: expected a run of equal length (4 rows), got 2');
    expect(() => expect(high).not.toHaveLossAbove(low, 5)).toThrow('toHaveLossAbove: trace.length: expected at least 5 rows');
  });
  it('works on traces recorded without coordinates', () => {
    expect(summaryTraceOf(rows, [1, 5, 6, 5])).toHaveLossAbove(summaryTraceOf(rows, [9, 4, 4, 4]), 3);
  });
  it('throws on bad arguments', () => {
    expect(() => expect(high).toHaveLossAbove(low, 0)).toThrow('toHaveLossAbove: last: expected a positive integer, got 0');
    expect(() => expect(high).toHaveLossAbove(low, 1.5)).toThrow('toHaveLossAbove: last: expected a positive integer, got 1.5');
    expect(() => expect(high).not.toHaveLossAbove(null, 1)).toThrow('toHaveLossAbove: other: expected an optspec Trace');
    expect(() => expect(null).not.toHaveLossAbove(low, 1)).toThrow('toHaveLossAbove: received: expected an optspec Trace');
  });
});
