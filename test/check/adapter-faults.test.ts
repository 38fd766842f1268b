// `optspec check --command`: whose fault it is. An adapter that cannot start
// or answer the handshake is one line and exit 2 before any expectation runs;
// one that hangs or dies mid-run fails the expectation it was serving, once,
// and under the FaultLedger's rule a second fault ends the run fast.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { scratchDir, testScratchDir } from '../scratch.ts';
import { FAKE, childrenOf, waitUntil } from '../protocol/parity.ts';

const reportDir = scratchDir('optspec-adapter-faults-');

function check(command: string, ...extra: string[]) {
  const t0 = performance.now();
  const res = spawnSync(process.execPath, ['bin/optspec.js', 'check', '--command', command, '--family', 'sgd', '--report', reportDir, ...extra], { encoding: 'utf8', timeout: 120_000 });
  const seconds = (performance.now() - t0) / 1000;
  // Nothing the run started outlives it.
  expect(waitUntil(() => childrenOf(res.pid!).length === 0, 3000)).toBe(true);
  const fails = res.stdout.split('\n').flatMap((line, i, lines) => (line.startsWith('FAIL') ? [lines[i + 1].trim()] : []));
  return { ...res, seconds, fails, errLines: res.stderr.trim().split('\n') };
}

describe('an adapter that does not start is one line, exit 2, before any expectation', () => {
  it.each([
    ['a command that is not found', '/no/such/adapter --flag', /^optspec: command "\/no\/such\/adapter --flag", handshake: the process exited with code 127; its stderr ends: .*not found$/],
    ['an adapter that never answers hello', 'sleep 30', /^optspec: command "sleep 30", handshake: no reply within 1 s; the process was killed$/],
    ['an adapter that exits before hello', FAKE('exit-now'), /, handshake: the process exited with code 7; its stderr ends: fake_sgd: cannot start: planted start-up failure$/],
    ['an adapter of another protocol version', FAKE('version=3'), /, handshake: speaks protocol version 3; optspec speaks 1 and 2$/],
  ])('%s', (_what, command, line) => {
    const r = check(command, '--start-timeout', '1', '--step-timeout', '1');
    expect(r.status).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(line);
    expect(r.stdout).toBe('');
    expect(r.seconds).toBeLessThan(15);
  }, 30_000);

  it('a blank command', () => {
    const r = check('  ');
    expect(r.status).toBe(2);
    expect(r.errLines).toEqual([expect.stringMatching(/^optspec: --command: /)]);
  }, 30_000);
});

describe('an adapter that hangs or dies mid-run', () => {
  it.each([
    ['hangs at step 3', FAKE('hang-at=3'), /, step 3: no reply within 1 s; the process was killed$/],
    ['exits at step 3', FAKE('crash-at=3'), /, step 3: the process exited with code 1; its stderr ends: .*ZeroDivisionError: planted crash$/],
  ])('%s: the first two expectations fail with the fault, the rest at once, saying why', (_what, command, fault) => {
    const r = check(command, '--step-timeout', '1');
    expect(r.status).toBe(1);
    expect(r.fails.length).toBeGreaterThan(5);
    expect(r.fails[0]).toMatch(fault);
    expect(r.fails[1]).toMatch(fault);
    for (const line of r.fails.slice(2)) expect(line).toMatch(/^not run: the adapter failed in 2 expectations and is not started again \(first: command ".*", step 3: /);
    // Two time budgets, not one per expectation.
    expect(r.seconds).toBeLessThan(20);
  }, 60_000);

  it('an adapter that hangs once is judged normally afterwards, in a fresh process', () => {
    const marker = join(testScratchDir('optspec-hang-once-'), 'hung');
    const command = `if [ -e ${marker} ]; then exec ${FAKE()}; else touch ${marker}; exec ${FAKE('hang-at=3')}; fi`;
    const r = check(command, '--step-timeout', '1');
    expect(r.fails[0]).toMatch(/, step 3: no reply within 1 s; the process was killed$/);
    expect(r.fails.slice(1).every((l) => !l.includes('step 3: no reply') && !l.startsWith('not run'))).toBe(true);
    expect(r.stdout).toMatch(/^PASS {2}contract-deterministic/m);
  }, 120_000);
});
