import type { Trace } from '../trace/trace.ts';
import { type Verdict, verdict, num } from './verdict.ts';
import { requireJudgeable } from './judgeable.ts';

/**
 * The loss never increases: L(β_{k+1}) ≤ L(β_k) + tolerance for every k.
 * The failure names the first step that went up. A NaN loss cannot be judged.
 */
export function lossNeverIncreases(trace: Trace, tolerance = 0): Verdict {
  requireJudgeable(trace, 'trace', { rows: 2, series: ['loss'] });
  const loss = trace.loss;
  let largestRise = -Infinity;
  for (let k = 1; k < trace.length; k++) {
    const rise = loss[k] - loss[k - 1];
    if (!(rise <= tolerance)) {
      return verdict(
        false,
        `the loss rose at step ${k}: ${num(loss[k - 1])} → ${num(loss[k])} (by ${num(rise)}, tolerance ${num(tolerance)})`,
        `the loss rose at step ${k}`,
      );
    }
    if (rise > largestRise) largestRise = rise;
  }
  return verdict(true, '', `the loss never rose over ${trace.length - 1} steps (largest change ${num(largestRise)})`);
}
