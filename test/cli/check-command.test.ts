import { describe, expect, it, vi, afterEach } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check } from '../../src/cli/check.ts';

const reportDir = mkdtempSync(join(tmpdir(), 'optspec-check-'));
const EXAMPLES = 'examples/optimizers.ts';

async function runCheck(exportName: string, family: string): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await check(['--optimizer', `${EXAMPLES}#${exportName}`, '--family', family, '--report', reportDir]);
    return { code, out };
  } finally {
    spy.mockRestore();
    err.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('optspec check', () => {
  it.each([
    ['sgd', 'sgd'],
    ['momentum', 'momentum'],
    ['paperHeavyBall', 'momentum'],
    ['rmsprop', 'rmsprop'],
    ['adam', 'adam'],
  ])('reference %s passes the %s family', async (name, family) => {
    const { code, out } = await runCheck(name, family);
    expect(out).toContain('all expectations held');
    expect(code).toBe(0);
  });

  it.each([
    ['sgdSignZeroIsOne', 'sgd', 'FAIL  l1-non-sparsity', 'coordinate 0 was 0 at step 2 and left it at step 3'],
    ['rmspropUnsquared', 'rmsprop', 'FAIL  rmsprop-lambda-agnostic', 'the end cycles differ'],
    ['heavyBallWithoutMomentum', 'momentum', 'FAIL  momentum-jump-off-zero', 'not −η·β_{N−1}'],
  ])('broken %s fails the %s family, naming the claim', async (name, family, claimLine, detail) => {
    const { code, out } = await runCheck(name, family);
    expect(code).toBe(1);
    expect(out).toContain(claimLine);
    expect(out).toContain(detail);
  });

  it('a plain SGD is not λ-agnostic, so it fails the rmsprop family', async () => {
    const { code, out } = await runCheck('sgd', 'rmsprop');
    expect(code).toBe(1);
    expect(out).toContain('FAIL  rmsprop-lambda-agnostic');
  });

  it('writes the report for the checked optimizer', async () => {
    await runCheck('sgd', 'sgd');
    const html = readFileSync(join(reportDir, 'index.html'), 'utf8');
    expect(html).toContain('examples/optimizers.ts#sgd');
    expect(JSON.parse(readFileSync(join(reportDir, 'summary.json'), 'utf8')).claims.length).toBeGreaterThan(0);
  });

  it.each([
    [['--family', 'sgd'], '--optimizer: expected <module>[#export]'],
    [['--optimizer', `${EXAMPLES}#sgd`, '--family', 'lion'], '--family: expected one of sgd, momentum, rmsprop, adam, got "lion"'],
    [['--optimizer', 'nope.ts', '--family', 'sgd'], '--optimizer: no such file, got "nope.ts"'],
    [['--optimizer', `${EXAMPLES}#missing`, '--family', 'sgd'], 'expected the export to be a function'],
  ])('bad input %# names the field', async (args, message) => {
    await expect(check(args as string[])).rejects.toThrow(message);
  });

  it('runs from the command line and exits 1 on a violation', () => {
    const res = spawnSync(process.execPath, ['bin/optspec.js', 'check', '--optimizer', `${EXAMPLES}#heavyBallWithoutMomentum`, '--family', 'momentum', '--report', reportDir], { encoding: 'utf8' });
    expect(res.status).toBe(1);
    expect(res.stdout).toContain('FAIL  momentum-jump-off-zero');
  });
});
