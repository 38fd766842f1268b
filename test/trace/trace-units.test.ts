import { describe, expect, it } from 'vitest';
import { Trace } from '../../src/trace/trace.ts';
import { runTrace } from '../../src/trace/run.ts';
import { traceToJson, traceFromJson, encodeNumber, decodeNumber } from '../../src/trace/serialize.ts';
import { defineOptimizer } from '../../src/optimizers/optimizer.ts';
import { sgd, rmsprop, ista } from '../../src/optimizers/index.ts';
import { l1 } from '../../src/problems/l1.ts';
import { leastSquares } from '../../src/problems/least-squares.ts';

const meta = { problem: 'p', optimizer: 'o', hyper: {}, dim: 3, steps: 2, precision: 'float64' as const };

describe('Trace', () => {
  it('bytes: 8 per recorded value and state value, 36 per row for the summaries', () => {
    expect(Trace.bytes(9, 3, 2)).toBe(10 * (8 * 3 * 3 + 8 * 4 + 4));
    expect(Trace.bytes(0, 0, 0)).toBe(36);
  });
  it('records the summaries over every coordinate: loss, ‖g‖₂, ‖β‖₁, ‖β‖∞, zeros (−0 too)', () => {
    const t = new Trace(meta, { coordinates: Int32Array.from([2]), state: [] });
    t.record(Float64Array.from([3, -0, -4]), 7, Float64Array.from([3, 4, 0]));
    expect([t.loss[0], t.gradNorm[0], t.l1Norm[0], t.linfNorm[0], t.zeros[0]]).toEqual([7, 5, 7, 4, 1]);
    expect(t.rows).toBe(1);
    expect(Array.from(t.row(0))).toEqual([-4]);
  });
  it('a NaN anywhere makes ‖β‖∞ NaN', () => {
    const t = new Trace(meta, { coordinates: null, state: [] });
    t.record(Float64Array.from([NaN, 1, 2]), 0, new Float64Array(3));
    t.record(Float64Array.from([1, 2, NaN]), 0, new Float64Array(3));
    expect(t.linfNorm[0]).toBeNaN();
    expect(t.linfNorm[1]).toBeNaN();
  });
  it('columns and state rows read the recorded coordinates in order', () => {
    const t = new Trace(meta, { coordinates: Int32Array.from([2, 0]), state: ['v'] });
    t.record(Float64Array.from([1, 2, 3]), 0, new Float64Array(3), { v: Float64Array.from([10, 20, 30]) });
    t.record(Float64Array.from([4, 5, 6]), 0, new Float64Array(3), { v: Float64Array.from([40, 50, 60]) });
    expect(Array.from(t.column(0))).toEqual([3, 6]);
    expect(Array.from(t.column(1))).toEqual([1, 4]);
    expect(Array.from(t.stateRow('v', 1))).toEqual([60, 40]);
    expect(Array.from(t.stateRow('v', 0))).toEqual([30, 10]);
  });
  it('refuses a row past its size, a missing state vector, and rows outside it', () => {
    const t = new Trace({ ...meta, steps: 0 }, { coordinates: null, state: ['v'] });
    expect(() => t.record(new Float64Array(3), 0, new Float64Array(3), {})).toThrow('optimizer o has no state vector "v" to record');
    expect(() => t.record(new Float64Array(3), 0, new Float64Array(3), { v: 1 })).toThrow('optimizer o has no state vector "v" to record');
    t.record(new Float64Array(3), 0, new Float64Array(3), { v: new Float64Array(3) });
    expect(() => t.record(new Float64Array(3), 0, new Float64Array(3), { v: new Float64Array(3) })).toThrow('trace is full: it was sized for 0 steps');
    expect(() => t.row(-1)).toThrow('row -1 is outside the trace (rows 0..0)');
    expect(() => t.row(0.5)).toThrow('row 0.5 is outside the trace');
    expect(() => t.row(1)).toThrow('row 1 is outside the trace');
    expect(() => t.stateRow('v', 1)).toThrow('row 1 is outside the trace');
    expect(() => t.stateRow('w', 0)).toThrow('the trace did not record optimizer state "w" (recorded: v)');
    const two = new Trace(meta, { coordinates: null, state: ['v', 'w'] });
    expect(() => two.stateRow('x', 0)).toThrow('the trace did not record optimizer state "x" (recorded: v, w)');
  });
});

