/** |a − b| ≤ rtol·max(|a|, |b|) + atol, elementwise; returns the first offender or null. */
export function firstMismatch(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol: number,
  atol = 0,
): { index: number; actual: number; expected: number } | null {
  if (actual.length !== expected.length) return { index: -1, actual: actual.length, expected: expected.length };
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const b = expected[i];
    if (Object.is(a, b)) continue;
    if (!(Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b)) + atol)) return { index: i, actual: a, expected: b };
  }
  return null;
}

import { Trace } from '../src/trace/trace.ts';

/** A trace with the given rows (and losses, 0 by default), for matcher tests; all coordinates recorded unless told. */
export function traceOf(rows: number[][], loss?: number[], coordinates: Int32Array | null = null): Trace {
  const dim = rows[0].length;
  const t = new Trace({ problem: 'test', optimizer: 'test', hyper: {}, dim, steps: rows.length - 1, precision: 'float64' }, { coordinates, state: [] });
  rows.forEach((r, k) => t.record(Float64Array.from(r), loss ? loss[k] : 0, new Float64Array(dim)));
  return t;
}

/** The message of the assertion error a thunk throws. */
export function failureOf(thunk: () => void): string {
  try {
    thunk();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the assertion to fail, but it passed');
}

/** The same trace recorded with `coordinates: 'none'`: summaries (loss, norms, zero count) but width 0. */
export function summaryTraceOf(rows: number[][], loss?: number[]): Trace {
  return traceOf(rows, loss, new Int32Array(0));
}
