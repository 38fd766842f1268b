import type { Trace } from '../trace/trace.ts';
import { type Verdict, held, broken, num, gapAgainst } from './verdict.ts';
import { requireJudgeable, notNaN } from './judgeable.ts';

/** lossNeverIncreases' default tolerance: none, any rise breaks the claim. */
export const MONOTONE_LOSS_TOLERANCE = 0;

/**
 * The loss never increases: L(β_{k+1}) ≤ L(β_k) + tolerance for every k.
 * Decided at the first step that went up; a NaN loss before it cannot be judged.
 */
export function lossNeverIncreases(trace: Trace, tolerance?: number): Verdict {
  requireJudgeable(trace, 'trace', { rows: 2 });
  const tol = tolerance ?? MONOTONE_LOSS_TOLERANCE;
  const rule = tolerance === undefined ? num(MONOTONE_LOSS_TOLERANCE) : undefined;
  const loss = trace.loss;
  notNaN('trace.loss[0]', loss[0]);
  let largestRise = -Infinity;
  for (let k = 1; k < trace.length; k++) {
    const rise = notNaN(`trace.loss[${k}]`, loss[k]) - loss[k - 1];
    if (!(rise <= tol)) {
      return broken(`the loss rose at step ${k}: ${num(loss[k - 1])} → ${num(loss[k])} (by ${gapAgainst(rise, tol, rule)})`);
    }
    if (rise > largestRise) largestRise = rise;
  }
  return held(`the loss never rose over ${trace.length - 1} steps (largest change ${gapAgainst(largestRise, tol, rule)})`);
}
