import { expectationsFor } from '../../src/check/expectations.ts';
import { describe, expect, it } from 'vitest';
import { CLAIMS, sharesCycleUpToAStep } from '../../src/check/claims.ts';
import type { CheckContext } from '../../src/check/expectation.ts';
import { reference, type CheckFamily, type CheckHyper, type Dialect, type Maker, type Precision } from '../../src/check/families.ts';
import { defineOptimizer } from '../../src/optimizers/optimizer.ts';
import { traceOf } from '../helpers.ts';

/**
 * Each claim of the gate against an optimizer with one planted fault, and the
 * line it fails with. The reference runs' success lines are regression pins of
 * this code's own output (they name the numbers the claim was judged on).
 */
const ctx = (family: CheckFamily, make: Maker, dialect: Dialect = 'pytorch', precision: Precision = 'float64'): CheckContext => ({ make, family, dialect, precision });
const ref = (family: CheckFamily, dialect: Dialect = 'pytorch'): CheckContext => ctx(family, (h) => reference(family, dialect, h), dialect);
const NUM = String.raw`-?\d[\d.e+-]*`;

/** A plain-gradient step with a planted change: `update(p, g, lr, k)` runs at step k (from 1) after nothing else. */
const planted = (update: (p: Float64Array, g: Float64Array, lr: number, k: number) => void): Maker => (h) =>
  defineOptimizer('planted', { lr: h.lr }, () => {
    let k = 0;
    return { step: (p, g) => update(p, g, h.lr, ++k) };
  });
const sgdStep = (p: Float64Array, g: Float64Array, lr: number) => { for (let i = 0; i < p.length; i++) p[i] -= lr * g[i]; };
const nan = planted((p) => p.fill(NaN));
const still = planted(() => {});

describe('l1-non-sparsity-keeps-zero', () => {
  const claim = CLAIMS.keepsZero;
  it('holds for SGD, whose coordinates land on 0 at lr·λ = 0.25 and stay', () => {
    expect(claim.run(ref('sgd'))).toMatchObject({ pass: true });
  });
  it('fails an optimizer that steps off 0 (sign(0) taken as 1)', () => {
    const out = claim.run(ctx('sgd', planted((p, g, lr) => { for (let i = 0; i < p.length; i++) p[i] -= lr * (p[i] === 0 ? 1 : g[i]); })));
    expect(out.failure).toBe('coordinate 0 was 0 at step 2 and left it at step 3: β = -0.25 (any β ≠ 0 leaves it: no tolerance)');
  });
  it('fails a run that is not finite before judging it', () => {
    expect(claim.run(ctx('sgd', nan)).failure).toBe('the loss became NaN at step 1');
  });
});

describe('l1-non-sparsity', () => {
  const claim = CLAIMS.twoCycle;
  it('holds for SGD from the random start (regression pin of its line)', () => {
    expect(claim.run(ref('sgd')).success).toBe('all 10 recorded coordinates cycle with period 2 and step 0.01 from their first sign change on (the last entered at step 94); the largest gap from the cycle is 0, within the tolerance 1e-14');
  });
  it('fails an optimizer that rounds small coordinates to 0', () => {
    const out = claim.run(ctx('sgd', planted((p, g, lr) => { sgdStep(p, g, lr); for (let i = 0; i < p.length; i++) if (Math.abs(p[i]) < 0.004) p[i] = 0; })));
    expect(out.pass).toBe(false);
    expect(out.failure).toMatch(/^coordinate \d+ is exactly 0 at step \d+/);
  });
  it('fails an optimizer whose step grows past step 50, so its end cycle is not the γ, γ − αλ one', () => {
    const out = claim.run(ctx('sgd', planted((p, g, lr, k) => sgdStep(p, g, k > 50 ? 1.5 * lr : lr))));
    expect(out.pass).toBe(false);
    expect(out.failure).toMatch(/^coordinate 0 changed sign at step 63/);
  });
  it('fails a run that is not finite', () => {
    expect(claim.run(ctx('sgd', nan)).failure).toBe('the loss became NaN at step 1');
  });
  it('judges a float32 optimizer at float32 resolution, and at float64 only when it declares float64', () => {
    const f32 = planted((p, g, lr) => { for (let i = 0; i < p.length; i++) p[i] = Math.fround(p[i] - Math.fround(lr) * g[i]); });
    expect(claim.run(ctx('sgd', f32, 'pytorch', 'float32')).pass).toBe(true);
    expect(claim.run(ctx('sgd', f32)).pass).toBe(false);
  });
});

