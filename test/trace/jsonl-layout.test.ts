import { describe, expect, it } from 'vitest';
import { traceFromJsonlText, traceToJsonl, JSONL_FORMAT } from '../../src/trace/jsonl.ts';
import { traceToJson, traceFromJson, traceJsonChunks } from '../../src/trace/serialize.ts';
import { Trace } from '../../src/trace/trace.ts';
import { makeLayout } from '../../src/optimizers/layout.ts';
import { MAX_TENSOR_DIMENSIONS } from '../../src/trace/layout-json.ts';

/** A JSON Lines text of dim 6 (a 2×2 matrix and a bias of 2), its header's layout given, rows 0 and 1. */
const jsonl = (layout: unknown, head: object = {}) =>
  [
    JSON.stringify({ format: JSONL_FORMAT, dim: 6, layout, ...head }),
    JSON.stringify({ step: 0, loss: 1, params: [0, 1, 2, 3, 4, 5] }),
    JSON.stringify({ step: 1, loss: 1, params: [10, 11, 12, 13, 14, 15] }),
  ].join('\n');
const w = { name: 'w', shape: [2, 2] };
const b = { name: 'b', shape: [2] };
const read = (layout: unknown, head: object = {}) => traceFromJsonlText(jsonl(layout, head));

describe('the JSONL header layout: read', () => {
  it('places tensors without offsets in the order of flattening, in one group', () => {
    const t = read({ tensors: [w, b] });
    expect(t.meta.layout).toEqual({ dim: 6, tensors: [{ ...w, offset: 0, group: 0 }, { ...b, offset: 4, group: 0 }], groups: [{}] });
    expect(Array.from(t.tensor('w').row(1))).toEqual([10, 11, 12, 13]);
    expect(Array.from(t.tensor('b').coordinate(1))).toEqual([5, 15]);
    expect(Array.from(t.tensor('w').coordinate([1, 0]))).toEqual([2, 12]);
  });

  it('takes explicit offsets in any order, and groups with their overrides', () => {
    const t = read({ tensors: [{ ...b, offset: 4, group: 1 }, { ...w, offset: 0 }], groups: [{}, { lr: 0.1, weightDecay: 0 }] });
    expect(Array.from(t.tensor('b').row(0))).toEqual([4, 5]);
    expect(t.tensor('b').group).toBe(1);
    expect(t.meta.layout!.groups[1]).toEqual({ lr: 0.1, weightDecay: 0 });
  });

  it('works with the header\'s coordinates: a tensor holds the recorded ones', () => {
    const text = [
      JSON.stringify({ format: JSONL_FORMAT, dim: 6, coordinates: [5, 1], layout: { tensors: [w, b] } }),
      JSON.stringify({ step: 0, loss: 1, params: [5, 1], l1Norm: 15, linfNorm: 5, zeros: 1 }),
    ].join('\n');
    const t = traceFromJsonlText(text);
    expect(t.tensor('b').recorded).toEqual([1]);
    expect(Array.from(t.tensor('b').coordinate(1))).toEqual([5]);
    expect(() => t.tensor('w').row(0)).toThrow('the trace holds w[0,1]');
  });

  it('refuses a layout that does not tile [0, dim), in one line naming the field', () => {
    const at = 'trace.jsonl line 1: layout';
    const cases: [unknown, string][] = [
      [{ tensors: [w, { ...b, name: 'w' }] }, `${at}.tensors[1].name: expected a name no other tensor has, got "w"`],
      [{ tensors: [w, { ...b, offset: 3 }] }, `${at}.tensors[1].offset: overlaps the tensor that ends at 4, got 3`],
      [{ tensors: [w, { ...b, offset: 5 }] }, `${at}.tensors[1].offset: leaves parameters 4…4 in no tensor, got 5`],
      [{ tensors: [w] }, `${at}.dim: the tensors cover only parameters 0…3, got 6`],
      [{ tensors: [w, { ...b, shape: [3] }] }, `${at}.tensors[1].shape: ends at 7, past the 6 parameters, got [3]`],
      [{ tensors: [{ ...w, shape: [2, 0] }, b] }, `${at}.tensors[0].shape[1]:`],
      [{ tensors: [{ ...w, shape: [2, 1.5] }, b] }, `${at}.tensors[0].shape[1]:`],
      [{ tensors: [{ ...w, shape: 4 }, b] }, `${at}.tensors[0].shape: expected an array of positive integers, got 4`],
      [{ tensors: [{ ...w, name: '' }, b] }, `${at}.tensors[0].name: expected a non-empty name, got ""`],
      [{ tensors: [w, { ...b, offset: -4 }] }, `${at}.tensors[1].offset:`],
      [{ tensors: [w, { ...b, group: 1 }] }, `${at}.tensors[1].group: expected a group index below 1, got 1`],
      [{ tensors: [w, b], groups: [{ lr: 'fast' }] }, `${at}.groups[0].lr: expected a finite number or true/false, got "fast"`],
      [{ tensors: [{ ...w, size: 4 }, b] }, `${at}.tensors[0].size: unknown field (allowed: name, shape, offset, group), got 4`],
      [{ tensors: [w, b], dim: 6 }, `${at}.dim: unknown field (allowed: tensors, groups), got 6`],
      [{ tensors: [] }, `${at}.tensors: expected a non-empty array`],
      [[w, b], `${at}: expected an object`],
      [{ tensors: Array.from({ length: 7 }, (_, i) => ({ name: `t${i}`, shape: [1] })) }, `${at}.tensors: expected at most 6 (each holds at least one of the 6 parameters; optspec's cap is 100000), got "7 tensors"`],
      [{ tensors: [{ ...w, shape: new Array(MAX_TENSOR_DIMENSIONS + 1).fill(1) }, b] }, `${at}.tensors[0].shape: expected at most 64, got "65 dimensions"`],
    ];
    for (const [layout, message] of cases) {
      let thrown: Error | undefined;
      try {
        read(layout);
      } catch (err) {
        thrown = err as Error;
      }
      expect(thrown?.name, JSON.stringify(layout)).toBe('InputError');
      expect(thrown!.message, JSON.stringify(layout)).toContain(message);
      expect(thrown!.message).not.toContain('\n');
    }
  });

  it('a header without a layout gives a trace without one', () => {
    const t = traceFromJsonlText(jsonl(undefined));
    expect('layout' in t.meta).toBe(false);
    expect(Array.from(t.tensor('params').row(0))).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('the layout written back', () => {
  const layout = makeLayout({ dim: 6, tensors: [{ ...b, offset: 4, group: 1 }, { ...w, offset: 0 }], groups: [{}, { lr: 0.5 }] });
  const trace = () => {
    const t = new Trace({ problem: 'p', optimizer: 'o', hyper: {}, dim: 6, steps: 1, precision: 'float64', layout }, { coordinates: null, state: [] });
    t.record(Float64Array.from([0, 1, 2, 3, 4, 5]), 1, new Float64Array(6));
    t.record(Float64Array.from([10, 11, 12, 13, 14, 15]), 1, new Float64Array(6));
    return t;
  };

  it('traceToJsonl writes the header layout, and reading it gives the same layout back', () => {
    const text = traceToJsonl(trace());
    expect(JSON.parse(text.split('\n')[0]).layout).toEqual({ tensors: [{ ...b, offset: 4, group: 1 }, { ...w, offset: 0, group: 0 }], groups: [{}, { lr: 0.5 }] });
    const back = traceFromJsonlText(text);
    expect(back.meta.layout).toEqual(layout);
    expect(Array.from(back.tensor('b').row(1))).toEqual([14, 15]);
  });

  it('a trace without a layout writes no layout field', () => {
    const t = new Trace({ problem: 'p', optimizer: 'o', hyper: {}, dim: 2, steps: 0, precision: 'float64' }, { coordinates: null, state: [] });
    t.record(Float64Array.from([1, 2]), 1, new Float64Array(2));
    expect(Object.keys(JSON.parse(traceToJsonl(t).split('\n')[0]))).not.toContain('layout');
    expect(Object.keys(traceToJson(t).meta)).not.toContain('layout');
  });

  it('the JSON form keeps it too, in one piece or in chunks, and checks it when read', () => {
    const json = traceToJson(trace());
    expect([...traceJsonChunks(trace())].join('')).toBe(JSON.stringify(json));
    const back = traceFromJson(JSON.parse(JSON.stringify(json)));
    expect(back.meta.layout).toEqual(layout);
    expect(Array.from(back.tensor('w').coordinate([1, 1]))).toEqual([3, 13]);
    const bad = JSON.parse(JSON.stringify(json));
    bad.meta.layout.tensors[1].name = 'b';
    expect(() => traceFromJson(bad)).toThrow('meta.layout.tensors[1].name: expected a name no other tensor has, got "b"');
  });
});
