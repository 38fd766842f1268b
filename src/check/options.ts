/**
 * Expectations that read the family's option surface and its reference:
 * every hyperparameter and option changes the trajectory where the
 * reference's changes, maximize is stepping on −g, a zero gradient moves the
 * parameters only as the reference does, and a long horizon stays with the
 * reference. Each catches a class of bug that shipped (see catalogue/).
 */
import type { Objective } from '../problems/objective.ts';
import type { Trace } from '../trace/trace.ts';
import { baseHyper, baseGrid, gridOf, familyModule, optionsOf, optionConfigs, showOptions, settingCount, type CheckHyper, type HyperValue } from './families.ts';
import { compareToReference, referenceOf, describeDivergence } from './parity.ts';
import { roundingBudget, within } from './precision.ts';
import { paritySuite, scaled, flat, longHorizonSuite } from './suite.ts';
import { type Expectation, type CheckContext, pass, fail, skip, run } from './expectation.ts';

const STEPS = 40;

/** Bit for bit the same rows. */
function identical(a: Trace, b: Trace): boolean {
  for (let k = 0; k < Math.min(a.length, b.length); k++) {
    const ra = a.row(k), rb = b.row(k);
    for (let j = 0; j < ra.length; j++) if (!Object.is(ra[j], rb[j])) return false;
  }
  return true;
}

/** Each knob and the value it is moved to: every option to its swept value, every grid hyperparameter to another grid value. */
function knobs(ctx: CheckContext, base: CheckHyper): [string, HyperValue][] {
  const out: [string, HyperValue][] = [];
  // The family's own lists, not a dialect's narrowed one (TF.js's Adagrad fixes ε; its reference then shows that ε changes nothing).
  const grid = { ...(ctx.family === undefined ? {} : familyModule(ctx.family).grid), ...gridOf(ctx) };
  for (const [k, values] of Object.entries(grid)) {
    const other = values.find((v) => v !== base[k]);
    if (other !== undefined) out.push([k, other]);
  }
  if (ctx.family !== undefined) for (const o of optionsOf(ctx)) out.push([o, familyModule(ctx.family).options[o].swept]);
  return out;
}

/** Where a knob's effect shows: beta2 = 0.9 lets the second moment fall, so AMSGrad's maximum matters within the run. */
const SETTLING: Partial<CheckHyper> = { beta2: 0.9 };

export const optionsMatter: Expectation = {
  id: 'contract-options-matter',
  kind: 'contract',
  title: 'every hyperparameter and option changes the trajectory where it changes the reference’s',
  run(ctx) {
    const ref = referenceOf(ctx);
    const base = baseHyper(ctx, Object.fromEntries(Object.entries(SETTLING).filter(([k]) => k in baseGrid(ctx))));
    const suite = paritySuite();
    const checked: string[] = [];
    for (const [knob, value] of knobs(ctx, base)) {
      const moved = { ...base, [knob]: value } as CheckHyper;
      const where = suite.find(({ problem, init }) => !identical(run(ref.make(base), problem, init, STEPS), run(ref.make(moved), problem, init, STEPS)));
      if (!where) continue;
      if (identical(run(ctx.make(base), where.problem, where.init, STEPS), run(ctx.make(moved), where.problem, where.init, STEPS))) {
        return fail(`${knob}: ${value} (against ${base[knob]}) changed nothing on ${where.label} over ${STEPS} steps, where it changes ${ref.name}'s trajectory; if the optimizer lacks it, declare --without ${knob}`);
      }
      checked.push(`${knob} ${value} (against ${base[knob]})`);
    }
    return checked.length ? pass(`moving each of ${checked.join(', ')} changed the trajectory where it changes ${ref.name}'s`) : skip('the family has no hyperparameter or option to vary');
  },
};

/** Two traces within the rounding budget; the first difference as a sentence otherwise. */
function firstGap(a: Trace, b: Trace, ctx: CheckContext): string | null {
  for (let k = 0; k < Math.min(a.length, b.length); k++) {
    const ra = a.row(k), rb = b.row(k);
    let scale = 0;
    for (let j = 0; j < ra.length; j++) scale = Math.max(scale, Math.abs(rb[j]));
    for (let j = 0; j < ra.length; j++) if (!within(ra[j], rb[j], roundingBudget(ctx.precision, k + 1, scale))) return `step ${k}, coordinate ${j}: ${ra[j]} against ${rb[j]}`;
  }
  return null;
}

