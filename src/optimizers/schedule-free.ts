import { defineOptimizer, type Hyper, type Optimizer, type OptimizerFactory } from './optimizer.ts';
import { HyperReader } from './hyper.ts';
import { saveState, loadVector, loadFlag } from './state.ts';
import { layoutFor, perGroup, tensorSize, type Layout } from './layout.ts';
import { InputError, nonNegativeInteger, nonNegative, finiteNumber } from '../validate/input-error.ts';

/**
 * Schedule-Free (Defazio et al. 2024, "The Road Less Scheduled"), following
 * facebookresearch/schedule_free's simplified references. Both keep three
 * sequences per parameter, all starting at θ₀: z (the base optimizer's
 * iterate), x (the weighted average of z: what is evaluated) and y (the
 * interpolation the gradient is taken at). Per group, at its step k = 0, 1, …:
 *
 *   sched_k = (k + 1)/warmupSteps while k < warmupSteps, else 1;   lr_k = lr·sched_k
 *   lrMax_k = max(lrMax_{k−1}, lr_k)                        (lrMax_{−1} = −1)
 *   w_k = (k + 1)^r · lrMax_k^weightLrPower;   W_k = W_{k−1} + w_k   (W_{−1} = 0)
 *   c_k = w_k / W_k  (0 when W_k = 0, as the reference's ZeroDivisionError branch)
 *   z ← base step of z at y (below)
 *   x ← (1 − c_k)·x + c_k·z
 *   y ← β·x + (1 − β)·z          (β = beta1 for AdamW, momentum for SGD)
 *   θ ← y
 *
 * So x_k = Σ_{i≤k} w_i·z_i / W_k: the w-weighted average of the z sequence.
 *
 * Modes: the optimizer's `eval(params)` writes x into the parameters and
 * `train(params)` writes y back (nothing before the first step, when neither
 * exists yet); `step` refuses to run in eval mode, as the references raise.
 * optspec's optimizer starts in train mode, so it steps straight away; the
 * published AdamW reference starts in eval mode (`train_mode = False`, the
 * caller must call `train()` first) and the SGD reference in train mode.
 */
interface ScheduleHyper {
  readonly lr: number;
  readonly weightDecay: number;
  readonly warmupSteps: number;
  readonly r: number;
  readonly weightLrPower: number;
}

/** One group's schedule: its step count, largest lr so far and sum of averaging weights. */
interface Schedule {
  k: Float64Array;
  lrMax: Float64Array;
  weightSum: Float64Array;
}

/** What the two references do differently: the base step of z, given y and the scheduled lr. */
interface BaseStep<H extends ScheduleHyper> {
  readonly name: string;
  /** Extra per-coordinate state (AdamW's second moment). */
  readonly buffers: readonly string[];
  /** The averaging's interpolation factor β of y = β·x + (1 − β)·z. */
  readonly interpolation: (h: H) => number;
  /** z[i] after the base step at coordinate i; `k` is the group's step (0-based) and `lr` the scheduled lr. */
  readonly stepZ: (h: H, k: number, lr: number, i: number, g: number, y: Float64Array, z: Float64Array, buffers: Float64Array[]) => void;
}

function readSchedule(h: HyperReader, given: Readonly<Record<string, unknown>>, field: string, fallback: ScheduleHyper): ScheduleHyper {
  return {
    lr: h.lr(fallback.lr),
    weightDecay: h.nonNegative('weightDecay', fallback.weightDecay),
    warmupSteps: nonNegativeInteger(`${field}.warmupSteps`, given.warmupSteps ?? fallback.warmupSteps),
    r: nonNegative(`${field}.r`, given.r ?? fallback.r),
    weightLrPower: nonNegative(`${field}.weightLrPower`, given.weightLrPower ?? fallback.weightLrPower),
  };
}

/** The averaging weight c_k of a group's next step; advances the group's schedule. Returns [lr_k, c_k]. */
export function scheduleStep(h: ScheduleHyper, s: Schedule, g: number): [number, number] {
  const k = s.k[g];
  const sched = k < h.warmupSteps ? (k + 1) / h.warmupSteps : 1;
  const lr = h.lr * sched;
  s.lrMax[g] = Math.max(lr, s.lrMax[g]);
  const weight = (k + 1) ** h.r * s.lrMax[g] ** h.weightLrPower;
  s.weightSum[g] += weight;
  const ckp1 = s.weightSum[g] === 0 ? 0 : weight / s.weightSum[g];
  s.k[g] = k + 1;
  return [lr, ckp1];
}

