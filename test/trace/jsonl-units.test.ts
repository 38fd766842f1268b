import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { l1, leastSquares, fromRows, sgd, ista, runTrace } from '../../src/index.ts';
import { traceFromJsonl, traceFromJsonlText, traceToJsonl, JSONL_FORMAT } from '../../src/trace/jsonl.ts';
import { testScratchDir } from '../scratch.ts';

/** A JSON Lines text: header fields over { format, dim: 2 }, then the rows. */
const jsonl = (head: object, ...rows: object[]) => [JSON.stringify({ format: JSONL_FORMAT, dim: 2, ...head }), ...rows.map((r) => JSON.stringify(r))].join('\n');
const row = (step: number, params: unknown[], extra = {}) => ({ step, loss: 1, params, ...extra });

describe('traceFromJsonlText: the header', () => {
  it('accepts every documented header field and carries them into the meta', () => {
    const t = traceFromJsonlText(jsonl({ problem: 'l1', optimizer: 'torch.optim.SGD', hyper: { lr: 0.1 }, precision: 'float32', seed: 7, coordinates: [1], small: 1e-8 }, row(0, [3], { l1Norm: 3, linfNorm: 3, zeros: 0 })));
    expect(t.meta).toEqual({ problem: 'l1', optimizer: 'torch.optim.SGD', hyper: { lr: 0.1 }, dim: 2, steps: 0, precision: 'float32', seed: 7 });
    expect(Array.from(t.coordinates!)).toEqual([1]);
    expect(t.row(0)[0]).toBe(3);
    expect(t.header.small).toBe(1e-8);
  });

  it('names what it was not told "recorded", and keeps no seed that is not a number', () => {
    const t = traceFromJsonlText(jsonl({ problem: 5, seed: '7' }, row(0, [1, 2])));
    expect(t.meta).toEqual({ problem: 'recorded', optimizer: 'recorded', hyper: {}, dim: 2, steps: 0, precision: 'float64' });
    expect('seed' in t.meta).toBe(false);
    // the standard row fields are not summaries, and no state is recorded
    expect(Object.keys(t.summaries)).toEqual([]);
    expect(Object.keys(t.state)).toEqual([]);
    expect(() => t.summary('accuracy')).toThrow('the recorded trace has no summary "accuracy" (it has: none)');
  });

  it('takes dim 0, and refuses a dim that is not a whole number', () => {
    expect(traceFromJsonlText(jsonl({ dim: 0 }, { step: 0, loss: 1, l1Norm: 0, linfNorm: 0, zeros: 0 })).width).toBe(0);
    expect(() => traceFromJsonlText(jsonl({ dim: '2' }, row(0, [1, 2])))).toThrow('trace.jsonl line 1: dim: expected the parameter count, an integer >= 0, got "2"');
    expect(() => traceFromJsonlText(jsonl({ dim: 1.5 }, row(0, [1, 2])))).toThrow('line 1: dim: expected the parameter count');
  });

  it('refuses an unknown precision, a coordinate list that is not one, and an index out of 0..dim−1', () => {
    expect(() => traceFromJsonlText(jsonl({ precision: 'float16' }, row(0, [1, 2])))).toThrow('line 1: precision: expected "float64" or "float32", got "float16"');
    expect(() => traceFromJsonlText(jsonl({ coordinates: 1 }, row(0, [1])))).toThrow('line 1: coordinates: expected a list of parameter indices, got 1');
    for (const bad of [-1, 2, 0.5]) expect(() => traceFromJsonlText(jsonl({ coordinates: [0, bad] }, row(0, [1, 2])))).toThrow(`line 1: coordinates[1]: expected an index in 0..1, got ${bad}`);
    expect(traceFromJsonlText(jsonl({ coordinates: null }, row(0, [1, 2]))).coordinates).toBeNull();
    expect(Array.from(traceFromJsonlText(jsonl({ coordinates: [1, 0] }, row(0, [1, 2], { l1Norm: 3, linfNorm: 2, zeros: 0 }))).coordinates!)).toEqual([1, 0]);
  });

  it('refuses an empty file and a header alone with the whole sentence', () => {
    expect(() => traceFromJsonlText('\n  \n', 'run.jsonl')).toThrow('run.jsonl: is empty: expected a header line and one line per step, got ""');
    expect(() => traceFromJsonlText(jsonl({}))).toThrow('trace.jsonl: has no steps: expected one line per step after the header, got "1 line"');
  });

  it('shows a line that is not JSON whole up to 60 characters, cut to 57 and "..." beyond', () => {
    const at60 = `{"step":0,${'x'.repeat(50)}`;
    expect(at60).toHaveLength(60);
    expect(() => traceFromJsonlText(`${jsonl({})}\n${at60}`)).toThrow(`trace.jsonl line 2: is not JSON (`);
    expect(() => traceFromJsonlText(`${jsonl({})}\n${at60}`)).toThrow(`got ${JSON.stringify(at60)}`);
    const at61 = `${at60}y`;
    expect(() => traceFromJsonlText(`${jsonl({})}\n${at61}`)).toThrow(`got ${JSON.stringify(`${at61.slice(0, 57)}...`)}`);
  });

  it('names the line of a row that is JSON but not an object', () => {
    expect(() => traceFromJsonlText(`${jsonl({})}\n[1, 2]`)).toThrow(/^trace\.jsonl line 2: /);
  });
});

