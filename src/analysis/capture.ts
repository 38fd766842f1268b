import type { Trace } from '../trace/trace.ts';
import { type Verdict, held, broken, num, gapNum, STRICT } from './verdict.ts';
import { requireJudgeable, notNaN } from './judgeable.ts';
import { InputError } from '../validate/input-error.ts';

export type NormKind = 'inf' | '2';

/** ‖β_k − center‖ over the recorded coordinates, for one row. */
export function distance(row: Float64Array, center: ArrayLike<number> | undefined, norm: NormKind): number {
  let acc = 0;
  for (let j = 0; j < row.length; j++) {
    const d = Math.abs(row[j] - (center ? center[j] : 0));
    acc = norm === 'inf' ? (d > acc || Number.isNaN(d) ? d : acc) : acc + d * d;
  }
  return norm === 'inf' ? acc : Math.sqrt(acc);
}

/**
 * Capture (001 Prop. 3.1, after Bertsekas Prop. 1.2.5): every iterate stays
 * strictly inside the ball of the given radius around `center` (the origin by
 * default). The failure names the first step that left and, for the ∞-norm,
 * the coordinate that did.
 */
export function staysCaptured(trace: Trace, radius: number, options: { center?: ArrayLike<number>; norm?: NormKind } = {}): Verdict {
  const norm = options.norm ?? 'inf';
  // ‖β‖∞ around the origin is recorded over all P coordinates; any other distance needs them all recorded.
  const fromSummary = norm === 'inf' && !options.center;
  if (!fromSummary && trace.width !== trace.meta.dim) {
    throw new InputError('trace.coordinates', `${trace.width} of ${trace.meta.dim}`, `capture in the ${norm}-norm${options.center ? ' around a centre' : ''} needs every coordinate recorded`);
  }
  requireJudgeable(trace, 'trace', {});
  let farthest = 0;
  let farthestStep = 0;
  for (let k = 0; k < trace.length; k++) {
    const row = trace.row(k);
    // Decided at the first step that left: a NaN before it cannot be judged, one after it (divergence) does not matter.
    const d = notNaN(`trace: distance at step ${k}`, fromSummary ? trace.linfNorm[k] : distance(row, options.center, norm));
    if (!(d < radius)) {
      let where = '';
      if (norm === 'inf') {
        for (let j = 0; j < row.length; j++) {
          if (!(Math.abs(row[j] - (options.center ? options.center[j] : 0)) < radius)) {
            where = `, ${trace.label(j)} = ${num(row[j])}`;
            break;
          }
        }
      }
      return broken(`left the ${norm}-norm ball of radius ${num(radius)} at step ${k}: distance ${num(d)}${where} (${gapNum(d - radius, 0)} past the radius; ${STRICT})`);
    }
    if (d > farthest) {
      farthest = d;
      farthestStep = k;
    }
  }
  return held(`stayed inside the ${norm}-norm ball of radius ${num(radius)} for all ${trace.length} rows (farthest: distance ${num(farthest)} at step ${farthestStep}, ${gapNum(radius - farthest, 0)} inside; ${STRICT})`);
}
