import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CHECK_FAMILIES, FAMILIES, baseHyper, dialectsOf, hyperArbitrary, reference, showHyper, type CheckFamily, type CheckHyper, type Dialect } from '../../src/check/families.ts';
import { expectationsFor } from '../../src/check/expectations.ts';

/** One value per hyperparameter, none a default, so a reference that drops or renames one shows. */
const H: CheckHyper = { lr: 0.3, momentum: 0.7, alpha: 0.8, beta1: 0.6, beta2: 0.95, eps: 1e-4, weightDecay: 0.2 };

/** How each dialect's reference names the gate's hyperparameters (the mapping the gate documents). */
const MAPPING: Record<string, [name: string, family: string, hyper: Record<string, number | boolean>]> = {
  'sgd pytorch': ['sgd', 'sgd', { lr: 0.3, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 }],
  'sgd paper': ['sgd', 'sgd', { lr: 0.3, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 }],
  'momentum pytorch': ['sgd', 'momentum', { lr: 0.3, momentum: 0.7, dampening: 0, nesterov: false, weightDecay: 0 }],
  'momentum tfjs': ['tfjs-momentum', 'momentum', { lr: 0.3, momentum: 0.7, useNesterov: false }],
  'momentum paper': ['heavy-ball', 'momentum', { lr: 0.3, eta: 0.7 }],
  'nesterov pytorch': ['sgd', 'momentum', { lr: 0.3, momentum: 0.7, dampening: 0, nesterov: true, weightDecay: 0 }],
  'nesterov tfjs': ['tfjs-momentum', 'momentum', { lr: 0.3, momentum: 0.7, useNesterov: true }],
  'rmsprop pytorch': ['rmsprop', 'rmsprop', { lr: 0.3, alpha: 0.8, eps: 1e-4, centered: false, momentum: 0, weightDecay: 0 }],
  'rmsprop tfjs': ['tfjs-rmsprop', 'rmsprop', { lr: 0.3, decay: 0.8, momentum: 0, epsilon: 1e-4, centered: false }],
  'rmsprop paper': ['rmsprop-paper', 'rmsprop', { lr: 0.3, gamma: 0.8, eps: 1e-4 }],
  'adam pytorch': ['adam', 'adam', { lr: 0.3, beta1: 0.6, beta2: 0.95, eps: 1e-4, amsgrad: false, weightDecay: 0 }],
  'adam tfjs': ['tfjs-adam', 'adam', { lr: 0.3, beta1: 0.6, beta2: 0.95, epsilon: 1e-4 }],
  'adamw pytorch': ['adamw', 'adam', { lr: 0.3, beta1: 0.6, beta2: 0.95, eps: 1e-4, amsgrad: false, weightDecay: 0.2 }],
  'adagrad pytorch': ['adagrad', 'adagrad', { lr: 0.3, lrDecay: 0, eps: 1e-4, initialAccumulatorValue: 0, weightDecay: 0 }],
  'adagrad tfjs': ['tfjs-adagrad', 'adagrad', { lr: 0.3, initialAccumulatorValue: 0.1 }],
};

describe('the families of optspec check', () => {
  it('are seven, each with the dialects it has', () => {
    expect(CHECK_FAMILIES).toEqual(['sgd', 'momentum', 'nesterov', 'rmsprop', 'adam', 'adamw', 'adagrad']);
    const dialects = Object.fromEntries(CHECK_FAMILIES.map((f) => [f, dialectsOf(f)]));
    expect(dialects).toEqual({
      sgd: ['pytorch', 'paper'],
      momentum: ['pytorch', 'tfjs', 'paper'],
      nesterov: ['pytorch', 'tfjs'],
      rmsprop: ['pytorch', 'tfjs', 'paper'],
      adam: ['pytorch', 'tfjs'],
      adamw: ['pytorch'],
      adagrad: ['pytorch', 'tfjs'],
    });
  });

  it.each(Object.keys(MAPPING))('%s: the reference gets every hyperparameter under its own name', (key) => {
    const [family, dialect] = key.split(' ') as [CheckFamily, Dialect];
    const r = reference(family, dialect, H);
    expect([r.optimizerName, r.family, r.hyper]).toEqual(MAPPING[key]);
  });

  it('refuses a dialect a family does not have', () => {
    expect(() => reference('adamw', 'tfjs', H)).toThrow(new RangeError('adamw has no tfjs dialect'));
    expect(() => reference('sgd', 'tfjs', H)).toThrow('sgd has no tfjs dialect');
  });

  it('mark the families whose state may move parameters on a zero gradient', () => {
    expect(CHECK_FAMILIES.filter((f) => FAMILIES[f].momentum)).toEqual(['momentum', 'nesterov', 'adam', 'adamw']);
    // ...which is why only the others are held to the zero-gradient contract.
    for (const f of CHECK_FAMILIES) expect(expectationsFor(f, 'pytorch').some((e) => e.id === 'contract-zero-gradient'), f).toBe(!FAMILIES[f].momentum);
  });

  it('hand the first value of each list as the base configuration, with overrides on top', () => {
    expect(Object.fromEntries(CHECK_FAMILIES.map((f) => [f, baseHyper(f, 'pytorch')]))).toEqual({
      sgd: { lr: 0.01 },
      momentum: { lr: 0.01, momentum: 0.9 },
      nesterov: { lr: 0.01, momentum: 0.9 },
      rmsprop: { lr: 0.01, alpha: 0.99, eps: 1e-8 },
      adam: { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
      adamw: { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 },
      adagrad: { lr: 0.1, eps: 1e-10 },
    });
    // TF.js's Adagrad fixes ε at 1e-7; its other values are the family's.
    expect(baseHyper('adagrad', 'tfjs')).toEqual({ lr: 0.1, eps: 1e-7 });
    expect(baseHyper('adam', 'pytorch', { eps: 0, lr: 0.5 })).toEqual({ lr: 0.5, beta1: 0.9, beta2: 0.999, eps: 0 });
  });

  it('draw the grid from the listed values only, every value reachable', () => {
    const seen: Record<string, Set<number>> = {};
    fc.assert(
      fc.property(hyperArbitrary('adagrad', 'tfjs'), (h) => {
        for (const [k, v] of Object.entries(h)) (seen[k] ??= new Set()).add(v);
      }),
      { seed: 1, numRuns: 200 },
    );
    expect(Object.fromEntries(Object.entries(seen).map(([k, s]) => [k, [...s].sort((a, b) => a - b)]))).toEqual({ lr: [0.01, 0.1, 0.5], eps: [1e-7] });
    const momentum = new Set<number>();
    fc.assert(fc.property(hyperArbitrary('nesterov', 'pytorch'), (h) => void momentum.add(h.momentum!)), { seed: 2, numRuns: 200 });
    expect([...momentum].sort()).toEqual([0.25, 0.5, 0.75, 0.9, 0.99]);
  });

  it('shrink a drawn configuration towards the base one', () => {
    const out = fc.check(fc.property(hyperArbitrary('rmsprop', 'pytorch'), () => false), { seed: 3 });
    expect(out.counterexample?.[0]).toEqual(baseHyper('rmsprop', 'pytorch'));
  });

  it('show a configuration as a one-line object', () => {
    expect(showHyper({ lr: 0.01, alpha: 0.9, eps: 1e-8 })).toBe('{ lr: 0.01, alpha: 0.9, eps: 1e-8 }');
    expect(showHyper({ lr: 1 })).toBe('{ lr: 1 }');
  });
});