describe('traceFromJsonlText: the rows', () => {
  it('computes the norms and the zero count of every row from its params', () => {
    const t = traceFromJsonlText(jsonl({}, row(0, [1, -2]), row(1, [3, 0]), row(2, ['NaN', 5]), row(3, [0, '-0'])));
    expect(Array.from(t.l1Norm)).toEqual([3, 3, NaN, 0]);
    expect(Array.from(t.linfNorm)).toEqual([2, 3, NaN, 0]);
    expect(Array.from(t.zeros)).toEqual([0, 1, 0, 2]);
  });

  it('does not compute the summaries from a subset of the coordinates', () => {
    expect(() => traceFromJsonlText(jsonl({ coordinates: [0] }, row(0, [1])))).toThrow('line 2: l1Norm: expected a number: the row does not hold all dim parameters');
    const t = traceFromJsonlText(jsonl({ coordinates: [0] }, row(0, [1], { l1Norm: 4, linfNorm: 3, zeros: 0 })));
    expect([t.l1Norm[0], t.linfNorm[0], t.zeros[0]]).toEqual([4, 3, 0]);
  });

  it('takes a zero count from 0 to dim and refuses a fraction or a negative count', () => {
    const sums = (zeros: unknown) => jsonl({}, { step: 0, loss: 1, l1Norm: 0, linfNorm: 0, zeros });
    expect(traceFromJsonlText(sums(2)).zeros[0]).toBe(2);
    expect(() => traceFromJsonlText(sums(1.5))).toThrow('line 2: zeros: expected a count in 0..2, got 1.5');
    expect(() => traceFromJsonlText(sums(-1))).toThrow('line 2: zeros: expected a count in 0..2, got -1');
  });

  it('names the field of a value that is not a number', () => {
    expect(() => traceFromJsonlText(jsonl({}, row(0, [1, 'x'])))).toThrow('trace.jsonl line 2: params[1]: expected a number');
    expect(() => traceFromJsonlText(jsonl({}, row(0, [1, 2], { gradNorm: 'x' })))).toThrow('trace.jsonl line 2: gradNorm: expected a number');
  });
});

