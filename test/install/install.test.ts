/**
 * optspec as a user gets it: `npm pack` (whose prepack builds dist/), the
 * tarball unpacked into a fresh ES-module project and a fresh CommonJS
 * project, and there the README's set-up: a spec with three matchers under
 * vitest with the optspec reporter, `tsc --noEmit` on it, `optspec check` on a
 * TypeScript optimizer, and plain `node` scripts importing optspec.
 *
 * No network: the tarball is unpacked as npm would lay it out, and its
 * dependencies are links to this repository's node_modules (filled by npm ci).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;
const USER_PROJECT = new URL('./user-project/', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'optspec-install-'));
let tarball = '';
let packed: string[] = [];

// The parent vitest's variables would make the child think it is a worker.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_OPTIONS' && k !== 'TEST'));
const run = (cwd: string, cmd: string, args: string[]): SpawnSyncReturns<string> =>
  spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...env, NO_COLOR: '1' }, timeout: 120_000 });
const output = (r: SpawnSyncReturns<string>) => `${r.stdout}${r.stderr}`;

/** A project of the given module kind with the tarball installed; `without` leaves packages out. */
function project(kind: 'module' | 'commonjs', without: string[] = []): string {
  const dir = join(work, kind);
  cpSync(USER_PROJECT, dir, { recursive: true });
  cpSync(join(ROOT, 'examples/two-cycle.spec.ts'), join(dir, 'two-cycle.spec.ts')); // the README's spec, three matchers
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `user-${kind}`, private: true, type: kind }));
  const modules = join(dir, 'node_modules');
  const optspec = join(modules, 'optspec');
  mkdirSync(optspec, { recursive: true });
  const untar = run(optspec, 'tar', ['-xzf', tarball, '--strip-components=1']);
  if (untar.status !== 0) throw new Error(`tar: ${output(untar)}`);
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name.startsWith('.') || name === 'optspec' || without.includes(name)) continue;
    symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));
  }
  mkdirSync(join(modules, '.bin'));
  chmodSync(join(optspec, 'bin/optspec.js'), 0o755);
  symlinkSync('../optspec/bin/optspec.js', join(modules, '.bin/optspec'));
  return dir;
}

/** tsc --noEmit in a project, started now; the three runs overlap, tsc being the slowest step here. */
function tsc(dir: string, config: string): Promise<{ status: number; output: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', config], { cwd: dir, env, timeout: 120_000 }, (err, stdout, stderr) =>
      done({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, output: `${stdout}${stderr}` }));
  });
}
let typecheck: Record<'module' | 'commonjs' | 'bare' | 'node10', Promise<{ status: number; output: string }>>;