describe('lambda-paradox (not λ-agnostic)', () => {
  const claim = CLAIMS.notAgnostic;
  it('holds for SGD, whose end cycle moves with λ (regression pin)', () => {
    expect(claim.run(ref('sgd')).success).toBe(
      'λ shapes the end state: the end cycles differ by 0.30000000000000004 > 0.000001 at coordinate 2: [-0.055930439456191694, 0.04406956054380831] against [-0.055930439456191694, 0.34406956054380833]',
    );
  });
  it('fails RMSProp, whose end cycle does not depend on λ', () => {
    expect(claim.run(ref('rmsprop')).failure).toMatch(new RegExp(`^the end cycles do not depend on λ: the end cycles agree to ${NUM} \\(largest gap at coordinate \\d`));
  });
  it('fails a run that is not finite, and one that never moves (both runs the same)', () => {
    expect(claim.run(ctx('sgd', nan)).failure).toBe('the loss became NaN at step 1');
    expect(claim.run(ctx('sgd', still)).failure).toMatch(/^the end cycles do not depend on λ: the end cycles agree to 0 /);
  });
  it('fails when only the λ = 4 run is not finite', () => {
    const nanOnSteepL1 = planted((p, g, lr) => { sgdStep(p, g, lr); if (g.some((x) => Math.abs(x) === 4)) p.fill(NaN); });
    expect(claim.run(ctx('sgd', nanOnSteepL1)).failure).toBe('the loss became NaN at step 1');
  });
});

