import type { Trace } from '../trace/trace.ts';
import { coordinateLabel } from '../trace/tensor.ts';
import { type Verdict, held, broken, num, gapAgainst, toleranceText } from './verdict.ts';
import { requireJudgeable } from './judgeable.ts';
import { InputError } from '../validate/input-error.ts';

/** entersTwoCycle's default tolerance, relative to the step: 1e-12·step, some 4500 ulps of a β as large as the step, at any scale. */
export const TWO_CYCLE_RELATIVE_TOLERANCE = 1e-12;

/**
 * The period-2 cycle of 001 Prop. B.2 / eq. (13): after its first sign change
 * each coordinate alternates between γ and γ − c with γ ∈ (0, c), where
 * c = αλ is the step. Checked on every recorded coordinate from the step
 * before its first sign change to the end: the sign change spans the step and
 * |β_{k+2} − β_k| ≤ tolerance. Messages give the gap and the tolerance.
 */
export function entersTwoCycle(trace: Trace, step: number, tolerance?: number): Verdict {
  requireJudgeable(trace, 'trace', { rows: 3, coordinates: true });
  const tol = tolerance ?? TWO_CYCLE_RELATIVE_TOLERANCE * step;
  const rule = tolerance === undefined ? `${num(TWO_CYCLE_RELATIVE_TOLERANCE)}·step` : undefined;
  let latestEntry = 0;
  let largestGap = 0;
  for (let j = 0; j < trace.width; j++) {
    const b = trace.column(j);
    let s = 1;
    while (s < b.length && !(b[s] * b[s - 1] < 0)) s++;
    const id = trace.label(j);
    if (s >= b.length) {
      return broken(`${id} never changed sign in ${b.length - 1} steps (last value ${num(b[b.length - 1])}); run longer`);
    }
    // A sign change makes γ > 0; γ < step still matters when the tolerance is loose.
    const gamma = Math.max(b[s - 1], b[s]);
    const span = gamma - Math.min(b[s - 1], b[s]);
    const pairGap = Math.abs(span - step);
    if (!(gamma < step) || !(pairGap <= tol)) {
      const above = gamma < step ? '' : `; and γ = ${num(gamma)} is not below the step (compared strictly)`;
      return broken(`${id} changed sign at step ${s} between ${num(b[s - 1])} and ${num(b[s])}, which is not a pair γ, γ − ${num(step)} with γ in (0, ${num(step)}): they are ${num(span)} apart, |${num(span)} − ${num(step)}| = ${gapAgainst(pairGap, tol, rule)}${above}`);
    }
    largestGap = Math.max(largestGap, pairGap);
    for (let k = s - 1; k + 2 < b.length; k++) {
      const gap = Math.abs(b[k + 2] - b[k]);
      if (!(gap <= tol)) {
        return broken(`${id} left the two-cycle at step ${k + 2}: β = ${num(b[k + 2])}, but β = ${num(b[k])} at step ${k}, a gap of ${gapAgainst(gap, tol, rule)}`);
      }
      largestGap = Math.max(largestGap, gap);
    }
    latestEntry = Math.max(latestEntry, s);
  }
  return held(`all ${trace.width} recorded coordinates cycle with period 2 and step ${num(step)} from their first sign change on (the last entered at step ${latestEntry}); the largest gap from the cycle is ${gapAgainst(largestGap, tol, rule)}`);
}

/** Per coordinate, the lowest and highest value over the last `window` rows: the cycle's two points, whatever its phase (NaN if any is). */
export function cycleEnvelope(trace: Trace, window = 2): { low: Float64Array; high: Float64Array } {
  const low = new Float64Array(trace.width).fill(Infinity);
  const high = new Float64Array(trace.width).fill(-Infinity);
  for (let k = Math.max(0, trace.length - window); k < trace.length; k++) {
    const row = trace.row(k);
    for (let j = 0; j < row.length; j++) {
      // A NaN sticks, so a broken run never looks like a cycle.
      if (row[j] < low[j] || Number.isNaN(row[j])) low[j] = row[j];
      if (row[j] > high[j] || Number.isNaN(row[j])) high[j] = row[j];
    }
  }
  return { low, high };
}

/**
 * The distance between the end states of two runs, invariant to the phase of
 * a two-cycle: the largest difference between the per-coordinate envelopes
 * of the last `window` rows.
 */
export function envelopeDistance(a: Trace, b: Trace, window = 2): { distance: number; coordinate: number; a: [number, number]; b: [number, number] } {
  const ea = cycleEnvelope(a, window);
  const eb = cycleEnvelope(b, window);
  let worst = { distance: -1, coordinate: -1, a: [0, 0] as [number, number], b: [0, 0] as [number, number] };
  for (let j = 0; j < a.width; j++) {
    const d = Math.max(Math.abs(ea.low[j] - eb.low[j]), Math.abs(ea.high[j] - eb.high[j]));
    if (d > worst.distance || Number.isNaN(d)) {
      worst = { distance: d, coordinate: a.coordinate(j), a: [ea.low[j], ea.high[j]], b: [eb.low[j], eb.high[j]] };
    }
  }
  return worst;
}

function sameCoordinates(a: Trace, b: Trace): boolean {
  if (a.width !== b.width) return false;
  for (let j = 0; j < a.width; j++) if (a.coordinate(j) !== b.coordinate(j)) return false;
  return true;
}

/** sharesCycleWith's default tolerance on the gap between the two runs' cycle points. */
export const SHARED_CYCLE_TOLERANCE = 1e-9;

/** Two runs end in the same cycle, up to `tolerance` and whatever their phase (RMSProp's λ-agnosticism, 001 Prop. B.5). */
export function sharesCycleWith(a: Trace, b: Trace, options: { window?: number; tolerance?: number } = {}): Verdict {
  const window = options.window ?? 2;
  requireJudgeable(a, 'trace', { rows: window, coordinates: true });
  requireJudgeable(b, 'other', { rows: window, coordinates: true });
  if (!sameCoordinates(a, b)) {
    throw new InputError('other.coordinates', `${b.width} coordinate(s)`, `expected the same recorded coordinates as the trace (${a.width})`);
  }
  const tolerance = options.tolerance ?? SHARED_CYCLE_TOLERANCE;
  const defaulted = options.tolerance === undefined;
  const w = envelopeDistance(a, b, window);
  const detail = `${coordinateLabel(a.meta.layout, w.coordinate)}: [${num(w.a[0])}, ${num(w.a[1])}] against [${num(w.b[0])}, ${num(w.b[1])}]`;
  return w.distance <= tolerance
    ? held(`the end cycles agree to ${num(w.distance)} (largest gap at ${detail}), within ${toleranceText(tolerance, defaulted ? num(SHARED_CYCLE_TOLERANCE) : undefined)}`)
    : broken(`the end cycles differ by ${num(w.distance)} > ${num(tolerance)}${defaulted ? ' (the default tolerance)' : ''} at ${detail}`);
}
