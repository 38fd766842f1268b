/**
 * Metamorphic relations: what must hold between two runs, or of one step,
 * for a family whatever its dialect. They catch a bug without knowing the
 * exact update rule.
 */
import { l1 } from '../problems/l1.ts';
import { jumpsOffZero } from '../analysis/zeros.ts';
import type { Trace } from '../trace/trace.ts';
import { baseHyper, type CheckHyper } from './families.ts';
import { roundingBudget, roundings, within } from './precision.ts';
import { paritySuite, scaled, flat } from './suite.ts';
import { type Expectation, type CheckContext, type Outcome, pass, fail, run, firstNonFinite } from './expectation.ts';

const STEPS = 20;

/** Two traces agree to the rounding budget of the declared precision; the first difference otherwise. */
function agree(a: Trace, b: Trace, ctx: CheckContext): string | null {
  for (let k = 0; k < a.length; k++) {
    const ra = a.row(k), rb = b.row(k);
    let scale = 0;
    for (let j = 0; j < ra.length; j++) scale = Math.max(scale, Math.abs(ra[j]));
    for (let j = 0; j < ra.length; j++) {
      if (!within(ra[j], rb[j], roundingBudget(ctx.precision, k + 1, scale))) return `step ${k}, coordinate ${j}: ${ra[j]} against ${rb[j]}`;
    }
  }
  return null;
}

const SCALES = [2 ** -20, 2 ** 10];

const scaleInvariance: Expectation = {
  id: 'relation-gradient-scale-invariance',
  kind: 'relation',
  title: 'with eps = 0 the trajectory does not change when the loss is scaled by c > 0 (c = 2⁻²⁰, 2¹⁰)',
  run(ctx) {
    const { problem, init } = paritySuite()[0];
    // eps only where the optimizer has one: a declared scale-invariant optimizer may have none.
    const hyper = baseHyper(ctx, 'eps' in baseHyper(ctx) ? { eps: 0 } : {});
    const base = run(ctx.make(hyper), problem, init, STEPS);
    const bad = firstNonFinite(base);
    if (bad) return fail(`with eps = 0 on least squares ${bad}`);
    for (const c of SCALES) {
      const d = agree(run(ctx.make(hyper), scaled(problem, c), init, STEPS), base, ctx);
      if (d) return fail(`scaling the loss by ${c} changed the trajectory at ${d}`);
    }
    return pass(`the ${STEPS}-step trajectory on least squares is the same with the loss scaled by ${SCALES.join(' and ')}`);
  },
};

/** |Δ| of the first step, per coordinate, against what the relation expects. */
function firstStep(ctx: CheckContext, hyper: CheckHyper, expected: (start: number, grad: number) => number, what: string): Outcome {
  const { problem, init } = paritySuite()[0];
  const trace = run(ctx.make(hyper), problem, init, 1);
  const grad = problem.gradient(Float64Array.from(init));
  for (let j = 0; j < init.length; j++) {
    const want = expected(init[j], grad[j]);
    const got = trace.row(1)[j];
    if (!within(got, want, roundings(ctx.precision, 16, Math.abs(init[j]) + Math.abs(want - init[j])))) {
      return fail(`the first step of coordinate ${j} went from ${init[j]} to ${got}, not ${what} = ${want}`);
    }
  }
  return pass(`every coordinate's first step is ${what}`);
}

/** `overrides` turn off what the family has on by default (AdamW's decay). */
const adamFirstStep = (overrides: Partial<CheckHyper> = {}): Expectation => ({
  id: 'relation-adam-first-step',
  kind: 'relation',
  title: "Adam's first step has magnitude lr in every coordinate (eps = 0, no weight decay)",
  run: (ctx) => {
    const hyper = baseHyper(ctx, { eps: 0, ...overrides });
    return firstStep(ctx, hyper, (b, g) => b - hyper.lr * Math.sign(g), 'β − lr·sign(g)');
  },
});

