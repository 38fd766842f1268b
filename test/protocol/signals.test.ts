// SIGINT, SIGTERM and SIGHUP end optspec at once (a shell reports 128+n),
// and leave nothing behind: no adapter process (sh + python), no watchdog,
// no hidden temporary file of an atomic write (src/io/cleanup.ts).
import { describe, expect, it, onTestFinished } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { testScratchDir } from '../scratch.ts';
import { FAKE, childrenOf } from './parity.ts';

/** Poll until `done()` or `ms` pass, yielding to the event loop (the children's output must be read meanwhile). */
async function poll(done: () => boolean, ms: number): Promise<boolean> {
  const until = performance.now() + ms;
  while (!done()) {
    if (performance.now() > until) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

// SIGKILL too: no handler could run then, and the watchdog still cleans up.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGKILL'] as const;

/** Processes whose command line holds `text`, from ps. */
function processesWith(text: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' }).stdout;
  return ps.split('\n').filter((l) => l.includes(text) && !/^\s*\d+\s+Z/.test(l));
}

function ended(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((done) => child.on('exit', (code, signal) => done({ code, signal })));
}

/** The status a shell reports for a process that ended as this one did. */
const shellStatus = (e: { code: number | null; signal: NodeJS.Signals | null }) => (e.signal ? 128 + constants.signals[e.signal] : e.code);

describe('a signal to optspec check --command, mid-step', () => {
  it.each(SIGNALS)('%s stops the adapter and the watchdog, and ends with 128+n', async (sig) => {
    const token = `token=${sig}-${process.pid}-${Date.now()}`;
    const dir = testScratchDir('optspec-signal-check-');
    const child = spawn(process.execPath, ['bin/optspec.js', 'check', '--command', FAKE('hang-at=3', token), '--family', 'sgd', '--step-timeout', '60', '--report', dir], { stdio: 'ignore' });
    const exit = ended(child);
    // Should an assertion fail first, nothing of this test may outlive it.
    onTestFinished(() => {
      for (const line of processesWith(token)) process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
    });
    // The adapter is up (sh and python); step 3 then hangs for the step budget.
    expect(await poll(() => childrenOf(child.pid!).length >= 2, 20_000)).toBe(true);
    expect(await poll(() => processesWith(`optspec-watchdog ${child.pid}`).length === 1, 5000)).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    // optspec itself, the adapter's sh and its python all carry the token on their command line.
    expect(processesWith(token).length).toBe(3);
    child.kill(sig);
    const e = await exit;
    expect(shellStatus(e)).toBe(128 + constants.signals[sig]);
    expect(await poll(() => processesWith(token).length === 0 && processesWith(`optspec-watchdog ${child.pid}`).length === 0, 5000)).toBe(true);
  }, 60_000);
});

describe('a signal to optspec trace --out, mid-write', () => {
  it.each(SIGNALS)('%s removes the hidden temporary file and writes no output', async (sig) => {
    const dir = testScratchDir('optspec-signal-trace-');
    const run = join(dir, 'run.json');
    writeFileSync(run, JSON.stringify({ problem: { kind: 'lasso', seed: 1, n: 20, p: 40, lambda: 0.1 }, optimizer: { name: 'adam', lr: 0.01 }, init: Array(40).fill(0.1), steps: 60_000 }));
    const out = join(dir, 'trace.json');
    // Through a shell, which reports the status as CI sees it.
    const child = spawn('/bin/sh', ['-c', `"${process.execPath}" bin/optspec.js trace "${run}" --out "${out}" & echo $! >&2; wait $!; echo "status $?"`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let pid = 0;
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (pid ||= Number(String(d).trim().split('\n')[0])));
    const exit = ended(child);
    onTestFinished(() => {
      if (pid > 1) for (const line of processesWith(`bin/optspec.js trace ${run}`)) process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
    });
    const temporary = () => readdirSync(dir).filter((f) => f.endsWith('.tmp'));
    expect(await poll(() => temporary().length === 1, 60_000)).toBe(true);
    expect(pid).toBeGreaterThan(1);
    process.kill(pid, sig);
    await exit;
    expect(stdout.trim()).toBe(`status ${128 + constants.signals[sig]}`);
    expect(await poll(() => temporary().length === 0 && processesWith(`optspec-watchdog ${pid}`).length === 0, 5000)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['run.json']);
  }, 90_000);
});
