/**
 * Reference parity: step by step against optspec's reference in the declared
 * dialect, over the problem suite and a hyperparameter grid drawn by
 * fast-check, which shrinks a failure to the smallest configuration.
 *
 * Rounding: a correct implementation may differ from the reference by a few
 * ulps per step, and on a chaotic trajectory such differences grow until no
 * two implementations agree. The reference is therefore also run with every
 * gradient and parameter nudged by one ulp of the declared precision (twice,
 * with opposite signs); the tolerance at each step is SLACK times the nudged
 * runs' distance plus a linear rounding budget, and the comparison stops at
 * the horizon, the first step where a nudged run departs macroscopically.
 */
import fc from 'fast-check';
import type { OptimizerFactory } from '../optimizers/optimizer.ts';
import type { Layout } from '../optimizers/layout.ts';
import type { Objective } from '../problems/objective.ts';
import type { Trace } from '../trace/trace.ts';
import { type CheckHyper, type Dialect, type Precision, type OptionConfig, type HyperValue, reference, baseHyper, baseGrid, gridArbitrary, optionConfigs, optionsOf, dialectsOf, dialectSpec, familyModule, showHyper, showOptions, settingCount } from './families.ts';
import { EPSILON, roundingBudget, ulpsBetween, within } from './precision.ts';
import { paritySuite, type SuiteProblem } from './suite.ts';
import { type Expectation, type CheckContext, type Outcome, type Divergence, type DivergenceEvidence, type ParityReference, pass, fail, run } from './expectation.ts';

const STEPS = 60;

export type { Divergence } from './expectation.ts';

/** The reference with each gradient coordinate, then each updated parameter, moved by a relative ±ε. */
function nudged(factory: OptimizerFactory, eps: number, sign: 1 | -1): OptimizerFactory {
  return Object.assign(
    (dim: number, layout?: Layout) => {
      const inner = factory(dim, layout);
      const g = new Float64Array(dim);
      let k = 0;
      return {
        step(params: Float64Array, grad: Float64Array, missing?: ReadonlySet<number>) {
          k++;
          for (let j = 0; j < dim; j++) g[j] = grad[j] * (1 + ((j + k) % 2 ? sign : -sign) * eps);
          inner.step(params, g, missing);
          for (let j = 0; j < dim; j++) params[j] *= 1 + ((j + k) % 2 ? -sign : sign) * eps;
        },
      };
    },
    { optimizerName: `${factory.optimizerName} nudged`, hyper: factory.hyper },
  );
}

export interface Comparison {
  readonly divergence: Divergence | null;
  /** Steps compared before the reference's own rounding horizon (or the run's end). */
  readonly horizon: number;
}

/** Compare a candidate trace with the reference's on one problem, up to the rounding horizon. */
export function compareToReference(
  candidate: Trace,
  ref: OptimizerFactory,
  problem: Objective,
  init: ArrayLike<number>,
  label: string,
  precision: Precision,
): Comparison {
  const eps = EPSILON[precision];
  const steps = candidate.length - 1;
  const expected = run(ref, problem, init, steps);
  const probes = [run(nudged(ref, eps, 1), problem, init, steps), run(nudged(ref, eps, -1), problem, init, steps)];
  const macroscopic = Math.sqrt(eps);
  for (let k = 0; k <= steps; k++) {
    const r = expected.row(k);
    const c = candidate.row(k);
    let scale = 0;
    for (let j = 0; j < r.length; j++) scale = Math.max(scale, Math.abs(r[j]));
    if (!Number.isFinite(scale)) return { divergence: null, horizon: k };
    scale = Math.max(scale, Number.MIN_VALUE);
    const spread = new Float64Array(r.length);
    let worst = 0;
    for (const probe of probes) {
      const p = probe.row(k);
      for (let j = 0; j < r.length; j++) {
        const d = Math.abs(p[j] - r[j]);
        spread[j] = Math.max(spread[j], Number.isNaN(d) ? Infinity : d);
        worst = Math.max(worst, spread[j]);
      }
    }
    if (worst > macroscopic * scale) return { divergence: null, horizon: k };
    for (let j = 0; j < r.length; j++) {
      if (!within(c[j], r[j], roundingBudget(precision, k + 1, scale, spread[j]))) {
        return { divergence: { problem: label, step: k, coordinate: j, ...(candidate.meta.layout ? { tensor: candidate.label(j) } : {}), expected: r[j], actual: c[j], ulps: ulpsBetween(c[j], r[j], precision) }, horizon: k };
      }
    }
  }
  return { divergence: null, horizon: steps + 1 };
}

interface ConfigResult {
  readonly divergence: Divergence | null;
  readonly compared: number;
  readonly shortest: { label: string; horizon: number };
  /** The diverging coordinate around the divergence, candidate against reference. */
  readonly series?: DivergenceEvidence['series'];
}

/** A family's reference in a dialect (the context's unless named). */
export function dialectReference(ctx: CheckContext, dialect = ctx.dialect): ParityReference {
  const family = ctx.family;
  if (family === undefined) throw new RangeError('no family, so no dialect reference: give --reference');
  return { make: (h) => reference(family, dialect, h), name: `the ${dialect} reference` };
}

/** What the candidate is compared with: the user's own reference, else the family's in the declared dialect. */
export function referenceOf(ctx: CheckContext): ParityReference {
  return ctx.reference ?? dialectReference(ctx);
}

/** Steps either side of a divergence that the report plots. */
const AROUND = 20;

function seriesAround(candidate: Trace, expected: Trace, d: Divergence): DivergenceEvidence['series'] {
  const from = Math.max(0, d.step - AROUND);
  const to = Math.min(candidate.length, expected.length, d.step + AROUND + 1);
  const pick = (t: Trace) => Array.from({ length: to - from }, (_, i) => t.row(from + i)[d.coordinate]);
  return { from, candidate: pick(candidate), reference: pick(expected) };
}

