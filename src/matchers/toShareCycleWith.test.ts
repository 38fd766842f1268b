import { describe, expect, it } from 'vitest';
import { traceOf, failureOf } from '../../test/helpers.ts';

const a = traceOf([[1, 2], [0.1, -0.9], [-0.9, 0.1]]);
const samePhaseShifted = traceOf([[3, 3], [-0.9, 0.1], [0.1, -0.9]]);
const other = traceOf([[1, 2], [0.2, -0.8], [-0.8, 0.2]]);

describe('toShareCycleWith', () => {
  it('passes when both runs end in the same cycle, whatever the phase', () => {
    expect(a).toShareCycleWith(samePhaseShifted);
  });
  it('fails naming the coordinate and both cycles', () => {
    expect(failureOf(() => expect(a).toShareCycleWith(other))).toContain('the end cycles differ by 0.1 > 1e-9 at coordinate 0: [-0.9, 0.1] against [-0.8, 0.2]');
  });
  it('.not passes for different cycles', () => {
    expect(a).not.toShareCycleWith(other);
  });
  it('.not fails with the agreement', () => {
    expect(failureOf(() => expect(a).not.toShareCycleWith(samePhaseShifted))).toContain('the end cycles agree to 0');
  });
  it('takes a tolerance', () => {
    expect(a).toShareCycleWith(other, { tolerance: 0.11 });
  });
  it('throws on bad input', () => {
    expect(() => expect(a).toShareCycleWith([1])).toThrow('toShareCycleWith: other: expected an optspec Trace');
    expect(() => expect(a).not.toShareCycleWith(other, { window: 0 })).toThrow('toShareCycleWith: options.window: expected a positive integer, got 0');
    expect(() => expect(a).toShareCycleWith(other, { tolerance: NaN })).toThrow('toShareCycleWith: options.tolerance');
  });
});
