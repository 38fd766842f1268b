import { Snapshots, type MatcherState } from 'vitest';
import { asTrace } from './support/result.ts';
import { EXACT, gapNum } from '../analysis/verdict.ts';
import { encodeTrace, firstSnapshotDifference, describeSnapshotDifference } from '../check/trace-snapshot.ts';
import { coordinateLabel } from '../trace/tensor.ts';
import type { Trace } from '../trace/trace.ts';

/** Snapshots of traces in vitest's snapshot file: exact text, compared coordinate by coordinate. */
export const traceSnapshot = {
  name: 'optspec-trace',
  capture: (received: unknown) => encodeTrace(asTrace(received, 'toMatchTraceSnapshot')),
  render: (text: string) => text,
  parseExpected: (text: string) => text,
  match(captured: string, expected: string) {
    const d = firstSnapshotDifference(expected, captured);
    return d ? { pass: false, message: describeSnapshotDifference(d) } : { pass: true };
  },
};

/**
 * `expect(trace).toMatchTraceSnapshot()`: the trace is bit for bit the one in
 * the test file's snapshot. Follows vitest's snapshot conventions: a missing
 * snapshot is written (outside CI), `vitest -u` accepts a change, and it
 * cannot be negated. A failure names the first differing step and coordinate.
 */
export function toMatchTraceSnapshot(this: MatcherState, received: unknown) {
  const trace = asTrace(received, 'toMatchTraceSnapshot');
  const result = Snapshots.toMatchDomainSnapshot.call(this, traceSnapshot, received) as SnapshotResult;
  return result.pass ? result : withFirstDifference(result, trace);
}

type SnapshotResult = { pass: boolean; message: () => string; actual?: unknown; expected?: unknown };

/**
 * vitest's failed snapshot result, its message extended by the first step and
 * coordinate that differ (by tensor when the received trace has a layout)
 * and how far apart the two values are: snapshots have
 * no tolerance, so a gap of one ulp fails as surely as a large one.
 */
export function withFirstDifference(result: SnapshotResult, trace?: Trace): SnapshotResult {
  // With a layout a differing column is named by its tensor (w[1,1]); without one, by its index as before.
  const layout = trace?.meta.layout;
  const label = layout && ((j: number) => coordinateLabel(layout, trace!.coordinate(j)));
  const d = typeof result.expected === 'string' && typeof result.actual === 'string' ? firstSnapshotDifference(result.expected, result.actual) : null;
  const apart = d && d.coordinate >= 0 ? Math.abs(Number(d.actual) - Number(d.expected)) : NaN;
  const gap = Number.isNaN(apart) ? '' : `, ${gapNum(apart, 0)} apart`;
  return { ...result, message: () => `${result.message()}: ${d ? describeSnapshotDifference(d, label) : 'the trace differs'}${gap} (${EXACT}; vitest -u accepts the change)` };
}
