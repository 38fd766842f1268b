import { describe, expect, it } from 'vitest';
import { traceOf, summaryTraceOf, failureOf } from '../../test/helpers.ts';

const inside = traceOf([[0.5, -0.5], [0.9, 0.1], [0.2, -0.99]]);
const escapes = traceOf([[0.5, -0.5], [0.9, 0.1], [0.2, -1.25], [0.1, 0.1]]);

describe('toStayCaptured', () => {
  it('passes when every iterate stays inside the ball', () => {
    expect(inside).toStayCaptured(1);
    expect(inside).toStayCaptured(1.5, { norm: '2' });
    expect(inside).toStayCaptured(1, { norm: 'inf' });
  });
  it('fails naming the step, coordinate and value that left', () => {
    const msg = failureOf(() => expect(escapes).toStayCaptured(1));
    expect(msg).toContain('left the inf-norm ball of radius 1 at step 2: distance 1.25, coordinate 1 = -1.25 (0.25 past the radius; compared strictly, no tolerance)');
  });
  it('the ball is open: an iterate on the sphere has left', () => {
    expect(failureOf(() => expect(traceOf([[0.5], [-1]])).toStayCaptured(1))).toContain('left the inf-norm ball of radius 1 at step 1: distance 1, coordinate 0 = -1 (0 past the radius; compared strictly, no tolerance)');
    expect(failureOf(() => expect(traceOf([[0.5, 0], [0.6, 0.8]])).toStayCaptured(1, { norm: '2' }))).toContain('left the 2-norm ball of radius 1 at step 1: distance 1');
  });
  it('measures the 2-norm as the root of the sum of squares', () => {
    const diagonal = traceOf([[0.6, 0.6]]); // ‖·‖₂ = 0.8485, ‖·‖∞ = 0.6
    expect(diagonal).toStayCaptured(0.85, { norm: '2' });
    expect(failureOf(() => expect(diagonal).toStayCaptured(0.8, { norm: '2' }))).toContain('left the 2-norm ball of radius 0.8 at step 0: distance 0.848528137423857');
    expect(diagonal).toStayCaptured(0.61);
  });
  it('.not passes when an iterate leaves', () => {
    expect(escapes).not.toStayCaptured(1);
  });
  it('.not fails with the evidence of capture', () => {
    const msg = failureOf(() => expect(inside).not.toStayCaptured(1));
    expect(msg).toContain('stayed inside the inf-norm ball of radius 1 for all 3 rows (farthest: distance 0.99 at step 2, 0.01 inside; compared strictly, no tolerance)');
    const early = traceOf([[0.5, -0.5], [0.95, 0.1], [0.2, -0.3]]);
    expect(failureOf(() => expect(early).not.toStayCaptured(1))).toContain('(farthest: distance 0.95 at step 1, 0.05 inside;');
  });
  it('measures from a centre, in either norm', () => {
    expect(traceOf([[5, 5], [5.5, 4.5]])).toStayCaptured(1, { center: [5, 5] });
    expect(traceOf([[5, 5], [5.5, 4.5]])).toStayCaptured(0.75, { center: [5, 5], norm: '2' });
    expect(failureOf(() => expect(traceOf([[5, 5], [5.5, 3.5]])).toStayCaptured(1, { center: [5, 5] }))).toContain('at step 1: distance 1.5, coordinate 1 = 3.5');
    expect(traceOf([[5, 5], [5.5, 3.5]])).not.toStayCaptured(1, { center: [5, 5], norm: '2' });
  });
  it('judges the ∞-norm around the origin from the summary, so coordinates need not be recorded', () => {
    expect(summaryTraceOf([[0.5, -0.5], [0.9, 0.1]])).toStayCaptured(1);
    expect(failureOf(() => expect(summaryTraceOf([[0.5, -0.5], [0.9, -1.5]])).toStayCaptured(1))).toContain('left the inf-norm ball of radius 1 at step 1: distance 1.5');
  });
  it('a run that left before turning NaN has left (a diverging run)', () => {
    expect(traceOf([[0.5], [2], [NaN]])).not.toStayCaptured(1);
    expect(failureOf(() => expect(summaryTraceOf([[0.5], [Infinity], [NaN]])).toStayCaptured(1))).toContain('left the inf-norm ball of radius 1 at step 1: distance Infinity');
  });
  it('works as an asymmetric matcher', () => {
    expect({ run: inside }).toEqual({ run: expect.toStayCaptured(1) });
    expect({ run: escapes }).not.toEqual({ run: expect.toStayCaptured(1) });
  });
  it('refuses, under .not too, NaN and a distance it cannot measure from the recorded coordinates', () => {
    expect(() => expect(summaryTraceOf([[0.5], [NaN]])).not.toStayCaptured(1)).toThrow('toStayCaptured: trace: distance at step 1: expected a number; a NaN cannot be judged, got NaN');
    expect(() => expect(traceOf([[0.5], [NaN]])).not.toStayCaptured(1, { norm: '2' })).toThrow('toStayCaptured: trace: distance at step 1');
    expect(() => expect(traceOf([[0.5, 0], [0.2, NaN]])).toStayCaptured(1, { center: [0, 0] })).toThrow('toStayCaptured: trace: distance at step 1');
    const subset = traceOf([[0.5, 0.5], [0.1, 2]], undefined, Int32Array.from([0]));
    expect(() => expect(subset).not.toStayCaptured(1, { norm: '2' })).toThrow('toStayCaptured: trace.coordinates: capture in the 2-norm needs every coordinate recorded, got "1 of 2"');
    expect(() => expect(subset).not.toStayCaptured(1, { center: [0] })).toThrow('toStayCaptured: trace.coordinates: capture in the inf-norm around a centre needs every coordinate recorded');
  });
  it('throws on bad arguments, under .not too', () => {
    expect(() => expect(42).toStayCaptured(1)).toThrow('toStayCaptured: received: expected an optspec Trace');
    expect(() => expect(42).not.toStayCaptured(1)).toThrow('toStayCaptured: received: expected an optspec Trace');
    expect(() => expect(inside).toStayCaptured(-1)).toThrow('toStayCaptured: radius: expected a finite number > 0, got -1');
    expect(() => expect(inside).toStayCaptured(1, { norm: '1' as never })).toThrow('toStayCaptured: options.norm: expected "inf" or "2", got "1"');
    expect(() => expect(inside).toStayCaptured(1, { center: [0] })).toThrow('toStayCaptured: options.center: expected 2 numbers, one per recorded coordinate, got 1');
    expect(() => expect(inside).not.toStayCaptured(1, { center: [0, NaN] })).toThrow('toStayCaptured: options.center[1]: expected a finite number, got NaN');
  });
});
