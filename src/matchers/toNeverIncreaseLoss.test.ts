import { describe, expect, it } from 'vitest';
import { traceOf, summaryTraceOf, failureOf } from '../../test/helpers.ts';

const falling = traceOf([[0], [0], [0], [0]], [3, 2, 2, 1]);
const rising = traceOf([[0], [0], [0], [0]], [3, 2, 2.5, 1]);

describe('toNeverIncreaseLoss', () => {
  it('passes on a non-increasing loss', () => {
    expect(falling).toNeverIncreaseLoss();
  });
  it('fails naming the step and both losses', () => {
    expect(failureOf(() => expect(rising).toNeverIncreaseLoss())).toContain('the loss rose at step 2: 2 → 2.5 (by 0.5, over the default tolerance 0)');
    expect(failureOf(() => expect(rising).toNeverIncreaseLoss(0.25))).toContain('the loss rose at step 2: 2 → 2.5 (by 0.5, over the tolerance 0.25)');
  });
  it('a loss that turns infinite rose', () => {
    expect(failureOf(() => expect(traceOf([[0], [0]], [1, Infinity])).toNeverIncreaseLoss())).toContain('the loss rose at step 1: 1 → Infinity');
  });
  it('.not passes when the loss rises', () => {
    expect(rising).not.toNeverIncreaseLoss();
  });
  it('.not fails with the largest change', () => {
    expect(failureOf(() => expect(falling).not.toNeverIncreaseLoss())).toContain('the loss never rose over 3 steps (largest change 0, within the default tolerance 0)');
    const steep = traceOf([[0], [0], [0]], [3, 1, 0.5]);
    expect(failureOf(() => expect(steep).not.toNeverIncreaseLoss())).toContain('the loss never rose over 2 steps (largest change -0.5, within the default tolerance 0)');
    expect(failureOf(() => expect(rising).not.toNeverIncreaseLoss(0.5))).toContain('the loss never rose over 3 steps (largest change 0.5, within the tolerance 0.5)');
  });
  it('accepts a tolerance, inclusive', () => {
    expect(rising).toNeverIncreaseLoss(0.5);
    expect(rising).not.toNeverIncreaseLoss(0.25);
  });
  it('a run whose loss rose before it turned NaN rose (a diverging run)', () => {
    expect(traceOf([[0], [0], [0]], [1, 5, NaN])).not.toNeverIncreaseLoss();
  });
  it('judges traces recorded without coordinates', () => {
    expect(summaryTraceOf([[0], [0]], [2, 1])).toNeverIncreaseLoss();
  });
  it('refuses, under .not too, a NaN loss and a trace with no step', () => {
    const nan = traceOf([[0], [0], [0]], [2, NaN, 3]);
    expect(() => expect(nan).not.toNeverIncreaseLoss()).toThrow('toNeverIncreaseLoss: trace.loss[1]: expected a number; a NaN cannot be judged, got NaN');
    expect(() => expect(nan).toNeverIncreaseLoss()).toThrow('toNeverIncreaseLoss: trace.loss[1]');
    expect(() => expect(traceOf([[0], [0]], [NaN, 1])).not.toNeverIncreaseLoss()).toThrow('toNeverIncreaseLoss: trace.loss[0]');
    expect(() => expect(traceOf([[0]], [1])).not.toNeverIncreaseLoss()).toThrow('toNeverIncreaseLoss: trace.length: expected at least 2 rows (the start and 1 step(s)) to judge, got 1');
  });
  it('throws on bad arguments', () => {
    expect(() => expect([1, 2]).toNeverIncreaseLoss()).toThrow('toNeverIncreaseLoss: received: expected an optspec Trace (from runTrace or traceFromJson), got [1,2]');
    expect(() => expect(falling).not.toNeverIncreaseLoss(-1)).toThrow('toNeverIncreaseLoss: tolerance: expected a finite number >= 0, got -1');
    expect(() => expect(falling).not.toNeverIncreaseLoss(NaN)).toThrow('toNeverIncreaseLoss: tolerance: expected a finite number >= 0, got NaN');
    expect(() => expect(falling).toNeverIncreaseLoss(Infinity)).toThrow('toNeverIncreaseLoss: tolerance');
    expect(() => expect(falling).toNeverIncreaseLoss('0' as never)).toThrow('toNeverIncreaseLoss: tolerance');
    expect(falling).toNeverIncreaseLoss(0);
  });
});
