import { describe, expect, it } from 'vitest';
import { nextUp } from '../../src/analysis/ulp.ts';
import { num, verdict } from '../../src/analysis/verdict.ts';
import { distance } from '../../src/analysis/capture.ts';

describe('nextUp', () => {
  it('steps to the next double above, on either side of 0', () => {
    expect(nextUp(1)).toBe(1 + 2 ** -52);
    expect(nextUp(-1)).toBe(-1 + 2 ** -53);
    expect(nextUp(0)).toBe(Number.MIN_VALUE);
    expect(nextUp(-0)).toBe(Number.MIN_VALUE);
    expect(Object.is(nextUp(-Number.MIN_VALUE), -0)).toBe(true);
    expect(nextUp(Number.MAX_VALUE)).toBe(Infinity);
    expect(nextUp(-Infinity)).toBe(-Number.MAX_VALUE);
  });
  it('leaves NaN and +∞ where they are', () => {
    expect(nextUp(NaN)).toBeNaN();
    expect(nextUp(Infinity)).toBe(Infinity);
  });
});

describe('verdict and num', () => {
  it('a verdict carries both messages', () => {
    expect(verdict(true, 'why not', 'why')).toEqual({ pass: true, failure: 'why not', success: 'why' });
  });
  it('num keeps the sign of zero and every digit', () => {
    expect(num(-0)).toBe('-0');
    expect(num(0)).toBe('0');
    expect(num(0.1 + 0.2)).toBe('0.30000000000000004');
  });
});

describe('distance', () => {
  const row = Float64Array.from([3, -4]);
  it('∞-norm and 2-norm, from the origin or a centre', () => {
    expect(distance(row, undefined, 'inf')).toBe(4);
    expect(distance(row, undefined, '2')).toBe(5);
    expect(distance(row, [3, 0], 'inf')).toBe(4);
    expect(distance(row, [0, -4], '2')).toBe(3);
  });
  it('a NaN coordinate makes the ∞-norm NaN wherever it sits', () => {
    expect(distance(Float64Array.from([NaN, 1]), undefined, 'inf')).toBeNaN();
    expect(distance(Float64Array.from([1, NaN]), undefined, 'inf')).toBeNaN();
  });
});
