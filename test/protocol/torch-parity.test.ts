// torch.optim stepped through the adapter against optspec's float64
// references: parity is a cross-check of both sides, and a planted bug in a
// torch subclass must show up as the first divergence.
import { afterAll, describe, expect, it } from 'vitest';
import { adagrad, adam, adamw, rmsprop, sgd } from '../../src/optimizers/index.ts';
import type { OptimizerFactory } from '../../src/optimizers/optimizer.ts';
import { huber, lasso, leastSquares } from '../../src/problems/index.ts';
import { randomMatrix } from '../../src/problems/matrix.ts';
import type { Objective } from '../../src/problems/objective.ts';
import { rng, uniformArray } from '../../src/random/rng.ts';
import { runTrace } from '../../src/trace/run.ts';
import { closeCommands, commandOptimizer, type CommandOptimizer } from '../../src/protocol/index.ts';
import { TORCH, describeDivergence, firstDivergence } from './parity.ts';
import { CHECK_FAMILIES, FAMILIES, baseHyper, optionConfigs, reference, showHyper, showOptions } from '../../src/check/families.ts';

afterAll(closeCommands);

const P = 8;
function problems(): Record<string, Objective> {
  const r = rng(11);
  const Z = randomMatrix(r, 12, P, -1, 1);
  const y = uniformArray(r, 12, -1, 1);
  // Gradients of very different scales: least squares on data ×30 beside lasso on the plain data.
  const big = { ...Z, data: Z.data.map((v) => 30 * v) };
  return {
    'least squares ×30': leastSquares({ Z: big, y: y.map((v) => 30 * v) }),
    huber: huber({ Z, y, delta: 0.5 }),
    lasso: lasso({ W: Z, y, lambda: 0.1 }),
  };
}
const init = uniformArray(rng(12), P, -1, 1);

const CASES: [string, string, Record<string, number | boolean>, (h: never) => OptimizerFactory][] = [
  ['SGD', TORCH('torch.optim.SGD'), { lr: 0.003 }, sgd],
  ['SGD with momentum', TORCH('torch.optim.SGD'), { lr: 0.003, momentum: 0.9 }, sgd],
  ['SGD with Nesterov momentum', TORCH('torch.optim.SGD', '--set nesterov=true'), { lr: 0.003, momentum: 0.8 }, sgd],
  ['RMSprop', TORCH('torch.optim.RMSprop'), { lr: 0.01, alpha: 0.9, eps: 1e-6 }, rmsprop],
  ['Adam', TORCH('torch.optim.Adam'), { lr: 0.02, beta1: 0.8, beta2: 0.99, eps: 1e-8 }, adam],
  ['AdamW', TORCH('torch.optim.AdamW'), { lr: 0.02, beta1: 0.85, beta2: 0.995, eps: 1e-7, weightDecay: 0.1 }, adamw],
  ['Adagrad', TORCH('torch.optim.Adagrad'), { lr: 0.05, eps: 1e-10 }, adagrad],
];

describe('torch.optim through the adapter matches optspec’s references (float64, 1e-12 relative)', () => {
  for (const [label, command, hyper, reference] of CASES) {
    it(label, () => {
      const refHyper = command.includes('nesterov=true') ? { ...hyper, nesterov: true } : hyper;
      for (const [name, problem] of Object.entries(problems())) {
        const steps = 60;
        const expected = runTrace({ problem, optimizer: reference(refHyper as never), init, steps });
        const actual = runTrace({ problem, optimizer: commandOptimizer(command, hyper), init, steps });
        const d = firstDivergence(expected, actual, 1e-12, 1e-15);
        expect(d, `${label} on ${name}: ${describeDivergence(d)}`).toBeNull();
        // Not vacuous: the run moved every coordinate.
        for (let j = 0; j < P; j++) expect(actual.row(steps)[j]).not.toBe(init[j]);
      }
    }, 120_000);
  }
});

