/**
 * Issue 21's "bad input that still gives a stack trace": each case is one
 * `optspec: …` line naming the field, exit 2, and, where the input is an
 * output path, nothing run first.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../scratch.ts';
import { BIN, runBin, runMain, STACK_FRAME, type CliResult } from './run-cli.ts';

const dir = scratchDir('optspec-bad-input-');
const EXAMPLE = 'examples/optimizers.ts#sgd';
const FIXTURE = 'fixtures/torch-record/l1-sgd.jsonl';
let files = 0;

function file(name: string, text: string): string {
  const path = join(dir, `${files++}-${name}`);
  writeFileSync(path, text);
  return path;
}

const runJson = (spec: Record<string, unknown>) => file('run.json', JSON.stringify({ problem: { kind: 'l1', lambda: 1 }, optimizer: { name: 'sgd', lr: 0.01 }, init: [0.5, -0.25], steps: 3, ...spec }));

/** Exit 2, nothing on stdout, and exactly one line on stderr containing `message`. */
function refused(r: CliResult, message: string | RegExp): void {
  expect(r.stderr).not.toMatch(STACK_FRAME);
  expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  expect(r.stderr).toMatch(typeof message === 'string' ? new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : message);
  expect(r.stdout).toBe('');
  expect(r.status).toBe(2);
}

describe('output paths are checked before the run', () => {
  it('--report pointing at a file', async () => {
    refused(await runMain(['check', '--optimizer', EXAMPLE, '--family', 'sgd', '--report', file('report', 'x')]), '--report: expected a folder, but it is a file');
  });

  it('--junit pointing at a folder', async () => {
    refused(await runMain(['check', '--optimizer', EXAMPLE, '--family', 'sgd', '--report', join(dir, 'r'), '--junit', dir]), '--junit: expected a file path, but it is a folder');
  });

  it('trace --out into a folder, under a file, and into a kernel file system that refuses new files', async () => {
    refused(await runMain(['trace', runJson({}), '--out', dir]), '--out: expected a file path, but it is a folder');
    refused(await runMain(['trace', runJson({}), '--out', join(file('plain', 'x'), 'trace.json')]), /--out: cannot be created: .* is a file, not a folder/);
    refused(await runMain(['trace', runJson({}), '--out', '/proc/version']), /--out: cannot be written: creating a file in \/proc failed/);
  });

  // sysfs takes no new files from anyone, root included (EACCES, or EROFS where it is mounted read-only).
  it.skipIf(!existsSync('/sys/kernel'))('trace --out into /sys', async () => {
    refused(await runMain(['trace', runJson({}), '--out', '/sys/optspec-trace.json']), /--out: cannot be written: creating a file in \/sys failed \(E(ACCES|ROFS|PERM)\)/);
  });

  // root writes through permission bits: only another user sees a read-only folder as such.
  it.skipIf(process.getuid?.() === 0)('trace --out into a read-only folder', async () => {
    const ro = join(dir, 'read-only');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    refused(await runMain(['trace', runJson({}), '--out', join(ro, 'trace.json')]), /--out: cannot be written: creating a file in .*read-only failed \(EACCES\)/);
  });

  it('the probe leaves nothing behind', async () => {
    const clean = join(dir, 'clean');
    mkdirSync(clean);
    expect((await runMain(['trace', runJson({}), '--out', join(clean, 't.json')])).status).toBe(0);
    expect(readdirSync(clean)).toEqual(['t.json']);
    // A folder that does not exist yet is fine: the write creates it.
    expect((await runMain(['trace', runJson({}), '--out', join(clean, 'new', 'deeper', 't.json')])).status).toBe(0);
    expect(readdirSync(join(clean, 'new', 'deeper'))).toEqual(['t.json']);
  });
});

