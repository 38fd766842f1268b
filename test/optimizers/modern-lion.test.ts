import { describe, expect, it } from 'vitest';
import { lion } from '../../src/optimizers/lion.ts';
import { makeLayout } from '../../src/optimizers/layout.ts';
import type { OptimizerFactory } from '../../src/optimizers/optimizer.ts';
import type { Layout } from '../../src/optimizers/layout.ts';

/** β after each of the given gradients, from `start`. */
function steps(factory: OptimizerFactory, start: number[], grads: number[][], layout?: Layout): number[][] {
  const opt = factory(start.length, layout);
  const beta = Float64Array.from(start);
  return grads.map((g) => (opt.step(beta, Float64Array.from(g)), Array.from(beta)));
}

describe('lion: hand-derived steps (google/automl lion_pytorch.py)', () => {
  // lr ½, β1 ½, β2 ¾, wd ¼: every number below is dyadic, so the steps are exact.
  const factory = lion({ lr: 0.5, beta1: 0.5, beta2: 0.75, weightDecay: 0.25 });
  const start = [1, -2, 0.5];
  const grads = [[2, -1, 0], [-1, -1, 4], [0.25, 1, -2]];
  const shrink = 1 - 0.5 * 0.25; // 0.875

  it('three steps: decay, then −lr·sign(β1·m + (1 − β1)·g), then m ← β2·m + (1 − β2)·g', () => {
    // step 1: m = 0, c = ½g = [1, −½, 0] → sign [1, −1, 0]; m ← ¼g = [½, −¼, 0]
    const b1 = [1 * shrink - 0.5, -2 * shrink + 0.5, 0.5 * shrink];
    // step 2: c = ½m + ½g = [−¼, −⅝, 2] → sign [−1, −1, 1]; m ← ¾m + ¼g = [⅛, −7/16, 1]
    const b2 = [b1[0] * shrink + 0.5, b1[1] * shrink + 0.5, b1[2] * shrink - 0.5];
    // step 3: c = ½m + ½g = [3/16, 9/32, −½] → sign [1, 1, −1]
    const b3 = [b2[0] * shrink - 0.5, b2[1] * shrink - 0.5, b2[2] * shrink + 0.5];
    expect(b1).toEqual([0.375, -1.25, 0.4375]);
    expect(b3).toEqual([0.224609375, -1.01953125, 0.3974609375]);
    expect(steps(factory, start, grads)).toEqual([b1, b2, b3]);
  });

  it('keeps the momentum in state(), and save/load resumes bit for bit', () => {
    const opt = factory(3);
    const beta = Float64Array.from(start);
    opt.step(beta, Float64Array.from(grads[0]));
    opt.step(beta, Float64Array.from(grads[1]));
    expect(Array.from(opt.state!().expAvg as Float64Array)).toEqual([0.125, -0.4375, 1]);
    const other = factory(3);
    other.load!(opt.save!());
    const a = Float64Array.from(beta), b = Float64Array.from(beta);
    opt.step(a, Float64Array.from(grads[2]));
    other.step(b, Float64Array.from(grads[2]));
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('has the reference defaults: lr 1e-4, betas (0.9, 0.99), weight decay 0', () => {
    expect(lion().hyper).toEqual({ lr: 1e-4, beta1: 0.9, beta2: 0.99, weightDecay: 0 });
    expect(lion().optimizerName).toBe('lion');
  });

  it('honours a group override per tensor, and the flat layout is the vector', () => {
    const layout = makeLayout({ dim: 3, tensors: [{ name: 'w', offset: 0, shape: [2], group: 0 }, { name: 'b', offset: 2, shape: [1], group: 1 }], groups: [{}, { lr: 0.25 }] });
    const grouped = steps(factory, start, grads, layout);
    const alone = steps(lion({ lr: 0.25, beta1: 0.5, beta2: 0.75, weightDecay: 0.25 }), [start[2]], grads.map((g) => [g[2]]));
    expect(grouped.map((row) => row.slice(0, 2))).toEqual(steps(factory, start, grads).map((row) => row.slice(0, 2)));
    expect(grouped.map((row) => [row[2]])).toEqual(alone);
    expect(steps(factory, start, grads, makeLayout({ dim: 3, tensors: [{ name: 'params', offset: 0, shape: [3], group: 0 }] }))).toEqual(steps(factory, start, grads));
  });

  it('refuses bad input with one line naming the field', () => {
    expect(() => lion({ lr: -1 })).toThrow('optimizer.lr: expected a learning rate >= 0, got -1');
    expect(() => lion({ beta1: 1 })).toThrow('optimizer.beta1: expected a number in [0, 1), got 1');
    expect(() => lion({ beta2: Number.NaN })).toThrow('optimizer.beta2: expected a finite number, got NaN');
    expect(() => lion({ weightDecay: -0.1 })).toThrow('optimizer.weightDecay: expected a number >= 0, got -0.1');
    expect(() => lion({ betas: [0.9, 0.99] } as never)).toThrow('optimizer.betas: unknown hyperparameter (allowed: lr, beta1, beta2, weightDecay)');
    const layout = makeLayout({ dim: 1, tensors: [{ name: 'w', offset: 0, shape: [1], group: 0 }], groups: [{ beta2: 2 }] });
    expect(() => lion()(1, layout)).toThrow('layout.groups[0].beta2: expected a number in [0, 1), got 2');
    expect(() => lion()(2, layout)).toThrow('layout.dim: expected 2, the number of parameters the optimizer was made for, got 1');
  });
});
