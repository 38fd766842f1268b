/**
 * Nothing optspec starts or half-writes outlives it: not an adapter's
 * process group (sh + python), not the hidden temporary file of an atomic
 * write. Whoever creates one registers it here and releases it when it is gone.
 *
 * Why a watchdog process rather than signal handlers: a JavaScript handler
 * for SIGINT, SIGTERM or SIGHUP runs only when the main thread returns to the
 * event loop, and optspec's main thread is busy for a whole run (a trace, a
 * check waiting in Atomics.wait for a step). A handler would turn Ctrl-C into
 * "wait until the run ends". So optspec leaves the signals at their default:
 * it ends at once, with the status a shell reports as 128+n. The watchdog, a
 * small node process started on the first registration in its own session
 * (so a terminal's Ctrl-C does not reach it) and ignoring those signals,
 * reads the registrations on a pipe; when the pipe closes, because optspec
 * ended for whatever reason (a signal, even SIGKILL, or a normal exit), it
 * kills the process groups and removes the files still registered, then exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** Undo a registration: the process group was killed, or the file renamed or removed. */
export type Release = () => void;

// Run with `node -e`: one JSON message a line, {"+g":pgid}, {"-g":pgid}, {"+f":path}, {"-f":path}.
const WATCHDOG_SOURCE = `
const fs = require('node:fs');
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {});
const groups = new Set();
const files = new Set();
let pending = '';
function apply(m) {
  if ('+g' in m) groups.add(m['+g']);
  if ('-g' in m) groups.delete(m['-g']);
  if ('+f' in m) files.add(m['+f']);
  if ('-f' in m) files.delete(m['-f']);
}
function finish() {
  for (const g of groups) { try { process.kill(-g, 'SIGKILL'); } catch {} }
  for (const f of files) { try { fs.rmSync(f, { force: true }); } catch {} }
  process.exit(0);
}
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  pending += d;
  let nl;
  while ((nl = pending.indexOf('\\n')) >= 0) {
    try { apply(JSON.parse(pending.slice(0, nl))); } catch {}
    pending = pending.slice(nl + 1);
  }
});
process.stdin.on('end', finish);
process.stdin.on('error', finish);
`;

let watchdog: ChildProcess | null = null;
let unavailable = false;

function tell(message: Record<string, number | string>): void {
  if (!watchdog && !unavailable) start();
  // A pipe write is attempted at once (libuv tries the write before queueing),
  // so a registration reaches the watchdog even while this thread stays busy.
  watchdog?.stdin?.write(`${JSON.stringify(message)}\n`);
}

function start(): void {
  try {
    // The source travels in the environment, so that ps shows a short line: optspec-watchdog <pid>.
    watchdog = spawn(process.execPath, ['-e', 'eval(process.env.OPTSPEC_WATCHDOG_SOURCE)', 'optspec-watchdog', String(process.pid)], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
      // No NODE_OPTIONS (a loader such as tsx would slow its start) and nothing else it needs.
      env: { OPTSPEC_WATCHDOG_SOURCE: WATCHDOG_SOURCE },
    });
  } catch {
    // Cleanup on a crash is a courtesy; a machine that cannot start one more process still runs optspec.
    unavailable = true;
    return;
  }
  watchdog.on('error', () => {
    unavailable = true;
    watchdog = null;
  });
  watchdog.stdin?.on('error', () => {});
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
}

/** Kill this process group (a child started detached) if optspec ends before releasing it. */
export function guardProcessGroup(pgid: number): Release {
  if (!(pgid > 0)) return () => {};
  tell({ '+g': pgid });
  return () => tell({ '-g': pgid });
}

/** Remove this file if optspec ends before releasing it. */
export function guardTemporary(path: string): Release {
  tell({ '+f': path });
  return () => tell({ '-f': path });
}

/** The watchdog's process id, 0 before the first registration (for tests). */
export function watchdogPid(): number {
  return watchdog?.pid ?? 0;
}
