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

describe('boundaries and ties', () => {
  it('finalL1Norm of two rows averages both', () => {
    expect(finalL1Norm(traceOf([[1], [3]]))).toBe(2);
  });
  it('lossStaysBelow refuses a start past the end, and names the first of equal peaks', () => {
    expect(() => lossStaysBelow(traceOf([[0], [0]], [1, 2]), 10, 2)).toThrow('trace.length: expected at least 3 rows');
    expect(lossStaysBelow(traceOf([[0], [0], [0]], [5, 9, 9]), 10).success).toBe('the loss stayed below 10 over steps 0..2 (peak 9 at step 1, 1 below it; compared strictly, no tolerance)');
  });
  it('lossAbove with every gap infinite names the first step of the window', () => {
    const inf = traceOf([[0], [0], [0]], [Infinity, Infinity, Infinity]);
    expect(lossAbove(inf, traceOf([[0], [0], [0]], [1, 1, 1]), 2).success).toBe("the loss is above the other run's at each of the last 2 steps (closest at step 1: by Infinity; compared strictly, no tolerance)");
  });
  it('staysCaptured names the first of equal farthest distances, and only the ∞-norm names a coordinate', () => {
    expect(staysCaptured(traceOf([[0.5], [0.9], [0.9]]), 1).success).toBe('stayed inside the inf-norm ball of radius 1 for all 3 rows (farthest: distance 0.9 at step 1, 0.1 inside; compared strictly, no tolerance)');
    expect(staysCaptured(traceOf([[0.5, 0], [1.5, 0]]), 1, { norm: '2' }).failure).toBe('left the 2-norm ball of radius 1 at step 1: distance 1.5 (0.5 past the radius; compared strictly, no tolerance)');
    expect(staysCaptured(summaryTraceOf([[0.5, 0], [1.5, 0]]), 1).failure).toBe('left the inf-norm ball of radius 1 at step 1: distance 1.5 (0.5 past the radius; compared strictly, no tolerance)');
    expect(staysCaptured(traceOf([[0.5, 0], [0.5, -1.5]]), 1).failure).toBe('left the inf-norm ball of radius 1 at step 1: distance 1.5, coordinate 1 = -1.5 (0.5 past the radius; compared strictly, no tolerance)');
  });
  it('entersTwoCycle: a pass through exactly 0 is not a sign change', () => {
    expect(entersTwoCycle(traceOf([[0.25], [0], [-0.25], [-0.25]]), 0.25).failure).toBe('coordinate 0 never changed sign in 3 steps (last value -0.25); run longer');
  });
  it('entersTwoCycle: a sign change from below is a γ − step, γ pair too', () => {
    expect(entersTwoCycle(traceOf([[-0.3], [-0.05], [0.2], [-0.05], [0.2]]), 0.25).pass).toBe(true);
  });
  it('entersTwoCycle: the tolerance is inclusive on the pair and on the cycle', () => {
    expect(entersTwoCycle(traceOf([[1], [0.5], [-0.25], [0.5]]), 0.5, 0.25).pass).toBe(false); // γ = step is not below it
    expect(entersTwoCycle(traceOf([[1], [0.5], [-0.25], [0.5], [-0.25]]), 0.625, 0.125).pass).toBe(true); // pair off by exactly the tolerance
    expect(entersTwoCycle(traceOf([[1], [0.25], [-0.25], [0.5]]), 0.5, 0.25).pass).toBe(true); // cycle off by exactly the tolerance
  });
  it('jumpsOffZero reports the step after the landing', () => {
    expect(jumpsOffZero(traceOf([[0.5], [0.25], [0], [0]]), 0.5).failure).toBe('coordinate 0 landed on 0 at step 2 from 0.25, then went to 0 at step 3, not −η·β_{N−1} = -0.125 (off by 0.125; compared bit for bit, no tolerance)');
  });
  it('fitGrowth: decades from the smallest to the largest ‖∇L‖, at least 5 samples, and exactly the minimum range will do', () => {
    const g = [10, 100, 1000, 10000, 100000];
    const fit = fitGrowth({ gradNorm: g, hessNorm: g });
    expect(fit.decades).toBe(4);
    expect(fit.gradRange).toEqual([10, 100000]);
    expect(fitGrowth({ gradNorm: [1, 2, 3, 5, 10], hessNorm: [1, 2, 3, 5, 10] }, { minDecades: 1 }).decades).toBe(1);
    expect(() => fitGrowth({ gradNorm: [0, 1, 10, 100, 1000], hessNorm: [1, 1, 1, 1, 1] })).toThrow('samples.gradNorm[0]: expected a finite number > 0, got 0');
  });
  it('requireJudgeable finds a NaN in the very first entry', () => {
    expect(() => requireJudgeable(traceOf([[NaN], [1]]), 'trace', { coordinates: true })).toThrow('trace: coordinate 0 at step 0');
  });
});
