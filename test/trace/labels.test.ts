// Matcher failures name a coordinate by tensor when the trace has a layout: `w[1,1]`, not `coordinate 3`.
import { describe, expect, it } from 'vitest';
import { Trace } from '../../src/trace/trace.ts';
import { makeLayout } from '../../src/optimizers/layout.ts';
import { failureOf } from '../helpers.ts';
import { withFirstDifference } from '../../src/matchers/toMatchTraceSnapshot.ts';
import { encodeTrace } from '../../src/check/trace-snapshot.ts';

// Six parameters: a 2×2 matrix w, then a bias b of 2.
const layout = makeLayout({ dim: 6, tensors: [{ name: 'w', offset: 0, shape: [2, 2] }, { name: 'b', offset: 4, shape: [2] }] });

function named(rows: number[][], coordinates: number[] | null = null): Trace {
  const t = new Trace({ problem: 'test', optimizer: 'test', hyper: {}, dim: 6, steps: rows.length - 1, precision: 'float64', layout }, { coordinates: coordinates && Int32Array.from(coordinates), state: [] });
  rows.forEach((r) => t.record(Float64Array.from(r), 0, new Float64Array(6)));
  return t;
}
const ones = [1, 1, 1, 1, 1, 1];
const set = (row: number[], j: number, v: number) => row.map((x, i) => (i === j ? v : x));

describe('matcher messages with a layout', () => {
  it('toNeverHitZero names the tensor coordinate that hit 0, through a recorded subset too', () => {
    expect(failureOf(() => expect(named([ones, set(ones, 3, 0)])).toNeverHitZero())).toContain('w[1,1] is exactly 0 at step 1 (it was 1 at step 0)');
    expect(failureOf(() => expect(named([ones, set(ones, 3, 0)], [4, 3])).toNeverHitZero())).toContain('w[1,1] is exactly 0 at step 1');
  });

  it('toKeepZeros and toJumpOffZero name the coordinate that left 0', () => {
    expect(failureOf(() => expect(named([set(ones, 4, 0), ones])).toKeepZeros())).toContain('b[0] was 0 at step 0 and left it at step 1');
    expect(failureOf(() => expect(named([ones, set(ones, 5, 0), set(ones, 5, 5)])).toJumpOffZero(0.5))).toContain('b[1] landed on 0 at step 1 from 1, then went to 5 at step 2');
  });

  it('toEnterTwoCycle and toShareCycleWith name the coordinate', () => {
    expect(failureOf(() => expect(named([ones, ones, ones], [5])).toEnterTwoCycle(0.25))).toContain('b[1] never changed sign in 2 steps');
    const a = named([ones, set(ones, 2, 0.1), set(ones, 2, -0.9)], [2]);
    const b = named([ones, set(ones, 2, 0.2), set(ones, 2, -0.8)], [2]);
    expect(failureOf(() => expect(a).toShareCycleWith(b))).toContain('at w[1,0]: [-0.9, 0.1] against [-0.8, 0.2]');
  });

  it('toStayCaptured names the coordinate that left the ball, and a NaN is refused by name', () => {
    const zero = [0, 0, 0, 0, 0, 0];
    expect(failureOf(() => expect(named([zero, set(zero, 1, 2)])).toStayCaptured(1, { norm: 'inf' }))).toContain('distance 2, w[0,1] = 2');
    expect(() => expect(named([ones, set(ones, 1, NaN)])).toKeepZeros()).toThrow('trace: w[0,1] at step 1: expected a number; a NaN iterate cannot be judged');
  });

  it('toMatchTraceSnapshot names the first differing column by tensor', () => {
    const t = named([ones, ones], [4, 3]);
    const text = encodeTrace(t);
    const changed = text.replace('1: 1 1', '1: 1 2');
    const failed = (trace?: Trace) => withFirstDifference({ pass: false, message: () => 'm', expected: text, actual: changed }, trace).message();
    expect(failed(t)).toContain('first difference at step 1, w[1,1]: snapshot 1, now 2');
    // Without the trace (or without a layout), the column's index as before.
    expect(failed()).toContain('first difference at step 1, coordinate 1: snapshot 1, now 2');
  });
});
