import { describe, expect, it } from 'vitest';
import { l1, sgd, runTrace, rng, uniformArray } from '../../src/index.ts';
import { traceFromJsonlText, traceToJsonl, JSONL_FORMAT } from '../../src/trace/jsonl.ts';

const header = (extra = {}) => JSON.stringify({ format: JSONL_FORMAT, dim: 2, ...extra });
const lines = (...rows: object[]) => [header(), ...rows.map((r) => JSON.stringify(r))].join('\n');

describe('traceFromJsonl: traces recorded elsewhere', () => {
  const trace = runTrace({ problem: l1({ lambda: 1, dim: 4 }), optimizer: sgd({ lr: 0.01 }), init: uniformArray(rng(3), 4, -1, 1), steps: 150 });

  it('reads back what traceToJsonl wrote, bit for bit', () => {
    const back = traceFromJsonlText(traceToJsonl(trace));
    expect(back.length).toBe(trace.length);
    for (const f of ['params', 'loss', 'gradNorm', 'l1Norm', 'linfNorm', 'zeros'] as const) expect(Array.from(back[f].subarray(0, back.length * (f === 'params' ? 4 : 1)))).toEqual(Array.from(trace[f]));
    expect(back.meta).toMatchObject({ optimizer: 'sgd', dim: 4, steps: 150, precision: 'float64' });
  });

  it('runs the matchers, which reach the same verdicts as on the original trace', () => {
    const back = traceFromJsonlText(traceToJsonl(trace));
    expect(back).toNeverHitZero();
    expect(back).toEnterTwoCycle(0.01);
    expect(back).not.toKeepLossBelow(0.5);
  });

  it('keeps NaN, ±Infinity and −0 in params, and computes the norms and the zero count from them', () => {
    const t = traceFromJsonlText(lines({ step: 0, loss: 1, params: ['-0', 2] }, { step: 1, loss: 'NaN', params: ['-Infinity', 'NaN'], gradNorm: 'Infinity' }));
    expect(Object.is(t.row(0)[0], -0)).toBe(true);
    expect(t.zeros[0]).toBe(1);
    expect(t.l1Norm[0]).toBe(2);
    expect(t.row(1)[0]).toBe(-Infinity);
    expect(t.loss[1]).toBeNaN();
    expect(t.gradNorm[1]).toBe(Infinity);
    expect(t.gradNorm[0]).toBeNaN(); // not recorded: NaN, never a vacuous 0
    expect(t.linfNorm[1]).toBeNaN();
  });

  it('reads named summaries without parameters', () => {
    const t = traceFromJsonlText(lines({ step: 0, loss: 2, l1Norm: 3, linfNorm: 2, zeros: 0, smallFraction: 0.1 }, { step: 1, loss: 1, l1Norm: 2, linfNorm: 1, zeros: 1 }));
    expect(t.width).toBe(0);
    expect(Array.from(t.summary('smallFraction'))).toEqual([0.1, NaN]);
    expect(t.zeros[1]).toBe(1);
    expect(() => t.summary('accuracy')).toThrow('no summary "accuracy" (it has: smallFraction)');
    expect(t).not.toNeverHitZero();
  });

  it.each([
    ['an empty file', '', /trace.jsonl: is empty/],
    ['a missing header', JSON.stringify({ step: 0, loss: 1 }), /line 1: format: expected "optspec-trace-jsonl\/1" on the first line, got nothing/],
    ['a bad dim', JSON.stringify({ format: JSONL_FORMAT, dim: -1 }), /line 1: dim: expected the parameter count/],
    ['no steps', header(), /has no steps/],
    ['a line that is not JSON', `${header()}\n{"step":0,`, /line 2: is not JSON/],
    ['a gap in the steps', lines({ step: 0, loss: 1, params: [1, 2] }, { step: 2, loss: 1, params: [1, 2] }), /line 3: step: expected 1: rows are consecutive steps from 0, got 2/],
    ['a missing loss', lines({ step: 0, params: [1, 2] }), /line 2: loss: expected the loss at this step/],
    ['a loss that is not a number', lines({ step: 0, loss: 'big', params: [1, 2] }), /line 2: loss: expected a number or one of "NaN"/],
    ['params of the wrong length', lines({ step: 0, loss: 1, params: [1] }), /line 2: params: expected 2 numbers/],
    ['params in some rows only', lines({ step: 0, loss: 1, params: [1, 2] }, { step: 1, loss: 1 }), /line 3: params: expected 2 numbers, as in the other rows/],
    ['summaries missing without params', lines({ step: 0, loss: 1, l1Norm: 1, linfNorm: 1 }), /line 2: zeros: expected a number: the row does not hold all dim parameters/],
    ['a zero count out of range', lines({ step: 0, loss: 1, l1Norm: 1, linfNorm: 1, zeros: 3 }), /line 2: zeros: expected a count in 0..2, got 3/],
    ['an unknown header field', JSON.stringify({ format: JSONL_FORMAT, dim: 2, optimiser: 'x' }), /line 1: optimiser: unknown header field/],
  ])('rejects %s in one line naming the line and field', (_label, text, message) => {
    expect(() => traceFromJsonlText(text)).toThrow(message);
  });
});
