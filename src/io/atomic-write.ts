import { closeSync, mkdirSync, openSync, renameSync, writeFileSync, writeSync, rmSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { guardTemporary } from './cleanup.ts';

/**
 * Write a file so that a reader sees either the old content or the whole new
 * content, never half of it: write a sibling temporary file, then rename.
 * Content given as pieces is written piece by piece, never joined in memory.
 * The temporary file is removed if optspec ends before the rename, even by a
 * signal (./cleanup.ts).
 */
export function writeFileAtomic(path: string, content: string | Uint8Array | Iterable<string>): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const release = guardTemporary(tmp);
  try {
    if (typeof content === 'string' || content instanceof Uint8Array) writeFileSync(tmp, content);
    else writePieces(tmp, content);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    release();
  }
}

function writePieces(path: string, pieces: Iterable<string>): void {
  const fd = openSync(path, 'w');
  try {
    for (const piece of pieces) writeSync(fd, piece);
  } finally {
    closeSync(fd);
  }
}
