import { describe, expect, it } from 'vitest';
import { Trace, type TraceMeta } from '../../src/trace/trace.ts';
import { coordinateLabel } from '../../src/trace/tensor.ts';
import { makeLayout } from '../../src/optimizers/layout.ts';

// Nine parameters: a 2×3 matrix, a bias of 2 and a scalar.
const layout = makeLayout({
  dim: 9,
  tensors: [
    { name: 'fc1.weight', offset: 0, shape: [2, 3] },
    { name: 'fc1.bias', offset: 6, shape: [2] },
    { name: 'scale', offset: 8, shape: [] },
  ],
});
const meta: TraceMeta = { problem: 'p', optimizer: 'o', hyper: {}, dim: 9, steps: 2, precision: 'float64', layout };

/** Three rows in which parameter j at row k is 100·k + j, so a value says where it came from. */
function traceWith(coordinates: Int32Array | null, m: TraceMeta = meta): Trace {
  const t = new Trace(m, { coordinates, state: [] });
  for (let k = 0; k < 3; k++) t.record(Float64Array.from({ length: 9 }, (_, j) => 100 * k + j), 0, new Float64Array(9));
  return t;
}

describe('coordinateLabel', () => {
  it('names a parameter by its tensor and its row-major index, a scalar by its name', () => {
    expect([0, 2, 3, 5, 6, 7, 8].map((j) => coordinateLabel(layout, j))).toEqual([
      'fc1.weight[0,0]', 'fc1.weight[0,2]', 'fc1.weight[1,0]', 'fc1.weight[1,2]', 'fc1.bias[0]', 'fc1.bias[1]', 'scale',
    ]);
    const kernel = makeLayout({ dim: 24, tensors: [{ name: 'conv', offset: 0, shape: [2, 3, 2, 2] }] });
    expect(coordinateLabel(kernel, 23)).toBe('conv[1,2,1,1]');
    expect(coordinateLabel(kernel, 13)).toBe('conv[1,0,0,1]');
    // An offset that is no multiple of the tensor's size: the index counts from the tensor's start.
    const odd = makeLayout({ dim: 5, tensors: [{ name: 'a', offset: 0, shape: [2] }, { name: 'c', offset: 2, shape: [3] }] });
    expect([2, 3, 4].map((j) => coordinateLabel(odd, j))).toEqual(['c[0]', 'c[1]', 'c[2]']);
  });
  it('keeps the plain wording without a layout', () => {
    expect(coordinateLabel(undefined, 7)).toBe('coordinate 7');
  });
  it('Trace.label names recorded column j by the parameter it holds', () => {
    const t = traceWith(Int32Array.from([7, 3]));
    expect([t.label(0), t.label(1)]).toEqual(['fc1.bias[1]', 'fc1.weight[1,0]']);
    const { layout: _, ...flat } = meta;
    expect(traceWith(Int32Array.from([7]), flat).label(0)).toBe('coordinate 7');
  });
});

describe('trace.tensor(name)', () => {
  it('gives the tensor\'s shape, its slice of each row and each coordinate over the rows', () => {
    const t = traceWith(null);
    const w = t.tensor('fc1.weight');
    expect([w.shape, w.size, w.offset, w.length]).toEqual([[2, 3], 6, 0, 3]);
    expect(Array.from(w.row(1))).toEqual([100, 101, 102, 103, 104, 105]);
    expect(Array.from(w.coordinate([1, 2]))).toEqual([5, 105, 205]);
    expect(Array.from(w.coordinate(4))).toEqual([4, 104, 204]);
    const b = t.tensor('fc1.bias');
    expect([b.shape, b.offset]).toEqual([[2], 6]);
    expect(Array.from(b.row(2))).toEqual([206, 207]);
    expect(Array.from(b.coordinate([1]))).toEqual([7, 107, 207]);
    const s = t.tensor('scale');
    expect(Array.from(s.row(1))).toEqual([108]);
    expect(Array.from(s.coordinate([]))).toEqual([8, 108, 208]);
    expect(w.recorded).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('refuses an unknown name with one line listing the names', () => {
    expect(() => traceWith(null).tensor('fc2.weight')).toThrow(/^tensor: expected one of the trace's tensors: fc1\.weight, fc1\.bias, scale, got "fc2\.weight"$/);
  });

  it('a trace without a layout holds one tensor, params', () => {
    const { layout: _, ...flat } = meta;
    const t = traceWith(null, flat);
    expect(Array.from(t.tensor('params').row(2))).toEqual(Array.from({ length: 9 }, (_, j) => 200 + j));
    expect(() => t.tensor('fc1.weight')).toThrow("tensor: expected one of the trace's tensors: params, got \"fc1.weight\"");
  });

  it('on a trace of some coordinates, reads those and says which they are', () => {
    const t = traceWith(Int32Array.from([5, 7, 1]));
    const w = t.tensor('fc1.weight');
    expect(w.recorded).toEqual([1, 5]);
    expect(Array.from(w.coordinate([1, 2]))).toEqual([5, 105, 205]);
    expect(Array.from(w.coordinate(1))).toEqual([1, 101, 201]);
    expect(() => w.coordinate([0, 0])).toThrow('tensor fc1.weight: was not recorded: the trace holds fc1.weight[0,1], fc1.weight[1,2], got "fc1.weight[0,0]"');
    expect(() => w.row(0)).toThrow('tensor fc1.weight: expected all of the tensor\'s coordinates to read a whole row; the trace holds fc1.weight[0,1], fc1.weight[1,2]: read those with coordinate(j), got "2 of 6 coordinates recorded"');
    expect(() => t.tensor('scale').coordinate(0)).toThrow('the trace holds none of its coordinates');
    // A tensor recorded whole, in another order, reads back in its own order.
    const b = traceWith(Int32Array.from([7, 0, 6])).tensor('fc1.bias');
    expect(Array.from(b.row(1))).toEqual([106, 107]);
  });

  it('refuses an index outside the shape, naming the dimension', () => {
    const w = traceWith(null).tensor('fc1.weight');
    expect(() => w.coordinate([2, 0])).toThrow('tensor fc1.weight: index: expected index 0 in 0..1, got [2,0]');
    expect(() => w.coordinate([0, 3])).toThrow('expected index 1 in 0..2');
    expect(() => w.coordinate([0])).toThrow('expected 2 indices, one per dimension of shape [2,3]');
    expect(() => w.coordinate(6)).toThrow('tensor fc1.weight: index: expected a flat index in 0..5, got 6');
    expect(() => w.row(3)).toThrow('row 3 is outside the trace (rows 0..2)');
  });

  it('a trace refuses a layout for another number of parameters', () => {
    expect(() => new Trace({ ...meta, dim: 8 }, { coordinates: null, state: [] })).toThrow("meta.layout.dim: expected 8, the trace's parameter count, got 9");
  });
});
