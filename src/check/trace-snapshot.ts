/**
 * A compact, exact text form of traces for snapshots: one line per step with
 * every recorded coordinate in the shortest form that reads back as the same
 * double (NaN, ±Infinity and −0 included), so any change of behaviour, down
 * to the last bit, changes the text.
 */
import type { Trace } from '../trace/trace.ts';
import { num } from '../analysis/verdict.ts';

export function encodeTrace(trace: Trace, label = `${trace.meta.optimizer} on ${trace.meta.problem}`): string {
  const lines = [`# ${label} (${trace.width} coordinates, ${trace.length - 1} steps)`];
  for (let k = 0; k < trace.length; k++) lines.push(`${k}: ${Array.from(trace.row(k), num).join(' ')}`);
  return lines.join('\n');
}

export interface SnapshotDifference {
  readonly trace: string;
  readonly step: number;
  readonly coordinate: number;
  readonly expected: string;
  readonly actual: string;
}

interface Parsed {
  label: string;
  rows: string[][];
}

function parse(text: string): Parsed[] {
  const out: Parsed[] = [];
  for (const line of text.trim().split('\n')) {
    if (line.startsWith('# ')) out.push({ label: line.slice(2), rows: [] });
    else if (out.length > 0 && line.includes(': ')) out[out.length - 1].rows.push(line.slice(line.indexOf(': ') + 2).split(' '));
  }
  return out;
}

/** The first step and coordinate where two encoded snapshots differ, or null when they are the same. */
export function firstSnapshotDifference(expected: string, actual: string): SnapshotDifference | null {
  const e = parse(expected);
  const a = parse(actual);
  for (let t = 0; t < Math.max(e.length, a.length); t++) {
    const label = e[t]?.label ?? a[t]?.label ?? '';
    if (!e[t] || !a[t] || e[t].label !== a[t].label) return { trace: label, step: -1, coordinate: -1, expected: e[t]?.label ?? 'no trace', actual: a[t]?.label ?? 'no trace' };
    const er = e[t].rows, ar = a[t].rows;
    for (let k = 0; k < Math.max(er.length, ar.length); k++) {
      if (!er[k] || !ar[k]) return { trace: label, step: k, coordinate: -1, expected: er[k] ? 'a row' : 'no row', actual: ar[k] ? 'a row' : 'no row' };
      for (let j = 0; j < Math.max(er[k].length, ar[k].length); j++) {
        if (!Object.is(Number(er[k][j]), Number(ar[k][j]))) return { trace: label, step: k, coordinate: j, expected: er[k][j] ?? 'nothing', actual: ar[k][j] ?? 'nothing' };
      }
    }
  }
  return null;
}

/** `label` names a differing column; by default its index, as `coordinate 2`. */
export function describeSnapshotDifference(d: SnapshotDifference, label: (column: number) => string = (j) => `coordinate ${j}`): string {
  if (d.step < 0) return `the snapshot holds ${d.expected} where the run gives ${d.actual}`;
  if (d.coordinate < 0) return `${d.trace}: at step ${d.step} the snapshot has ${d.expected} and the run ${d.actual}`;
  return `${d.trace}: first difference at step ${d.step}, ${label(d.coordinate)}: snapshot ${d.expected}, now ${d.actual}`;
}
