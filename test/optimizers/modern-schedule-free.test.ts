import { describe, expect, it } from 'vitest';
import { scheduleFreeAdamW, scheduleFreeSgd } from '../../src/optimizers/schedule-free.ts';
import type { OptimizerFactory } from '../../src/optimizers/optimizer.ts';

function steps(factory: OptimizerFactory, start: number[], grads: number[][]) {
  const opt = factory(start.length);
  const params = Float64Array.from(start);
  const seen = grads.map((g) => {
    opt.step(params, Float64Array.from(g));
    const s = opt.state!();
    return { y: Array.from(params), x: Array.from(s.x as Float64Array), z: Array.from(s.z as Float64Array) };
  });
  return { opt, params, seen };
}

const close = (got: number[], want: number[]) => got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 14));

describe('schedule-free SGD: hand-derived steps (sgd_schedulefree_reference.py)', () => {
  it('three steps with warm-up 2, r = 1, weight_lr_power 2 and L2 decay at y', () => {
    const f = scheduleFreeSgd({ lr: 0.5, momentum: 0.5, warmupSteps: 2, r: 1, weightLrPower: 2, weightDecay: 0.25 });
    const { seen } = steps(f, [1], [[2], [-1], [1]]);
    // k = 0: lr = ½·½ = ¼, lrMax = ¼, w = 1·¼² = 1/16, W = 1/16, c = 1; g' = 2 + ¼·1
    const w = [1 / 16, 2 * 0.25, 3 * 0.25];
    const z1 = 1 - 0.25 * (2 + 0.25 * 1);
    const x1 = z1, y1 = 0.5 * x1 + 0.5 * z1;
    expect([z1, y1]).toEqual([0.4375, 0.4375]);
    // k = 1: lr = ½, lrMax = ½, w = 2·¼, W = 9/16, c = 8/9; g' = −1 + ¼·y1
    const z2 = z1 - 0.5 * (-1 + 0.25 * y1);
    const c2 = w[1] / (w[0] + w[1]);
    expect(c2).toBeCloseTo(8 / 9, 15);
    const x2 = x1 * (1 - c2) + c2 * z2, y2 = 0.5 * x2 + 0.5 * z2;
    // k = 2: w = 3·¼, W = 21/16, c = 4/7; g' = 1 + ¼·y2
    const z3 = z2 - 0.5 * (1 + 0.25 * y2);
    const c3 = w[2] / (w[0] + w[1] + w[2]);
    const x3 = x2 * (1 - c3) + c3 * z3, y3 = 0.5 * x3 + 0.5 * z3;
    close(seen[0].z, [z1]);
    close(seen[1].x, [x2]);
    close(seen[1].y, [y2]);
    close(seen[2].z, [z3]);
    close(seen[2].x, [x3]);
    close(seen[2].y, [y3]);
    // x is the w-weighted average of the z sequence
    close(seen[2].x, [(w[0] * z1 + w[1] * z2 + w[2] * z3) / (w[0] + w[1] + w[2])]);
  });

  it('has the reference defaults: lr 1, momentum 0.9, no decay, no warm-up, r 0, weight_lr_power 2', () => {
    expect(scheduleFreeSgd().hyper).toEqual({ lr: 1, momentum: 0.9, weightDecay: 0, warmupSteps: 0, r: 0, weightLrPower: 2 });
  });
});

describe('schedule-free AdamW: hand-derived steps (adamw_schedulefree_reference.py)', () => {
  it('two steps (β1 = ¾ interpolates y): decay of z at y, v with its bias correction, no first moment; ε outside the root', () => {
    const f = scheduleFreeAdamW({ lr: 0.5, beta1: 0.75, beta2: 0.75, eps: 0, weightDecay: 0.5 });
    const { seen } = steps(f, [1], [[2], [-1]]);
    // k = 0: c = 1; z = 1 − ½·½·1 = ¾; v = ¼·4 = 1; d = √(1/(1 − ¾)) = 2; z = ¾ − ½·2/2 = ¼
    expect(seen[0]).toEqual({ y: [0.25], x: [0.25], z: [0.25] });
    // k = 1: w = ¼ both steps, c = ½; z = ¼ − ½·½·¼ = 3/16; v = ¾·1 + ¼·1 = 1; d = √(1/(1 − 9/16))
    const z2 = 0.1875 + 0.5 * (1 / Math.sqrt(1 / 0.4375));
    const x2 = 0.5 * 0.25 + 0.5 * z2;
    close(seen[1].z, [z2]);
    close(seen[1].x, [x2]);
    close(seen[1].y, [0.75 * x2 + 0.25 * z2]); // y = β1·x + (1 − β1)·z
    // ε outside the root: d = 2 + ½
    expect(steps(scheduleFreeAdamW({ lr: 0.5, beta1: 0.5, beta2: 0.75, eps: 0.5, weightDecay: 0.5 }), [1], [[2]]).seen[0].z).toEqual([0.75 - 0.5 * 2 / 2.5]);
  });

  it('warm-up scales the lr by (k + 1)/warmupSteps and the averaging weight by lrMax²', () => {
    const f = scheduleFreeAdamW({ lr: 0.5, beta1: 0.5, beta2: 0.75, eps: 0, warmupSteps: 2 });
    const { seen } = steps(f, [1], [[2], [2]]);
    // k = 0: lr = ¼, d = 2, z = 1 − ¼ = ¾, c = 1. k = 1: lr = ½, w = [1/16, ¼], c = 4/5
    // v = ¾·1 + ¼·4 = 7/4, d = √((7/4)/(7/16)) = 2, z = ¾ − ½·2/2 = ¼
    expect(seen[0].z).toEqual([0.75]);
    close(seen[1].z, [0.25]);
    close(seen[1].x, [0.75 * 0.2 + 0.8 * 0.25]);
  });

  it('has the reference defaults: lr 0.0025, betas (0.9, 0.999), eps 1e-8, no decay or warm-up, r 0, weight_lr_power 2', () => {
    expect(scheduleFreeAdamW().hyper).toEqual({ lr: 0.0025, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, warmupSteps: 0, r: 0, weightLrPower: 2 });
  });
});

