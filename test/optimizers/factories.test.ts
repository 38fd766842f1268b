import { describe, expect, it } from 'vitest';
import { OPTIMIZERS, makeOptimizer, sgd, rmsprop, ista, tfjsRmsprop } from '../../src/optimizers/index.ts';
import { isProximal } from '../../src/optimizers/ista.ts';

/** Name, family and defaults of each optimizer: PyTorch's and TensorFlow.js's documented defaults. */
const FACTORIES = {
  sgd: ['sgd', { lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false }],
  rmsprop: ['rmsprop', { lr: 0.1, alpha: 0.99, eps: 1e-8, centered: false, momentum: 0, weightDecay: 0, maximize: false }],
  adam: ['adam', { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, amsgrad: false, weightDecay: 0, maximize: false }],
  adamw: ['adam', { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, amsgrad: false, weightDecay: 0.01, maximize: false }],
  adagrad: ['adagrad', { lr: 0.1, lrDecay: 0, eps: 1e-10, initialAccumulatorValue: 0, weightDecay: 0, maximize: false }],
  'heavy-ball': ['momentum', { lr: 0.1, eta: 0.9 }],
  'rmsprop-paper': ['rmsprop', { lr: 0.1, gamma: 0.99, eps: 1e-8 }],
  ista: ['proximal', { lr: 0.1 }],
  'tfjs-momentum': ['momentum', { lr: 0.1, momentum: 0, useNesterov: false }],
  'tfjs-rmsprop': ['rmsprop', { lr: 0.1, decay: 0.9, momentum: 0, epsilon: 1e-7, centered: false }],
  'tfjs-adagrad': ['adagrad', { lr: 0.1, initialAccumulatorValue: 0.1 }],
  'tfjs-adam': ['adam', { lr: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }],
} as const;

/** State after one step from (1, −1) with gradient (0.5, −0.5), derived by hand from each update rule. */
const STATE_AFTER_ONE_STEP: Record<string, Record<string, number[] | number>> = {
  sgd: { momentumBuffer: [0, 0] },
  rmsprop: { squareAvg: [0.0025, 0.0025], gradAvg: [0, 0], momentumBuffer: [0, 0], step: 1 },
  adam: { expAvg: [0.05, -0.05], expAvgSq: [0.00025, 0.00025], maxExpAvgSq: [0, 0], step: 1 },
  adagrad: { sum: [0.25, 0.25], step: 1 },
  'heavy-ball': { previous: [1, -1] },
  'rmsprop-paper': { v: [0.0025, 0.0025], step: 1 },
  'tfjs-momentum': { accumulation: [0.5, -0.5] },
  'tfjs-rmsprop': { meanSquare: [0.025, 0.025], meanGrad: [0, 0] },
  'tfjs-adagrad': { accumulator: [0.35, 0.35] },
  'tfjs-adam': { firstMoment: [0.05, -0.05], secondMoment: [0.00025, 0.00025] },
};

function oneStep(name: string, hyper: Record<string, unknown> = {}) {
  const f = makeOptimizer({ name, lr: 0.1, ...hyper });
  const o = f(2);
  const p = Float64Array.from([1, -1]);
  o.step(p, Float64Array.from([0.5, -0.5]));
  return { f, p, state: o.state?.() ?? {} };
}

