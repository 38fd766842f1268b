/**
 * The gate on live torch.optim through the PyTorch adapter: each optimizer
 * passes its own family, and a subclass with a planted bug fails with the
 * first divergence named.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../scratch.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/optspec.js');
const ADAPTER = `/usr/bin/python3 ${join(ROOT, 'python/optspec_torch.py')}`;
const dir = scratchDir('optspec-check-torch-');

function check(command: string, family: string, ...flags: string[]) {
  return spawnSync(process.execPath, [BIN, 'check', '--command', command, '--family', family, '--report', join(dir, family), ...flags], {
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, PYTHONPATH: join(ROOT, 'test/protocol/adapters') },
  });
}

describe('optspec check --command on torch.optim', () => {
  it.each([
    ['torch.optim.SGD', 'sgd'],
    ['torch.optim.SGD', 'momentum'],
    ['torch.optim.SGD --set nesterov=true', 'nesterov'],
    ['torch.optim.RMSprop', 'rmsprop'],
    ['torch.optim.Adam', 'adam'],
    ['torch.optim.AdamW', 'adamw'],
    ['torch.optim.Adagrad', 'adagrad'],
  ])('%s passes the %s family', (cls, family) => {
    const r = check(`${ADAPTER} ${cls}`, family);
    expect(r.stdout, r.stderr).toContain('all expectations held');
    expect(r.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, family, 'summary.json'), 'utf8'));
    expect(summary.claims.length).toBeGreaterThan(5);
    // Every option of the family was sent and swept.
    expect(r.stdout).toMatch(/PASS {2}reference-parity .*\n +matched the pytorch reference on 6 problems × \d+ configurations \(\d+ option settings: the base options, /);
  }, 240_000);

  it('an Adam subclass with a planted bug fails, naming the first divergence', () => {
    const r = check(`${ADAPTER} buggy_optim.AdamNoBiasCorrection2`, 'adam');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL {2}reference-parity/);
    expect(r.stdout).toMatch(/first divergence from the pytorch reference on .*step \d+, coordinate \d+: expected -?[\d.e+-]+, got -?[\d.e+-]+/);
  }, 240_000);

  it('an SGD that adds its weight decay into p.grad fails the gradient contract through the adapter', () => {
    const r = check(`${ADAPTER} buggy_optim.SGDDecayIntoGrad`, 'sgd');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL {2}contract-gradient-untouched/);
    expect(r.stdout).toMatch(/with weightDecay: 0\.1, step 1 changed coordinate \d+ of the gradient it was given from -?[\d.e+-]+ to -?[\d.e+-]+/);
    // Its update is PyTorch's: parity holds, only the gradient contract sees the bug.
    expect(r.stdout).toMatch(/PASS {2}reference-parity/);
  }, 240_000);

  it('an Adam whose step count is kept in bfloat16 fails the long horizon once the count stops, past step 256', () => {
    const r = check(`${ADAPTER} buggy_optim.AdamStepBfloat16`, 'adam');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL {2}contract-long-horizon +.*\n +first divergence from the pytorch reference on linear .*: step 25[7-9], coordinate/);
  }, 240_000);

  it('refuses --optimizer and --command together, in one line', () => {
    const r = spawnSync(process.execPath, [BIN, 'check', '--optimizer', 'x.ts', '--command', 'y', '--family', 'sgd'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('optspec: --command: expected one of --optimizer, --command and --torch, not --optimizer and --command, got "y"\n');
  });
});
