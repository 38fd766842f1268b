import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findTorchPython, adapterPath, adapterPathFrom, torchCommand, shellWord } from '../../src/cli/torch-python.ts';
import { testScratchDir } from '../scratch.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const ADAPTER = join(ROOT, 'python/optspec_torch.py');
// The machines optspec is tested on have Debian's torch at /usr/bin/python3; where they do not, the tests that need it say so by skipping.
const torchAtUsrBin = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 }).status === 0;

/** An executable script in `dir`, made the way a pyenv shim or a venv's python3 would be found on PATH. */
function script(dir: string, name: string, body: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}
/** A python3 without torch: `import torch` fails as it does there. */
const noTorch = (dir: string, name = 'python3') => script(dir, name, `echo 'Traceback (most recent call last):' >&2\necho "ModuleNotFoundError: No module named 'torch'" >&2\nexit 1`);
/** A python3 "with torch": `-c …` succeeds; run otherwise, it prints its arguments as JSON, so a command's words can be read back. */
const withTorch = (dir: string, name = 'python3') =>
  script(dir, name, `[ "$1" = "-c" ] && exit 0\nexec '${process.execPath}' -e 'console.log(JSON.stringify(process.argv.slice(1)))' -- "$@"`);

/** The message of the error `thunk` throws, with its class name. */
function refusal(thunk: () => unknown): string {
  try {
    thunk();
  } catch (err) {
    return `${(err as Error).name}: ${(err as Error).message}`;
  }
  throw new Error('expected a refusal');
}

