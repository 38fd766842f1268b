import type { Trace } from '../trace/trace.ts';
import { coordinateLabel } from '../trace/tensor.ts';
import { type Verdict, held, broken, num, gapNum, EXACT } from './verdict.ts';
import { requireJudgeable } from './judgeable.ts';
import { InputError } from '../validate/input-error.ts';

export interface Landing {
  /** The step N at which the coordinate is exactly 0 while β_{N−1} was not. */
  readonly step: number;
  /** The parameter index. */
  readonly coordinate: number;
  /** β_{N−1} of that coordinate. */
  readonly before: number;
  /** β_{N+1} of that coordinate, or undefined when N is the last row. */
  readonly after: number | undefined;
}

/** Every time a recorded coordinate lands exactly on 0 (either sign) coming from a non-zero value. */
export function landings(trace: Trace): Landing[] {
  const out: Landing[] = [];
  for (let k = 1; k < trace.length; k++) {
    const row = trace.row(k);
    const prev = trace.row(k - 1);
    for (let j = 0; j < row.length; j++) {
      if (row[j] === 0 && prev[j] !== 0) {
        out.push({ step: k, coordinate: trace.coordinate(j), before: prev[j], after: k + 1 < trace.length ? trace.row(k + 1)[j] : undefined });
      }
    }
  }
  return out;
}

/**
 * No coordinate is ever exactly 0 at a step k ≥ 1 (001 Prop. 4.1 / B.1:
 * NDGM on λ‖β‖₁ from a random start is non-sparse with probability 1).
 * Checked on every coordinate through the trace's zero count, so it holds
 * even when only a subset of coordinates was recorded.
 */
export function neverHitsZero(trace: Trace): Verdict {
  requireJudgeable(trace, 'trace', { rows: 2, series: ['l1Norm'] });
  let closest = Infinity;
  let closestAt = '';
  for (let k = 1; k < trace.length; k++) {
    if (trace.zeros[k] > 0) {
      const row = trace.row(k);
      let j = 0;
      while (j < row.length && row[j] !== 0) j++;
      const where = j < row.length ? trace.label(j) : `a coordinate outside the recorded set`;
      return broken(`${where} is exactly 0 at step ${k}${j < row.length ? ` (it was ${num(trace.row(k - 1)[j])} at step ${k - 1})` : ''}; ${trace.zeros[k]} zero coordinate(s) at that step`);
    }
    const row = trace.row(k);
    for (let j = 0; j < row.length; j++) {
      const a = Math.abs(row[j]);
      if (a < closest) {
        closest = a;
        closestAt = `${trace.label(j)} at step ${k}`;
      }
    }
  }
  return held(`no coordinate was exactly 0 at any of steps 1..${trace.length - 1} (closest: |β| = ${num(closest)}, ${closestAt || 'no recorded coordinates'})`);
}

/**
 * Once a coordinate is exactly 0 it stays 0 (vanilla NDGM and RMSProp on
 * λ‖β‖₁, 001 eq. 11 and Table 1). A run in which no recorded coordinate is
 * ever 0 before the last step never exercised the claim: it is refused.
 */
export function keepsZeros(trace: Trace): Verdict {
  requireJudgeable(trace, 'trace', { rows: 2, coordinates: true });
  let exercised = 0;
  for (let k = 1; k < trace.length; k++) {
    const row = trace.row(k);
    const prev = trace.row(k - 1);
    for (let j = 0; j < row.length; j++) {
      if (prev[j] === 0) {
        exercised++;
        if (row[j] !== 0) {
          return broken(`${trace.label(j)} was 0 at step ${k - 1} and left it at step ${k}: β = ${num(row[j])} (any β ≠ 0 leaves it: no tolerance)`);
        }
      }
    }
  }
  if (exercised === 0) {
    throw new InputError('trace', `${trace.width} recorded coordinate(s) over ${trace.length} rows`, 'expected a coordinate exactly 0 before the last step; the claim was never exercised');
  }
  return held(`every coordinate that reached 0 stayed there (${exercised} coordinate-steps at 0)`);
}

/**
 * Momentum jumps off zero (001 Prop. B.3): whenever β_N[k] = 0 with
 * β_{N−1}[k] ≠ 0 and the gradient at 0 is 0, the next iterate is
 * β_{N+1}[k] = −η·β_{N−1}[k], bit for bit. A run with no landing before
 * the last step never exercised the claim: it is refused.
 */
export function jumpsOffZero(trace: Trace, eta: number): Verdict {
  requireJudgeable(trace, 'trace', { rows: 3, coordinates: true });
  const all = landings(trace).filter((l) => l.after !== undefined);
  if (all.length === 0) {
    throw new InputError('trace', `${trace.width} recorded coordinate(s) over ${trace.length} rows`, 'expected a coordinate landing exactly on 0 before the last step; the claim was never exercised');
  }
  for (const l of all) {
    const expected = -eta * l.before;
    if (!Object.is(l.after, expected)) {
      return broken(`${coordinateLabel(trace.meta.layout, l.coordinate)} landed on 0 at step ${l.step} from ${num(l.before)}, then went to ${num(l.after!)} at step ${l.step + 1}, not −η·β_{N−1} = ${num(expected)} (off by ${gapNum(Math.abs(l.after! - expected), 0)}; ${EXACT})`);
    }
  }
  const first = all[0];
  return held(`all ${all.length} landing(s) on 0 jumped to −η·β_{N−1} bit for bit (first: ${coordinateLabel(trace.meta.layout, first.coordinate)} at step ${first.step}, ${num(first.before)} → 0 → ${num(first.after!)})`);
}
