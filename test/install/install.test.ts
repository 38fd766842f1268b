/**
 * optspec as a user gets it: `npm pack` (whose prepack builds dist/), the
 * tarball unpacked into a fresh ES-module project and a fresh CommonJS
 * project, and there the README's set-up: a spec with three matchers under
 * vitest with the optspec reporter, `tsc --noEmit` on it, `optspec check` on a
 * TypeScript optimizer, and plain `node` scripts importing optspec.
 * `--torch` runs there too, finding a Python with torch past one without.
 *
 * No network: see project.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { childEnv as env, output, packOptspec, pythonWithoutTorch, run, userProject } from './project.ts';

const work = mkdtempSync(join(tmpdir(), 'optspec-install-'));
let tarball = '';
let packed: string[] = [];

/** A project of the given module kind with the tarball installed; `without` leaves packages out. */
const project = (kind: 'module' | 'commonjs', without: string[] = []): string => userProject(join(work, kind), tarball, kind, without);

/** tsc --noEmit in a project, started now; the three runs overlap, tsc being the slowest step here. */
function tsc(dir: string, config: string): Promise<{ status: number; output: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', config], { cwd: dir, env, timeout: 120_000 }, (err, stdout, stderr) =>
      done({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, output: `${stdout}${stderr}` }));
  });
}
let typecheck: Record<'module' | 'commonjs' | 'bare' | 'node10', Promise<{ status: number; output: string }>>;

beforeAll(() => {
  ({ tarball, files: packed } = packOptspec(work));
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
}, 300_000); // packing waits its turn behind ci-recipe.test.ts's (project.ts)

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

// The README's own-optimizer example is plain gradient descent: it declares the options of sgd it lacks.
const WITHOUT = ['--without', 'weightDecay,maximize'];

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
    const r = run(dir, 'node_modules/.bin/optspec', ['check', '--optimizer', `my-optimizer${ext}#myGd`, '--family', 'sgd', ...WITHOUT]);
    expect(r.stdout).toContain('all expectations held');
    expect(r.status).toBe(0);
  });

  it('optspec check fails a broken TypeScript optimizer, naming the claim', () => {
    const r = run(dir, 'node_modules/.bin/optspec', ['check', '--optimizer', 'my-optimizer.ts#signZeroIsOne', '--family', 'sgd', ...WITHOUT]);
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

describe('optspec check --torch from the installed package', { timeout: 240_000 }, () => {
  const dir = join(work, 'module');
  const adapter = join(dir, 'node_modules/optspec/python/optspec_torch.py');
  const shim = join(work, 'no-torch-bin');
  // A python3 without torch first on PATH, OPTSPEC_PYTHON unset: as on a machine where pyenv's python3 comes first.
  const torchEnv = (): NodeJS.ProcessEnv => {
    const { OPTSPEC_PYTHON: _, PYTHONPATH: __, ...rest } = env;
    return { ...rest, PATH: `${pythonWithoutTorch(shim)}${delimiter}${env.PATH ?? ''}` };
  };

  it('finds its adapter inside node_modules/optspec, from dist/', () => {
    const r = run(dir, process.execPath, ['--input-type=module', '-e', "const { adapterPath } = await import('./node_modules/optspec/dist/cli/torch-python.js'); console.log(adapterPath());"]);
    expect(output(r).trim()).toBe(adapter);
    expect(r.status).toBe(0);
  });

  it('passes torch.optim.SGD as momentum, past a python3 without torch, and writes the JUnit file', () => {
    const r = run(dir, 'node_modules/.bin/optspec', ['check', '--torch', 'torch.optim.SGD', '--family', 'momentum', '--junit', 'torch-junit.xml', '--report', 'torch-report'], torchEnv(), 220_000);
    // The command it ran: a Python that has torch (not the shim), and the adapter the package shipped.
    const ran = r.stdout.split('\n')[0];
    expect(ran).toMatch(/^optspec check \S+ \S+ torch\.optim\.SGD as momentum/);
    expect(ran).toContain(` ${adapter} `);
    expect(ran).not.toContain(shim);
    expect(r.stdout, r.stderr).toContain('all expectations held');
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'torch-junit.xml'), 'utf8')).toMatch(/<testsuite [^>]*failures="0"/);
    expect(existsSync(join(dir, 'torch-report/summary.json'))).toBe(true);
  });

  it('with OPTSPEC_PYTHON naming a Python without torch, says so in one line, exit 2', () => {
    const r = run(dir, 'node_modules/.bin/optspec', ['check', '--torch', 'torch.optim.SGD', '--family', 'momentum', '--report', 'torch-refused'], { ...torchEnv(), OPTSPEC_PYTHON: join(shim, 'python3') });
    expect(r.stderr).toMatch(/^optspec: OPTSPEC_PYTHON: .*import torch.*OPTSPEC_PYTHON=\/usr\/bin\/python3.*\n$/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(2);
    expect(existsSync(join(dir, 'torch-refused'))).toBe(false);
  });
});