describe('rmsprop-lambda-agnostic', () => {
  const claim = CLAIMS.agnostic;
  it('holds for RMSProp (regression pin)', () => {
    expect(claim.run(ref('rmsprop')).success).toBe(
      'the end cycles agree to 5.2288322185956027e-8 (largest gap at coordinate 3: [-0.06723289242078612, 0.03276710657921793] against [-0.0672329447091083, 0.03276705504089572]), within the tolerance 0.000001',
    );
  });
  it('fails SGD, whose end cycle depends on λ', () => {
    expect(claim.run(ref('sgd')).failure).toBe(
      'the end cycles differ by 0.30000000000000004 > 0.000001 at coordinate 2: [-0.055930439456191694, 0.04406956054380831] against [-0.055930439456191694, 0.34406956054380833]',
    );
  });
  it('fails an optimizer that never moves, or moves ‖β‖₁ only to half its start, as never reaching the cycle', () => {
    expect(claim.run(ctx('rmsprop', still)).failure).toMatch(new RegExp(`^‖β‖₁ went from (${NUM}) to \\1 on λ‖β‖₁: it never reached the end cycle near 0$`));
    const halves = planted((p, _g, _lr, k) => { if (k === 1) for (let i = 0; i < p.length; i++) p[i] *= 0.5; });
    expect(claim.run(ctx('rmsprop', halves)).failure).toMatch(/it never reached the end cycle near 0$/);
    const belowHalf = planted((p, _g, _lr, k) => { if (k === 1) for (let i = 0; i < p.length; i++) p[i] *= 0.4375; });
    expect(claim.run(ctx('rmsprop', belowHalf)).pass).toBe(true);
  });
  it('fails a run that is not finite', () => {
    expect(claim.run(ctx('rmsprop', nan)).failure).toBe('the loss became NaN at step 1');
  });
  it('at float32, accepts the same cycle shifted by one step and refuses SGD', () => {
    const f32 = (family: CheckFamily) => ctx(family, (h) => reference(family, 'pytorch', h), 'pytorch', 'float32');
    expect(claim.run(f32('rmsprop')).success).toMatch(/^the end cycles agree to .*, up to a shift of one step \(largest gap at coordinate \d/);
    expect(claim.run(f32('sgd')).failure).toMatch(/^the end cycles differ by .* > 0\.0001, even up to a shift of one step, at coordinate \d/);
  });
});

describe('the float32 end-cycle comparison', () => {
  const ends = (...cycles: [number, number][]) => traceOf([cycles.map((c) => c[0]), cycles.map((c) => c[1])]);
  it('is the largest envelope gap after the best shift of −step, 0 or +step, per coordinate', () => {
    const a = ends([0.05, -0.05], [0.3, 0.2], [1, 1.1]);
    const b = ends([0.15, 0.05], [0.2, 0.1], [1.00002, 1.1]);
    expect(sharesCycleUpToAStep(a, b, 0.1, 1e-4)).toEqual({
      pass: true,
      failure: '',
      success: `the end cycles agree to ${1.00002 - 1}, up to a shift of one step (largest gap at coordinate 2: [1, 1.1] against [1.00002, 1.1])`,
    });
  });
  it('fails past the tolerance, or a shift of two steps, naming the coordinate', () => {
    const a = ends([0, 1], [0.05, -0.05]);
    const b = ends([0, 1], [0.25, 0.15]);
    expect(sharesCycleUpToAStep(a, b, 0.1, 1e-4)).toEqual({
      pass: false,
      failure: 'the end cycles differ by 0.1 > 0.0001, even up to a shift of one step, at coordinate 1: [-0.05, 0.05] against [0.15, 0.25]',
      success: '',
    });
    const c = ends([0, 1], [0.05, -0.05 + 2e-4]);
    expect(sharesCycleUpToAStep(a, c, 0.1, 1e-4).failure).toBe('the end cycles differ by 0.0001999999999999988 > 0.0001, even up to a shift of one step, at coordinate 1: [-0.05, 0.05] against [-0.049800000000000004, 0.05]');
  });
  it('names the first coordinate of a tie', () => {
    const a = ends([0, 1], [0.05, -0.05], [2, 3]);
    expect(sharesCycleUpToAStep(a, a, 0.1, 1e-4).success).toBe('the end cycles agree to 0, up to a shift of one step (largest gap at coordinate 0: [0, 1] against [0, 1])');
  });
  it('fails on a NaN, wherever it is', () => {
    const a = ends([0, 1], [0.05, -0.05]);
    const b = ends([NaN, 1], [0.05, -0.05]);
    expect(sharesCycleUpToAStep(a, b, 0.1, 1e-4).failure).toMatch(/^the end cycles differ by NaN > 0\.0001, even up to a shift of one step, at coordinate 0: \[0, 1\] against \[NaN, NaN\]$/);
  });
});

describe('huber-bounded-oscillation', () => {
  it('holds for SGD at lr = 10 (regression pin)', () => {
    expect(CLAIMS.bounded(10).run(ref('sgd')).success).toBe('peak loss 11.96909822431359 in steps 1000..2000, against 11.96909822431359 before');
  });
  it('hands the maker the lr it names, and momentum 0.5 only to a family whose module asks for it', () => {
    const seen: CheckHyper[] = [];
    const spy = (family: CheckFamily): Maker => (h) => (seen.push(h), reference(family, 'pytorch', h));
    const huberOf = (family: CheckFamily) => expectationsFor(family, 'pytorch').find((e) => e.id === 'huber-bounded-oscillation')!;
    huberOf('momentum').run(ctx('momentum', spy('momentum')));
    huberOf('rmsprop').run(ctx('rmsprop', spy('rmsprop')));
    expect(seen[0]).toEqual({ lr: 10, momentum: 0.5, nesterov: false, dampening: 0, weightDecay: 0, maximize: false });
    expect(seen[1]).toEqual({ lr: 1, alpha: 0.99, eps: 1e-8, momentum: 0, centered: false, weightDecay: 0, maximize: false });
    expect(CLAIMS.bounded(10).title).toBe('Huber 50×200 at lr = 10, far past the edge of stability, stays bounded');
  });
  it('fails an optimizer that never moves, and one that is not finite', () => {
    expect(CLAIMS.bounded(10).run(ctx('sgd', still)).failure).toBe('the parameters never moved in 2000 steps');
    expect(CLAIMS.bounded(10).run(ctx('sgd', nan)).failure).toBe('the loss became NaN at step 1');
  });
  it('holds for a run that moves without changing ‖β‖₁ (β ↦ −β once)', () => {
    const flipOnce = planted((p, _g, _lr, k) => { if (k === 1) for (let i = 0; i < p.length; i++) p[i] = -p[i]; });
    expect(CLAIMS.bounded(10).run(ctx('sgd', flipOnce)).pass).toBe(true);
  });
  it('fails an optimizer whose step size creeps up, naming both peaks', () => {
    const out = CLAIMS.bounded(10).run(ctx('sgd', planted((p, g, lr, k) => sgdStep(p, g, lr * 1.002 ** k))));
    expect(out.failure).toMatch(new RegExp(`^the loss peaks at ${NUM} in steps 1000\\.\\.2000, above the first half's ${NUM}: it is growing$`));
  });
});