describe('a torch optimizer with a planted bug', () => {
  it('is caught, the first divergence named by step, coordinate, expected and actual value', () => {
    const hyper = { lr: 0.02, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
    const { lasso: problem } = problems();
    const expected = runTrace({ problem, optimizer: adam(hyper), init, steps: 20 });
    const buggy = commandOptimizer(`PYTHONPATH=test/protocol/adapters ${TORCH('buggy_optim.AdamNoBiasCorrection2')}`, hyper);
    const d = firstDivergence(expected, runTrace({ problem, optimizer: buggy, init, steps: 20 }), 1e-12, 1e-15);
    expect(d).not.toBeNull();
    // The bug starts at the 5th update, so rows 1–4 agree and row 5 is the first to differ.
    expect(describeDivergence(d)).toMatch(/^first divergence at step 5, coordinate 0: expected -?\d.*, actual -?\d/);
    expect(Math.abs(d!.actual - d!.expected)).toBeGreaterThan(1e-6);
  }, 60_000);
});

describe('state save/load through state_dict()', () => {
  it('an optimizer loaded after k steps runs in lockstep with the uninterrupted one', () => {
    const factory = commandOptimizer(TORCH('torch.optim.Adam'), { lr: 0.02, beta1: 0.8, beta2: 0.99, eps: 1e-8 });
    const whole = factory(P) as CommandOptimizer;
    const p = Float64Array.from(init);
    const grad = (x: Float64Array) => x.map((v, i) => Math.sin(3 * v + i));
    for (let k = 0; k < 7; k++) whole.step(p, grad(p));
    const saved = whole.save!();
    expect(saved.step).toBe(7);
    expect(() => (factory(P) as CommandOptimizer).load!({ step: 7, saved: 999 })).toThrow(/^load\(state\): expected what save\(\) of an optimizer from this command returned/);
    const resumed = factory(P) as CommandOptimizer;
    resumed.load!(saved);
    const q = Float64Array.from(p);
    for (let k = 0; k < 5; k++) {
      whole.step(p, grad(p));
      resumed.step(q, grad(q));
    }
    expect(Array.from(q)).toEqual(Array.from(p));
    // Not vacuous: a fresh optimizer (no load) from the same point goes elsewhere, as Adam's moments start at zero.
    const fresh = factory(P);
    const s = Float64Array.from(q);
    fresh.step(s, grad(s));
    const t = Float64Array.from(q);
    resumed.step(t, grad(t));
    expect(Array.from(s)).not.toEqual(Array.from(t));
  }, 60_000);
});

describe('--dtype float32', () => {
  it('steps in float32 inside torch: near the float64 reference, but not at float64 precision', () => {
    const hyper = { lr: 0.02, beta1: 0.8, beta2: 0.99, eps: 1e-8 };
    const { huber: problem } = problems();
    const factory = commandOptimizer(TORCH('torch.optim.Adam', '--dtype float32'), hyper);
    expect(factory.optimizerName).toBe('torch.optim.Adam (float32)');
    const expected = runTrace({ problem, optimizer: adam(hyper), init, steps: 30 });
    const actual = runTrace({ problem, optimizer: factory, init, steps: 30 });
    expect(firstDivergence(expected, actual, 1e-12, 1e-15)).not.toBeNull();
    expect(describeDivergence(firstDivergence(expected, actual, 1e-4, 1e-6))).toBe('no divergence');
    // Every value it returns (rows 1…, row 0 is the float64 start) is a float32.
    for (const v of actual.params.subarray(actual.width)) expect(Math.fround(v)).toBe(v);
  }, 60_000);
});

describe('every option of every family, alone and in the swept pairs, matches torch 1.13 through the adapter (float64, 1e-12 relative)', () => {
  // The seven families torch 1.13 has (Lion, Muon and Schedule-Free are not in it).
  const cases = CHECK_FAMILIES.slice(0, 7).flatMap((family) => optionConfigs({ family, dialect: 'pytorch' }).map((config) => [family, showOptions(config), config] as const));
  it.each(cases)('%s with %s', (family, _label, config) => {
    const [cls, ...flags] = FAMILIES[family].torch.split(' ');
    // Every option sent explicitly, as the gate sends it, at the gate's base grid point (none of them torch's defaults).
    // The plain families at lr 0.003, as above: at the base 0.01, least squares ×30 diverges and amplifies every rounding.
    const lr = ['sgd', 'momentum', 'nesterov'].includes(family) ? { lr: 0.003 } : {};
    const hyper = baseHyper({ family, dialect: 'pytorch' }, { ...lr, ...config });
    for (const [name, problem] of Object.entries(problems())) {
      const steps = 60;
      const expected = runTrace({ problem, optimizer: reference(family, 'pytorch', hyper), init, steps });
      const actual = runTrace({ problem, optimizer: commandOptimizer(TORCH(cls, ...flags), hyper as Record<string, number | boolean>), init, steps });
      const d = firstDivergence(expected, actual, 1e-12, 1e-15);
      expect(d, `${family} ${showHyper(hyper)} on ${name}: ${describeDivergence(d)}`).toBeNull();
    }
  }, 120_000);
});
