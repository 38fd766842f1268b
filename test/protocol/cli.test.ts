import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAKE } from './parity.ts';
import { scratchDir } from '../scratch.ts';

const BIN = new URL('../../bin/optspec.js', import.meta.url).pathname;
const dir = scratchDir('optspec-protocol-cli-');
const optspec = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
function runFile(optimizer: object): string {
  const file = join(dir, `run-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify({ problem: { kind: 'lasso', seed: 3, n: 5, p: 4, lambda: 0.1 }, optimizer, init: [0.5, -0.2, 0.1, 0.3], steps: 30 }));
  return file;
}

describe('optspec trace with "optimizer": { "command": … }', () => {
  it('gives the reference trace when the command is an SGD adapter', () => {
    const external = optspec('trace', runFile({ command: FAKE(), lr: 0.05 }));
    const reference = optspec('trace', runFile({ name: 'sgd', lr: 0.05 }));
    expect(external.stderr).toBe('');
    const [a, b] = [JSON.parse(external.stdout), JSON.parse(reference.stdout)];
    expect(a.params).toEqual(b.params);
    expect(a.meta.optimizer).toMatch(/^fake-sgd pid=\d+$/);
    expect(a.params[30]).not.toEqual(a.params[0]);
  }, 30_000);

  it('fails in one line naming the command and the step when the adapter crashes', () => {
    const r = optspec('trace', runFile({ command: FAKE('crash-at=7'), lr: 0.05 }));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^optspec: command ".*fake_sgd.py crash-at=7", step 7: the process exited with code 1; its stderr ends: .*planted crash\n$/);
  }, 30_000);

  it('rejects a name and a command together', () => {
    const r = optspec('trace', runFile({ command: FAKE(), name: 'sgd', lr: 0.05 }));
    expect(r.stderr).toBe('optspec: optimizer.name: give either a name (a reference optimizer) or a command, not both, got "sgd"\n');
  });
});

describe('optspec verify', () => {
  const fixture = 'fixtures/torch-record/l1-sgd.jsonl';
  it('exits 0 when every claim holds on the recorded trace', () => {
    const r = optspec('verify', fixture, '--claim', 'never-hits-zero', '--claim', 'two-cycle=0.01');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^optspec verify .*\(torch.optim.SGD on l1, 201 rows\)\nPASS  never-hits-zero: no coordinate was exactly 0.*\nPASS  two-cycle=0.01: /);
  });

  it('exits 1 naming the claim that does not hold', () => {
    const r = optspec('verify', fixture, '--claim', 'never-hits-zero', '--claim', 'loss-below=1');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/\nFAIL  loss-below=1: /);
  });

  it.each([
    [['--claim', 'sparse'], /^optspec: --claim: expected one of never-hits-zero, .*, got "sparse"\n$/],
    [['--claim', 'two-cycle'], /^optspec: --claim: expected two-cycle=<number> .*, got "two-cycle"\n$/],
    [['--claim', 'never-hits-zero=3'], /never-hits-zero takes no value/],
    [[], /^optspec: --claim: expected at least one claim/],
  ])('rejects bad claims %j with exit 2', (args, message) => {
    const r = optspec('verify', fixture, ...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('rejects a file that is not a trace, naming it', () => {
    const r = optspec('verify', 'package.json', '--claim', 'never-hits-zero');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^optspec: package.json line 1: /);
  });
});

describe('optspec conform', () => {
  it('passes an adapter that speaks the protocol and fails one that does not', () => {
    expect(optspec('conform', '--command', FAKE()).status).toBe(0);
    const bad = optspec('conform', '--command', FAKE('short-at=1'));
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/FAIL  a step returns dim finite values that moved: expected 4 values, got 3/);
  }, 30_000);
});
