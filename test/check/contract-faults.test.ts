import { describe, expect, it } from 'vitest';
import { CONTRACTS } from '../../src/check/contracts.ts';
import type { CheckContext } from '../../src/check/expectation.ts';
import type { Maker } from '../../src/check/families.ts';
import { defineOptimizer, type Optimizer } from '../../src/optimizers/optimizer.ts';
import { pass, skip } from '../../src/check/expectation.ts';
import { reference } from '../../src/check/families.ts';

/** Each contract against an SGD with one planted fault, and the line it fails with. */
const contract = (id: string) => CONTRACTS.find((c) => c.id === id)!;
const ctx = (make: Maker): CheckContext => ({ make, family: 'sgd', dialect: 'pytorch', precision: 'float64' });
const sgdWith = (extra: (p: Float64Array, g: Float64Array, lr: number) => void, more: Partial<Optimizer> = {}): Maker => (h) =>
  defineOptimizer('planted', { lr: h.lr }, () => ({
    step(p, g) {
      for (let i = 0; i < p.length; i++) p[i] -= h.lr * g[i];
      extra(p, g, h.lr);
    },
    ...more,
  }));
const NUM = String.raw`-?\d[\d.e+-]*`;

describe('contracts fail on a planted fault, naming the first step and coordinate that differ', () => {
  it('the reference-like SGD passes every contract, each saying what it compared (save/load skipped: it has none)', () => {
    expect(Object.fromEntries(CONTRACTS.map((c) => [c.id, c.run(ctx(sgdWith(() => {})))]))).toEqual({
      'contract-independent-instances': pass('an instance stepped alone and one interleaved with a second instance agree bit for bit over 12 steps'),
      'contract-deterministic': pass('two runs agree bit for bit over 12 steps'),
      'contract-permutation-equivariance': pass('the run on coordinates permuted by [3, 0, 5, 1, 4, 2] is the permuted run, bit for bit'),
      'contract-zero-gradient': pass('after 5 steps, 5 steps on a zero gradient left every parameter bit for bit where it was'),
      'contract-zero-lr': pass('lr = 0 left every parameter bit for bit at its start over 12 steps'),
      // The losses are a regression pin of this code's run of least squares.
      'contract-progress': pass('least squares fell from 1.053 to 0.1873 in 60 steps'),
      'contract-save-load': skip('the optimizer exposes no save/load'),
      'contract-save-load-late': skip('the optimizer exposes no save/load'),
      'contract-gradient-untouched': pass('5 steps under each of 4 option settings (the base options, weightDecay: 0.1, maximize: true, maximize: true + weightDecay: 0.1) left every gradient bit for bit as given'),
    });
    expect(contract('contract-save-load').run(ctx((h) => reference('sgd', 'pytorch', h)))).toEqual(pass('saved at step 7, loaded into a fresh optimizer, ran 12 steps in lockstep bit for bit'));
  });

  it('a float32 optimizer keeps its start rounded to float32 at lr = 0, which only a float32 check accepts', () => {
    const f32: Maker = (h) => defineOptimizer('f32', { lr: h.lr }, () => ({ step(p, g) { for (let i = 0; i < p.length; i++) p[i] = Math.fround(p[i] - Math.fround(h.lr) * g[i]); } }));
    expect(contract('contract-zero-lr').run({ ...ctx(f32), precision: 'float32' }).pass).toBe(true);
    expect(contract('contract-zero-lr').run(ctx(f32)).failure).toMatch(new RegExp(`^lr = 0 moved the parameters: step 1, coordinate 0: with lr = 0 ${NUM}, start ${NUM}$`));
  });

  it('progress is 10% off the starting loss in 60 steps: an SGD at 2% of the step makes it (88%), one at 1% does not', () => {
    const slow = (f: number): Maker => (h) => defineOptimizer('slow', { lr: h.lr }, () => ({ step(p, g) { for (let i = 0; i < p.length; i++) p[i] -= f * h.lr * g[i]; } }));
    expect(contract('contract-progress').run(ctx(slow(0.02))).success).toBe('least squares fell from 1.053 to 0.9269 in 60 steps');
    expect(contract('contract-progress').run(ctx(slow(0.01))).failure).toMatch(new RegExp(`^least squares went from 1\\.053 to 0\\.9[5-9]\\d* in 60 steps, not below 90% of the start$`));
  });

  it('a run that differs only at its last step is not deterministic', () => {
    let runs = 0;
    const counting: Maker = (h) => {
      const nth = runs++;
      return defineOptimizer('late', { lr: h.lr }, () => {
        let k = 0;
        return { step(p, g) { for (let i = 0; i < p.length; i++) p[i] -= h.lr * g[i]; if (++k === 12 && nth === 1) p[5] += 1e-12; } };
      });
    };
    expect(contract('contract-deterministic').run(ctx(counting)).failure).toMatch(new RegExp(`^two runs from the same start differ: step 12, coordinate 5: first run ${NUM}, second run ${NUM}$`));
  });

  it('progress runs at lr = 0.05 whatever the family\'s base lr, and a half-speed SGD still makes it', () => {
    expect(contract('contract-progress').run(ctx(sgdWith((p, g, lr) => { for (let i = 0; i < p.length; i++) p[i] += 0.5 * lr * g[i]; }))).pass).toBe(true);
    const seen: unknown[] = [];
    contract('contract-progress').run(ctx((h) => (seen.push(h), sgdWith(() => {})(h))));
    expect(seen).toEqual([{ lr: 0.05, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false }]);
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
      const f = defineOptimizer('planted', { lr: h.lr }, () => {
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
