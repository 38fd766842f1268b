import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CHECK_FAMILIES, FAMILIES, baseHyper, checkWithout, dialectsOf, familyModule, familyTable, familyUsage, hyperArbitrary, optionConfigs, optionsOf, reference, showHyper,
  type CheckHyper,
} from '../../src/check/families.ts';
import { expectationsFor } from '../../src/check/expectations.ts';

/** The seven families PyTorch 1.13 has, each with a pytorch dialect (the modern ones are tested in modern-modules.test.ts). */
const CLASSIC = CHECK_FAMILIES.slice(0, 7);

/** One value per hyperparameter and option, none a default, so a reference that drops or renames one shows. */
const H: CheckHyper = {
  lr: 0.3, momentum: 0.7, alpha: 0.8, beta1: 0.6, beta2: 0.95, eps: 1e-4, weightDecay: 0.2, dampening: 0.3, amsgrad: true, maximize: true, centered: true, lrDecay: 0.05, initialAccumulatorValue: 0.4, nesterov: false,
};

/** How each dialect's reference names the gate's hyperparameters (the mapping the gate documents). */
const MAPPING: Record<string, [name: string, hyper: Record<string, number | boolean>]> = {
  'sgd pytorch': ['sgd', { lr: 0.3, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0.2, maximize: true }],
  'sgd paper': ['sgd', { lr: 0.3, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false }],
  'momentum pytorch': ['sgd', { lr: 0.3, momentum: 0.7, dampening: 0.3, nesterov: false, weightDecay: 0.2, maximize: true }],
  'momentum tfjs': ['tfjs-momentum', { lr: 0.3, momentum: 0.7, useNesterov: false }],
  'momentum paper': ['heavy-ball', { lr: 0.3, eta: 0.7 }],
  'nesterov pytorch': ['sgd', { lr: 0.3, momentum: 0.7, dampening: 0, nesterov: true, weightDecay: 0.2, maximize: true }],
  'nesterov tfjs': ['tfjs-momentum', { lr: 0.3, momentum: 0.7, useNesterov: true }],
  'rmsprop pytorch': ['rmsprop', { lr: 0.3, alpha: 0.8, eps: 1e-4, centered: true, momentum: 0.7, weightDecay: 0.2, maximize: true }],
  'rmsprop tfjs': ['tfjs-rmsprop', { lr: 0.3, decay: 0.8, momentum: 0.7, epsilon: 1e-4, centered: true }],
  'rmsprop paper': ['rmsprop-paper', { lr: 0.3, gamma: 0.8, eps: 1e-4 }],
  'adam pytorch': ['adam', { lr: 0.3, beta1: 0.6, beta2: 0.95, eps: 1e-4, amsgrad: true, weightDecay: 0.2, maximize: true }],
  'adam tfjs': ['tfjs-adam', { lr: 0.3, beta1: 0.6, beta2: 0.95, epsilon: 1e-4 }],
  'adam tf': ['tf-adam', { lr: 0.3, beta1: 0.6, beta2: 0.95, eps: 1e-4, amsgrad: true, weightDecay: 0, maximize: false }],
  'adam amsgrad-vhat': ['adam-amsgrad-vhat', { lr: 0.3, beta1: 0.6, beta2: 0.95, eps: 1e-4, amsgrad: true, weightDecay: 0.2, maximize: true }],
  'adamw pytorch': ['adamw', { lr: 0.3, beta1: 0.6, beta2: 0.95, eps: 1e-4, amsgrad: true, weightDecay: 0.2, maximize: true }],
  'adamw paper': ['adamw-paper', { lr: 0.3, beta1: 0.6, beta2: 0.95, eps: 1e-4, amsgrad: true, weightDecay: 0.2, maximize: true }],
  'adagrad pytorch': ['adagrad', { lr: 0.3, lrDecay: 0.05, eps: 1e-4, initialAccumulatorValue: 0.4, weightDecay: 0.2, maximize: true }],
  'adagrad tfjs': ['tfjs-adagrad', { lr: 0.3, initialAccumulatorValue: 0.1 }],
  'adagrad tf': ['tf-adagrad', { lr: 0.3, lrDecay: 0.05, eps: 1e-4, initialAccumulatorValue: 0.4, weightDecay: 0.2, maximize: true }],
  'adagrad torch-foreach': ['torch-foreach-adagrad', { lr: 0.3, lrDecay: 0.05, eps: 1e-4, initialAccumulatorValue: 0.4, weightDecay: 0.2, maximize: true }],
};

