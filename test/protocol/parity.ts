import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
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

/** Processes (not zombies) started with OPTSPEC_PARENT_PID=parent in their environment: everything a channel of that process spawned. */
export function childrenOf(parent: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const env = readFileSync(`/proc/${entry}/environ`, 'latin1');
      if (!env.split('\0').includes(`OPTSPEC_PARENT_PID=${parent}`)) continue;
      const state = readFileSync(`/proc/${entry}/stat`, 'latin1').split(') ').pop()!.split(' ')[0];
      if (state !== 'Z') out.push(Number(entry));
    } catch {
      // The process ended while we looked, or is not ours to read.
    }
  }
  return out;
}

/** Poll until `done()` or `ms` pass, without yielding to the event loop. */
export function waitUntil(done: () => boolean, ms: number): boolean {
  const until = performance.now() + ms;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (!done()) {
    if (performance.now() > until) return false;
    Atomics.wait(pause, 0, 0, 20);
  }
  return true;
}

const ROOT = new URL('../..', import.meta.url).pathname;

/**
 * `optspec check --torch <cls> …flags` with the test adapters on PYTHONPATH,
 * writing its report under `reportDir`: --torch finds Debian's torch itself.
 */
export function checkTorch(cls: string, reportDir: string, ...flags: string[]): { status: number | null; stdout: string; stderr: string } {
  const { OPTSPEC_PYTHON: _, ...env } = process.env;
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/optspec.js'), 'check', '--torch', cls, '--report', reportDir, ...flags], {
    encoding: 'utf8',
    timeout: 220_000,
    env: { ...env, PYTHONPATH: join(ROOT, 'test/protocol/adapters') },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The ids of the expectations a check's console output reports as failed, in its order. */
export const failedIds = (stdout: string): string[] => [...stdout.matchAll(/^FAIL {2}(\S+)/gm)].map((m) => m[1]);
