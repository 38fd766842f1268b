import { describe, expect, it, vi, afterEach } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check } from '../../src/cli/check.ts';
import { scratchDir } from '../scratch.ts';

const reportDir = scratchDir('optspec-check-');
const EXAMPLES = 'examples/optimizers.ts';

/** A check run in-process, its stdout captured and its progress lines on stderr silenced. */
async function captured(run: () => Promise<number>): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await run();
    return { code, out };
  } finally {
    spy.mockRestore();
    err.mockRestore();
  }
}

const runCheck = (exportName: string, family: string, ...extra: string[]) =>
  captured(() => check(['--optimizer', `${EXAMPLES}#${exportName}`, '--family', family, '--report', reportDir, ...extra]));

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('optspec check', { timeout: 120_000 }, () => {
  it.each([
    ['sgd', 'sgd'],
    ['momentum', 'momentum'],
    ['nesterov', 'nesterov'],
    ['rmsprop', 'rmsprop'],
    ['adam', 'adam'],
    ['adamw', 'adamw'],
    ['adagrad', 'adagrad'],
  ])('reference %s passes the %s family', async (name, family) => {
    const { code, out } = await runCheck(name, family);
    expect(out).toContain('all expectations held');
    expect(out).toContain('PASS  reference-parity');
    expect(code).toBe(0);
  });

  it.each([
    ['lion', 'lion', 'lion-decay-outside-sign'],
    ['muon', 'muon', 'muon-nesterov'],
    ['scheduleFreeAdamW', 'schedule-free-adamw', 'schedule-free-lr-max'],
    ['scheduleFreeSgd', 'schedule-free-sgd', 'schedule-free-train-eval'],
  ])('reference %s passes the %s family through --optimizer (a worker), its own relations included', async (name, family, relation) => {
    const { code, out } = await runCheck(name, family);
    expect(out).toContain('all expectations held');
    expect(out).toMatch(new RegExp(`^PASS {2}${family}-parity `, 'm'));
    expect(out).toMatch(new RegExp(`^PASS {2}${relation} `, 'm'));
    expect(code).toBe(0);
  });

  it('the paper\'s heavy ball passes the momentum family in the paper dialect, and fails it in PyTorch\'s', async () => {
    expect((await runCheck('paperHeavyBall', 'momentum', '--dialect', 'paper')).code).toBe(0);
    const { code, out } = await runCheck('paperHeavyBall', 'momentum');
    expect(code).toBe(1);
    expect(out).toMatch(/FAIL {2}reference-parity .*\n {6}first divergence from the pytorch reference on least-squares 12×6 with \{ lr: 0\.01, momentum: 0\.9, nesterov: false, dampening: 0, weightDecay: 0, maximize: false \}: step 1, coordinate 0: expected [-\d.e]+, got [-\d.e]+, [\d.e+]+ ulps \(float64\) apart; the trajectory matches the paper's heavy ball \(001 eq\. 16\): pass --dialect paper/);
  });

  it('a float32 SGD passes with --precision float32 and fails parity at float64', async () => {
    // A maker of lr only declares the options it lacks.
    const f32 = await runCheck('sgdFloat32', 'sgd', '--precision', 'float32', '--without', 'weightDecay,maximize');
    expect(f32.out).toContain('all expectations held');
    expect(f32.code).toBe(0);
    const f64 = await runCheck('sgdFloat32', 'sgd', '--without', 'weightDecay,maximize');
    expect(f64.code).toBe(1);
    expect(f64.out).toContain('FAIL  reference-parity');
  });

  it('an RMSProp that ignores the α it is given fails parity, shrunk to the first α it gets wrong', async () => {
    const { code, out } = await runCheck('rmspropFixedAlpha', 'rmsprop');
    expect(code).toBe(1);
    expect(out).toMatch(/FAIL {2}reference-parity .*\n {6}first divergence from the pytorch reference on .* with \{ lr: 0\.01, alpha: 0\.9, eps: 1e-8, momentum: 0, centered: false, weightDecay: 0, maximize: false \}: step 1,/);
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
    [['--optimizer', `${EXAMPLES}#sgd`, '--family', 'shampoo'], '--family: expected one of sgd, momentum, nesterov, rmsprop, adam, adamw, adagrad, lion, muon, schedule-free-adamw, schedule-free-sgd, got "shampoo"'],
    [['--optimizer', `${EXAMPLES}#sgd`, '--family', 'adamw', '--dialect', 'tfjs'], '--dialect: expected one of pytorch, paper for adamw, got "tfjs"'],
    [['--optimizer', `${EXAMPLES}#sgd`, '--family', 'sgd', '--hyper', '__proto__=1'], '--hyper: expected a hyperparameter name; "__proto__" is a name of JavaScript\'s object machinery, got "__proto__=1"'],
    [['--optimizer', `${EXAMPLES}#sgd`, '--family', 'sgd', '--precision', 'float16'], '--precision: expected float64, float32 or bfloat16, got "float16"'],
    [['--optimizer', `${EXAMPLES}#sgd`, '--family', 'sgd', '--junit'], '--junit: expected a value'],
    [['--optimizer', 'nope.ts', '--family', 'sgd'], '--optimizer: no such file, got "nope.ts"'],
    [['--optimizer', `${EXAMPLES}#missing`, '--family', 'sgd'], 'expected the export to be a function'],
  ])('bad input %# names the field', async (args, message) => {
    await expect(check(args as string[])).rejects.toThrow(message);
  });

  it('writes JUnit XML with one test case per expectation and the reason of each failure', async () => {
    const file = join(reportDir, 'junit.xml');
    await runCheck('heavyBallWithoutMomentum', 'momentum', '--junit', file);
    const xml = readFileSync(file, 'utf8');
    const cases = xml.match(/<testcase /g)!.length;
    expect(cases).toBeGreaterThan(5);
    expect(xml).toMatch(new RegExp(`<testsuites name="optspec check" tests="${cases}" failures="[1-9]\\d*"`));
    expect(xml).toMatch(/<testcase classname="optspec.check.momentum" name="momentum-jump-off-zero: [^"]*" time="[\d.]+">\n\s*<failure message="η = 0.5: coordinate \d landed on 0/);
  });

  it('--baseline records the traces, passes while they are unchanged, and names the first changed step', async () => {
    const file = join(reportDir, 'adam.baseline');
    // Under CI a missing baseline is a failure, never written (as vitest does with snapshots).
    vi.stubEnv('CI', 'true');
    const inCi = await runCheck('adam', 'adam', '--baseline', file);
    expect(inCi.code).toBe(1);
    expect(inCi.out).toContain(`no baseline at ${file}; record it outside CI`);
    expect(existsSync(file)).toBe(false);
    vi.stubEnv('CI', '');
    const first = await runCheck('adam', 'adam', '--baseline', file);
    expect(first.out).toContain(`baseline written to ${file}`);
    expect((await runCheck('adam', 'adam', '--baseline', file)).out).toMatch(/PASS {2}baseline .*\n {6}the traces match/);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^3: (\S+)/m, (_m, x) => `3: ${Number(x) + 1e-12}`));
    const changed = await runCheck('adam', 'adam', '--baseline', file);
    expect(changed.code).toBe(1);
    expect(changed.out).toMatch(/FAIL {2}baseline .*\n {6}behaviour changed against .*: adam on least-squares 12×6 \(6 coordinates, 20 steps\): first difference at step 3, coordinate 0: snapshot -?[\d.]+, now -?[\d.]+ \(accept it with --update-baseline\)/);
    expect((await runCheck('adam', 'adam', '--baseline', file, '--update-baseline')).code).toBe(0);
    expect((await runCheck('adam', 'adam', '--baseline', file)).code).toBe(0);
  });

  it('runs from the command line and exits 1 on a violation', () => {
    const res = spawnSync(process.execPath, ['bin/optspec.js', 'check', '--optimizer', `${EXAMPLES}#heavyBallWithoutMomentum`, '--family', 'momentum', '--report', reportDir], { encoding: 'utf8' });
    expect(res.status).toBe(1);
    expect(res.stdout).toContain('FAIL  momentum-jump-off-zero');
  });
});

describe('options a module declares missing (export const without = [...])', { timeout: 120_000 }, () => {
  const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
  it('are the same as --without: not sent, not swept, listed as not checked', async () => {
    const { code, out } = await captured(() => check(['--optimizer', `${FIXTURES}declares-without.ts#gd`, '--family', 'sgd', '--report', reportDir]));
    expect(out).toContain('all expectations held');
    expect(out).toMatch(/not checked:\n {2}option weightDecay: declared missing \(--without\)[^\n]*\n {2}option maximize: declared missing/);
    expect(code).toBe(0);
    // Without the declaration the same optimizer fails: weightDecay changes nothing.
    const bare = await captured(() => check(['--optimizer', `${FIXTURES}declares-without.ts#gd`, '--family', 'momentum', '--report', reportDir]));
    expect(bare.code).toBe(1);
  });
  it('must be a list of option names of the family, refused in one line', async () => {
    await expect(check(['--optimizer', `${FIXTURES}bad-without.ts#gd`, '--family', 'sgd', '--report', reportDir])).rejects.toThrow(/bad-without\.ts#without: expected an array of option names, as --without takes them, got "weightDecay"/);
  });
});
