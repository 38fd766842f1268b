import { describe, expect, it } from 'vitest';
import { traceOf, summaryTraceOf, failureOf } from '../../test/helpers.ts';

const nonzero = traceOf([[1, -1], [0.5, -0.25], [-0.01, 0.5]]);
const hits = traceOf([[1, -1], [0.5, 0], [-0.5, 0]]);

describe('toNeverHitZero', () => {
  it('passes when no coordinate is ever exactly 0', () => {
    expect(nonzero).toNeverHitZero();
  });
  it('fails naming the coordinate and step that hit 0', () => {
    expect(failureOf(() => expect(hits).toNeverHitZero())).toContain('coordinate 1 is exactly 0 at step 1 (it was -1 at step 0); 1 zero coordinate(s) at that step');
  });
  it('counts zeros over every coordinate, recorded or not', () => {
    const onlySecond = traceOf([[1, 1], [0, 0.5], [0, 0.25]], undefined, Int32Array.from([1]));
    expect(failureOf(() => expect(onlySecond).toNeverHitZero())).toContain('a coordinate outside the recorded set is exactly 0 at step 1; 1 zero coordinate(s) at that step');
    expect(failureOf(() => expect(summaryTraceOf([[1, 1], [0.5, 0.5], [0, 0]])).toNeverHitZero())).toContain('a coordinate outside the recorded set is exactly 0 at step 2; 2 zero coordinate(s)');
    expect(failureOf(() => expect(summaryTraceOf([[1], [0.5]])).not.toNeverHitZero())).toContain('closest: |β| = Infinity, no recorded coordinates');
  });
  it('.not passes on a run that hits 0', () => {
    expect(hits).not.toNeverHitZero();
  });
  it('.not fails with the closest approach to 0', () => {
    expect(failureOf(() => expect(nonzero).not.toNeverHitZero())).toContain('no coordinate was exactly 0 at any of steps 1..2 (closest: |β| = 0.01, coordinate 0 at step 2)');
    const earlyClosest = traceOf([[1, -1], [0.5, -0.02], [-0.3, 0.5]]);
    expect(failureOf(() => expect(earlyClosest).not.toNeverHitZero())).toContain('closest: |β| = 0.02, coordinate 1 at step 1');
  });
  it('-0 counts as a zero', () => {
    expect(traceOf([[1], [-0]])).not.toNeverHitZero();
  });
  it('a zero at the start is not a hit', () => {
    expect(traceOf([[0], [1]])).toNeverHitZero();
  });
  it('refuses, under .not too, NaN and a trace with no step', () => {
    const nan = summaryTraceOf([[1], [NaN]]);
    expect(() => expect(nan).not.toNeverHitZero()).toThrow('toNeverHitZero: trace.l1Norm[1]: expected a number; a NaN cannot be judged, got NaN');
    expect(() => expect(nan).toNeverHitZero()).toThrow('toNeverHitZero: trace.l1Norm[1]');
    expect(() => expect(traceOf([[1]])).not.toNeverHitZero()).toThrow('toNeverHitZero: trace.length: expected at least 2 rows');
  });
  it('throws on bad input', () => {
    expect(() => expect(null).toNeverHitZero()).toThrow('toNeverHitZero: received: expected an optspec Trace');
    expect(() => expect(undefined).not.toNeverHitZero()).toThrow('toNeverHitZero: received: expected an optspec Trace');
  });
});
