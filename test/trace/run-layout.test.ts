import { describe, expect, it } from 'vitest';
import { runTrace } from '../../src/trace/run.ts';
import { l1 } from '../../src/problems/l1.ts';
import { sgd } from '../../src/optimizers/index.ts';
import { defineOptimizer } from '../../src/optimizers/optimizer.ts';
import { flatLayout, makeLayout, type Layout } from '../../src/optimizers/layout.ts';

const layout = makeLayout({ dim: 6, tensors: [{ name: 'w', offset: 0, shape: [2, 2] }, { name: 'b', offset: 4, shape: [2] }] });
const problem = l1({ lambda: 0.5, dim: 6 });
const init = [1, -2, 3, -4, 5, -6];

describe('runTrace records the layout', () => {
  it('given as an option: the trace carries it and reads each tensor by name', () => {
    const t = runTrace({ problem, optimizer: sgd({ lr: 0.1 }), init, steps: 3, layout });
    expect(t.meta.layout).toBe(layout);
    expect(t.tensor('w').shape).toEqual([2, 2]);
    for (let k = 0; k <= 3; k++) {
      expect(Array.from(t.tensor('w').row(k))).toEqual(Array.from(t.row(k).subarray(0, 4)));
      expect(Array.from(t.tensor('b').row(k))).toEqual(Array.from(t.row(k).subarray(4)));
    }
    expect(t.label(5)).toBe('b[1]');
  });

  it('the problem\'s own layout when the options give none, handed to the optimizer as well', () => {
    let seen: Layout | undefined;
    const probe = defineOptimizer('probe', {}, (_dim, given) => {
      seen = given;
      return { step: () => undefined };
    });
    const t = runTrace({ problem: { ...problem, layout }, optimizer: probe, init, steps: 1 });
    expect(t.meta.layout).toBe(layout);
    expect(seen).toBe(layout);
  });

  it('records nothing for no layout or the flat one, so those traces are what they always were', () => {
    for (const given of [undefined, flatLayout(6)]) {
      const t = runTrace({ problem, optimizer: sgd({ lr: 0.1 }), init, steps: 1, layout: given });
      expect('layout' in t.meta).toBe(false);
      expect(t.label(2)).toBe('coordinate 2');
    }
  });

  it('refuses a layout for another number of parameters', () => {
    const other = makeLayout({ dim: 4, tensors: [{ name: 'w', offset: 0, shape: [2, 2] }] });
    expect(() => runTrace({ problem, optimizer: sgd({ lr: 0.1 }), init, steps: 1, layout: other })).toThrow('layout.dim: expected 6, the number of parameters the optimizer was made for, got 4');
  });
});