describe('sizes are capped before anything is allocated', () => {
  it.each([
    [{ problem: { kind: 'l1', lambda: 1, dim: 1e9 }, init: 'zeros' }, 'problem.dim: expected at most 10000000 parameters'],
    [{ problem: { kind: 'lasso', seed: 1, n: 1e6, p: 1e6, lambda: 1 }, init: 'zeros' }, 'problem.n × problem.p: expected at most 100000000 matrix entries'],
  ])('run.json %#', async (spec, message) => {
    refused(await runMain(['trace', runJson(spec)]), message);
  });

  it('a verify header of dim 2^40', async () => {
    const jsonl = file('big.jsonl', `{"format":"optspec-trace-jsonl/1","dim":${2 ** 40}}\n{"step":0,"loss":1,"params":[1]}\n{"step":1,"loss":1,"params":[1]}\n`);
    refused(await runMain(['verify', jsonl, '--claim', 'never-hits-zero']), 'line 1: dim: expected at most 10000000 parameters');
  });
});

describe('hostile JSON', () => {
  it('run.json nested 200,000 deep', async () => {
    refused(await runMain(['trace', file('deep.json', `${'['.repeat(200_000)}${']'.repeat(200_000)}`)]), 'run.json: expected at most 1000 levels of nesting');
    const deepInit = file('deep-init.json', `{"problem":{"kind":"l1","lambda":1},"optimizer":{"name":"sgd","lr":0.01},"steps":1,"init":${'['.repeat(5000)}1${']'.repeat(5000)}}`);
    refused(await runMain(['trace', deepInit]), 'run.json: expected at most 1000 levels of nesting');
  });

  it('a trace line nested 200,000 deep', async () => {
    const jsonl = file('deep.jsonl', `{"format":"optspec-trace-jsonl/1","dim":1}\n{"step":0,"loss":1,"params":${'['.repeat(200_000)}${']'.repeat(200_000)}}\n`);
    refused(await runMain(['verify', jsonl, '--claim', 'never-hits-zero']), 'line 2: expected at most 1000 levels of nesting');
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('%s is no optimizer name', async (name) => {
    refused(await runMain(['trace', runJson({ optimizer: { name, lr: 0.01 } })]), `optimizer.name: expected one of sgd, `);
  });

  it.each(['__proto__', 'constructor', 'toString'])('%s is no claim', async (name) => {
    refused(await runMain(['verify', FIXTURE, '--claim', name]), `--claim: expected one of never-hits-zero, `);
  });

  it('a 50 MB unknown field is quoted in at most a few hundred characters', async () => {
    const huge = 'x'.repeat(50_000_000);
    const r = await runMain(['trace', file('huge.json', JSON.stringify({ problem: { kind: 'l1', lambda: 1 }, optimizer: { name: 'sgd', lr: 0.01 }, init: [1], steps: 1, junk: huge }))]);
    refused(r, 'run.junk: unknown field');
    expect(r.stderr.length).toBeLessThan(600);
    expect(r.stderr).toContain('(50000000 characters)');
    // A key of a million characters is cut the same way (run. + 196 of them).
    const key = await runMain(['trace', file('huge-key.json', JSON.stringify({ [huge.slice(0, 1e6)]: 1 }))]);
    refused(key, /^optspec: run\.x{196}\.\.\. \(1000004 characters\): unknown field/);
    expect(key.stderr.length).toBeLessThan(800);
  }, 30_000);
});

describe('one line, always', () => {
  it('an unknown key holding a newline is escaped, not printed as two lines', async () => {
    refused(await runMain(['trace', file('newline.json', JSON.stringify({ 'a\nb': 1 }))]), 'optspec: run.a\\nb: unknown field');
  });
});

describe('the maker module', () => {
  it('a TypeScript syntax error keeps its file:line:col in the one line', async () => {
    const bad = file('bad.ts', 'export const sgd = (h: { lr: number }) => {\n  const x: number = ;\n  return x;\n};\n');
    refused(await runMain(['check', '--optimizer', `${bad}#sgd`, '--family', 'sgd', '--report', join(dir, 'r')]), `${bad}:2:20: ERROR: Unexpected ";"`);
  });

  it('a JavaScript syntax error names its file and line', async () => {
    const bad = file('bad.mjs', 'export const sgd = (h) => {\n  const x = ;\n};\n');
    refused(await runMain(['check', '--optimizer', `${bad}#sgd`, '--family', 'sgd', '--report', join(dir, 'r')]), `${bad}:2: Unexpected token ';'`);
  });
});

describe('verify claims', () => {
  it.each([
    ['two-cycle=0', 'expected two-cycle=<number> with the number > 0'],
    ['two-cycle=-0.01', 'expected two-cycle=<number> with the number > 0'],
    ['stays-captured=-1', 'expected stays-captured=<number> with the number >= 0'],
    ['jumps-off-zero=0', 'expected jumps-off-zero=<number> with the number > 0'],
    ['loss-never-increases=-1', 'expected loss-never-increases=<number> with the number >= 0'],
    ['loss-below=Infinity', 'expected loss-below=<number> with the number finite'],
  ])('%s is outside the claim\'s domain', async (claim, message) => {
    refused(await runMain(['verify', FIXTURE, '--claim', claim]), `--claim: ${message}`);
  });

  it('stays-captured=0 and loss-never-increases=0 are in their domains', async () => {
    expect((await runMain(['verify', FIXTURE, '--claim', 'stays-captured=0', '--claim', 'loss-never-increases=0'])).status).toBe(1);
  });

  const rows = (zeros: string) => `{"format":"optspec-trace-jsonl/1","dim":2}\n{"step":0,"loss":1,"params":[1,2]${zeros}}\n{"step":1,"loss":1,"params":[0,2]${zeros}}\n{"step":2,"loss":1,"params":[0.5,2]${zeros}}\n`;

  it('never-hits-zero fails on params that hit 0, whatever a contradicting zeros field says', async () => {
    refused(await runMain(['verify', file('lying.jsonl', rows(',"zeros":0')), '--claim', 'never-hits-zero']), 'line 3: zeros: contradicts the row\'s params, which hold 1 coordinate(s) exactly 0, got 0');
    const honest = await runMain(['verify', file('honest.jsonl', rows('')), '--claim', 'never-hits-zero']);
    expect(honest.stdout).toMatch(/FAIL {2}never-hits-zero: coordinate 0 is exactly 0 at step 1/);
    expect(honest.status).toBe(1);
  });

  it('a zeros count above the params\' zeros is fine when some coordinates are not recorded, and one below is not', async () => {
    const partial = (z: number) => `{"format":"optspec-trace-jsonl/1","dim":3,"coordinates":[0,1]}\n{"step":0,"loss":1,"params":[1,2],"l1Norm":3,"linfNorm":2,"zeros":${z}}\n{"step":1,"loss":1,"params":[0,2],"l1Norm":2,"linfNorm":2,"zeros":${z}}\n`;
    expect((await runMain(['verify', file('partial.jsonl', partial(1)), '--claim', 'never-hits-zero'])).status).toBe(1);
    refused(await runMain(['verify', file('partial0.jsonl', partial(0)), '--claim', 'never-hits-zero']), 'among the recorded ones');
  });
});

describe('the top level', () => {
  it('EPIPE on stdout (optspec trace … | head -c 50) stops quietly', async () => {
    const long = runJson({ problem: { kind: 'l1', lambda: 1, dim: 2000 }, init: { seed: 1 }, steps: 300 });
    const child = spawn(process.execPath, [BIN, 'trace', long], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  }, 60_000);

  it('an unexpected error is one "internal error" line and exit 2; OPTSPEC_DEBUG=1 shows the stack', () => {
    // A planted fault where no input check can catch it: reading stderr's isTTY throws.
    const plant = `data:text/javascript,Object.defineProperty(process.stderr, "isTTY", { get() { throw new TypeError("planted fault") } })`;
    const args = ['--import', plant, BIN, 'trace', runJson({})];
    const r = runNode(args);
    expect(r.stderr).toBe('optspec: internal error: TypeError: planted fault (OPTSPEC_DEBUG=1 shows where)\n');
    expect(r.status).toBe(2);
    const debug = runNode(args, { ...process.env, OPTSPEC_DEBUG: '1' });
    expect(debug.stderr).toMatch(STACK_FRAME);
    expect(debug.status).toBe(2);
  });

  it('unknown commands and flags are one line', () => {
    refused(runBin(['frobnicate']), 'command: expected "trace", "check", "verify" or "conform"');
    refused(runBin(['trace', '--bogus']), 'argument: not an option of optspec trace');
  });
});

function runNode(args: string[], env: NodeJS.ProcessEnv = process.env): CliResult {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env, timeout: 60_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