describe('the families of optspec check', () => {
  it('come from the registry, one module each, with the dialects each has', () => {
    // Regression pin of the registry's contents: a new family or dialect is a deliberate change here.
    expect(CHECK_FAMILIES).toEqual(['sgd', 'momentum', 'nesterov', 'rmsprop', 'adam', 'adamw', 'adagrad', 'lion', 'muon', 'schedule-free-adamw', 'schedule-free-sgd']);
    expect(Object.fromEntries(CHECK_FAMILIES.map((f) => [f, dialectsOf(f)]))).toEqual({
      sgd: ['pytorch', 'paper'],
      momentum: ['pytorch', 'tfjs', 'paper'],
      nesterov: ['pytorch', 'tfjs'],
      rmsprop: ['pytorch', 'tfjs', 'paper'],
      adam: ['pytorch', 'tfjs', 'tf', 'amsgrad-vhat'],
      adamw: ['pytorch', 'paper'],
      adagrad: ['pytorch', 'tfjs', 'tf', 'torch-foreach'],
      lion: ['automl'],
      muon: ['keller', 'torch'],
      'schedule-free-adamw': ['published'],
      'schedule-free-sgd': ['published'],
    });
    for (const f of CHECK_FAMILIES) expect(familyModule(f).id).toBe(f);
  });

  it('carry PyTorch’s option surface for each family, in optspec’s names', () => {
    const options = Object.fromEntries(CHECK_FAMILIES.map((f) => [f, Object.keys(FAMILIES[f].options)]));
    expect(options).toEqual({
      sgd: ['weightDecay', 'maximize'],
      momentum: ['dampening', 'weightDecay', 'maximize'],
      nesterov: ['weightDecay', 'maximize'],
      rmsprop: ['momentum', 'centered', 'weightDecay', 'maximize'],
      adam: ['amsgrad', 'weightDecay', 'maximize'],
      adamw: ['amsgrad', 'maximize'],
      adagrad: ['lrDecay', 'initialAccumulatorValue', 'weightDecay', 'maximize'],
      lion: [],
      muon: ['nesterov', 'nsSteps'],
      'schedule-free-adamw': [],
      'schedule-free-sgd': [],
    });
    // Neutral values are torch 1.13's defaults.
    for (const f of CLASSIC) {
      for (const [name, o] of Object.entries(FAMILIES[f].options)) expect(o.neutral, `${f}.${name}`).toBe(typeof o.swept === 'boolean' ? false : 0);
    }
  });

  it.each(Object.keys(MAPPING))('%s: the reference gets every hyperparameter and option under its own name', (key) => {
    const [family, dialect] = key.split(' ');
    const r = reference(family, dialect, baseHyper({ family, dialect }, Object.fromEntries(Object.entries(H).filter(([k]) => k in baseHyper({ family, dialect })))));
    expect([r.optimizerName, r.hyper]).toEqual(MAPPING[key]);
  });

  it('maps every dialect of every family', () => {
    expect(Object.keys(MAPPING).sort()).toEqual(CLASSIC.flatMap((f) => dialectsOf(f).map((d) => `${f} ${d}`)).sort());
  });

  it('refuses a dialect a family does not have, and a family that is not one (own properties only)', () => {
    expect(() => reference('adamw', 'tfjs', H)).toThrow(new RangeError('adamw has no tfjs dialect'));
    expect(() => reference('sgd', 'toString', H)).toThrow('sgd has no toString dialect');
    for (const bad of ['shampoo', '__proto__', 'constructor', 'toString']) expect(() => familyModule(bad)).toThrow(`--family: expected one of ${CHECK_FAMILIES.join(', ')}, got "${bad}"`);
  });

  it('mark the families whose state may move parameters on a zero gradient', () => {
    expect(CHECK_FAMILIES.filter((f) => FAMILIES[f].momentum)).toEqual(['momentum', 'nesterov', 'adam', 'adamw', 'lion', 'muon', 'schedule-free-adamw', 'schedule-free-sgd']);
    for (const f of CLASSIC) expect(expectationsFor(f, 'pytorch').some((e) => e.id === 'contract-zero-gradient'), f).toBe(!FAMILIES[f].momentum);
  });

  it('hand every option explicitly at its neutral value, with the dialect’s fixed keywords, and overrides on top', () => {
    expect(Object.fromEntries(CLASSIC.map((f) => [f, baseHyper({ family: f, dialect: 'pytorch' })]))).toEqual({
      sgd: { lr: 0.01, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false },
      momentum: { lr: 0.01, momentum: 0.9, nesterov: false, dampening: 0, weightDecay: 0, maximize: false },
      nesterov: { lr: 0.01, momentum: 0.9, nesterov: true, dampening: 0, weightDecay: 0, maximize: false },
      rmsprop: { lr: 0.01, alpha: 0.99, eps: 1e-8, momentum: 0, centered: false, weightDecay: 0, maximize: false },
      adam: { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, amsgrad: false, weightDecay: 0, maximize: false },
      adamw: { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, amsgrad: false, maximize: false },
      adagrad: { lr: 0.1, eps: 1e-10, lrDecay: 0, initialAccumulatorValue: 0, weightDecay: 0, maximize: false },
    });
    // TF.js's Adagrad fixes ε at 1e-7 and has no options.
    expect(baseHyper({ family: 'adagrad', dialect: 'tfjs' })).toEqual({ lr: 0.1, eps: 1e-7 });
    expect(baseHyper({ family: 'adam', dialect: 'pytorch' }, { eps: 0, lr: 0.5 })).toMatchObject({ lr: 0.5, eps: 0 });
    // An option declared missing is not sent at all.
    expect(baseHyper({ family: 'adam', dialect: 'pytorch', without: ['amsgrad', 'maximize'] })).toEqual({ lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
  });

  it('sweep the base, each option alone at a non-default value, then the pairs where shipped bugs lived', () => {
    expect(optionConfigs({ family: 'adam', dialect: 'pytorch' })).toEqual([
      {}, { amsgrad: true }, { weightDecay: 0.1 }, { maximize: true }, { amsgrad: true, weightDecay: 0.1 }, { maximize: true, weightDecay: 0.1 },
    ]);
    expect(optionConfigs({ family: 'rmsprop', dialect: 'pytorch' }).slice(-2)).toEqual([{ centered: true, momentum: 0.5 }, { maximize: true, weightDecay: 0.1 }]);
    expect(optionConfigs({ family: 'adagrad', dialect: 'pytorch' })).toContainEqual({ lrDecay: 0.1, initialAccumulatorValue: 0.5 });
    expect(optionConfigs({ family: 'momentum', dialect: 'pytorch' })).toContainEqual({ dampening: 0.5, weightDecay: 0.1 });
    // A pair is swept only when the optimizer has both options.
    expect(optionConfigs({ family: 'adam', dialect: 'pytorch', without: ['amsgrad'] })).toEqual([{}, { weightDecay: 0.1 }, { maximize: true }, { maximize: true, weightDecay: 0.1 }]);
    expect(optionConfigs({ family: 'adam', dialect: 'tfjs' })).toEqual([{}]);
    expect(optionsOf({ family: 'rmsprop', dialect: 'tfjs' })).toEqual(['momentum', 'centered']);
  });

  it('refuse a --without option the family does not have, in one line', () => {
    expect(checkWithout('adam', ['amsgrad'])).toEqual(['amsgrad']);
    expect(() => checkWithout('adam', ['centered'])).toThrow('--without: expected options of adam: amsgrad, weightDecay, maximize, got "centered"');
  });

  it('draw the grid from the listed values only, every value reachable', () => {
    const seen: Record<string, Set<unknown>> = {};
    fc.assert(
      fc.property(hyperArbitrary({ family: 'adagrad', dialect: 'tfjs' }), (h) => {
        for (const [k, v] of Object.entries(h)) (seen[k] ??= new Set()).add(v);
      }),
      { seed: 1, numRuns: 200 },
    );
    expect(Object.fromEntries(Object.entries(seen).map(([k, s]) => [k, [...s].sort()]))).toEqual({ lr: [0.01, 0.1, 0.5], eps: [1e-7] });
    const amsgrad = new Set<unknown>();
    fc.assert(fc.property(hyperArbitrary({ family: 'adam', dialect: 'pytorch' }), (h) => void amsgrad.add(h.amsgrad)), { seed: 2, numRuns: 200 });
    expect([...amsgrad].sort()).toEqual([false, true]);
  });

  it('shrink a drawn configuration towards the base one', () => {
    const scope = { family: 'rmsprop', dialect: 'pytorch' };
    const out = fc.check(fc.property(hyperArbitrary(scope), () => false), { seed: 3 });
    expect(out.counterexample?.[0]).toEqual(baseHyper(scope));
  });

  it('show a configuration as a one-line object', () => {
    expect(showHyper({ lr: 0.01, alpha: 0.9, eps: 1e-8 })).toBe('{ lr: 0.01, alpha: 0.9, eps: 1e-8 }');
    expect(showHyper({ lr: 1, amsgrad: true })).toBe('{ lr: 1, amsgrad: true }');
  });

  it('derive the usage text and the README table from the modules', () => {
    for (const f of CHECK_FAMILIES) {
      expect(familyUsage()).toMatch(new RegExp(`^  ${f} +${FAMILIES[f].title.replace(/[()]/g, '\\$&')};`, 'm'));
      expect(familyTable()).toContain(`| \`${f}\` | ${FAMILIES[f].title} |`);
    }
    expect(familyTable().split('\n')).toHaveLength(CHECK_FAMILIES.length + 2);
  });
});
