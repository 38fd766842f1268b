/**
 * Contracts every optimizer keeps, whatever its family (what PyTorch's
 * optimizer test suite checks, in optspec's terms). Each compares runs bit
 * for bit, except progress, which compares losses.
 */
import type { Optimizer } from '../optimizers/optimizer.ts';
import type { Objective } from '../problems/objective.ts';
import { baseHyper, dialectSpec, familyModule, optionConfigs, showOptions, settingCount } from './families.ts';
import { paritySuite, permuted, flat, longHorizonSuite, type SuiteProblem } from './suite.ts';
import { type Expectation, type CheckContext, type Outcome, pass, fail, skip, run } from './expectation.ts';

const STEPS = 12;

/** Step an optimizer on a problem, returning every row (row 0 is the start). */
function rows(opt: Optimizer, problem: Objective, start: ArrayLike<number>, steps: number, first = 0): Float64Array[] {
  const beta = Float64Array.from(start);
  const grad = new Float64Array(beta.length);
  const out = [beta.slice()];
  for (let k = first; k < first + steps; k++) {
    problem.lossAndGradient(beta, grad);
    opt.step(beta, grad);
    out.push(beta.slice());
  }
  return out;
}

/** The first step and coordinate where two runs differ in any bit, as a sentence, or null. */
function firstDifference(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[], what: [string, string], offset = 0): string | null {
  for (let k = 0; k < Math.min(a.length, b.length); k++) {
    for (let j = 0; j < a[k].length; j++) {
      if (!Object.is(a[k][j], b[k][j])) return `step ${k + offset}, coordinate ${j}: ${what[0]} ${a[k][j]}, ${what[1]} ${b[k][j]}`;
    }
  }
  return null;
}

/** The problems a context's contracts run on: the flat suite, or the family's own layouts (Muon's matrices). */
function problems(ctx: CheckContext): readonly SuiteProblem[] {
  const own = ctx.family === undefined ? undefined : familyModule(ctx.family).suite;
  return own ? own(ctx.dialect) : paritySuite();
}

const independent: Expectation = {
  id: 'contract-independent-instances',
  kind: 'contract',
  title: 'two optimizers from one factory share no state',
  run(ctx) {
    const [a, , b] = problems(ctx);
    const factory = ctx.make(baseHyper(ctx));
    const alone = rows(factory(a.problem.dim, a.problem.layout), a.problem, a.init, STEPS);
    const first = factory(a.problem.dim, a.problem.layout);
    const second = factory(b.problem.dim, b.problem.layout);
    const betaA = Float64Array.from(a.init), betaB = Float64Array.from(b.init);
    const gA = new Float64Array(betaA.length), gB = new Float64Array(betaB.length);
    const together = [betaA.slice()];
    for (let k = 0; k < STEPS; k++) {
      a.problem.lossAndGradient(betaA, gA);
      first.step(betaA, gA);
      b.problem.lossAndGradient(betaB, gB);
      second.step(betaB, gB);
      together.push(betaA.slice());
    }
    const d = firstDifference(together, alone, ['interleaved with a second instance', 'alone']);
    return d ? fail(`stepping a second instance changed the first: ${d}`) : pass(`an instance stepped alone and one interleaved with a second instance agree bit for bit over ${STEPS} steps`);
  },
};

const deterministic: Expectation = {
  id: 'contract-deterministic',
  kind: 'contract',
  title: 'the same inputs give a bit-identical trace',
  run(ctx) {
    const { problem, init } = problems(ctx)[3];
    const once = () => {
      const trace = run(ctx.make(baseHyper(ctx)), problem, init, STEPS);
      return Array.from({ length: trace.length }, (_, k) => trace.row(k));
    };
    const d = firstDifference(once(), once(), ['first run', 'second run']);
    return d ? fail(`two runs from the same start differ: ${d}`) : pass(`two runs agree bit for bit over ${STEPS} steps`);
  },
};

const PERMUTATION = [3, 0, 5, 1, 4, 2];