function scheduleFree<H extends ScheduleHyper>(base: BaseStep<H>, own: H, read: (g: Readonly<Record<string, unknown>>, field: string) => H): OptimizerFactory {
  return defineOptimizer(base.name, { ...own } as unknown as Hyper, (dim, given) => {
    const layout: Layout = layoutFor(dim, given);
    // A scheduler's cut (scaleLr) replaces a group's hyperparameters with a smaller lr.
    const groups = [...perGroup(layout, read)];
    const z = new Float64Array(dim);
    const x = new Float64Array(dim);
    const y = new Float64Array(dim);
    const buffers = base.buffers.map(() => new Float64Array(dim));
    const schedule: Schedule = { k: new Float64Array(groups.length), lrMax: new Float64Array(groups.length).fill(-1), weightSum: new Float64Array(groups.length) };
    let started = false;
    let training = true;
    const optimizer: Optimizer = {
      step(params, grad) {
        if (!training) throw new InputError('optimizer.mode', 'eval', 'Schedule-Free steps only in train mode: call train(params) before step()');
        if (!started) {
          z.set(params);
          x.set(params);
          y.set(params);
          started = true;
        }
        const steps = groups.map((h, g) => [schedule.k[g], ...scheduleStep(h, schedule, g)] as const);
        for (const t of layout.tensors) {
          const h = groups[t.group];
          const [k, lr, ckp1] = steps[t.group];
          const beta = base.interpolation(h);
          const end = t.offset + tensorSize(t.shape);
          for (let i = t.offset; i < end; i++) {
            base.stepZ(h, k, lr, i, grad[i], y, z, buffers);
            x[i] = x[i] * (1 - ckp1) + ckp1 * z[i];
            y[i] = x[i] * beta + (1 - beta) * z[i];
            params[i] = y[i];
          }
        }
      },
      scaleLr(factor) {
        if (!(Number.isFinite(factor) && factor >= 0)) throw new InputError('scaleLr(factor)', factor, 'expected a finite number ≥ 0');
        groups.forEach((h, g) => { groups[g] = { ...h, lr: h.lr * factor }; });
      },
      train(params) {
        if (!training && started) params.set(y);
        training = true;
      },
      eval(params) {
        if (training && started) params.set(x);
        training = false;
      },
      state: () => ({ z, x, y, ...Object.fromEntries(base.buffers.map((b, i) => [b, buffers[i]])), step: schedule.k[0], weightSum: schedule.weightSum[0], lrMax: schedule.lrMax[0] }),
      save: () => saveState({ z, x, y, ...Object.fromEntries(base.buffers.map((b, i) => [b, buffers[i]])), k: schedule.k, lrMax: schedule.lrMax, weightSum: schedule.weightSum, started, training }),
      load(s) {
        for (const [key, v] of [['z', z], ['x', x], ['y', y], ...base.buffers.map((b, i) => [b, buffers[i]] as const)] as const) loadVector(s, key, v);
        loadVector(s, 'k', schedule.k);
        loadVector(s, 'lrMax', schedule.lrMax);
        loadVector(s, 'weightSum', schedule.weightSum);
        started = loadFlag(s, 'started');
        training = loadFlag(s, 'training');
      },
    };
    return optimizer;
  });
}

export interface ScheduleFreeAdamWOptions {
  /** Default 0.0025. */
  lr?: number;
  /** The interpolation y = β1·x + (1 − β1)·z; default 0.9. */
  beta1?: number;
  /** The second moment's decay; default 0.999. */
  beta2?: number;
  /** Default 1e-8. */
  eps?: number;
  /** Decay of z towards 0 at y; default 0. */
  weightDecay?: number;
  /** Linear warm-up over this many steps; default 0. */
  warmupSteps?: number;
  /** Polynomial averaging weight (k + 1)^r; default 0. */
  r?: number;
  /** The averaging weight's power of the largest lr so far; default 2. */
  weightLrPower?: number;
}

interface AdamWHyper extends ScheduleHyper {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
}

const ADAMW_KEYS = ['lr', 'beta1', 'beta2', 'eps', 'weightDecay', 'warmupSteps', 'r', 'weightLrPower'];

function readAdamW(given: Readonly<Record<string, unknown>>, field: string, fallback: AdamWHyper): AdamWHyper {
  const h = new HyperReader(given, field);
  h.only(ADAMW_KEYS);
  return {
    ...readSchedule(h, given, field, fallback),
    beta1: h.factor('beta1', fallback.beta1),
    beta2: h.factor('beta2', fallback.beta2),
    eps: h.nonNegative('eps', fallback.eps),
  };
}

