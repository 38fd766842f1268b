import { describe, expect, it } from 'vitest';
import { traceOf, summaryTraceOf } from '../helpers.ts';
import { landings, keepsZeros, jumpsOffZero, neverHitsZero } from '../../src/analysis/zeros.ts';
import { cycleEnvelope, envelopeDistance, entersTwoCycle, sharesCycleWith } from '../../src/analysis/two-cycle.ts';
import { finalL1Norm, lossAbove, lossStaysBelow, endsWithLargerL1Norm } from '../../src/analysis/loss.ts';
import { lossNeverIncreases } from '../../src/analysis/monotone.ts';
import { staysCaptured } from '../../src/analysis/capture.ts';
import { fitGrowth } from '../../src/analysis/growth.ts';
import { requireJudgeable } from '../../src/analysis/judgeable.ts';
import { Trace } from '../../src/trace/trace.ts';

const empty = new Trace({ problem: 'test', optimizer: 'test', hyper: {}, dim: 1, steps: 3, precision: 'float64' }, { coordinates: null, state: [] });

describe('landings', () => {
  it('lists each arrival at exactly 0 from a non-zero value, with the values around it', () => {
    const t = traceOf([[1, 0], [0, 0], [0.5, 1], [-0, 0]], undefined, Int32Array.from([1, 0]));
    // Recorded order is coordinate 1 then 0.
    expect(landings(t)).toEqual([
      { step: 1, coordinate: 0, before: 1, after: 0.5 },
      { step: 3, coordinate: 1, before: 1, after: undefined },
      { step: 3, coordinate: 0, before: 0.5, after: undefined },
    ]);
  });
});

describe('cycle envelopes', () => {
  const t = traceOf([[9, 9], [1, -1], [2, -3], [0, 5]]);
  it('take the low and high of each coordinate over the last rows', () => {
    expect(cycleEnvelope(t)).toEqual({ low: Float64Array.from([0, -3]), high: Float64Array.from([2, 5]) });
    expect(cycleEnvelope(t, 3)).toEqual({ low: Float64Array.from([0, -3]), high: Float64Array.from([2, 5]) });
    expect(cycleEnvelope(t, 1)).toEqual({ low: Float64Array.from([0, 5]), high: Float64Array.from([0, 5]) });
    expect(cycleEnvelope(t, 10)).toEqual({ low: Float64Array.from([0, -3]), high: Float64Array.from([9, 9]) });
  });
  it('a NaN in the window makes that envelope NaN', () => {
    const nan = traceOf([[9], [NaN], [1]]);
    expect(Array.from(cycleEnvelope(nan).low)).toEqual([NaN]);
    expect(Array.from(cycleEnvelope(nan).high)).toEqual([NaN]);
    expect(Array.from(cycleEnvelope(traceOf([[9], [1], [NaN]])).high)).toEqual([NaN]);
  });
  it('envelopeDistance reports the worst coordinate, and a NaN as the worst', () => {
    const u = traceOf([[9, 9], [1, -1], [2, -2], [0, 5]]);
    expect(envelopeDistance(t, u)).toEqual({ distance: 1, coordinate: 1, a: [-3, 5], b: [-2, 5] });
    const nan = traceOf([[9, 9], [1, -1], [NaN, -3], [0, 5]]);
    expect(envelopeDistance(nan, t).distance).toBeNaN();
    expect(envelopeDistance(nan, t).coordinate).toBe(0);
  });
});

describe('finalL1Norm', () => {
  it('averages the last two rows, or takes the only one', () => {
    expect(finalL1Norm(traceOf([[1, 1], [2, -2], [0, -1]]))).toBe(2.5);
    expect(finalL1Norm(traceOf([[3, -1]]))).toBe(4);
  });
});

describe('fitGrowth', () => {
  it('reports the decades and the range of ‖∇L‖ it fitted over', () => {
    const g = [1, 10, 100, 1000, 10000];
    const fit = fitGrowth({ gradNorm: g, hessNorm: g.map((x) => x * x) });
    expect(fit.decades).toBe(4);
    expect(fit.gradRange).toEqual([1, 10000]);
    expect(fit.slope).toBeCloseTo(2, 12);
    expect(fit.n).toBe(5);
  });
});

describe('predicates refuse an empty trace rather than pass on it', () => {
  it.each([
    ['staysCaptured', () => staysCaptured(empty, 1)],
    ['lossNeverIncreases', () => lossNeverIncreases(empty)],
    ['lossStaysBelow', () => lossStaysBelow(empty, 1)],
    ['neverHitsZero', () => neverHitsZero(empty)],
    ['keepsZeros', () => keepsZeros(empty)],
    ['jumpsOffZero', () => jumpsOffZero(empty, 0.5)],
    ['entersTwoCycle', () => entersTwoCycle(empty, 0.5)],
    ['sharesCycleWith', () => sharesCycleWith(empty, empty)],
    ['lossAbove', () => lossAbove(empty, empty, 1)],
    ['endsWithLargerL1Norm', () => endsWithLargerL1Norm(empty, empty)],
  ])('%s', (_name, check) => {
    expect(check).toThrow(/trace\.length: expected at least \d rows/);
  });
});

describe('requireJudgeable', () => {
  it('accepts a trace with what the check reads', () => {
    expect(() => requireJudgeable(traceOf([[1], [2]], [1, 2]), 'trace', { rows: 2, coordinates: true, series: ['loss', 'l1Norm', 'linfNorm'] })).not.toThrow();
    expect(() => requireJudgeable(summaryTraceOf([[1], [2]]), 'trace', { series: ['l1Norm'] })).not.toThrow();
  });
  it('names the trace, the row and the coordinate', () => {
    const t = traceOf([[1, 2], [3, NaN]], undefined, Int32Array.from([1, 0]));
    expect(() => requireJudgeable(t, 'other', { coordinates: true })).toThrow('other: coordinate 1 at step 1: expected a number; a NaN iterate cannot be judged, got NaN');
    expect(() => requireJudgeable(t, 'other', { series: ['linfNorm'] })).toThrow('other.linfNorm[1]: expected a number; a NaN cannot be judged, got NaN');
    expect(() => requireJudgeable(t, 'trace', { rows: 3 })).toThrow('trace.length: expected at least 3 rows (the start and 2 step(s)) to judge, got 2');
  });
  it('reads only the recorded rows of a trace sized for more', () => {
    const t = new Trace({ problem: 'test', optimizer: 'test', hyper: {}, dim: 1, steps: 3, precision: 'float64' }, { coordinates: null, state: [] });
    t.record(Float64Array.from([1]), 1, Float64Array.from([0]));
    t.params[2] = NaN; // a row not yet recorded
    t.loss[2] = NaN;
    expect(() => requireJudgeable(t, 'trace', { coordinates: true, series: ['loss'] })).not.toThrow();
  });
});