export const maximizeIsNegatedGradient: Expectation = {
  id: 'relation-maximize',
  kind: 'relation',
  title: 'maximize: true is the same as stepping on −g (with and without weight decay)',
  run(ctx) {
    if (!optionsOf(ctx).includes('maximize')) return skip('the optimizer has no maximize option');
    const { problem, init } = paritySuite()[0];
    const decays = 'weightDecay' in baseHyper(ctx) ? [undefined, 0.1] : [undefined];
    for (const weightDecay of decays) {
      const extra = weightDecay === undefined ? {} : { weightDecay };
      const up = run(ctx.make(baseHyper(ctx, { ...extra, maximize: true })), problem, init, STEPS);
      const down = run(ctx.make(baseHyper(ctx, { ...extra, maximize: false })), scaled(problem, -1), init, STEPS);
      const d = firstGap(up, down, ctx);
      const with_ = weightDecay === undefined ? '' : ` with weightDecay ${weightDecay}`;
      if (d) return fail(`maximize: true on least squares${with_} is not maximize: false on its negation: ${d}`);
    }
    return pass(`maximize: true matched stepping on −g over ${STEPS} steps${decays.length > 1 ? ', with and without weight decay' : ''}`);
  },
};

export const zeroGradientStep: Expectation = {
  id: 'contract-zero-gradient-step',
  kind: 'contract',
  comparesWithReference: true,
  title: 'from a fresh start, zero gradients move the parameters only as the reference does, under every option setting',
  run(ctx) {
    const ref = referenceOf(ctx);
    const { init } = paritySuite()[0];
    const still = flat(init.length);
    const settings = optionConfigs(ctx);
    for (const config of settings) {
      const hyper = baseHyper(ctx, config);
      const got = run(ctx.make(hyper), still, init, 3);
      const want = run(ref.make(hyper), still, init, 3);
      for (let k = 1; k < want.length; k++) {
        const w = want.row(k), g = got.row(k);
        for (let j = 0; j < w.length; j++) {
          // Where the reference does not move, the candidate may not move by a single bit (PyTorch's test_step_is_noop_for_zero_grads).
          // A float32 optimizer holds the start rounded to float32.
          const still = Object.is(w[j], init[j]) && (Object.is(g[j], init[j]) || (ctx.precision === 'float32' && Object.is(g[j], Math.fround(init[j]))));
          const budget = Object.is(w[j], init[j]) ? 0 : roundingBudget(ctx.precision, k, Math.abs(w[j]));
          if (!still && !within(g[j], w[j], budget)) return fail(`with ${showOptions(config)}, step ${k} on zero gradients moved coordinate ${j} from ${init[j]} to ${g[j]}; ${ref.name} has ${w[j]}`);
        }
      }
    }
    return pass(`3 steps on zero gradients under each of ${settingCount(settings.length)} moved the parameters exactly as ${ref.name} does`);
  },
};

/** At least this many steps: past where bfloat16 (256) and float16 (2048) step counters stop counting. */
export const LONG = 10_000;

export const longHorizon: Expectation = {
  id: 'contract-long-horizon',
  kind: 'contract',
  comparesWithReference: true,
  title: `${LONG} steps against the reference (catches step counters and bias corrections kept in low precision, and slow drift)`,
  run(ctx) {
    const ref = referenceOf(ctx);
    const hyper = baseHyper(ctx);
    const expected = ref.make(hyper);
    const notes: string[] = [];
    for (const { label, problem, init } of longHorizonSuite()) {
      const trace = run(ctx.make(hyper), problem as Objective, init, LONG);
      const { divergence, horizon } = compareToReference(trace, expected, problem, init, label, ctx.precision);
      if (divergence) return fail(describeDivergence(divergence, hyper, ctx.precision, ref.name));
      notes.push(`${horizon - 1} steps on ${label}`);
    }
    return pass(`matched ${ref.name} for ${notes.join(' and ')}`);
  },
};

export const OPTION_EXPECTATIONS: readonly Expectation[] = [optionsMatter, maximizeIsNegatedGradient, zeroGradientStep, longHorizon];
