import { describe, expect, it } from 'vitest';
import { traceOf, summaryTraceOf, failureOf } from '../../test/helpers.ts';

const bounded = traceOf([[0], [0], [0], [0]], [5, 9, 3, 8]);
const blowsUp = traceOf([[0], [0], [0], [0]], [5, 9, 30, Infinity]);

describe('toKeepLossBelow', () => {
  it('passes when every loss is below the bound', () => {
    expect(bounded).toKeepLossBelow(10);
  });
  it('fails naming the step and the loss', () => {
    expect(failureOf(() => expect(blowsUp).toKeepLossBelow(10))).toContain('the loss reached 30 at step 2, not below the bound 10 (over it by 20; compared strictly, no tolerance)');
  });
  it('a loss equal to the bound is not below it; an infinite loss is not below any', () => {
    expect(failureOf(() => expect(bounded).toKeepLossBelow(9))).toContain('the loss reached 9 at step 1, not below the bound 9 (over it by 0; compared strictly, no tolerance)');
    expect(failureOf(() => expect(blowsUp).toKeepLossBelow(1e6))).toContain('the loss reached Infinity at step 3');
  });
  it('.not passes on a diverging run', () => {
    expect(blowsUp).not.toKeepLossBelow(1e6);
  });
  it('.not fails with the peak', () => {
    expect(failureOf(() => expect(bounded).not.toKeepLossBelow(10))).toContain('the loss stayed below 10 over steps 0..3 (peak 9 at step 1, 1 below it; compared strictly, no tolerance)');
    expect(failureOf(() => expect(bounded).not.toKeepLossBelow(10, 2))).toContain('the loss stayed below 10 over steps 2..3 (peak 8 at step 3, 2 below it;');
  });
  it('starts from a given step', () => {
    expect(bounded).toKeepLossBelow(8.5, 2);
    expect(bounded).not.toKeepLossBelow(8.5, 1);
  });
  it('judges traces recorded without coordinates', () => {
    expect(summaryTraceOf([[0], [0]], [1, 2])).toKeepLossBelow(3);
  });
  it('a run that went over the bound before its loss turned NaN went over it (a diverging run)', () => {
    expect(traceOf([[0], [0], [0]], [1, 50, NaN])).not.toKeepLossBelow(10);
    expect(traceOf([[0], [0], [0]], [NaN, 1, 50])).not.toKeepLossBelow(10, 1);
  });
  it('refuses a NaN loss met before the verdict, under .not too', () => {
    const nan = traceOf([[0], [0], [0]], [1, NaN, 50]);
    expect(() => expect(nan).not.toKeepLossBelow(10)).toThrow('toKeepLossBelow: trace.loss[1]: expected a number; a NaN cannot be judged, got NaN');
    expect(() => expect(nan).toKeepLossBelow(10)).toThrow('toKeepLossBelow: trace.loss[1]');
  });
  it('throws on bad arguments', () => {
    expect(() => expect(bounded).toKeepLossBelow(Infinity)).toThrow('toKeepLossBelow: bound: expected a finite number > 0, got Infinity');
    expect(() => expect(bounded).not.toKeepLossBelow(NaN)).toThrow('toKeepLossBelow: bound: expected a finite number > 0, got NaN');
    expect(() => expect(bounded).not.toKeepLossBelow(10, 4)).toThrow('toKeepLossBelow: from: expected a step in 0..3, got 4');
    expect(() => expect(bounded).not.toKeepLossBelow(10, -1)).toThrow('toKeepLossBelow: from: expected a step in 0..3, got -1');
    expect(() => expect(bounded).not.toKeepLossBelow(10, 0.5)).toThrow('toKeepLossBelow: from');
    expect(() => expect('x').not.toKeepLossBelow(10)).toThrow('toKeepLossBelow: received');
  });
});
