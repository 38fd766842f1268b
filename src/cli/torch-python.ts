/**
 * What `--torch <module.Class>` needs to start optspec's PyTorch adapter: a
 * Python that can import torch, the adapter's path in the installed package,
 * and the shell command that joins them. Machines often have several Pythons
 * and only one with torch (a pyenv or venv python3 first on PATH, torch in
 * the system's), so each candidate is asked to `import torch` before use.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../validate/input-error.ts';

/** Names looked up on PATH, in order, when OPTSPEC_PYTHON is not set. */
export const PYTHON_NAMES = ['python3', 'python'] as const;
/** Tried after PATH: Debian's and Ubuntu's python3-torch install here. */
export const FALLBACK_PYTHONS: readonly string[] = ['/usr/bin/python3'];
/** How long one `import torch` may take; a cold import on a slow disk takes seconds. */
const IMPORT_TIMEOUT_MS = 60_000;

const HOW_TO_FIX = 'set OPTSPEC_PYTHON to a Python that has torch, e.g. OPTSPEC_PYTHON=/usr/bin/python3, or pip install torch';

/** Pythons found, per OPTSPEC_PYTHON, PATH and fallbacks: each is asked to import torch once per process. */
const found = new Map<string, string>();

/**
 * The Python that `--torch` runs: `$OPTSPEC_PYTHON` if set (refused when it
 * cannot import torch), else the first of python3, python on PATH that can,
 * else the first of `fallbacks` that can. An empty OPTSPEC_PYTHON counts as
 * unset. Throws one InputError line that says how to fix it when none can.
 */
export function findTorchPython(env: NodeJS.ProcessEnv = process.env, fallbacks: readonly string[] = FALLBACK_PYTHONS): { python: string } {
  const key = JSON.stringify([env.OPTSPEC_PYTHON ?? '', env.PATH ?? '', fallbacks]);
  const cached = found.get(key);
  if (cached) return { python: cached };
  const chosen = env.OPTSPEC_PYTHON;
  if (chosen) {
    const path = locate(chosen, env);
    const why = path ? importsTorch(path, env) : 'not found on PATH';
    if (why) throw new InputError('OPTSPEC_PYTHON', chosen, `expected a Python that can import torch (${why}); ${HOW_TO_FIX}`);
    found.set(key, path!);
    return { python: path! };
  }
  const tried: string[] = [];
  for (const candidate of [...PYTHON_NAMES, ...fallbacks]) {
    const path = locate(candidate, env);
    if (!path) {
      tried.push(`${candidate}: not found`);
      continue;
    }
    if (tried.some((t) => t.startsWith(`${path}:`))) continue; // python3 and python, or PATH and a fallback, can be one file
    const why = importsTorch(path, env);
    if (!why) {
      found.set(key, path);
      return { python: path };
    }
    tried.push(`${path}: ${why}`);
  }
  throw new InputError('python', tried.join('; '), `expected a Python that can import torch, for --torch; ${HOW_TO_FIX}`);
}

/** The absolute path of an executable: a path as given (from the working directory), a bare name looked up on env.PATH. */
function locate(name: string, env: NodeJS.ProcessEnv): string | null {
  if (name.includes('/')) {
    const path = isAbsolute(name) ? name : resolve(name);
    return isExecutable(path) ? path : null;
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const path = resolve(dir, name);
    if (isExecutable(path)) return path;
  }
  return null;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** null when `python -c 'import torch'` succeeds, else why not, in a few words on one line. */
function importsTorch(python: string, env: NodeJS.ProcessEnv): string | null {
  const run = spawnSync(python, ['-c', 'import torch'], { env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], timeout: IMPORT_TIMEOUT_MS, killSignal: 'SIGKILL' });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return `import torch took over ${IMPORT_TIMEOUT_MS / 1000} s`;
  if (run.error) return `it does not run (${(run.error as NodeJS.ErrnoException).code ?? run.error.message})`;
  if (run.status === 0) return null;
  const last = (run.stderr ?? '').trim().split('\n').pop()?.trim();
  return last ? `import torch failed: ${last.length > 120 ? `${last.slice(0, 120)}…` : last}` : `import torch exited with ${run.status ?? run.signal}`;
}

/** python/optspec_torch.py beside src/ or dist/: both hold this module two folders below the package root. */
export function adapterPathFrom(moduleUrl: string): string {
  return fileURLToPath(new URL('../../python/optspec_torch.py', moduleUrl));
}

/** The absolute path of optspec's PyTorch adapter in this installed package (package.json "files" ships it). */
export function adapterPath(): string {
  const path = adapterPathFrom(import.meta.url);
  if (!existsSync(path)) throw new InputError('adapter', path, "expected optspec's PyTorch adapter, shipped with the package; reinstall optspec");
  return path;
}

/** A word for /bin/sh: as it is when it is plain, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The `--command` that `--torch <module.Class>` stands for:
 * `<python> <adapter> <module.Class> [--set key=json …]`, each word quoted
 * for the shell the protocol starts it in. `set` fixes keyword arguments of
 * the optimizer's constructor (the adapter's `--set key=json`).
 */
export function torchCommand(classPath: string, set: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = process.env): string {
  if (typeof classPath !== 'string' || !/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(classPath)) {
    throw new InputError('--torch', classPath, 'expected the dotted path of a torch.optim.Optimizer subclass, e.g. torch.optim.AdamW or mypkg.optim.AdamWClip');
  }
  const words = [findTorchPython(env).python, adapterPath(), classPath];
  for (const [key, value] of Object.entries(set)) words.push('--set', `${keyword(key)}=${settingJson(key, value)}`);
  return words.map(shellWord).join(' ');
}

function keyword(key: string): string {
  if (!/^[A-Za-z_]\w*$/.test(key)) throw new InputError('--torch-set', key, 'expected a Python keyword argument name, e.g. weight_decay');
  return key;
}

/** JSON the adapter's json.loads reads back as the same value; NaN and ±Infinity have no JSON and are refused, not sent as null. */
function settingJson(key: string, value: unknown): string {
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new InputError(`--torch-set ${key}`, v, 'expected a value JSON can carry (NaN and Infinity cannot)');
    if (typeof v === 'bigint') throw new InputError(`--torch-set ${key}`, `${v}n`, 'expected a value JSON can carry');
    return v;
  });
  if (text === undefined) throw new InputError(`--torch-set ${key}`, value, 'expected a value JSON can carry');
  return text;
}
