import { describe, expect, it } from 'vitest';
import { traceOf, summaryTraceOf, failureOf } from '../../test/helpers.ts';

const a = traceOf([[1, 2], [0.1, -0.9], [-0.9, 0.1]]);
const samePhaseShifted = traceOf([[3, 3], [-0.9, 0.1], [0.1, -0.9]]);
const other = traceOf([[1, 2], [0.2, -0.8], [-0.8, 0.2]]);

describe('toShareCycleWith', () => {
  it('passes when both runs end in the same cycle, whatever the phase', () => {
    expect(a).toShareCycleWith(samePhaseShifted);
  });
  it('fails naming the coordinate and both cycles', () => {
    expect(failureOf(() => expect(a).toShareCycleWith(other))).toContain('the end cycles differ by 0.1 > 1e-9 (the default tolerance) at coordinate 0: [-0.9, 0.1] against [-0.8, 0.2]');
  });
  it('compares the lower cycle point as well as the upper one', () => {
    const lowerOnly = traceOf([[1, 2], [0.1, -0.9], [-0.5, 0.1]]);
    expect(failureOf(() => expect(a).toShareCycleWith(lowerOnly))).toContain('the end cycles differ by 0.4 > 1e-9 (the default tolerance) at coordinate 0: [-0.9, 0.1] against [-0.5, 0.1]');
    const upperOnly = traceOf([[1, 2], [0.5, -0.9], [-0.9, 0.1]]);
    expect(failureOf(() => expect(a).toShareCycleWith(upperOnly))).toContain('the end cycles differ by 0.4 > 1e-9 (the default tolerance) at coordinate 0: [-0.9, 0.1] against [-0.9, 0.5]');
  });
  it('names the worst coordinate, not the first', () => {
    const second = traceOf([[1, 2], [0.2, -0.4], [-0.9, 0.1]]);
    expect(failureOf(() => expect(a).toShareCycleWith(second, { tolerance: 0.01 }))).toContain('differ by 0.5 > 0.01 at coordinate 1: [-0.9, 0.1] against [-0.4, 0.1]');
  });
  it('takes the cycle from the last `window` rows', () => {
    const period3 = traceOf([[0, 0], [1, 1], [2, 2], [0, 0]]);
    const shifted = traceOf([[9, 9], [2, 2], [0, 0], [1, 1]]);
    expect(period3).not.toShareCycleWith(shifted);
    expect(period3).toShareCycleWith(shifted, { window: 3 });
  });
  it('.not passes for different cycles', () => {
    expect(a).not.toShareCycleWith(other);
  });
  it('.not fails with the agreement', () => {
    expect(failureOf(() => expect(a).not.toShareCycleWith(samePhaseShifted))).toContain('the end cycles agree to 0 (largest gap at coordinate 0: [-0.9, 0.1] against [-0.9, 0.1]), within the default tolerance 1e-9');
    expect(failureOf(() => expect(a).not.toShareCycleWith(other, { tolerance: 0.25 }))).toContain('the end cycles agree to 0.1 (largest gap at coordinate 0: [-0.9, 0.1] against [-0.8, 0.2]), within the tolerance 0.25');
  });
  it('takes a tolerance, inclusive', () => {
    expect(a).toShareCycleWith(other, { tolerance: 0.11 });
    expect(a).toShareCycleWith(samePhaseShifted, { tolerance: 0 });
    expect(traceOf([[0], [0.5], [-0.5]])).toShareCycleWith(traceOf([[0], [0.75], [-0.5]]), { tolerance: 0.25 });
  });
  it('refuses, under .not too, NaN, unrecorded or mismatched coordinates, and too few rows', () => {
    const nan = traceOf([[1, 2], [NaN, -0.8], [-0.8, 0.2]]);
    expect(() => expect(a).not.toShareCycleWith(nan)).toThrow('toShareCycleWith: other: coordinate 0 at step 1: expected a number; a NaN iterate cannot be judged, got NaN');
    expect(() => expect(nan).not.toShareCycleWith(a)).toThrow('toShareCycleWith: trace: coordinate 0 at step 1');
    const none = summaryTraceOf([[1, 2], [0.1, -0.9], [-0.9, 0.1]]);
    expect(() => expect(none).toShareCycleWith(none)).toThrow('toShareCycleWith: trace.coordinates: expected recorded coordinates');
    expect(() => expect(none).not.toShareCycleWith(none)).toThrow('toShareCycleWith: trace.coordinates');
    expect(() => expect(a).not.toShareCycleWith(none)).toThrow('toShareCycleWith: other.coordinates: expected recorded coordinates');
    expect(() => expect(a).not.toShareCycleWith(traceOf([[1], [0.1], [-0.9]]))).toThrow('toShareCycleWith: other.coordinates: expected the same recorded coordinates as the trace (2), got "1 coordinate(s)"');
    const swapped = traceOf([[1, 2], [0.1, -0.9], [-0.9, 0.1]], undefined, Int32Array.from([1, 0]));
    expect(() => expect(a).not.toShareCycleWith(swapped)).toThrow('toShareCycleWith: other.coordinates: expected the same recorded coordinates');
    expect(() => expect(traceOf([[1, 2]])).not.toShareCycleWith(a)).toThrow('toShareCycleWith: trace.length: expected at least 2 rows');
    expect(() => expect(a).not.toShareCycleWith(a, { window: 4 })).toThrow('toShareCycleWith: trace.length: expected at least 4 rows');
  });
  it('throws on bad arguments', () => {
    expect(() => expect(a).toShareCycleWith([1])).toThrow('toShareCycleWith: other: expected an optspec Trace');
    expect(() => expect([1]).not.toShareCycleWith(a)).toThrow('toShareCycleWith: received: expected an optspec Trace');
    expect(() => expect(a).toShareCycleWith(other, { tolerance: '1' as never })).toThrow('toShareCycleWith: options.tolerance');
    expect(() => expect(a).not.toShareCycleWith(other, { window: 0 })).toThrow('toShareCycleWith: options.window: expected a positive integer, got 0');
    expect(() => expect(a).toShareCycleWith(other, { tolerance: NaN })).toThrow('toShareCycleWith: options.tolerance: expected a finite number >= 0, got NaN');
    expect(() => expect(a).not.toShareCycleWith(other, { tolerance: -1 })).toThrow('toShareCycleWith: options.tolerance');
    expect(() => expect(a).toShareCycleWith(other, { tolerance: Infinity })).toThrow('toShareCycleWith: options.tolerance');
  });
});
