/**
 * Output paths are checked before a run, not after it: a `--report` that is a
 * file or an `--out` into /proc would otherwise fail with a stack trace once
 * the whole run had been paid for. The check writes and removes a probe file
 * where the output will go, because permission bits alone do not tell (root
 * passes every access check, yet cannot create files in /proc or /sys, nor
 * on a read-only mount).
 */
import { closeSync, openSync, rmSync, statSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../validate/input-error.ts';

/**
 * Refuse `path` as the place for an output of this kind, in one line naming
 * `field`: a file that is a folder (or a device), a folder that is a file, a
 * path under a file, or a place where nothing can be written. Folders that do
 * not exist yet are fine when their nearest existing ancestor takes files
 * (atomic writes create them). With `write: false` (a file that is only
 * written on request, like a baseline) nothing is written to find out.
 */
export function checkOutputPath(field: string, path: string, kind: 'file' | 'dir', { write = true } = {}): void {
  const target = resolve(path);
  const look = (p: string) => stat(field, path, p);
  const found = look(target);
  if (found) {
    if (kind === 'file' && found.isDirectory()) throw new InputError(field, path, 'expected a file path, but it is a folder');
    if (kind === 'file' && !found.isFile()) throw new InputError(field, path, 'expected a regular file path (outputs are replaced by renaming a temporary file)');
    if (kind === 'dir' && !found.isDirectory()) throw new InputError(field, path, 'expected a folder, but it is a file');
  }
  // The folder the output's files are created in, or the nearest part of it that exists.
  let folder = kind === 'dir' && found ? target : dirname(target);
  let existing = look(folder);
  while (!existing && dirname(folder) !== folder) {
    folder = dirname(folder);
    existing = look(folder);
  }
  if (existing && !existing.isDirectory()) throw new InputError(field, path, `cannot be created: ${folder} is a file, not a folder`);
  if (write) probe(field, path, folder);
}

function stat(field: string, given: string, path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    // ENOTDIR: a part of the path is a file; the walk up meets it and says so.
    if (code === 'ENOTDIR') return undefined;
    throw new InputError(field, given, `cannot be used: ${path} (${code ?? String(err)})`);
  }
}

function probe(field: string, path: string, folder: string): void {
  const file = join(folder, `.optspec-probe-${process.pid}-${Math.random().toString(36).slice(2)}`);
  try {
    closeSync(openSync(file, 'wx'));
  } catch (err) {
    throw new InputError(field, path, `cannot be written: creating a file in ${folder} failed (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  rmSync(file, { force: true });
}
