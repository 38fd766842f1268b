import { describe, expect, it } from 'vitest';
import { adam, sgd, heavyBall, tfjsAdam } from '../../src/optimizers/index.ts';

describe('optimizer state save/load', () => {
  it('save returns a copy: stepping on leaves it as it was', () => {
    const opt = adam({ lr: 0.1 })(2);
    const p = Float64Array.of(1, -1);
    opt.step(p, Float64Array.of(0.5, -0.25));
    const saved = opt.save!();
    const copy = JSON.stringify(saved);
    opt.step(p, Float64Array.of(0.5, -0.25));
    expect(JSON.stringify(saved)).toBe(copy);
    expect(saved.step).toBe(1);
  });

  it.each([
    ['adam', () => adam({ lr: 0.1 })],
    ['sgd with momentum', () => sgd({ lr: 0.1, momentum: 0.9 })],
    ['heavy ball', () => heavyBall({ lr: 0.1, eta: 0.5 })],
    ['tfjs adam', () => tfjsAdam({ lr: 0.1 })],
  ])('%s resumes bit for bit from a loaded state', (_name, make) => {
    const g = (k: number) => Float64Array.of(Math.sin(k), Math.cos(3 * k));
    const a = make()(2), b = make()(2);
    const pa = Float64Array.of(0.3, -0.7);
    for (let k = 0; k < 4; k++) a.step(pa, g(k));
    b.load!(a.save!());
    const pb = pa.slice();
    for (let k = 4; k < 9; k++) (a.step(pa, g(k)), b.step(pb, g(k)));
    expect(Array.from(pb)).toEqual(Array.from(pa));
  });

  it('load refuses a state of the wrong shape, naming the field', () => {
    const opt = adam({ lr: 0.1 })(3);
    expect(() => opt.load!({ expAvg: [0, 0], expAvgSq: [0, 0, 0], maxExpAvgSq: [0, 0, 0], step: 1 })).toThrow('state.expAvg: expected 3 numbers, got [0,0]');
    expect(() => sgd({ lr: 0.1, momentum: 0.5 })(1).load!({ momentumBuffer: [0] })).toThrow('state.started: expected true or false, got nothing (the field is missing)');
  });
});
