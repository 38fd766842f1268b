/**
 * A fresh user project with optspec installed from its packed tarball, for
 * the tests that run optspec as a user gets it (install.test.ts and the
 * README's CI recipe, ci-recipe.test.ts).
 *
 * No network: the tarball is unpacked as npm would lay it out, and its
 * dependencies are links to this repository's node_modules (filled by npm ci).
 * This stands in for the user's `npm ci`.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;
const USER_PROJECT = new URL('./user-project/', import.meta.url).pathname;

/** The environment a child runs in: the parent vitest's variables would make it think it is a worker. */
export const childEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_OPTIONS' && k !== 'TEST'),
);

/** `cmd args` in `cwd`, its output captured; a torch check on a busy machine needs a longer `timeoutMs`. */
export const run = (cwd: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = childEnv, timeoutMs = 120_000): SpawnSyncReturns<string> =>
  spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...env, NO_COLOR: '1' }, timeout: timeoutMs });

export const output = (r: SpawnSyncReturns<string>) => `${r.stdout}${r.stderr}`;

/**
 * `npm pack` into `dir` (its prepack builds dist/): the tarball's path and the
 * files it holds. Test files run in parallel and the build empties dist/
 * first, so one pack at a time: a folder made with mkdir (atomic) is the lock.
 */
export function packOptspec(dir: string): { tarball: string; files: string[] } {
  const pack = whileHolding(join(ROOT, 'node_modules/.optspec-pack.lock'), () => run(ROOT, 'npm', ['pack', '--json', '--pack-destination', dir], childEnv, 300_000));
  if (pack.status !== 0) throw new Error(`npm pack failed: ${output(pack)}`);
  const [info] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }];
  return { tarball: join(dir, info.filename), files: info.files.map((f) => f.path) };
}

/** A lock older than this was left by a killed run: taken over. */
const STALE_LOCK_MS = 600_000;

function whileHolding<T>(lock: string, work: () => T): T {
  const sleep = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      } catch {
        // released between the two calls: try again
      }
      Atomics.wait(sleep, 0, 0, 250);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * The project test/install/user-project/ in `dir`, of the given module kind,
 * with the tarball installed in node_modules/optspec and `optspec` in
 * node_modules/.bin; `without` leaves packages out.
 */
export function userProject(dir: string, tarball: string, kind: 'module' | 'commonjs', without: string[] = []): string {
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

/**
 * A folder holding `python3` and `python` that exist but cannot import torch,
 * as a pyenv or venv Python first on PATH is: put first on PATH, it makes
 * `--torch` look further, and as OPTSPEC_PYTHON it is refused.
 */
export function pythonWithoutTorch(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const name of ['python3', 'python']) {
    writeFileSync(join(dir, name), "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'torch'\" >&2\nexit 1\n");
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

/** Whether /usr/bin/python3, where Debian's and Ubuntu's python3-torch put torch, can import it. */
export function systemPythonHasTorch(): boolean {
  return spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 }).status === 0;
}
