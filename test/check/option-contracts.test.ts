/**
 * The expectations that read a family's option surface (options matter,
 * maximize, zero-gradient steps, the long horizon) and the late checkpoint and
 * gradient contracts: each passes the reference, and fails its planted fault
 * with a line naming the option, step and coordinate.
 */
import { describe, expect, it } from 'vitest';
import { optionsMatter, maximizeIsNegatedGradient, zeroGradientStep, longHorizon, LONG } from '../../src/check/options.ts';
import { CONTRACTS } from '../../src/check/contracts.ts';
import { CHECK_FAMILIES, FAMILIES, dialectsOf, reference, type CheckFamily, type Maker } from '../../src/check/families.ts';
import type { CheckContext } from '../../src/check/expectation.ts';
import { sgd } from '../../src/optimizers/sgd.ts';
import { adam } from '../../src/optimizers/adam.ts';
import { SHIPPED } from '../../catalogue/shipped.ts';

/** The families the gate runs on flat vectors (all but Muon), each in its first dialect. */
const FLAT = CHECK_FAMILIES.filter((f) => FAMILIES[f].flat !== false);
const WITH_MAXIMIZE = CHECK_FAMILIES.filter((f) => Object.hasOwn(FAMILIES[f].options, 'maximize'));

const ctx = (family: CheckFamily, make: Maker = (h) => reference(family, dialectsOf(family)[0], h), without: string[] = []): CheckContext => ({ make, family, dialect: dialectsOf(family)[0], precision: 'float64', without });
const shipped = (name: string) => SHIPPED.find((e) => e.name === name)!.make;
const contract = (id: string) => CONTRACTS.find((c) => c.id === id)!;
const NUM = String.raw`-?\d[\d.e+-]*`;

