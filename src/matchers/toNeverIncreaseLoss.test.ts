import { describe, expect, it } from 'vitest';
import { traceOf, failureOf } from '../../test/helpers.ts';

const falling = traceOf([[0], [0], [0], [0]], [3, 2, 2, 1]);
const rising = traceOf([[0], [0], [0], [0]], [3, 2, 2.5, 1]);

describe('toNeverIncreaseLoss', () => {
  it('passes on a non-increasing loss', () => {
    expect(falling).toNeverIncreaseLoss();
  });
  it('fails naming the step and both losses', () => {
    expect(failureOf(() => expect(rising).toNeverIncreaseLoss())).toContain('the loss rose at step 2: 2 → 2.5 (by 0.5, tolerance 0)');
  });
  it('.not passes when the loss rises', () => {
    expect(rising).not.toNeverIncreaseLoss();
  });
  it('.not fails with the largest change', () => {
    expect(failureOf(() => expect(falling).not.toNeverIncreaseLoss())).toContain('the loss never rose over 3 steps (largest change 0)');
  });
  it('accepts a tolerance', () => {
    expect(rising).toNeverIncreaseLoss(0.5);
  });
  it('a NaN loss breaks the claim', () => {
    expect(traceOf([[0], [0]], [1, NaN])).not.toNeverIncreaseLoss();
  });
  it('throws on bad input', () => {
    expect(() => expect([1, 2]).toNeverIncreaseLoss()).toThrow('toNeverIncreaseLoss: received: expected an optspec Trace (from runTrace or traceFromJson), got [1,2]');
    expect(() => expect(falling).not.toNeverIncreaseLoss(-1)).toThrow('toNeverIncreaseLoss: tolerance: expected a finite number >= 0, got -1');
  });
});
