/**
 * Schedule-Free's relations, for AdamW and SGD alike. They need only
 * `train(params)` and `eval(params)`: after a step the parameters are y, eval
 * shows x, and since y = β·x + (1 − β)·z the z sequence follows from the two,
 * so the averaging can be checked without knowing the base optimizer:
 *
 *   x_k = Σ_{i≤k} w_i·z_i / Σ_{i≤k} w_i,   w_i = i^r · (max_{j≤i} lr_j)^weightLrPower,
 *   lr_j = lr·min(1, j/warmupSteps)       (steps counted from 1)
 */
import type { Hyper, Optimizer } from '../../optimizers/optimizer.ts';
import { pass, fail, skip } from '../expectation.ts';
import { drive, guarded, seededLeastSquares, rounding, num, maxAbs, type ModernRelation, type ModernFamily, type ModernMaker, type ModernPrecision } from './drive.ts';

export type ScheduleFreeKind = 'adamw' | 'sgd';

/** The configurations the relations use: warm-up, polynomial weights and decay on, values away from the defaults. */
export const SCHEDULE_FREE_HYPER: Readonly<Record<ScheduleFreeKind, Hyper>> = {
  adamw: { lr: 0.05, beta1: 0.8, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, warmupSteps: 3, r: 0.5, weightLrPower: 2 },
  sgd: { lr: 0.05, momentum: 0.8, weightDecay: 0.1, warmupSteps: 3, r: 1, weightLrPower: 2 },
};

const STEPS = 8;
const family = (kind: ScheduleFreeKind): ModernFamily => (kind === 'adamw' ? 'schedule-free-adamw' : 'schedule-free-sgd');
/** The interpolation factor of y = β·x + (1 − β)·z. */
const beta = (kind: ScheduleFreeKind, h: Hyper) => num(h, kind === 'adamw' ? 'beta1' : 'momentum');
const problem = () => seededLeastSquares(6601, 10, 5);

const NO_SCALE_LR = 'the optimizer cannot have its lr changed between steps (scaleLr(factor); through the protocol, the op scale-lr)';

function needsModes(o: Optimizer): string | null {
  return typeof o.train === 'function' && typeof o.eval === 'function' ? null : 'the optimizer has no train(params) and eval(params)';
}

/** A scheduler's cut: after step `after`, every lr is multiplied by `factor`. */
export interface LrCut {
  readonly after: number;
  readonly factor: number;
}

/** The reference's averaging weights w_1 … w_steps (with a scheduler's cut, if any: lrMax keeps the largest lr seen). */
export function averagingWeights(h: Hyper, steps: number, cut?: LrCut): number[] {
  const [lr, warmup, r, power] = [num(h, 'lr'), num(h, 'warmupSteps'), num(h, 'r'), num(h, 'weightLrPower')];
  let lrMax = -1;
  return Array.from({ length: steps }, (_, k) => {
    const scheduled = lr * (cut && k >= cut.after ? cut.factor : 1);
    lrMax = Math.max(lrMax, scheduled * (k < warmup ? (k + 1) / warmup : 1));
    return (k + 1) ** r * lrMax ** power;
  });
}

interface Probe {
  /** y after each step (rows[0] is the start). */
  readonly y: Float64Array[];
  /** x after each step, as eval showed it. */
  readonly x: Float64Array[];
  /** A step whose train() did not restore y bit for bit, with the coordinate. */
  readonly broken: string | null;
}

/** Step with an eval → train round trip after every step, recording what each mode shows; `cut` scales the lr after its step. */
function probe(make: ModernMaker, h: Hyper, steps = STEPS, cut?: LrCut): Probe | string {
  const { problem: p, init } = problem();
  const x: Float64Array[] = [Float64Array.from(init)];
  let broken: string | null = null;
  let missing: string | null = null;
  const { rows } = drive(make(h), p, init, steps, undefined, (k, params, o) => {
    missing ??= needsModes(o) ?? (cut && typeof o.scaleLr !== 'function' ? NO_SCALE_LR : null);
    if (missing) return;
    if (cut && k === cut.after) o.scaleLr!(cut.factor);
    const y = Float64Array.from(params);
    o.eval!(params);
    x.push(Float64Array.from(params));
    o.train!(params);
    const j = params.findIndex((v, i) => !Object.is(v, y[i]));
    if (j >= 0 && broken === null) broken = `after step ${k}, eval → train left coordinate ${j} at ${params[j]}, not y = ${y[j]}`;
  });
  return missing ?? { y: rows, x, broken };
}

function roundTrip(kind: ScheduleFreeKind): ModernRelation {
  return {
    id: 'schedule-free-round-trip',
    family: family(kind),
    title: 'an eval → train round trip restores y bit for bit, and a step in eval mode is refused',
    run: (make) => guarded(family(kind), () => {
      const seen = probe(make, SCHEDULE_FREE_HYPER[kind]);
      if (typeof seen === 'string') return fail(seen);
      if (seen.broken) return fail(seen.broken);
      const o = make(SCHEDULE_FREE_HYPER[kind])(5);
      const params = Float64Array.from([0.5, -0.5, 1, 2, -1]);
      o.step(params, Float64Array.from([1, 1, -1, 0.5, 0]));
      o.eval!(params);
      let refused = false;
      try {
        o.step(params, Float64Array.from([1, 1, 1, 1, 1]));
      } catch {
        refused = true;
      }
      if (!refused) return fail('a step in eval mode was taken; the reference refuses it');
      return pass(`after each of ${STEPS} steps eval → train restored y bit for bit, and a step in eval mode was refused`);
    }),
  };
}

