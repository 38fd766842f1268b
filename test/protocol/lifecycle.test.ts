// No child outlives optspec: however the parent ends, every process its
// channels started is gone moments later.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FAKE, TORCH, childrenOf, waitUntil } from './parity.ts';

/** Start parent.ts, wait for "ready <pid>", and return the pid with the running process. */
async function startParent(command: string, mode: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/protocol/adapters/parent.ts', command, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (s) => (err += s));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const pid = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (s) => {
      out += s;
      const m = /ready (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', () => setTimeout(() => reject(new Error(`parent ended before it was ready: ${err}`)), 50));
  });
  return { child, pid, exited };
}

describe('no child outlives optspec', () => {
  it.each([
    ['exits without closing its optimizer', 'exit'],
    ['dies of an uncaught error', 'throw'],
  ])('when the parent %s, its exit hook kills even an adapter that ignores end of input', async (_label, mode) => {
    const { pid, exited } = await startParent(FAKE('no-eof'), mode);
    await exited;
    expect(waitUntil(() => childrenOf(pid).length === 0, 3000), `left running: ${childrenOf(pid)}`).toBe(true);
  }, 30_000);

  it('when the parent is SIGKILLed while the adapter waits for input, the adapter sees end of input and exits', async () => {
    const { child, pid, exited } = await startParent(FAKE(), 'wait');
    expect(childrenOf(pid).length).toBeGreaterThan(0); // the check below is not vacuous
    child.kill('SIGKILL');
    await exited;
    expect(waitUntil(() => childrenOf(pid).length === 0, 3000), `left running: ${childrenOf(pid)}`).toBe(true);
  }, 30_000);

  it('when the parent is SIGKILLed in the middle of a step that never returns, the torch adapter notices its parent is gone', async () => {
    const { child, pid, exited } = await startParent(`PYTHONPATH=test/protocol/adapters ${TORCH('buggy_optim.SleepySGD')}`, 'step-forever');
    // The parent is blocked in step 3 (SleepySGD sleeps there); its children are alive.
    expect(waitUntil(() => childrenOf(pid).length >= 1, 3000)).toBe(true);
    child.kill('SIGKILL');
    await exited;
    expect(waitUntil(() => childrenOf(pid).length === 0, 5000), `left running: ${childrenOf(pid)}`).toBe(true);
  }, 60_000);
});
