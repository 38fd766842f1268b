/**
 * Schedule-Free variants (AdamW and SGD): the bugs that shipped (the wrong
 * averaging weight, the wrong interpolation) and their neighbours, and two
 * correct rearrangements of each.
 */
import { defineOptimizer, type Hyper, type Optimizer } from '../../src/optimizers/optimizer.ts';
import { InputError } from '../../src/validate/input-error.ts';
import { num } from '../../src/check/modern/drive.ts';
import type { ModernVariant } from './variant.ts';
import type { ScheduleFreeKind } from '../../src/check/modern/schedule-free.ts';

interface ScheduleFreeBugs {
  /** Every step weighs the same in x (weight_lr_power and r ignored). */
  uniformWeights?: boolean;
  /** The weight leaves out (k + 1)^r. */
  noPolynomialWeight?: boolean;
  /** y = (1 − β)·x + β·z. */
  interpolationSwapped?: boolean;
  /** The lr is never warmed up. */
  warmupIgnored?: boolean;
  /** The averaging weight takes the current lr, not the largest seen (lr_max). */
  lrMaxIsCurrent?: boolean;
  /** AdamW: no bias correction of v. */
  noBiasCorrection?: boolean;
  /** eval() leaves y in the parameters. */
  evalKeepsY?: boolean;
  /** The decay is taken at z instead of y. */
  decayAtZ?: boolean;
  /** c = w/W without the reference's guard for W = 0: lr = 0 makes x NaN. */
  noZeroGuard?: boolean;
  /** train() leaves x in the parameters. */
  trainKeepsX?: boolean;
  /** A step in eval mode is taken instead of refused. */
  stepsInEval?: boolean;
  /** Correct: x kept as Σw·z / Σw instead of the running interpolation. */
  xFromSums?: boolean;
  /** Correct: interpolations written as lerps. */
  lerps?: boolean;
}

function scheduleFreeLike(kind: ScheduleFreeKind, h: Hyper, dim: number, o: ScheduleFreeBugs): Optimizer {
  const lr0 = num(h, 'lr'), wd = num(h, 'weightDecay'), warmup = num(h, 'warmupSteps'), r = num(h, 'r'), power = num(h, 'weightLrPower');
  const beta = num(h, kind === 'adamw' ? 'beta1' : 'momentum');
  const z = new Float64Array(dim), x = new Float64Array(dim), y = new Float64Array(dim), v = new Float64Array(dim), sum = new Float64Array(dim);
  let k = 0, lrMax = -1, weightSum = 0, started = false, training = true, scale = 1;
  return {
    step(p, g) {
      if (!training && !o.stepsInEval) throw new InputError('optimizer.mode', 'eval', 'call train() first');
      if (!started) [z, x, y].forEach((s) => s.set(p));
      started = true;
      const lr = lr0 * scale * (k < warmup && !o.warmupIgnored ? (k + 1) / warmup : 1);
      lrMax = o.lrMaxIsCurrent ? lr : Math.max(lrMax, lr);
      const weight = o.uniformWeights ? 1 : (o.noPolynomialWeight ? 1 : (k + 1) ** r) * lrMax ** power;
      weightSum += weight;
      const ck = weightSum === 0 && !o.noZeroGuard ? 0 : weight / weightSum;
      const bc2 = o.noBiasCorrection ? 1 : 1 - (kind === 'adamw' ? num(h, 'beta2') : 0) ** (k + 1);
      for (let i = 0; i < dim; i++) {
        const at = o.decayAtZ ? z[i] : y[i];
        if (kind === 'adamw') {
          const b2 = num(h, 'beta2');
          if (wd !== 0) z[i] -= lr * wd * at;
          v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
          z[i] -= (lr * g[i]) / (Math.sqrt(v[i] / bc2) + num(h, 'eps'));
        } else {
          z[i] -= lr * (g[i] + wd * at);
        }
        sum[i] += weight * z[i];
        if (o.xFromSums) x[i] = weightSum === 0 ? x[i] : sum[i] / weightSum;
        else x[i] = o.lerps ? x[i] + ck * (z[i] - x[i]) : (1 - ck) * x[i] + ck * z[i];
        if (o.interpolationSwapped) y[i] = (1 - beta) * x[i] + beta * z[i];
        else y[i] = o.lerps ? z[i] + beta * (x[i] - z[i]) : beta * x[i] + (1 - beta) * z[i];
        p[i] = y[i];
      }
      k++;
    },
    scaleLr(factor) {
      scale *= factor;
    },
    eval(p) {
      if (training && started && !o.evalKeepsY) p.set(x);
      training = false;
    },
    train(p) {
      if (!training && started && !o.trainKeepsX) p.set(y);
      training = true;
    },
  };
}

function variant(kind: ScheduleFreeKind, bug: string, description: string, broken: boolean, o: ScheduleFreeBugs): ModernVariant {
  const family = kind === 'adamw' ? 'schedule-free-adamw' : 'schedule-free-sgd';
  const id = `${family}-${bug}`;
  return { id, family, description, broken, make: (h) => defineOptimizer(id, h, (dim) => scheduleFreeLike(kind, h, dim, o)) };
}

function both(kind: ScheduleFreeKind): ModernVariant[] {
  return [
    variant(kind, 'uniform-average', 'averages z with equal weights, ignoring lrMax^weightLrPower and (k + 1)^r', true, { uniformWeights: true }),
    variant(kind, 'no-polynomial-weight', 'leaves (k + 1)^r out of the averaging weight', true, { noPolynomialWeight: true }),
    variant(kind, 'interpolation-swapped', 'interpolates y = (1 − β)·x + β·z', true, { interpolationSwapped: true }),
    variant(kind, 'warmup-ignored', 'never warms the lr up', true, { warmupIgnored: true }),
    variant(kind, 'lr-max-is-current', 'weighs z by the current lr, not the largest seen, so a scheduler’s cut shrinks the weights', true, { lrMaxIsCurrent: true }),
    variant(kind, 'eval-keeps-y', 'eval() leaves y in the parameters instead of x', true, { evalKeepsY: true }),
    variant(kind, 'no-zero-weight-guard', 'divides by the weight sum even when it is 0 (lr = 0 makes x NaN)', true, { noZeroGuard: true }),
    variant(kind, 'train-keeps-x', 'train() leaves x in the parameters instead of restoring y', true, { trainKeepsX: true }),
    variant(kind, 'steps-in-eval-mode', 'takes a step in eval mode instead of refusing it', true, { stepsInEval: true }),
    variant(kind, 'decay-at-z', 'takes the weight decay at z instead of y', true, { decayAtZ: true }),
    variant(kind, 'x-from-sums', 'keeps x as Σ w·z / Σ w instead of the running interpolation', false, { xFromSums: true }),
    variant(kind, 'lerp-forms', 'writes both interpolations as lerps: x + c·(z − x), z + β·(x − z)', false, { lerps: true }),
  ];
}

export const SCHEDULE_FREE_VARIANTS: readonly ModernVariant[] = [
  ...both('adamw'),
  variant('adamw', 'no-bias-correction', 'divides by √v + ε without the bias correction 1 − β2^(k+1)', true, { noBiasCorrection: true }),
  ...both('sgd'),
];