/** Eval showed x_k = Σ w_i·z_i / Σ w_i after every step, with z from y = β·x + (1 − β)·z; the first step where not, in words. */
function notTheAverage(kind: ScheduleFreeKind, h: Hyper, seen: Probe, w: readonly number[], precision: ModernPrecision): string | null {
  const b = beta(kind, h);
  const dim = seen.y[0].length;
  const weighted = new Float64Array(dim);
  let total = 0;
  for (let k = 1; k < seen.y.length; k++) {
    const z = seen.y[k].map((y, j) => (y - b * seen.x[k][j]) / (1 - b));
    total += w[k - 1];
    for (let j = 0; j < dim; j++) weighted[j] += w[k - 1] * z[j];
    const budget = rounding(precision, 4 * k, (maxAbs(seen.x[k]) + maxAbs(z)) / (1 - b));
    for (let j = 0; j < dim; j++) {
      const want = weighted[j] / total;
      if (!(Math.abs(seen.x[k][j] - want) <= budget)) {
        return `after step ${k} eval showed x[${j}] = ${seen.x[k][j]}, not the weighted average of z (with z from y = β·x + (1 − β)·z) = ${want}`;
      }
    }
    if (k > 1 && seen.x[k].every((v, j) => Object.is(v, seen.y[k][j]))) return `after step ${k} eval showed y itself, not x`;
  }
  return null;
}

function trainSeesY(kind: ScheduleFreeKind): ModernRelation {
  return {
    id: 'schedule-free-train-eval',
    family: family(kind),
    title: 'training sees y = β·x + (1 − β)·z and evaluation sees x, the weighted average of z (warm-up and weights as the reference)',
    run: (make, precision) => guarded(family(kind), () => {
      const h = SCHEDULE_FREE_HYPER[kind];
      const seen = probe(make, h);
      if (typeof seen === 'string') return fail(seen);
      const w = averagingWeights(h, STEPS);
      const wrong = notTheAverage(kind, h, seen, w, precision);
      if (wrong) return fail(wrong);
      return pass(`for ${STEPS} steps eval showed the weighted average of z (weights ${w.slice(0, 4).map((v) => v.toPrecision(3)).join(', ')}, …) and train showed y`);
    }),
  };
}

/** The cut the lr-max relation makes: a tenth of the lr from step 5 on, after warm-up, as a step schedule would. */
export const LR_CUT: LrCut = { after: 4, factor: 0.1 };

/**
 * The averaging weight's lr is the largest seen so far (the reference's
 * lr_max), not the current one: after a scheduler cuts the lr, the weights
 * stay where they were instead of falling by factor^weightLrPower.
 */
function lrMax(kind: ScheduleFreeKind): ModernRelation {
  return {
    id: 'schedule-free-lr-max',
    family: family(kind),
    title: `after a scheduler cuts lr to ${LR_CUT.factor}× at step ${LR_CUT.after + 1}, the averaging weights keep the largest lr seen (lr_max)`,
    run: (make, precision) => guarded(family(kind), () => {
      const h = SCHEDULE_FREE_HYPER[kind];
      const seen = probe(make, h, STEPS, LR_CUT);
      if (seen === NO_SCALE_LR) return skip(seen);
      if (typeof seen === 'string') return fail(seen);
      const w = averagingWeights(h, STEPS, LR_CUT);
      const wrong = notTheAverage(kind, h, seen, w, precision);
      if (wrong) return fail(`with the lr cut to ${LR_CUT.factor}× after step ${LR_CUT.after}: ${wrong}`);
      return pass(`with the lr cut to ${LR_CUT.factor}× after step ${LR_CUT.after}, eval showed the average of z weighted by the largest lr seen for all ${STEPS} steps`);
    }),
  };
}

function lrZero(kind: ScheduleFreeKind): ModernRelation {
  return {
    id: 'schedule-free-lr-zero',
    family: family(kind),
    title: 'with lr = 0 neither y nor x moves',
    run: (make, precision) => guarded(family(kind), () => {
      const seen = probe(make, { ...SCHEDULE_FREE_HYPER[kind], lr: 0 });
      if (typeof seen === 'string') return fail(seen);
      const start = seen.y[0];
      for (let k = 1; k <= STEPS; k++) {
        for (const [what, row] of [['y', seen.y[k]], ['x', seen.x[k]]] as const) {
          for (let j = 0; j < row.length; j++) {
            if (!(Math.abs(row[j] - start[j]) <= rounding(precision, 4, Math.abs(start[j])))) return fail(`with lr = 0, ${what}[${j}] was ${row[j]} after step ${k}, not the start ${start[j]}`);
          }
        }
      }
      return pass(`with lr = 0 y and x stayed at the start for ${STEPS} steps`);
    }),
  };
}

export function scheduleFreeRelations(kind: ScheduleFreeKind): readonly ModernRelation[] {
  return [trainSeesY(kind), lrZero(kind), roundTrip(kind), lrMax(kind)];
}
