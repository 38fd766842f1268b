import type { Trace } from '../trace/trace.ts';
import { InputError } from '../validate/input-error.ts';

/** What a check reads from a trace. */
export interface Reads {
  /** Rows it needs at least (the start counts as one). Default 1. */
  rows?: number;
  /** It reads the recorded coordinates: at least one must be recorded. */
  coordinates?: boolean;
  /** Per-row series it reads; none may hold NaN. */
  series?: readonly ('loss' | 'l1Norm' | 'linfNorm')[];
}

/**
 * A check refuses a trace it cannot judge instead of deciding on it: too few
 * rows, no recorded coordinates (a trace recorded with `coordinates: 'none'`),
 * or NaN where it reads. A failure on such a trace would pass under `.not`.
 * `name` is how the message calls the trace ('trace', 'other').
 */
export function requireJudgeable(trace: Trace, name: string, reads: Reads): void {
  const rows = reads.rows ?? 1;
  if (trace.length < rows) {
    throw new InputError(`${name}.length`, trace.length, `expected at least ${rows} rows (the start and ${rows - 1} step(s)) to judge`);
  }
  if (reads.coordinates) {
    if (trace.width === 0) {
      throw new InputError(`${name}.coordinates`, 'none', "expected recorded coordinates (record with coordinates 'all' or a list, not 'none')");
    }
    const nan = trace.params.subarray(0, trace.length * trace.width).findIndex(Number.isNaN);
    if (nan >= 0) {
      const k = Math.floor(nan / trace.width);
      throw new InputError(`${name}: ${trace.label(nan % trace.width)} at step ${k}`, NaN, 'expected a number; a NaN iterate cannot be judged');
    }
  }
  for (const series of reads.series ?? []) {
    const k = trace[series].subarray(0, trace.length).findIndex(Number.isNaN);
    if (k >= 0) notNaN(`${name}.${series}[${k}]`, NaN);
  }
}

/**
 * For checks decided at the first violation: a NaN met before the verdict is
 * known cannot be judged; one after a decided violation (a diverging run) does
 * not matter.
 */
export function notNaN(field: string, value: number): number {
  if (Number.isNaN(value)) throw new InputError(field, NaN, 'expected a number; a NaN cannot be judged');
  return value;
}