const equivariant: Expectation = {
  id: 'contract-permutation-equivariance',
  kind: 'contract',
  title: 'permuting the coordinates permutes the trajectory',
  run(ctx) {
    const { problem, init } = problems(ctx)[3];
    const hyper = baseHyper(ctx);
    const plain = rows(ctx.make(hyper)(problem.dim, problem.layout), problem, init, STEPS);
    const mixed = rows(ctx.make(hyper)(problem.dim, problem.layout), permuted(problem, PERMUTATION), PERMUTATION.map((p) => init[p]), STEPS);
    const expected = plain.map((r) => PERMUTATION.map((p) => r[p]));
    const d = firstDifference(mixed, expected, ['permuted run', 'permuted plain run']);
    return d ? fail(`the run on permuted coordinates is not the permuted run: ${d}`) : pass(`the run on coordinates permuted by [${PERMUTATION.join(', ')}] is the permuted run, bit for bit`);
  },
};

export const zeroGradient: Expectation = {
  id: 'contract-zero-gradient',
  kind: 'contract',
  title: 'a zero gradient leaves the parameters unchanged (no momentum in this family)',
  run(ctx) {
    const { problem, init } = problems(ctx)[0];
    const opt = ctx.make(baseHyper(ctx))(problem.dim, problem.layout);
    const warm = rows(opt, problem, init, 5);
    const still = rows(opt, flat(problem.dim), warm[warm.length - 1], 5, 5);
    const d = firstDifference(still, still.map(() => still[0]), ['on a zero gradient', 'before'], 5);
    return d ? fail(`after 5 steps, a zero gradient moved the parameters: ${d}`) : pass('after 5 steps, 5 steps on a zero gradient left every parameter bit for bit where it was');
  },
};

const zeroLr: Expectation = {
  id: 'contract-zero-lr',
  kind: 'contract',
  title: 'lr = 0 is the identity',
  run(ctx) {
    const { problem, init } = problems(ctx)[0];
    const trace = rows(ctx.make(baseHyper(ctx, { lr: 0 }))(problem.dim, problem.layout), problem, init, STEPS);
    // A float32 optimizer holds the start rounded to float32.
    const start = ctx.precision === 'float32' ? Float64Array.from(init, Math.fround) : init;
    const d = firstDifference(trace.slice(1), trace.slice(1).map(() => start), ['with lr = 0', 'start'], 1);
    return d ? fail(`lr = 0 moved the parameters: ${d}`) : pass(`lr = 0 left every parameter bit for bit at its start over ${STEPS} steps`);
  },
};

const PROGRESS_STEPS = 60;

const progress: Expectation = {
  id: 'contract-progress',
  kind: 'contract',
  title: 'it makes progress on a smooth problem (least squares, lr = 0.05)',
  run(ctx) {
    const { problem, init } = problems(ctx)[0];
    const trace = run(ctx.make(baseHyper(ctx, { lr: 0.05 })), problem, init, PROGRESS_STEPS);
    const start = trace.loss[0];
    const end = trace.loss[PROGRESS_STEPS];
    return end <= 0.9 * start
      ? pass(`least squares fell from ${start.toPrecision(4)} to ${end.toPrecision(4)} in ${PROGRESS_STEPS} steps`)
      : fail(`least squares went from ${start.toPrecision(4)} to ${end} in ${PROGRESS_STEPS} steps, not below 90% of the start`);
  },
};

/**
 * Save after `at` steps, load into a fresh optimizer, and run on in lockstep
 * with the original, bit for bit. Early, it catches a save that shares live
 * buffers; late, state down-cast on checkpoint and a step count lost.
 */