beforeAll(() => {
  const pack = run(ROOT, 'npm', ['pack', '--json', '--pack-destination', work]);
  if (pack.status !== 0) throw new Error(`npm pack failed: ${output(pack)}`);
  const [info] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }];
  tarball = join(work, info.filename);
  packed = info.files.map((f) => f.path);
  project('module');
  project('commonjs', ['@tensorflow']); // as a matcher-only user would, without TensorFlow.js
  // The documented tsconfig, and the same without its "types" line (the matchers' types must then be missing).
  const bare = JSON.parse(readFileSync(join(work, 'module', 'tsconfig.json'), 'utf8'));
  bare.compilerOptions.types = [];
  writeFileSync(join(work, 'module', 'tsconfig.bare.json'), JSON.stringify(bare));
  // An older tsconfig, "moduleResolution": "node", ignores package exports (typesVersions serves it).
  writeFileSync(join(work, 'module', 'tsconfig.node10.json'), JSON.stringify({ compilerOptions: { ...bare.compilerOptions, module: 'commonjs', moduleResolution: 'node', types: ['optspec/vitest'] }, files: ['two-cycle.spec.ts'] }));
  typecheck = {
    module: tsc(join(work, 'module'), '.'),
    commonjs: tsc(join(work, 'commonjs'), '.'),
    bare: tsc(join(work, 'module'), 'tsconfig.bare.json'),
    node10: tsc(join(work, 'module'), 'tsconfig.node10.json'),
  };
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed tarball', () => {
  it('holds the build, the command and the README, and no tests, fixtures, benches, sources or CI', () => {
    expect(packed).toContain('dist/index.js');
    expect(packed).toContain('dist/index.d.ts');
    expect(packed).toContain('dist/matchers/index.d.ts');
    expect(packed).toContain('dist/harness/entry.js');
    expect(packed).toContain('bin/optspec.js');
    expect(packed).toContain('python/optspec_torch.py');
    const stray = packed.filter((f) => !/^(dist\/|bin\/optspec\.js$|python\/optspec_torch\.py$|README\.md$|package\.json$)/.test(f) || /\.test\.|\.spec\.|fixtures|bench|\.ci\b/.test(f));
    expect(stray).toEqual([]);
  });

  it('has no .ts import paths left in its declarations (a user tsc rejects them)', () => {
    const dir = join(work, 'module', 'node_modules', 'optspec', 'dist');
    const offenders = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.d.ts'))
      .filter((f) => /from '\.{1,2}\/[^']*\.ts'/.test(readFileSync(join(dir, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe.each([
  ['module', ['.ts', '.mts']],
  ['commonjs', ['.ts', '.cts', '.js']],
] as const)('installed in a %s project', { timeout: 60_000 }, (kind, optimizerFiles) => {
  const dir = join(work, kind);
  beforeAll(() => {
    if (kind === 'commonjs') {
      const ts = readFileSync(join(dir, 'my-optimizer.ts'), 'utf8');
      writeFileSync(join(dir, 'my-optimizer.cts'), ts);
      writeFileSync(join(dir, 'my-optimizer.js'), "const { defineOptimizer } = require('optspec');\nexports.myGd = ({ lr }) => defineOptimizer('my-gd', { lr }, () => ({ step(p, g) { for (let i = 0; i < p.length; i++) p[i] -= lr * g[i]; } }));\n");
    } else {
      writeFileSync(join(dir, 'my-optimizer.mts'), readFileSync(join(dir, 'my-optimizer.ts'), 'utf8'));
    }
  });

  it('vitest runs the spec with three matchers and the optspec reporter writes its report', () => {
    const r = run(dir, process.execPath, ['node_modules/vitest/vitest.mjs', 'run']);
    expect(output(r)).toContain('1 passed');
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, 'reports/index.html'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'reports/summary.json'), 'utf8'))).toBeTypeOf('object');
  });

  it('tsc --noEmit passes on the spec with the documented "types": ["optspec/vitest"]', async () => {
    const r = await typecheck[kind];
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);

  it.runIf(kind === 'module')('the same passes under "moduleResolution": "node", which ignores exports', async () => {
    const r = await typecheck.node10;
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);

  it.runIf(kind === 'module')('without that line tsc does not know the matchers, so the check above is not vacuous', async () => {
    const r = await typecheck.bare;
    expect(r.output).toContain("Property 'toNeverHitZero' does not exist");
    expect(r.status).not.toBe(0);
  });

  it.each(optimizerFiles)('optspec check loads a %s optimizer and passes it', (ext) => {
    const r = run(dir, 'node_modules/.bin/optspec', ['check', '--optimizer', `my-optimizer${ext}#myGd`, '--family', 'sgd']);
    expect(r.stdout).toContain('all expectations held');
    expect(r.status).toBe(0);
  });

  it('optspec check fails a broken TypeScript optimizer, naming the claim', () => {
    const r = run(dir, 'node_modules/.bin/optspec', ['check', '--optimizer', 'my-optimizer.ts#signZeroIsOne', '--family', 'sgd']);
    expect(r.stdout).toContain('FAIL  l1-non-sparsity');
    expect(r.status).toBe(1);
  });

  it('a plain node script imports optspec', () => {
    const r = run(dir, process.execPath, [kind === 'module' ? 'plain.mjs' : 'plain.cjs']);
    expect(output(r)).toMatch(/^steps 10, loss \d/);
    expect(r.status).toBe(0);
  });
});

describe('optspec/harness', { timeout: 60_000 }, () => {
  it('loads TensorFlow.js in plain Node, gradients included, and trains on the wasm backend', () => {
    const r = run(join(work, 'module'), process.execPath, ['harness.mjs']);
    expect(r.status).toBe(0);
    const [gradLine, trainLine] = r.stdout.trim().split('\n');
    // d/dw Σ conv(ones 4×4, w 3×3, 'same'): each tap counts the pixels it meets, 3·3, 3·4 or 4·4.
    expect(gradLine).toBe('cpu 9,12,9,12,16,12,9,12,9');
    expect(trainLine).toMatch(/^wasm \[/);
    const loss = JSON.parse(trainLine.slice('wasm '.length)) as number[];
    expect(loss).toHaveLength(4);
    expect(loss.every(Number.isFinite)).toBe(true);
    expect(loss[3]).toBeLessThan(loss[0]); // float32 SGD at lr 0.1 on a fixed seed lowers the loss
  });

  it('without TensorFlow.js, says in one line what to install', () => {
    const r = run(join(work, 'commonjs'), process.execPath, ['--input-type=module', '-e', "await import('optspec/harness')"]);
    expect(r.status).not.toBe(0);
    const line = r.stderr.split('\n').find((l) => l.startsWith('MissingDependencyError: '));
    expect(line).toContain('optspec/harness needs TensorFlow.js (@tensorflow/tfjs-core, @tensorflow/tfjs-backend-cpu not found): npm install --save-dev @tensorflow/tfjs-core@4.22.0');
  });
});