describe('contract-options-matter', () => {
  it('passes every reference, naming each knob it moved', () => {
    for (const family of FLAT) expect(optionsMatter.run(ctx(family)).pass, family).toBe(true);
    expect(optionsMatter.run(ctx('adam')).success).toMatch(/^moving each of lr 0\.001 \(against 0\.01\), beta1 0\.5 \(against 0\.9\), beta2 0\.999 \(against 0\.9\), eps 0\.001 \(against 1e-8\), amsgrad true \(against false\), weightDecay 0\.1 \(against 0\), maximize true \(against false\) changed the trajectory/);
  });
  it('fails an option the optimizer ignores, telling the user to declare it missing', () => {
    const out = optionsMatter.run(ctx('adam', (h) => adam({ lr: h.lr, beta1: h.beta1, beta2: h.beta2, eps: h.eps, weightDecay: h.weightDecay as number, maximize: h.maximize as boolean })));
    expect(out.failure).toMatch(/^amsgrad: true \(against false\) changed nothing on .* over 40 steps, where it changes the pytorch reference's trajectory; if the optimizer lacks it, declare --without amsgrad$/);
  });
  it('does not ask for an option declared missing', () => {
    const noAmsgrad = ctx('adam', (h) => adam({ lr: h.lr, beta1: h.beta1, beta2: h.beta2, eps: h.eps, weightDecay: h.weightDecay as number, maximize: h.maximize as boolean }), ['amsgrad']);
    expect(optionsMatter.run(noAmsgrad).pass).toBe(true);
    expect(optionsMatter.run(noAmsgrad).success).not.toContain('amsgrad');
  });
});

describe('relation-maximize', () => {
  it('passes each family that has maximize, and skips a dialect without it', () => {
    for (const family of WITH_MAXIMIZE) expect(maximizeIsNegatedGradient.run(ctx(family)).success, family).toMatch(/^maximize: true matched stepping on −g over 40 steps/);
    expect(maximizeIsNegatedGradient.run({ ...ctx('adam', (h) => reference('adam', 'tfjs', h)), dialect: 'tfjs' })).toMatchObject({ pass: true, skipped: true });
  });
  it('fails maximize negated after the weight decay (pytorch_optimizer#528)', () => {
    expect(maximizeIsNegatedGradient.run(ctx('sgd', shipped('sgd-maximize-negates-decay'))).failure).toMatch(new RegExp(`^maximize: true on least squares with weightDecay 0\\.1 is not maximize: false on its negation: step 1, coordinate 0: ${NUM} against ${NUM}$`));
  });
  it('fails an optimizer that ignores maximize', () => {
    expect(maximizeIsNegatedGradient.run(ctx('sgd', (h) => sgd({ lr: h.lr }))).failure).toMatch(/^maximize: true on least squares is not maximize: false on its negation: step 1,/);
  });
});

describe('contract-zero-gradient-step', () => {
  it('passes every reference in every dialect', () => {
    for (const family of FLAT) {
      for (const dialect of dialectsOf(family)) expect(zeroGradientStep.run({ ...ctx(family, (h) => reference(family, dialect, h)), dialect }).pass, `${family} ${dialect}`).toBe(true);
    }
  });
  it('fails a decay that moves the wrong way on zero gradients, naming the option setting', () => {
    expect(zeroGradientStep.run(ctx('sgd', shipped('sgd-maximize-negates-decay'))).failure).toMatch(new RegExp(`^with maximize: true \\+ weightDecay: 0\\.1, step 1 on zero gradients moved coordinate 0 from ${NUM} to ${NUM}; the pytorch reference has ${NUM}$`));
  });
  it('fails a step that moves where the reference stays, by a single bit', () => {
    const creep: Maker = (h) => {
      const inner = sgd({ lr: h.lr, weightDecay: h.weightDecay as number, maximize: h.maximize as boolean });
      return Object.assign((dim: number) => {
        const o = inner(dim);
        return { step(p: Float64Array, g: Float64Array) { o.step(p, g); p[2] = p[2] * (1 + 2 ** -52); } };
      }, { optimizerName: 'creep', hyper: inner.hyper });
    };
    expect(zeroGradientStep.run(ctx('sgd', creep)).failure).toMatch(/^with the base options, step 1 on zero gradients moved coordinate 2 from/);
  });
});

describe('contract-long-horizon', () => {
  it(`compares every reference for ${LONG} steps on both long problems (no rounding horizon cuts it short)`, () => {
    for (const family of FLAT) {
      for (const dialect of dialectsOf(family)) {
        expect(longHorizon.run({ ...ctx(family, (h) => reference(family, dialect, h)), dialect }).success, `${family} ${dialect}`).toBe(
          `matched the ${dialect} reference for ${LONG} steps on linear c·β (gradients 0.25 to 3) and ${LONG} steps on quadratic ½‖β − b‖², b ~ 400`,
        );
      }
    }
  });
  it('fails a step count kept in bfloat16 at step 257, and one kept in float16 at 2049', () => {
    expect(longHorizon.run(ctx('adam', shipped('adam-step-count-bfloat16'))).failure).toMatch(/^first divergence from the pytorch reference on linear c·β .*: step 257, coordinate \d+:/);
    expect(longHorizon.run(ctx('adamw', shipped('adamw-step-count-float16'))).failure).toMatch(/^first divergence from the pytorch reference on linear c·β .*: step 2049, coordinate \d+:/);
  });
});

describe('contract-save-load-late', () => {
  it('passes the references, which save every bit', () => {
    expect(contract('contract-save-load-late').run(ctx('adam')).success).toBe('saved at step 2501, loaded into a fresh optimizer, ran 12 steps in lockstep bit for bit');
  });
  it('fails state cast to bfloat16 on save, and a step count lost on load', () => {
    expect(contract('contract-save-load-late').run(ctx('adam', shipped('adam-checkpoint-bfloat16'))).failure).toMatch(/^after save at step 2501 and load into a fresh optimizer: step 2502, coordinate \d+: resumed/);
    expect(contract('contract-save-load-late').run(ctx('adam', shipped('adam-checkpoint-loses-step'))).failure).toMatch(/^after save at step 2501 and load into a fresh optimizer: step 2502,/);
  });
});

describe('contract-gradient-untouched', () => {
  it('fails weight decay added into the caller’s gradient (pytorch#12218), naming the option setting, step and coordinate', () => {
    expect(contract('contract-gradient-untouched').run(ctx('sgd', shipped('sgd-decay-into-grad'))).failure).toMatch(new RegExp(`^with weightDecay: 0\\.1, step 1 changed coordinate 0 of the gradient it was given from ${NUM} to ${NUM}$`));
  });
  it('fails a gradient clipped in place even at the base options', () => {
    const clips: Maker = (h) => Object.assign((dim: number) => {
      const o = sgd({ lr: h.lr })(dim);
      return { step(p: Float64Array, g: Float64Array) { for (let i = 0; i < g.length; i++) g[i] = Math.max(-0.1, Math.min(0.1, g[i])); o.step(p, g); } };
    }, { optimizerName: 'clips', hyper: {} });
    expect(contract('contract-gradient-untouched').run(ctx('sgd', clips, ['weightDecay', 'maximize'])).failure).toMatch(/^with the base options, step 1 changed coordinate \d of the gradient/);
  });

  /** Schedule-Free as its published SGD reference steps: the decay written into the gradient, g ← g + k·wd·y, before the step. */
  const decaysIntoGrad = (family: CheckFamily, k: number): Maker => (h) => Object.assign((dim: number) => {
    const o = reference(family, dialectsOf(family)[0], h)(dim);
    return { ...o, step(p: Float64Array, g: Float64Array) { for (let i = 0; i < g.length; i++) g[i] += k * (h.weightDecay as number) * p[i]; o.step(p, g.map((v, i) => v - k * (h.weightDecay as number) * p[i])); } };
  }, { optimizerName: 'decays-into-grad', hyper: {} });

  it("accepts exactly the write a family's published reference makes (schedule-free-sgd's g + wd·y), and names it", () => {
    const out = contract('contract-gradient-untouched').run(ctx('schedule-free-sgd', decaysIntoGrad('schedule-free-sgd', 1)));
    expect(out.pass).toBe(true);
    expect(out.success).toMatch(/changed the gradient only as the published reference's g \+ wd·y \(sgd_schedulefree_reference\.py's grad\.add_\(y, alpha=weight_decay\), .*\) \(\d+ values\)$/);
    // Its own reference writes nothing, and passes as untouched.
    expect(contract('contract-gradient-untouched').run(ctx('schedule-free-sgd')).success).toMatch(/left every gradient bit for bit as given$/);
  });

  it('fails any other write there, and the same write in a family whose reference makes none', () => {
    expect(contract('contract-gradient-untouched').run(ctx('schedule-free-sgd', decaysIntoGrad('schedule-free-sgd', 2))).failure).toMatch(new RegExp(`^with the base options, step 1 changed coordinate 0 of the gradient it was given from ${NUM} to ${NUM}, which is not the published reference's g \\+ wd·y .* either \\(${NUM}\\)$`));
    expect(contract('contract-gradient-untouched').run(ctx('schedule-free-adamw', decaysIntoGrad('schedule-free-adamw', 1))).failure).toMatch(new RegExp(`^with the base options, step 1 changed coordinate 0 of the gradient it was given from ${NUM} to ${NUM}$`));
  });
});