describe('runTrace', () => {
  const problem = l1({ lambda: 1, dim: 2 });
  it('keeps the run in the meta', () => {
    const t = runTrace({ problem, optimizer: sgd({ lr: 0.5 }), init: [1, -2], steps: 2, seed: 9 });
    expect(t.meta).toEqual({ problem: 'l1', optimizer: 'sgd', hyper: sgd({ lr: 0.5 }).hyper, dim: 2, steps: 2, precision: 'float64', seed: 9 });
    expect(Array.from(t.row(2))).toEqual([0, -1]);
  });
  it('accepts a run at exactly its memory bound', () => {
    const bytes = Trace.bytes(3, 2, 0);
    expect(runTrace({ problem, optimizer: sgd({ lr: 0.1 }), init: [1, 1], steps: 3, maxBytes: bytes }).length).toBe(4);
    expect(() => runTrace({ problem, optimizer: sgd({ lr: 0.1 }), init: [1, 1], steps: 3, maxBytes: bytes - 1 })).toThrow('steps: a trace of 3 steps');
  });
  it('names bad steps, start and coordinates', () => {
    expect(() => runTrace({ problem, optimizer: sgd({ lr: 0.1 }), init: [1, 1], steps: -1 })).toThrow('steps: expected an integer >= 0, got -1');
    expect(() => runTrace({ problem, optimizer: sgd({ lr: 0.1 }), init: [1], steps: 1 })).toThrow('init: expected 2 numbers, one per parameter (found 1)');
    for (const [j, bad] of [[2, 2], [-1, -1], [0.5, 0.5]]) {
      expect(() => runTrace({ problem, optimizer: sgd({ lr: 0.1 }), init: [1, 1], steps: 1, coordinates: [0, j] })).toThrow(`coordinates[1]: expected an index in 0..1, got ${bad}`);
    }
    expect(runTrace({ problem, optimizer: sgd({ lr: 0.1 }), init: [1, 1], steps: 1, coordinates: [1, 0] }).coordinate(1)).toBe(0);
  });
  it('refuses proximal gradient on a problem without an L1 term', () => {
    const ls = leastSquares({ Z: { rows: 1, cols: 2, data: Float64Array.from([1, 1]) }, y: Float64Array.from([1]) });
    expect(() => runTrace({ problem: ls, optimizer: ista({ lr: 0.1 }), init: [0, 0], steps: 1 })).toThrow('optimizer.name: proximal gradient needs a problem with an L1 term; least-squares has none, got "ista"');
  });
  it('asks the optimizer for its state only when recording some', () => {
    let asked = 0;
    const counting = defineOptimizer('counting', {}, () => ({ step() {}, state: () => (asked++, { v: new Float64Array(2) }) }));
    runTrace({ problem, optimizer: counting, init: [1, 1], steps: 2 });
    expect(asked).toBe(0);
    runTrace({ problem, optimizer: counting, init: [1, 1], steps: 2, state: ['v'] });
    expect(asked).toBe(3);
    const stateless = defineOptimizer('stateless', {}, () => ({ step() {} }));
    expect(() => runTrace({ problem, optimizer: stateless, init: [1, 1], steps: 1, state: ['v'] })).toThrow('optimizer stateless has no state vector "v" to record');
  });
  it('reports progress every `progressEvery` steps and at the last', () => {
    const seen: number[] = [];
    runTrace({ problem, optimizer: sgd({ lr: 0.1 }), init: [1, 1], steps: 5, progressEvery: 2, onProgress: (k, n) => seen.push(k, n) });
    expect(seen).toEqual([2, 5, 4, 5, 5, 5]);
  });
});

describe('trace JSON', () => {
  it('numbers: the four non-JSON values travel as strings, every other number as itself', () => {
    expect([NaN, Infinity, -Infinity, -0, 0, -2, 0.1].map(encodeNumber)).toEqual(['NaN', 'Infinity', '-Infinity', '-0', 0, -2, 0.1]);
    expect(decodeNumber('f', 'NaN')).toBeNaN();
    expect(decodeNumber('f', 'Infinity')).toBe(Infinity);
    expect(decodeNumber('f', '-Infinity')).toBe(-Infinity);
    expect(Object.is(decodeNumber('f', '-0'), -0)).toBe(true);
    expect(decodeNumber('f', -2)).toBe(-2);
    expect(() => decodeNumber('loss[3]', 'nan')).toThrow('loss[3]: expected a number or one of "NaN", "Infinity", "-Infinity", "-0", got "nan"');
  });
  it('writes one row per step, and state rows of the recorded width', () => {
    const t = runTrace({ problem: l1({ lambda: 2, dim: 2 }), optimizer: rmsprop({ lr: 0.1, alpha: 0.5 }), init: [1, -1], steps: 2, state: ['squareAvg'] });
    const j = traceToJson(t);
    expect(j.params.length).toBe(3);
    expect(j.params[0]).toEqual([1, -1]);
    expect(j.state.squareAvg).toEqual([[0, 0], [2, 2], [3, 3]]);
    const back = traceFromJson(JSON.parse(JSON.stringify(j)));
    expect(Array.from(back.stateRow('squareAvg', 2))).toEqual([3, 3]);
    expect(Array.from(back.row(2))).toEqual(Array.from(t.row(2)));
    expect([back.gradNorm[1], back.l1Norm[1], back.linfNorm[1], back.zeros[1]]).toEqual([t.gradNorm[1], t.l1Norm[1], t.linfNorm[1], t.zeros[1]]);
  });
  it('reads a trace whose meta names fewer steps than its rows, and one without state', () => {
    const j = traceToJson(runTrace({ problem: l1({ lambda: 1, dim: 1 }), optimizer: sgd({ lr: 0.25 }), init: [1], steps: 3 }));
    const { state: _drop, ...noState } = { ...j, meta: { ...j.meta, steps: 0 } };
    const back = traceFromJson(noState);
    expect(back.length).toBe(4);
    expect(back.loss[3]).toBe(0.25);
    expect(back.row(3)[0]).toBe(0.25);
  });
  it('names the field of a bad value, and refuses what is not a trace', () => {
    const j = traceToJson(runTrace({ problem: l1({ lambda: 1, dim: 1 }), optimizer: sgd({ lr: 0.25 }), init: [1], steps: 1, state: ['momentumBuffer'] }));
    for (const field of ['loss', 'gradNorm', 'l1Norm', 'linfNorm'] as const) {
      expect(() => traceFromJson({ ...j, [field]: [0, 'x'] })).toThrow(`${field}[1]: expected a number or one of`);
    }
    expect(() => traceFromJson({ ...j, params: [[1], ['x']] })).toThrow('params[1][0]: expected a number or one of');
    expect(() => traceFromJson({ ...j, state: { momentumBuffer: [[0], ['x']] } })).toThrow('state.momentumBuffer[1][0]: expected a number or one of');
    expect(() => traceFromJson(null)).toThrow('format: expected "optspec-trace/1", got nothing (the field is missing)');
    expect(() => traceFromJson({ ...j, format: 'optspec-trace/2' })).toThrow('format: expected "optspec-trace/1", got "optspec-trace/2"');
  });
});