const nesterovFirstStep: Expectation = {
  id: 'relation-nesterov-first-step',
  kind: 'relation',
  title: "Nesterov's first step looks ahead: β − lr·(1 + μ)·g",
  run: (ctx) => {
    for (const momentum of [0.9, 0.5]) {
      const hyper = baseHyper(ctx, { momentum });
      const out = firstStep(ctx, hyper, (b, g) => b - hyper.lr * (1 + momentum) * g, `β − lr·(1 + ${momentum})·g`);
      if (!out.pass) return out;
    }
    return pass('the first step is β − lr·(1 + μ)·g for μ = 0.9 and 0.5');
  },
};

const decoupledDecay: Expectation = {
  id: 'relation-adamw-decoupled-decay',
  kind: 'relation',
  title: 'AdamW on a zero gradient only shrinks β by (1 − lr·weightDecay) per step (decoupled decay)',
  run(ctx) {
    const { init } = paritySuite()[0];
    const hyper = baseHyper(ctx, { weightDecay: 0.5, lr: 0.1 });
    const trace = run(ctx.make(hyper), flat(init.length), init, 5);
    const shrink = 1 - hyper.lr * (hyper.weightDecay as number);
    for (let k = 1; k < trace.length; k++) {
      for (let j = 0; j < init.length; j++) {
        const want = init[j] * shrink ** k;
        const got = trace.row(k)[j];
        if (!within(got, want, roundings(ctx.precision, 16 * k, Math.abs(want)))) return fail(`on a zero gradient coordinate ${j} was ${got} at step ${k}, not β₀·(1 − lr·wd)^${k} = ${want}`);
      }
    }
    return pass(`on a zero gradient every coordinate shrank by exactly 1 − lr·wd = ${shrink} per step for 5 steps`);
  },
};

const jumpOffZero: Expectation = {
  id: 'momentum-jump-off-zero',
  kind: 'relation',
  source: '001 Prop. B.3',
  title: 'a coordinate that lands on 0 jumps to −η·β_{N−1}, for η = 0.5 and 0.25',
  run(ctx) {
    const lr = 0.25;
    const notes: string[] = [];
    for (const eta of [0.5, 0.25]) {
      // The first step on λ‖β‖₁ is lr in PyTorch's and TF.js's form and lr(1 − η) in the heavy-ball form (001 eq. 16):
      // a start at each lands on 0 at step 1, whichever form the optimizer follows (all dyadic, so exact).
      const trace = run(ctx.make(baseHyper(ctx, { lr, momentum: eta })), l1({ lambda: 1, dim: 3 }), [lr, lr * (1 - eta), 0.5], 6);
      const bad = firstNonFinite(trace);
      if (bad) return fail(`η = ${eta}: ${bad}`);
      const v = jumpsOffZero(trace, eta);
      if (!v.pass) return fail(`η = ${eta}: ${v.failure}`);
      notes.push(`η = ${eta}: ${v.success}`);
    }
    return pass(notes.join('; '));
  },
};

/** A sign-based optimizer (signSGD, Lion without decay): every coordinate moves by exactly lr, or not at all, at every step. */
const signStep: Expectation = {
  id: 'relation-sign-step',
  kind: 'relation',
  title: 'every coordinate moves by exactly lr or not at all, at every step (weight decay 0)',
  run(ctx) {
    const { problem, init } = paritySuite()[0];
    const hyper = baseHyper(ctx, 'weightDecay' in baseHyper(ctx) ? { weightDecay: 0 } : {});
    const trace = run(ctx.make(hyper), problem, init, STEPS);
    const bad = firstNonFinite(trace);
    if (bad) return fail(bad);
    let moved = 0;
    for (let k = 1; k < trace.length; k++) {
      const before = trace.row(k - 1), after = trace.row(k);
      for (let j = 0; j < before.length; j++) {
        const d = Math.abs(after[j] - before[j]);
        if (d === 0) continue;
        moved++;
        if (!within(d, hyper.lr, roundings(ctx.precision, 4, Math.abs(before[j]) + hyper.lr))) return fail(`step ${k} moved coordinate ${j} by ${d}, not lr = ${hyper.lr}`);
      }
    }
    return moved > 0 ? pass(`every one of ${moved} coordinate moves over ${STEPS} steps was exactly lr = ${hyper.lr}`) : fail(`no coordinate moved in ${STEPS} steps`);
  },
};

export const RELATIONS = { scaleInvariance, adamFirstStep, nesterovFirstStep, decoupledDecay, jumpOffZero, signStep };