describe('schedule-free modes', () => {
  for (const [name, factory] of [['adamw', scheduleFreeAdamW({ lr: 0.5 })], ['sgd', scheduleFreeSgd({ lr: 0.5 })]] as const) {
    it(`${name}: eval() shows x, train() restores y bit for bit, step refuses eval mode`, () => {
      const opt = factory(2);
      const params = Float64Array.from([1, -1]);
      opt.eval!(params);
      expect(Array.from(params)).toEqual([1, -1]); // nothing to swap in before the first step
      expect(() => opt.step(params, Float64Array.from([1, 2]))).toThrow('optimizer.mode: Schedule-Free steps only in train mode: call train(params) before step(), got "eval"');
      opt.train!(params);
      opt.step(params, Float64Array.from([1, 2]));
      opt.step(params, Float64Array.from([-3, 0.5]));
      const y = Array.from(params);
      const x = Array.from(opt.state!().x as Float64Array);
      expect(x).not.toEqual(y);
      opt.eval!(params);
      expect(Array.from(params)).toEqual(x);
      opt.eval!(params);
      expect(Array.from(params)).toEqual(x);
      opt.train!(params);
      expect(Array.from(params)).toEqual(y);
    });

    it(`${name}: save/load carries the sequences, the schedule and the mode`, () => {
      const one = factory(2), two = factory(2);
      const p = Float64Array.from([1, -1]);
      one.step(p, Float64Array.from([1, 2]));
      one.eval!(p);
      two.load!(one.save!());
      const q = Float64Array.from(p);
      expect(() => two.step(q, Float64Array.from([0, 1]))).toThrow('optimizer.mode');
      one.train!(p);
      two.train!(q);
      expect(Array.from(q)).toEqual(Array.from(p));
      one.step(p, Float64Array.from([0.5, 1]));
      two.step(q, Float64Array.from([0.5, 1]));
      expect(Array.from(q)).toEqual(Array.from(p));
    });
  }
});

describe('schedule-free bad input', () => {
  it('refuses with one line naming the field', () => {
    expect(() => scheduleFreeSgd({ momentum: 0 })).toThrow('optimizer.momentum: expected a number in (0, 1), as the reference requires, got 0');
    expect(() => scheduleFreeSgd({ warmupSteps: 1.5 })).toThrow('optimizer.warmupSteps: expected an integer >= 0, got 1.5');
    expect(() => scheduleFreeAdamW({ r: -1 })).toThrow('optimizer.r: expected a number >= 0, got -1');
    expect(() => scheduleFreeAdamW({ weightLrPower: Number.NaN })).toThrow('optimizer.weightLrPower: expected a finite number, got NaN');
    expect(() => scheduleFreeAdamW({ beta2: 1 })).toThrow('optimizer.beta2: expected a number in [0, 1), got 1');
    expect(() => scheduleFreeAdamW({ lr: -0.1 })).toThrow('optimizer.lr: expected a learning rate >= 0, got -0.1');
    expect(() => scheduleFreeAdamW({ momentum: 0.9 } as never)).toThrow('optimizer.momentum: unknown hyperparameter');
  });
});

describe('schedule-free with a layout', () => {
  it("each group keeps its own schedule: a group's run equals a run of its own", async () => {
    const { makeLayout } = await import('../../src/optimizers/layout.ts');
    const layout = makeLayout({ dim: 3, tensors: [{ name: 'w', offset: 0, shape: [2], group: 0 }, { name: 'b', offset: 2, shape: [1], group: 1 }], groups: [{}, { lr: 0.1, warmupSteps: 0 }] });
    const base = { lr: 0.5, warmupSteps: 2, r: 1 };
    const opt = scheduleFreeAdamW(base)(3, layout);
    const alone = scheduleFreeAdamW({ ...base, lr: 0.1, warmupSteps: 0 })(1);
    const p = Float64Array.from([1, -1, 0.5]), q = Float64Array.from([0.5]);
    for (const g of [[1, 2, 3], [-1, 0.5, -2], [0.25, 1, 1]]) {
      opt.step(p, Float64Array.from(g));
      alone.step(q, Float64Array.from([g[2]]));
    }
    expect(p[2]).toBe(q[0]);
  });
});
