import type { Trace } from '../trace/trace.ts';
import { type Verdict, held, broken, num, gapNum, STRICT } from './verdict.ts';
import { requireJudgeable, notNaN } from './judgeable.ts';
import { InputError } from '../validate/input-error.ts';

/** Every loss from step `from` on is below `bound` (bounded oscillation, 001 Prop. 5.1); decided at the first that is not. */
export function lossStaysBelow(trace: Trace, bound: number, from = 0): Verdict {
  requireJudgeable(trace, 'trace', { rows: from + 1 });
  let peak = -Infinity;
  let peakStep = from;
  for (let k = from; k < trace.length; k++) {
    const l = notNaN(`trace.loss[${k}]`, trace.loss[k]);
    if (!(l < bound)) {
      return broken(`the loss reached ${num(l)} at step ${k}, not below the bound ${num(bound)} (over it by ${gapNum(l - bound, 0)}; ${STRICT})`);
    }
    if (l > peak) {
      peak = l;
      peakStep = k;
    }
  }
  return held(`the loss stayed below ${num(bound)} over steps ${from}..${trace.length - 1} (peak ${num(peak)} at step ${peakStep}, ${gapNum(bound - peak, 0)} below it; ${STRICT})`);
}

/**
 * Over the last `last` rows, this run's loss is above the other's at every
 * step (001 Fig. 5). Both runs must have the same length, at least `last` rows.
 */
export function lossAbove(a: Trace, b: Trace, last: number): Verdict {
  requireJudgeable(a, 'trace', { rows: last, series: ['loss'] });
  requireJudgeable(b, 'other', { series: ['loss'] });
  if (a.length !== b.length) throw new InputError('other.length', b.length, `expected a run of equal length (${a.length} rows)`);
  let margin = Infinity;
  let marginStep = a.length - last;
  for (let k = marginStep; k < a.length; k++) {
    const gap = a.loss[k] - b.loss[k];
    if (!(gap > 0)) {
      return broken(`at step ${k} the loss is ${num(a.loss[k])}, not above the other run's ${num(b.loss[k])} (difference ${gapNum(gap, 0)}; ${STRICT})`);
    }
    if (gap < margin) {
      margin = gap;
      marginStep = k;
    }
  }
  return held(`the loss is above the other run's at each of the last ${last} steps (closest at step ${marginStep}: by ${num(margin)}; ${STRICT})`);
}

/** The L1 norm at the end, averaged over the last two rows so a two-cycle's phase does not matter. */
export function finalL1Norm(trace: Trace): number {
  const n = trace.length;
  return n >= 2 ? (trace.l1Norm[n - 1] + trace.l1Norm[n - 2]) / 2 : trace.l1Norm[n - 1];
}

/** This run ends with a larger L1 norm than the other (the λ paradox, 001 Sec. 4). */
export function endsWithLargerL1Norm(a: Trace, b: Trace): Verdict {
  requireJudgeable(a, 'trace', { series: ['l1Norm'] });
  requireJudgeable(b, 'other', { series: ['l1Norm'] });
  const na = finalL1Norm(a);
  const nb = finalL1Norm(b);
  return na > nb
    ? held(`final L1 norm ${num(na)} is larger than the other run's ${num(nb)} (by ${gapNum(na - nb, 0)}; ${STRICT})`)
    : broken(`final L1 norm ${num(na)} is not larger than the other run's ${num(nb)} (difference ${gapNum(na - nb, 0)}; ${STRICT})`);
}