/**
 * Schedule-Free AdamW, following facebookresearch/schedule_free
 * `schedulefree/adamw_schedulefree_reference.py` (commit
 * 70785b53e778d0e872c0bbb75ff4ee54ee10c291) at its defaults (lr 0.0025,
 * β1 0.9, β2 0.999, eps 1e-8, weight decay 0, warm-up 0, r 0, weight_lr_power 2;
 * `decay_at_z` off and `inner_momentum` 0, which optspec does not offer).
 * The base step of z, at the group's step k (see the schedule above):
 *
 *   z ← z − lr_k·wd·y                                    (when wd ≠ 0; decay at y, before the moment)
 *   v ← β2·v + (1 − β2)·g²;   d = √(v / (1 − β2^(k+1))) + eps
 *   z ← z − lr_k·g / d
 *
 * then x and y as in the module docstring, with β = β1. There is no first
 * moment: β1 only interpolates y.
 */
export function scheduleFreeAdamW(options: ScheduleFreeAdamWOptions = {}): OptimizerFactory {
  const own = readAdamW(options as Record<string, unknown>, 'optimizer', { lr: 0.0025, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, warmupSteps: 0, r: 0, weightLrPower: 2 });
  return scheduleFree<AdamWHyper>({
    name: 'schedule-free-adamw',
    buffers: ['expAvgSq'],
    interpolation: (h) => h.beta1,
    stepZ(h, k, lr, i, g, y, z, [v]) {
      if (h.weightDecay !== 0) z[i] -= lr * h.weightDecay * y[i];
      v[i] = v[i] * h.beta2 + (1 - h.beta2) * g * g;
      const denom = Math.sqrt(v[i] / (1 - h.beta2 ** (k + 1))) + h.eps;
      z[i] -= lr * (g / denom);
    },
  }, own, (g, field) => readAdamW(g, field, own));
}

export interface ScheduleFreeSgdOptions {
  /** Default 1.0 (the reference's). */
  lr?: number;
  /** The interpolation y = μ·x + (1 − μ)·z, in (0, 1); default 0.9. */
  momentum?: number;
  /** L2 decay added to the gradient at y; default 0. */
  weightDecay?: number;
  warmupSteps?: number;
  r?: number;
  weightLrPower?: number;
}

interface SgdHyper extends ScheduleHyper {
  readonly momentum: number;
}

const SGD_KEYS = ['lr', 'momentum', 'weightDecay', 'warmupSteps', 'r', 'weightLrPower'];

function readSgd(given: Readonly<Record<string, unknown>>, field: string, fallback: SgdHyper): SgdHyper {
  const h = new HyperReader(given, field);
  h.only(SGD_KEYS);
  const momentum = finiteNumber(`${field}.momentum`, given.momentum ?? fallback.momentum);
  if (!(momentum > 0 && momentum < 1)) throw new InputError(`${field}.momentum`, momentum, 'expected a number in (0, 1), as the reference requires');
  return { ...readSchedule(h, given, field, fallback), momentum };
}

/**
 * Schedule-Free SGD, following facebookresearch/schedule_free
 * `schedulefree/sgd_schedulefree_reference.py` (commit
 * f8292d7f757d470d99aa7a2b810c702f55cd765e) at its defaults (lr 1.0, momentum
 * 0.9 in (0, 1), weight decay 0, warm-up 0, r 0, weight_lr_power 2). The base
 * step of z:
 *
 *   g' = g + wd·y               (coupled L2 at y; the reference adds it into p.grad)
 *   z ← z − lr_k·g'
 *
 * then x and y as in the module docstring, with β = momentum.
 */
export function scheduleFreeSgd(options: ScheduleFreeSgdOptions = {}): OptimizerFactory {
  const own = readSgd(options as Record<string, unknown>, 'optimizer', { lr: 1, momentum: 0.9, weightDecay: 0, warmupSteps: 0, r: 0, weightLrPower: 2 });
  return scheduleFree<SgdHyper>({
    name: 'schedule-free-sgd',
    buffers: [],
    interpolation: (h) => h.momentum,
    stepZ(h, _k, lr, i, g, y, z) {
      const gi = h.weightDecay !== 0 ? g + h.weightDecay * y[i] : g;
      z[i] -= lr * gi;
    },
  }, own, (g, field) => readSgd(g, field, own));
}