function checkConfig(ctx: CheckContext, hyper: CheckHyper, suite: readonly SuiteProblem[], ref: ParityReference, steps = STEPS): ConfigResult {
  const candidate = ctx.make(hyper);
  const expected = ref.make(hyper);
  let compared = 0;
  let shortest = { label: '', horizon: Infinity };
  for (const { label, problem, init } of suite) {
    const trace = run(candidate, problem, init, steps);
    const { divergence, horizon } = compareToReference(trace, expected, problem, init, label, ctx.precision);
    if (divergence) return { divergence, compared, shortest, series: seriesAround(trace, run(expected, problem, init, steps), divergence) };
    compared += horizon;
    if (horizon < shortest.horizon) shortest = { label, horizon };
  }
  return { divergence: null, compared, shortest };
}

export function describeDivergence(d: Divergence, hyper: CheckHyper, precision: Precision, against = ''): string {
  const ulps = Number.isFinite(d.ulps) ? `${d.ulps.toPrecision(3)} ulps (${precision})` : 'not finite';
  return `first divergence${against ? ` from ${against}` : ''} on ${d.problem} with ${showHyper(hyper)}: step ${d.step}, coordinate ${d.coordinate}${d.tensor ? ` (${d.tensor})` : ''}: expected ${d.expected}, got ${d.actual}, ${ulps} apart`;
}

/**
 * The other dialect of the family whose reference the candidate does follow
 * at this configuration, or null: "matches TensorFlow's ε̂ Adam".
 */
export function matchingDialect(ctx: CheckContext, hyper: CheckHyper, suite: readonly SuiteProblem[]): Dialect | null {
  const family = ctx.family;
  if (family === undefined) return null;
  for (const dialect of dialectsOf(family)) {
    if (dialect === ctx.dialect) continue;
    // A dialect whose rule lacks an option the configuration turns on cannot be what the candidate follows.
    const lacks = optionsOf({ family, dialect: ctx.dialect }).filter((o) => !optionsOf({ family, dialect }).includes(o));
    const neutral = familyModule(family).options;
    if (lacks.some((o) => hyper[o] !== undefined && hyper[o] !== neutral[o].neutral)) continue;
    const r = checkConfig(ctx, hyper, suite, dialectReference(ctx, dialect));
    if (!r.divergence && r.compared > 0) return dialect;
  }
  return null;
}

/** How many hyperparameter configurations fast-check draws beyond the ones every option setting gets. */
const GRID_RUNS = 20;

/**
 * Parity over a suite of problems (the gate's own unless given): every option
 * setting of the sweep at the base grid, then random grid points, shrunk to
 * the smallest configuration that diverges.
 */
export function checkParity(ctx: CheckContext, suite: readonly SuiteProblem[] = paritySuite(), ref: ParityReference = referenceOf(ctx)): Outcome {
  const configs = optionConfigs(ctx);
  const grid = baseGrid(ctx);
  let compared = 0;
  let passed = 0;
  let shortest = { label: '', horizon: Infinity };
  const hyperOf = (config: OptionConfig, values: Record<string, HyperValue>) => baseHyper(ctx, { ...values, ...config });
  const property = fc.property(fc.constantFrom(...configs), gridArbitrary(ctx), (config, values) => {
    const r = checkConfig(ctx, hyperOf(config, values), suite, ref);
    if (r.divergence) return false;
    passed++;
    compared += r.compared;
    if (r.shortest.horizon < shortest.horizon) shortest = r.shortest;
    return true;
  });
  const examples = configs.map((c) => [c, grid] as [OptionConfig, Record<string, HyperValue>]);
  const result = fc.check(property, { seed: 20240, numRuns: examples.length + GRID_RUNS, examples });
  if (result.failed) {
    // fast-check hands back the shrunk configuration of every failure it finds (were there none, this throws: still a failure).
    const [config, values] = result.counterexample as [OptionConfig, Record<string, HyperValue>];
    const hyper = hyperOf(config, values);
    const r = checkConfig(ctx, hyper, suite, ref);
    if (!r.divergence) return fail(`${showHyper(hyper)}: ${String(result.errorInstance)}`);
    const matches = !ctx.reference && ctx.family !== undefined ? matchingDialect(ctx, hyper, suite) : null;
    const hint = matches ? `; the trajectory matches ${dialectSpec(ctx.family!, matches).rule}: pass --dialect ${matches}` : '';
    const divergence: DivergenceEvidence = {
      ...r.divergence,
      hyper: { ...hyper } as Record<string, number | boolean>,
      reference: ref.name,
      ...(matches ? { matchesDialect: matches } : {}),
      series: r.series!,
    };
    return { ...fail(describeDivergence(r.divergence, hyper, ctx.precision, ref.name) + hint), divergence };
  }
  // Every problem compares at least its start, so only an empty suite gets here: nothing compared is no pass.
  if (compared === 0) return fail('no step could be compared: the suite has no problem');
  return pass(
    `matched ${ref.name} on ${suite.length} problems × ${passed} configurations (${settingCount(configs.length)}: ${configs.map(showOptions).join(', ')}), ${compared} steps compared (shortest rounding horizon ${shortest.horizon} of ${STEPS + 1} rows, on ${shortest.label})`,
  );
}


export const referenceParity: Expectation = {
  id: 'reference-parity',
  kind: 'parity',
  comparesWithReference: true,
  title: 'step by step the same as the reference of its dialect, over the problem suite, every option setting and a hyperparameter grid',
  run: (ctx) => checkParity(ctx),
};