describe('optimizer factories', () => {
  it.each(Object.entries(FACTORIES))('%s: name and every default in its hyperparameters', (name, [, hyper]) => {
    const f = makeOptimizer({ name, lr: 0.1 });
    expect(f.optimizerName).toBe(name);
    expect(f.hyper).toEqual(hyper);
    // Every field it reports, it also takes.
    expect(makeOptimizer({ name, ...hyper }).hyper).toEqual(hyper);
    expect(() => makeOptimizer({ name, lr: 0.1, bogus: 1 })).toThrow(`optimizer.bogus: unknown hyperparameter (allowed: `);
  });
  it.each(Object.entries(STATE_AFTER_ONE_STEP))('%s: its state after one step', (name, expected) => {
    const { state } = oneStep(name);
    expect(Object.keys(state).sort()).toEqual(Object.keys(expected).concat(name === 'tfjs-rmsprop' ? ['moments'] : []).sort());
    for (const [key, value] of Object.entries(expected)) {
      if (typeof value === 'number') expect(state[key]).toBe(value);
      else expect(Array.from(state[key] as Float64Array).map((x) => Number(x.toPrecision(12)))).toEqual(value);
    }
  });
  it('centered RMSProp keeps the mean gradient', () => {
    expect(Array.from(oneStep('rmsprop', { centered: true }).state.gradAvg as Float64Array).map((x) => Number(x.toPrecision(12)))).toEqual([0.005, -0.005]);
    expect(Array.from(tfjsRmsprop({ lr: 0.1, centered: true })(1).state!().meanGrad as Float64Array)).toEqual([0]);
    const o = tfjsRmsprop({ lr: 0.1, centered: true })(1);
    o.step(Float64Array.from([1]), Float64Array.from([0.5]));
    expect(Number((o.state!().meanGrad as Float64Array)[0].toPrecision(12))).toBe(0.05);
  });
  it('Nesterov needs momentum and no dampening', () => {
    expect(sgd({ lr: 0, momentum: 0.5, dampening: 1 }).hyper.dampening).toBe(1);
    expect(() => sgd({ lr: 0.1, nesterov: true })).toThrow('nesterov');
    expect(() => sgd({ lr: 0.1, momentum: 0.5, dampening: 0.5, nesterov: true })).toThrow('nesterov');
  });
  it('takes a value other than the default', () => {
    expect(makeOptimizer({ name: 'rmsprop-paper', lr: 0.1, gamma: 0.5 }).hyper.gamma).toBe(0.5);
  });
  it('the learning rate may be 0, not negative', () => {
    expect(rmsprop({ lr: 0 }).hyper.lr).toBe(0);
    expect(() => rmsprop({ lr: -0.1 })).toThrow('optimizer.lr: expected a learning rate >= 0, got -0.1');
  });
  it('ISTA soft-thresholds by lr·λ, to 0 inside the band and on its edges', () => {
    const o = ista({ lr: 0.5 }).withL1(0.25)(6);
    const p = Float64Array.from([0.125, -0.125, 0.0625, -0.5, 0.5, 1]);
    o.step(p, Float64Array.from([0, 0, 0, 0, 0, 1]));
    expect(Array.from(p)).toEqual([0, 0, 0, -0.375, 0.375, 0.375]);
    expect(() => ista({ lr: 0.1 })(1)).toThrow('ista needs the L1 weight of the problem');
    const withL1 = ista({ lr: 0.5 }).withL1(0.25);
    expect([withL1.optimizerName, withL1.hyper]).toEqual(['ista', { lr: 0.5, lambda: 0.25 }]);
    expect(isProximal(ista({ lr: 0.1 }))).toBe(true);
    expect(isProximal(sgd({ lr: 0.1 }))).toBe(false);
    expect(isProximal({ proximal: true })).toBe(false);
  });
  it('makeOptimizer names a bad name', () => {
    expect(() => makeOptimizer({ name: 'lion', lr: 0.1 })).toThrow(`optimizer.name: expected one of ${Object.keys(OPTIMIZERS).join(', ')}, got "lion"`);
    expect(() => makeOptimizer({ name: 5, lr: 0.1 })).toThrow('optimizer.name: expected one of');
    expect(() => makeOptimizer({ lr: 0.1 })).toThrow('optimizer.name: expected one of');
    // A list holding a name converts to that name under `in`; it is still not a name.
    expect(() => makeOptimizer({ name: ['sgd'], lr: 0.1 })).toThrow('optimizer.name: expected one of');
    expect(() => makeOptimizer('sgd')).toThrow('optimizer: expected an object');
  });
});