describe('findTorchPython', () => {
  it.skipIf(!torchAtUsrBin)('skips a python3 on PATH that has no torch and finds /usr/bin/python3', () => {
    const bin = testScratchDir('optspec-path-');
    noTorch(bin);
    expect(findTorchPython({ PATH: bin })).toEqual({ python: '/usr/bin/python3' });
  }, 90_000);

  it('takes the first of python3, python on PATH that imports torch, as an absolute path, before the fallbacks', () => {
    const dir = testScratchDir('optspec-path-');
    noTorch(join(dir, 'a'));
    const python = withTorch(join(dir, 'b'), 'python');
    expect(findTorchPython({ PATH: `${join(dir, 'a')}:${join(dir, 'b')}` }, [noTorch(dir, 'fallback')])).toEqual({ python });
    const python3 = withTorch(join(dir, 'c'));
    expect(findTorchPython({ PATH: `${join(dir, 'b')}:${join(dir, 'c')}` }, [])).toEqual({ python: python3 });
  });

  it('asks once per process: a found Python is not asked again', () => {
    const bin = testScratchDir('optspec-path-');
    const python = withTorch(bin);
    expect(findTorchPython({ PATH: bin }, [])).toEqual({ python });
    noTorch(bin); // torch "uninstalled": the answer stays the one found
    expect(findTorchPython({ PATH: bin }, [])).toEqual({ python });
  });

  it('takes $OPTSPEC_PYTHON before PATH, as a path or a name on PATH', () => {
    const dir = testScratchDir('optspec-path-');
    withTorch(join(dir, 'bin'));
    const chosen = withTorch(join(dir, 'venv'), 'python3.11');
    expect(findTorchPython({ PATH: join(dir, 'bin'), OPTSPEC_PYTHON: chosen }, [])).toEqual({ python: chosen });
    expect(findTorchPython({ PATH: `${join(dir, 'bin')}:${join(dir, 'venv')}`, OPTSPEC_PYTHON: 'python3.11' }, [])).toEqual({ python: chosen });
  });

  it('refuses, in one line naming the variable and the path, an $OPTSPEC_PYTHON that cannot import torch', () => {
    const dir = testScratchDir('optspec-path-');
    const bad = noTorch(dir);
    withTorch(join(dir, 'bin'));
    const msg = refusal(() => findTorchPython({ PATH: join(dir, 'bin'), OPTSPEC_PYTHON: bad }));
    expect(msg).toBe(
      `InputError: OPTSPEC_PYTHON: expected a Python that can import torch (import torch failed: ModuleNotFoundError: No module named 'torch'); set OPTSPEC_PYTHON to a Python that has torch, e.g. OPTSPEC_PYTHON=/usr/bin/python3, or pip install torch, got ${JSON.stringify(bad)}`,
    );
    expect(refusal(() => findTorchPython({ PATH: join(dir, 'bin'), OPTSPEC_PYTHON: join(dir, 'missing') }))).toContain(`OPTSPEC_PYTHON: expected a Python that can import torch (not found on PATH); set OPTSPEC_PYTHON`);
  });

  it('with no torch anywhere, says so and how to fix it in one line', () => {
    const bin = testScratchDir('optspec-path-');
    const python3 = noTorch(bin);
    const msg = refusal(() => findTorchPython({ PATH: bin }, [python3, join(bin, 'nowhere')]));
    expect(msg).toMatch(/^InputError: python: expected a Python that can import torch, for --torch; set OPTSPEC_PYTHON to a Python that has torch, e\.g\. OPTSPEC_PYTHON=\/usr\/bin\/python3, or pip install torch, got "/);
    // What was tried and why each failed; the fallback that is python3 itself is tried once.
    expect(msg).toContain(`${python3}: import torch failed: ModuleNotFoundError: No module named 'torch'; python: not found; ${join(bin, 'nowhere')}: not found"`);
    expect(msg).not.toContain('\n');
    expect(refusal(() => findTorchPython({}, []))).toContain('got "python3: not found; python: not found"');
  });
});

describe('adapterPath', () => {
  it('is python/optspec_torch.py of the package, from src/ and from dist/ alike', () => {
    expect(adapterPath()).toBe(ADAPTER);
    expect(existsSync(adapterPath())).toBe(true);
    expect(adapterPathFrom(pathToFileURL(join(ROOT, 'dist/cli/torch-python.js')).href)).toBe(ADAPTER);
    expect(adapterPathFrom(pathToFileURL('/p/node_modules/optspec/dist/cli/torch-python.js').href)).toBe('/p/node_modules/optspec/python/optspec_torch.py');
  });
});

describe('torchCommand', () => {
  it('runs <python> <adapter> <module.Class> --set key=json…, each word surviving the shell', () => {
    const dir = testScratchDir("optspec it's here ");
    const python = withTorch(dir);
    const command = torchCommand('mypkg.optim.AdamWClip', { weight_decay: 0.1, betas: [0.9, 0.999], name: "it's $HOME", amsgrad: true }, { PATH: '', OPTSPEC_PYTHON: python });
    expect(command.startsWith(`'${dir.replaceAll("'", `'\\''`)}/python3' ${ADAPTER} mypkg.optim.AdamWClip --set`)).toBe(true);
    const words = spawnSync('/bin/sh', ['-c', command], { encoding: 'utf8' });
    expect(JSON.parse(words.stdout)).toEqual([ADAPTER, 'mypkg.optim.AdamWClip', '--set', 'weight_decay=0.1', '--set', 'betas=[0.9,0.999]', '--set', `name="it's $HOME"`, '--set', 'amsgrad=true']);
  });

  it('quotes only the words that need it', () => {
    expect(shellWord('/usr/bin/python3')).toBe('/usr/bin/python3');
    expect(shellWord('lr=0.01')).toBe('lr=0.01');
    expect(shellWord('a b')).toBe("'a b'");
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
    expect(shellWord('')).toBe("''");
  });

  it('refuses a class that is not a dotted path, a key that is not a keyword, and a value JSON cannot carry', () => {
    const env = { PATH: '', OPTSPEC_PYTHON: withTorch(testScratchDir('optspec-path-')) };
    expect(refusal(() => torchCommand('AdamW', {}, env))).toBe('InputError: --torch: expected the dotted path of a torch.optim.Optimizer subclass, e.g. torch.optim.AdamW or mypkg.optim.AdamWClip, got "AdamW"');
    expect(refusal(() => torchCommand('torch.optim.AdamW; rm -rf x', {}, env))).toContain('InputError: --torch: expected the dotted path');
    expect(refusal(() => torchCommand('torch.optim.AdamW', { 'lr; x': 1 }, env))).toBe('InputError: --torch-set: expected a Python keyword argument name, e.g. weight_decay, got "lr; x"');
    expect(refusal(() => torchCommand('torch.optim.AdamW', { lr: NaN }, env))).toBe('InputError: --torch-set lr: expected a value JSON can carry (NaN and Infinity cannot), got NaN');
    expect(refusal(() => torchCommand('torch.optim.AdamW', { betas: [0.9, Infinity] }, env))).toContain('InputError: --torch-set betas: expected a value JSON can carry');
    expect(refusal(() => torchCommand('torch.optim.AdamW', { lr: undefined }, env))).toContain('InputError: --torch-set lr: expected a value JSON can carry, got nothing');
  });

  it.skipIf(!torchAtUsrBin)('starts the real adapter, which greets with the class and the settings', () => {
    const bin = testScratchDir('optspec-path-');
    noTorch(bin);
    const command = torchCommand('torch.optim.SGD', { momentum: 0.9, nesterov: true }, { PATH: bin });
    expect(command).toBe(`/usr/bin/python3 ${ADAPTER} torch.optim.SGD --set momentum=0.9 --set nesterov=true`);
    const run = spawnSync('/bin/sh', ['-c', command], { input: '{"op":"hello","version":1}\n{"op":"close"}\n', encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.split('\n')[0])).toMatchObject({ ok: true, name: 'torch.optim.SGD momentum=0.9 nesterov=true' });
  }, 90_000);
});
