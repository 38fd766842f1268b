/**
 * A report is a set of files (index.html, summary.json, summary.md) that
 * belong together. Two runs writing into one folder at once (two CI jobs on
 * one workspace, a watch run beside a manual one) must leave one run's whole
 * set, never one run's summary.json beside another's index.html.
 *
 * Each run writes its files into a fresh hidden folder inside the target,
 * then, holding a lock file in the target, renames them into place one by
 * one. The renames of two runs never interleave, so whichever run commits
 * last leaves its whole set. The folder itself is never swapped: it may hold
 * other things (reports/ holds the check and mutation reports too).
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../validate/input-error.ts';

export const LOCK_NAME = '.optspec-report.lock';

/** Longer than any commit takes (a few renames): a lock this old was left by a run that died while holding it. */
const STALE_MS = 30_000;
/** How long a run waits for another's commit before it gives up with an error naming the lock. */
const WAIT_MS = 60_000;

const pause = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(pause, 0, 0, ms);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock whose owner has exited, or that has been held far longer than a commit takes. */
function stale(lock: string): boolean {
  try {
    const pid = Number(readFileSync(lock, 'utf8').split(' ')[0]);
    if (Number.isInteger(pid) && pid > 0 && !alive(pid)) return true;
    return Date.now() - statSync(lock).mtimeMs > STALE_MS;
  } catch {
    return false; // gone already, or half-written by its owner this instant: try again
  }
}

function lock(dir: string): () => void {
  const path = join(dir, LOCK_NAME);
  const deadline = Date.now() + WAIT_MS;
  for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, `${process.pid} ${new Date().toISOString()}\n`);
      } finally {
        closeSync(fd);
      }
      let held = true;
      return () => {
        if (held) rmSync(path, { force: true });
        held = false;
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (stale(path)) {
      try {
        unlinkSync(path);
      } catch {
        // another waiter removed it first
      }
      continue;
    }
    if (Date.now() > deadline) throw new Error(`report folder ${dir} stays locked by ${path}: another optspec run is writing its report there (remove the file if no run is)`);
    sleep(wait);
  }
}

/**
 * Write `files` (name → content) into `dir` as one set: a run that writes
 * at the same time as this one leaves either its set or this one, whole.
 */
export function writeReportSet(dir: string, files: Readonly<Record<string, string>>): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw new InputError('report folder', dir, 'expected a folder (or a path where one can be made), but it or a parent is a file');
    throw err;
  }
  const staging = mkdtempSync(join(dir, '.optspec-report-'));
  let unlock = () => {};
  // A process.exit mid-write (a signal handler's, say) still removes the staging folder and releases the lock.
  const cleanUp = () => {
    unlock();
    rmSync(staging, { recursive: true, force: true });
  };
  process.on('exit', cleanUp);
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(staging, name), content);
    unlock = lock(dir);
    for (const name of Object.keys(files)) renameSync(join(staging, name), join(dir, name));
  } finally {
    cleanUp();
    process.off('exit', cleanUp);
  }
}