describe('traceFromJsonl and traceToJsonl', () => {
  it('reads a file, and names a file it cannot read', () => {
    const dir = testScratchDir('optspec-jsonl-');
    const file = join(dir, 't.jsonl');
    writeFileSync(file, jsonl({}, row(0, [1, 2])));
    expect(traceFromJsonl(file).l1Norm[0]).toBe(3);
    expect(() => traceFromJsonl(join(dir, 'missing.jsonl'))).toThrow(`trace: could not be read (ENOENT), got ${JSON.stringify(join(dir, 'missing.jsonl'))}`);
    expect(() => traceFromJsonl(join(dir, 'missing.jsonl'))).toThrow(/^trace: /);
  });

  it('writes a seed, params, a gradient norm and a summary only where there is one', () => {
    const withSeed = traceFromJsonlText(jsonl({ seed: 3 }, row(0, [1, 2], { gradNorm: 1, acc: 0.5 }), row(1, [1, 2])));
    const [head, first, second] = traceToJsonl(withSeed).trim().split('\n').map((l) => JSON.parse(l));
    expect(head.seed).toBe(3);
    expect(first).toMatchObject({ params: [1, 2], gradNorm: 1, acc: 0.5 });
    expect(Object.keys(second)).toEqual(['step', 'loss', 'params', 'l1Norm', 'linfNorm', 'zeros']);
    const bare = traceFromJsonlText(jsonl({ dim: 0 }, { step: 0, loss: 1, l1Norm: 0, linfNorm: 0, zeros: 0 }));
    const [bareHead, bareRow] = traceToJsonl(bare).trim().split('\n').map((l) => JSON.parse(l));
    expect('seed' in bareHead).toBe(false);
    expect('params' in bareRow).toBe(false);
  });
});

describe('runTrace: proximal steps and recorded coordinates', () => {
  it('runs ista on a problem with an L1 term through its smooth part, and refuses one without', () => {
    const t = runTrace({ problem: l1({ lambda: 1, dim: 2 }), optimizer: ista({ lr: 0.1 }), init: [0.05, -1], steps: 3 });
    expect(t.meta.optimizer).toBe('ista');
    expect(t.row(1)[0]).toBe(0); // 0.05 is inside the threshold lr·λ = 0.1
    expect(t.row(1)[1]).toBeCloseTo(-0.9, 15);
    expect(() => runTrace({ problem: leastSquares({ Z: fromRows('Z', [[1, 0], [0, 1]]), y: Float64Array.of(1, 1) }), optimizer: ista({ lr: 0.1 }), init: [1, 1], steps: 1 })).toThrow('optimizer.name: proximal gradient needs a problem with an L1 term');
  });

  it("records no coordinate under coordinates: 'none'", () => {
    const t = runTrace({ problem: l1({ lambda: 1, dim: 2 }), optimizer: sgd({ lr: 0.1 }), init: [1, 1], steps: 2, coordinates: 'none' });
    expect(t.width).toBe(0);
    expect(t.l1Norm[0]).toBe(2);
  });
});

describe('traceFromJsonlText: the edges', () => {
  it('takes none of the standard row fields for a summary', () => {
    const t = traceFromJsonlText(jsonl({}, row(0, [1, 2], { gradNorm: 1, l1Norm: 3, linfNorm: 2, zeros: 0 })));
    expect(Object.keys(t.summaries)).toEqual([]);
    expect(t.gradNorm[0]).toBe(1);
  });

  it('lists the summaries a trace has, and the header fields it allows', () => {
    const t = traceFromJsonlText(jsonl({}, row(0, [1, 2], { acc: 1, top5: 1 })));
    expect(() => t.summary('loss5')).toThrow('(it has: acc, top5)');
    expect(() => traceFromJsonlText(jsonl({ lr: 1 }, row(0, [1, 2])))).toThrow('unknown header field (allowed: format, dim, problem, optimizer, hyper, precision, seed, coordinates, small, layout)');
  });

  it('does not compute the summaries of a row without params, even where dim is 0', () => {
    expect(() => traceFromJsonlText(jsonl({ dim: 0 }, row(0, []), { step: 1, loss: 1 }))).toThrow('trace.jsonl line 3: l1Norm: expected a number: the row does not hold all dim parameters');
  });

  it('writes the recorded coordinates into the header, and reads them back', () => {
    const t = runTrace({ problem: l1({ lambda: 1, dim: 3 }), optimizer: sgd({ lr: 0.1 }), init: [1, 2, 3], steps: 2, coordinates: [2, 0] });
    const text = traceToJsonl(t);
    expect(JSON.parse(text.split('\n')[0]).coordinates).toEqual([2, 0]);
    const back = traceFromJsonlText(text);
    expect(Array.from(back.coordinates!)).toEqual([2, 0]);
    expect(Array.from(back.params)).toEqual(Array.from(t.params.subarray(0, t.length * 2)));
  });
});
