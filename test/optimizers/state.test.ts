import { describe, expect, it } from 'vitest';
import { adam, adamw, adagrad, sgd, rmsprop, heavyBall, rmspropPaper, ista, tfjsMomentum, tfjsRmsprop, tfjsAdagrad, tfjsAdam } from '../../src/optimizers/index.ts';
import { loadVector, loadNumber, loadFlag } from '../../src/optimizers/state.ts';

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

describe('every optimizer saves and loads its state', () => {
  // Options that give each optimizer all its buffers (momentum, centring, amsgrad).
  const cases = [
    ['sgd nesterov', sgd({ lr: 0.1, momentum: 0.9, nesterov: true })],
    ['rmsprop centred with momentum', rmsprop({ lr: 0.01, momentum: 0.5, centered: true })],
    ['adam amsgrad', adam({ lr: 0.1, amsgrad: true })],
    ['adamw', adamw({ lr: 0.1 })],
    ['adagrad', adagrad({ lr: 0.1, lrDecay: 0.1 })],
    ['heavy ball', heavyBall({ lr: 0.1, eta: 0.5 })],
    ['rmsprop (paper)', rmspropPaper({ lr: 0.01 })],
    ['ista', ista({ lr: 0.1 }).withL1(0.2)],
    ['tfjs momentum', tfjsMomentum({ lr: 0.1, momentum: 0.9 })],
    ['tfjs rmsprop centred with momentum', tfjsRmsprop({ lr: 0.01, momentum: 0.5, centered: true })],
    ['tfjs adagrad', tfjsAdagrad({ lr: 0.1 })],
    ['tfjs adam', tfjsAdam({ lr: 0.1 })],
  ] as const;
  const g = (k: number) => Float64Array.of(Math.sin(k + 1), Math.cos(3 * k), 0.5 - k / 7);

  it.each(cases)('%s: a fresh optimizer that loads the saved state, sent through JSON, continues bit for bit', (_name, make) => {
    const a = make(3), b = make(3), fresh = make(3);
    const pa = Float64Array.of(0.3, -0.7, 1.1);
    for (let k = 0; k < 4; k++) a.step(pa, g(k));
    b.load!(JSON.parse(JSON.stringify(a.save!())));
    const pb = pa.slice(), pf = pa.slice();
    for (let k = 4; k < 9; k++) (a.step(pa, g(k)), b.step(pb, g(k)), fresh.step(pf, g(k)));
    expect(Array.from(pb)).toEqual(Array.from(pa));
    // The state matters: an optimizer that did not load it goes elsewhere (ista has none).
    if (_name !== 'ista') expect(Array.from(pf)).not.toEqual(Array.from(pa));
    else expect(a.save!()).toEqual({});
  });

  it.each(cases.filter(([n]) => n !== 'ista'))('%s: load refuses no state, or one missing a field, naming the field', (_name, make) => {
    const opt = make(3);
    expect(() => opt.load!(undefined as never)).toThrow(/^state\.\w+: expected .*, got nothing \(the field is missing\)$/);
    const saved = { ...make(3).save!() };
    for (const key of Object.keys(saved)) {
      const { [key]: _dropped, ...rest } = saved;
      expect(() => make(3).load!(rest)).toThrow(`state.${key}: expected`);
    }
  });

  it('load refuses a step count that is not a number', () => {
    const saved = { ...adam({ lr: 0.1 })(1).save!(), step: '3' };
    expect(() => adam({ lr: 0.1 })(1).load!(saved as never)).toThrow('state.step: expected a number, got "3"');
  });
});

describe('the state readers', () => {
  it('refuse a state that is not there as a missing field, not a TypeError', () => {
    const missing = 'got nothing (the field is missing)';
    expect(() => loadVector(undefined as never, 'm', new Float64Array(1))).toThrow(`state.m: expected 1 numbers, ${missing}`);
    expect(() => loadNumber(undefined as never, 'step')).toThrow(`state.step: expected a number, ${missing}`);
    expect(() => loadFlag(undefined as never, 'started')).toThrow(`state.started: expected true or false, ${missing}`);
    expect([loadNumber({ step: 3 }, 'step'), loadFlag({ started: false }, 'started')]).toEqual([3, false]);
  });
});