function resumesAt(ctx: CheckContext, problem: Objective, init: ArrayLike<number>, at: number): Outcome {
  const factory = ctx.make(baseHyper(ctx));
  const original = factory(problem.dim, problem.layout);
  if (!original.save && !original.load) return skip('the optimizer exposes no save/load');
  if (!original.save || !original.load) return fail(`the optimizer exposes ${original.save ? 'save' : 'load'} without ${original.save ? 'load' : 'save'}`);
  const before = rows(original, problem, init, at);
  const saved = original.save();
  // The original steps on after the save: a save that handed out live buffers would change under the resumed run.
  const uninterrupted = rows(original, problem, before[at], STEPS, at);
  const resumed = factory(problem.dim, problem.layout);
  resumed.load!(saved);
  const d = firstDifference(rows(resumed, problem, before[at], STEPS, at), uninterrupted, ['resumed', 'uninterrupted'], at);
  return d ? fail(`after save at step ${at} and load into a fresh optimizer: ${d}`) : pass(`saved at step ${at}, loaded into a fresh optimizer, ran ${STEPS} steps in lockstep bit for bit`);
}

const resume: Expectation = {
  id: 'contract-save-load',
  kind: 'contract',
  title: 'resuming from saved state runs in lockstep with an uninterrupted run (when save/load is exposed)',
  run: (ctx) => resumesAt(ctx, problems(ctx)[2].problem, problems(ctx)[2].init, 7),
};

/** Odd and past 2048: neither bfloat16 nor float16 holds the step count exactly. */
export const LATE = 2501;

const resumeLate: Expectation = {
  id: 'contract-save-load-late',
  kind: 'contract',
  title: `resuming from state saved at step ${LATE} runs in lockstep (catches state down-cast on checkpoint)`,
  run: (ctx) => {
    // A family with its own layouts resumes on its first; the others on a long-horizon problem.
    const { problem, init } = ctx.family !== undefined && familyModule(ctx.family).suite ? problems(ctx)[0] : longHorizonSuite()[1];
    return resumesAt(ctx, problem, init, LATE);
  },
};

/**
 * The gradient handed to step() is the caller's: an optimizer that adds its
 * weight decay into it, or negates it for maximize, breaks gradient
 * accumulation and clipping. Checked under every option the sweep turns on.
 * Where the dialect's published reference itself writes into the gradient
 * (GradientWrite), exactly that write is accepted too, and named.
 */
const gradientUntouched: Expectation = {
  id: 'contract-gradient-untouched',
  kind: 'contract',
  title: 'step() leaves the gradient it was given untouched, under every option setting',
  run(ctx) {
    const { problem, init } = problems(ctx)[0];
    const settings = ctx.family ? optionConfigs(ctx) : [{}];
    const write = ctx.family ? dialectSpec(ctx.family, ctx.dialect).gradientWrite : undefined;
    let written = 0;
    for (const config of settings) {
      const hyper = baseHyper(ctx, config);
      const opt = ctx.make(hyper)(problem.dim, problem.layout);
      const beta = Float64Array.from(init);
      const grad = new Float64Array(beta.length);
      for (let k = 1; k <= 5; k++) {
        problem.lossAndGradient(beta, grad);
        const given = grad.slice();
        const before = beta.slice();
        opt.step(beta, grad);
        for (let j = 0; j < grad.length; j++) {
          if (Object.is(grad[j], given[j])) continue;
          const expected = write?.expected(hyper, given[j], before[j]);
          if (expected !== undefined && Math.abs(grad[j] - expected) <= 4 * Number.EPSILON * Math.abs(expected)) {
            written++;
            continue;
          }
          const besides = expected === undefined ? '' : `, which is not ${write!.what} either (${expected})`;
          return fail(`with ${showOptions(config)}, step ${k} changed coordinate ${j} of the gradient it was given from ${given[j]} to ${grad[j]}${besides}`);
        }
      }
    }
    const what = written > 0 ? `changed the gradient only as ${write!.what} (${written} values)` : 'left every gradient bit for bit as given';
    return pass(`5 steps under each of ${settingCount(settings.length)} (${settings.map(showOptions).join(', ')}) ${what}`);
  },
};

export const CONTRACTS: readonly Expectation[] = [independent, deterministic, equivariant, zeroGradient, zeroLr, progress, resume, resumeLate, gradientUntouched];

/** The contracts that hold for any rule, elementwise or not, and need no reference: a family that is not flat runs these on its own layouts. */
export const LAYOUT_CONTRACTS: readonly Expectation[] = [independent, deterministic, zeroLr, resume, resumeLate];
