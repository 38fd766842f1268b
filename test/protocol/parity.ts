import type { Trace } from '../../src/trace/trace.ts';

export interface Divergence {
  readonly step: number;
  readonly coordinate: number;
  readonly expected: number;
  readonly actual: number;
}

/** The first step and coordinate where `actual` leaves `expected` by more than rtol·max(|a|, |b|) + atol. */
export function firstDivergence(expected: Trace, actual: Trace, rtol: number, atol = 0): Divergence | null {
  if (expected.length !== actual.length || expected.width !== actual.width) throw new RangeError('traces of different shapes');
  for (let k = 0; k < expected.length; k++) {
    const e = expected.row(k);
    const a = actual.row(k);
    for (let j = 0; j < e.length; j++) {
      if (Object.is(e[j], a[j])) continue;
      if (!(Math.abs(e[j] - a[j]) <= rtol * Math.max(Math.abs(e[j]), Math.abs(a[j])) + atol)) {
        return { step: k, coordinate: expected.coordinate(j), expected: e[j], actual: a[j] };
      }
    }
  }
  return null;
}

export const describeDivergence = (d: Divergence | null): string =>
  d ? `first divergence at step ${d.step}, coordinate ${d.coordinate}: expected ${d.expected}, actual ${d.actual}` : 'no divergence';

/** The command that runs the PyTorch adapter with Debian's torch (`python3` on PATH may lack it). */
export const TORCH = (cls: string, ...flags: string[]) => ['/usr/bin/python3 python/optspec_torch.py', cls, ...flags].join(' ');
export const FAKE = (...faults: string[]) => ['/usr/bin/python3 test/protocol/adapters/fake_sgd.py', ...faults].join(' ');
