import { describe, expect, it } from 'vitest';
import { Layout, flatLayout, makeLayout, tensorView, matrixShape } from '../../src/optimizers/layout.ts';
import { sgd } from '../../src/optimizers/sgd.ts';
import { defineOptimizer } from '../../src/optimizers/optimizer.ts';
import { runTrace } from '../../src/trace/run.ts';
import { paritySuite } from '../../src/check/suite.ts';

const tensors = [
  { name: 'fc.weight', offset: 0, shape: [2, 3], group: 0 },
  { name: 'fc.bias', offset: 6, shape: [2], group: 1 },
  { name: 'conv.weight', offset: 8, shape: [2, 1, 2, 2], group: 0 },
];

describe('layout', () => {
  it('flat(P) is one 1-D tensor of P in one group without overrides', () => {
    expect(Layout.flat(4)).toEqual({ dim: 4, tensors: [{ name: 'params', offset: 0, shape: [4], group: 0 }], groups: [{}] });
    expect(flatLayout(4)).toEqual(Layout.flat(4));
  });

  it('names tensors over one vector; a view writes through', () => {
    const layout = makeLayout({ dim: 16, tensors, groups: [{}, { lr: 0.5, weightDecay: 0 }] });
    const params = Float64Array.from({ length: 16 }, (_, i) => i);
    const bias = tensorView(params, layout.tensors[1]);
    expect(Array.from(bias)).toEqual([6, 7]);
    bias[0] = -1;
    expect(params[6]).toBe(-1);
    expect(layout.groups[1]).toEqual({ lr: 0.5, weightDecay: 0 });
  });

  it('sees a matrix as it is and a conv kernel as rows × the rest; refuses a vector', () => {
    const layout = makeLayout({ dim: 16, tensors, groups: [{}, {}] });
    expect(matrixShape(layout.tensors[0])).toEqual([2, 3]);
    expect(matrixShape(layout.tensors[2])).toEqual([2, 4]);
    expect(() => matrixShape(layout.tensors[1])).toThrow('layout.tensors.fc.bias.shape: expected a matrix (2 or more dimensions), got [2]');
  });

  it('refuses a layout that does not tile [0, dim) exactly, naming the field', () => {
    const t = (over: object) => [{ name: 'a', offset: 0, shape: [2], group: 0 }, { name: 'b', offset: 2, shape: [2], group: 0, ...over }];
    expect(() => makeLayout({ dim: 4, tensors: t({ offset: 1 }) })).toThrow('layout.tensors[1].offset: overlaps the tensor that ends at 2, got 1');
    expect(() => makeLayout({ dim: 5, tensors: t({ offset: 3 }) })).toThrow('layout.tensors[1].offset: leaves parameters 2…2 in no tensor, got 3');
    expect(() => makeLayout({ dim: 3, tensors: t({}) })).toThrow('layout.tensors[1].shape: ends at 4, past the 3 parameters, got [2]');
    expect(() => makeLayout({ dim: 5, tensors: t({}) })).toThrow('layout.dim: the tensors cover only parameters 0…3, got 5');
    expect(() => makeLayout({ dim: 4, tensors: t({ name: 'a' }) })).toThrow('layout.tensors[1].name: expected a name no other tensor has, got "a"');
    expect(() => makeLayout({ dim: 4, tensors: t({ shape: [0] }) })).toThrow('layout.tensors[1].shape[0]: expected a positive integer, got 0');
    expect(() => makeLayout({ dim: 4, tensors: t({ group: 1 }) })).toThrow('layout.tensors[1].group: expected a group index below 1, got 1');
    expect(() => makeLayout({ dim: 4, tensors: t({}), groups: [{ lr: 'big' }] })).toThrow('layout.groups[0].lr: expected a finite number or true/false, got "big"');
    expect(() => makeLayout({ dim: 4, tensors: [] })).toThrow('layout.tensors: expected a non-empty array');
  });

  it('an existing `(dim) => Optimizer` factory works unchanged, with or without a layout', () => {
    const mine = defineOptimizer('mine', { lr: 0.1 }, (dim) => ({ step(p, g) { for (let i = 0; i < dim; i++) p[i] -= 0.1 * g[i]; } }));
    const p = Float64Array.from([1, 2]);
    mine(2, Layout.flat(2)).step(p, Float64Array.from([1, 1]));
    expect(Array.from(p)).toEqual([0.9, 1.9]);
    const { problem, init } = paritySuite()[0];
    const a = runTrace({ problem, optimizer: sgd({ lr: 0.1 }), init, steps: 3 });
    const b = runTrace({ problem, optimizer: Object.assign((dim: number) => sgd({ lr: 0.1 })(dim, Layout.flat(dim)), { optimizerName: 'sgd', hyper: {} }), init, steps: 3 });
    expect(Array.from(b.row(3))).toEqual(Array.from(a.row(3)));
  });
});
