import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../scratch.ts';

const BIN = new URL('../../bin/optspec.js', import.meta.url).pathname;
const dir = scratchDir('optspec-cli-');

function runFile(spec: unknown): string {
  const file = join(dir, `run-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof spec === 'string' ? spec : JSON.stringify(spec));
  return file;
}

function optspec(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
}

describe('optspec trace', () => {
  it('prints params (row 0 is init) and the loss at each row', () => {
    const file = runFile({ problem: { kind: 'l1', lambda: 1 }, optimizer: { name: 'sgd', lr: 0.01 }, init: [0.5053, 0.5053], steps: 3 });
    const out = JSON.parse(execFileSync(process.execPath, [BIN, 'trace', file], { encoding: 'utf8' }));
    expect(out.params).toHaveLength(4);
    expect(out.params[0]).toEqual([0.5053, 0.5053]);
    expect(out.params[1][0]).toBe(0.5053 - 0.01);
    expect(out.loss[0]).toBe(1.0106);
    expect(out.meta.precision).toBe('float64');
  });

  it('writes --out atomically', () => {
    const file = runFile({ problem: { kind: 'lasso', seed: 1, n: 3, p: 4, lambda: 0.1 }, optimizer: { name: 'adam', lr: 0.1 }, init: [0, 0, 0, 0], steps: 2 });
    const out = join(dir, 'trace.json');
    const res = optspec('trace', file, '--out', out);
    expect(res.status).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).loss).toHaveLength(3);
  });

  it.each([
    [{ problem: { kind: 'ridge' }, optimizer: { name: 'sgd', lr: 0.1 }, init: [1], steps: 1 }, 'problem.kind: expected one of'],
    [{ problem: { kind: 'l1', lambda: 1 }, optimizer: { name: 'lion', lr: 0.1 }, init: [1], steps: 1 }, 'optimizer.name: expected one of'],
    [{ problem: { kind: 'l1', lambda: 1 }, optimizer: { name: 'sgd', lr: -0.1 }, init: [1], steps: 1 }, 'optimizer.lr: expected a learning rate >= 0, got -0.1'],
    [{ problem: { kind: 'lasso', W: [[1, 2]], y: [1], lambda: 1 }, optimizer: { name: 'sgd', lr: 0.1 }, init: [1], steps: 1 }, 'init: expected 2 numbers, the dimension of the lasso problem'],
    [{ problem: { kind: 'l1', lambda: 1 }, optimizer: { name: 'sgd', lr: 0.1 }, init: [1, 'x'], steps: 1 }, 'init[1]: expected a finite number, got "x"'],
    [{ problem: { kind: 'l1', lambda: 1 }, optimizer: { name: 'sgd', lr: 0.1 }, init: [1] }, 'steps: expected an integer >= 0, got nothing'],
    [{ problem: { kind: 'l1', lambda: 1 }, optimizer: { name: 'sgd', lr: 0.1 }, init: [1], steps: 1.5 }, 'steps: expected an integer >= 0, got 1.5'],
    ['{"problem": ', 'is not valid JSON'],
  ])('bad input %# exits non-zero with one line naming the field', (spec, message) => {
    const res = optspec('trace', runFile(spec));
    expect(res.status).not.toBe(0);
    expect(res.stdout).toBe('');
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain(message);
  });

  it('names a missing run file', () => {
    const res = optspec('trace', join(dir, 'nope.json'));
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/run\.json: expected .*could not be read \(ENOENT\)|could not be read \(ENOENT\)/);
  });
});
