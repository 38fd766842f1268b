import { describe, expect, it } from 'vitest';
import { CONTRACTS } from '../../src/check/contracts.ts';
import type { CheckContext } from '../../src/check/expectation.ts';
import type { Maker } from '../../src/check/families.ts';
import { defineOptimizer, type Optimizer } from '../../src/optimizers/optimizer.ts';

/** Each contract against an SGD with one planted fault, and the line it fails with. */
const contract = (id: string) => CONTRACTS.find((c) => c.id === id)!;
const ctx = (make: Maker): CheckContext => ({ make, family: 'sgd', dialect: 'pytorch', precision: 'float64' });
const sgdWith = (extra: (p: Float64Array, g: Float64Array, lr: number) => void, more: Partial<Optimizer> = {}): Maker => (h) =>
  defineOptimizer('planted', 'sgd', { lr: h.lr }, () => ({
    step(p, g) {
      for (let i = 0; i < p.length; i++) p[i] -= h.lr * g[i];
      extra(p, g, h.lr);
    },
    ...more,
  }));
const NUM = String.raw`-?\d[\d.e+-]*`;

describe('contracts fail on a planted fault, naming the first step and coordinate that differ', () => {
  it('the reference-like SGD passes every contract', () => {
    for (const c of CONTRACTS) expect(c.run(ctx(sgdWith(() => {}))).pass, c.id).toBe(true);
  });

  it('state shared between instances', () => {
    let shared = 0;
    const out = contract('contract-independent-instances').run(ctx(sgdWith((p) => (p[0] += 1e-3 * shared++))));
    expect(out.pass).toBe(false);
    expect(out.failure).toMatch(new RegExp(`^stepping a second instance changed the first: step \\d+, coordinate 0: interleaved with a second instance ${NUM}, alone ${NUM}$`));
  });

  it('a run that depends on how many runs came before', () => {
    let runs = 0;
    const make: Maker = (h) => sgdWith((p) => (p[1] += 1e-3 * runs))(h);
    const counting: Maker = (h) => (runs++, make(h));
    const out = contract('contract-deterministic').run(ctx(counting));
    expect(out.pass).toBe(false);
    expect(out.failure).toMatch(new RegExp(`^two runs from the same start differ: step 1, coordinate 1: first run ${NUM}, second run ${NUM}$`));
  });

  it('a step that moves the parameters at lr = 0', () => {
    const out = contract('contract-zero-lr').run(ctx(sgdWith((p) => (p[0] += 1e-3))));
    expect(out.pass).toBe(false);
    expect(out.failure).toMatch(new RegExp(`^lr = 0 moved the parameters: step 1, coordinate 0: with lr = 0 ${NUM}, start ${NUM}$`));
  });

  it('save without load, and a load that restores nothing', () => {
    const half = contract('contract-save-load').run(ctx(sgdWith(() => {}, { save: () => ({}) })));
    expect(half.failure).toBe('the optimizer exposes save without load');
    const other = contract('contract-save-load').run(ctx(sgdWith(() => {}, { load: () => {} })));
    expect(other.failure).toBe('the optimizer exposes load without save');
    // A counter that load does not restore: the resumed run starts from 0 again.
    const make: Maker = (h) => {
      const f = defineOptimizer('planted', 'sgd', { lr: h.lr }, () => {
        let t = 0;
        return { step: (p, g) => { t++; for (let i = 0; i < p.length; i++) p[i] -= h.lr * t * g[i]; }, save: () => ({ t }), load: () => {} };
      });
      return f;
    };
    const out = contract('contract-save-load').run(ctx(make));
    expect(out.failure).toMatch(new RegExp(`^after save at step 7 and load into a fresh optimizer: step 8, coordinate 0: resumed ${NUM}, uninterrupted ${NUM}$`));
  });

  it('a coordinate treated apart from the others', () => {
    const out = contract('contract-permutation-equivariance').run(ctx(sgdWith((p, g, lr) => (p[0] -= lr * g[0]))));
    expect(out.failure).toMatch(new RegExp(`^the run on permuted coordinates is not the permuted run: step 1, coordinate \\d: permuted run ${NUM}, permuted plain run ${NUM}$`));
  });

  it('a step that moves on a zero gradient', () => {
    const out = contract('contract-zero-gradient').run(ctx(sgdWith((p) => (p[2] *= 0.5))));
    expect(out.failure).toMatch(new RegExp(`^after 5 steps, a zero gradient moved the parameters: step 6, coordinate 2: on a zero gradient ${NUM}, before ${NUM}$`));
  });

  it('an optimizer that makes no progress', () => {
    const out = contract('contract-progress').run(ctx(sgdWith((p, g, lr) => { for (let i = 0; i < p.length; i++) p[i] += lr * g[i]; })));
    expect(out.failure).toMatch(new RegExp(`^least squares went from ${NUM} to ${NUM} in 60 steps, not below 90% of the start$`));
  });
});
