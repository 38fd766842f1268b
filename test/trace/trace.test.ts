import { describe, expect, it } from 'vitest';
import { runTrace } from '../../src/trace/run.ts';
import { traceToJson, traceFromJson } from '../../src/trace/serialize.ts';
import { makeProblem } from '../../src/problems/index.ts';
import { sgd, rmsprop } from '../../src/optimizers/index.ts';
import { l1 } from '../../src/problems/l1.ts';
import { rng, uniformArray } from '../../src/random/rng.ts';

const bits = (a: Float64Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length * 2));

describe('traces', () => {
  it('the same seed gives a bit-identical trace', () => {
    const make = () => {
      const problem = makeProblem({ kind: 'relu-regression', seed: 3, lambda1: 0, lambda2: 0.01 });
      const init = uniformArray(rng(4), problem.dim, -1, 1);
      return runTrace({ problem, optimizer: sgd({ lr: 0.01 }), init, steps: 50 });
    };
    const a = make();
    const b = make();
    expect(bits(a.params)).toEqual(bits(b.params));
    expect(bits(a.loss)).toEqual(bits(b.loss));
  });

  it('a different seed gives a different trace', () => {
    const p1 = makeProblem({ kind: 'lasso', seed: 1, lambda: 0.1 });
    const p2 = makeProblem({ kind: 'lasso', seed: 2, lambda: 0.1 });
    const init = new Float64Array(p1.dim).fill(0.1);
    const a = runTrace({ problem: p1, optimizer: sgd({ lr: 0.01 }), init, steps: 3 });
    const b = runTrace({ problem: p2, optimizer: sgd({ lr: 0.01 }), init, steps: 3 });
    expect(a.loss[3]).not.toBe(b.loss[3]);
  });

  it('round-trips through JSON losing nothing: NaN, ±Infinity and −0 included', () => {
    const trace = runTrace({ problem: l1({ lambda: 1, dim: 3 }), optimizer: sgd({ lr: 0.5 }), init: [1, -0.5, 2], steps: 4, state: ['momentumBuffer'] });
    trace.params[0] = NaN;
    trace.params[1] = -0;
    trace.loss[1] = Infinity;
    trace.gradNorm[2] = -Infinity;
    const text = JSON.stringify(traceToJson(trace));
    const back = traceFromJson(JSON.parse(text));
    expect(bits(back.params)).toEqual(bits(trace.params));
    expect(bits(back.loss)).toEqual(bits(trace.loss));
    expect(bits(back.gradNorm)).toEqual(bits(trace.gradNorm));
    expect(Object.is(back.params[1], -0)).toBe(true);
    expect(back.meta).toEqual(trace.meta);
    expect(bits(back.state.momentumBuffer)).toEqual(bits(trace.state.momentumBuffer));
  });

  it('records a declared subset of coordinates, with summaries over all of them', () => {
    const trace = runTrace({ problem: l1({ lambda: 1, dim: 4 }), optimizer: sgd({ lr: 0.1 }), init: [1, 2, 3, 4], steps: 2, coordinates: [3, 1] });
    expect(trace.width).toBe(2);
    expect(Array.from(trace.row(0))).toEqual([4, 2]);
    expect(trace.l1Norm[0]).toBe(10);
    expect(trace.coordinate(0)).toBe(3);
  });

  it('records optimizer state per step when asked', () => {
    const trace = runTrace({ problem: l1({ lambda: 2, dim: 1 }), optimizer: rmsprop({ lr: 0.1, alpha: 0.5 }), init: [1], steps: 2, state: ['squareAvg'] });
    expect(Array.from(trace.state.squareAvg.subarray(0, 3))).toEqual([0, 2, 3]);
  });

  it('refuses a run over its memory bound before it starts', () => {
    expect(() =>
      runTrace({ problem: l1({ lambda: 1, dim: 1000 }), optimizer: sgd({ lr: 0.1 }), init: new Float64Array(1000), steps: 1000, maxBytes: 1e6 }),
    ).toThrow(/steps: a trace of 1000 steps × 1000 recorded coordinates needs \d+ bytes, over the bound of 1000000/);
  });

  it('reports progress', () => {
    const seen: number[] = [];
    runTrace({ problem: l1({ lambda: 1, dim: 1 }), optimizer: sgd({ lr: 0.1 }), init: [1], steps: 40, onProgress: (k) => seen.push(k) });
    expect(seen).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40]);
  });

  it('names bad rows and state', () => {
    const trace = runTrace({ problem: l1({ lambda: 1, dim: 1 }), optimizer: sgd({ lr: 0.1 }), init: [1], steps: 1 });
    expect(() => trace.row(2)).toThrow('row 2 is outside the trace (rows 0..1)');
    expect(() => trace.stateRow('v', 0)).toThrow('the trace did not record optimizer state "v" (recorded: none)');
  });
});
