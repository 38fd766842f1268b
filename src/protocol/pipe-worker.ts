// The thread that owns an external optimizer's process. optspec's
// Optimizer.step is synchronous: the main thread posts a request line on the
// port and blocks in Atomics.wait; this thread writes the line to the child's
// stdin, and posts back every line the child writes to stdout, then wakes the
// main thread by bumping signal[0]. When the child's pipes close it posts
// { exit } with the end of its stderr.
//
// The source is a string run with `new Worker(source, { eval: true })`, so it
// loads the same under node, tsx, vitest and from the built package, with no
// file to locate next to the compiled module.
export const PIPE_WORKER_SOURCE = `
const { spawn } = require('node:child_process');
const { workerData } = require('node:worker_threads');

const { command, cwd, env, port, shared } = workerData;
const signal = new Int32Array(shared);
const STDERR_KEEP = 2000;

function wake() {
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

let child;
let stderr = '';
let exited = false;
function reportExit(code, sig, error) {
  if (exited) return;
  exited = true;
  port.postMessage({ exit: { code, signal: sig, error, stderr } });
  wake();
}

try {
  // A process group of its own (detached), so that killing -pid ends the
  // shell and everything the command started.
  child = spawn('/bin/sh', ['-c', command], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
} catch (err) {
  reportExit(null, null, String(err && err.message ? err.message : err));
}
// signal[1]: the shell's pid (0 when it could not start); signal[2]: 1 once
// the start was tried, so the main thread can register the group for cleanup.
signal[1] = (child && child.pid) || 0;
Atomics.store(signal, 2, 1);
wake();

if (child) {
  child.on('error', (err) => reportExit(null, null, err.message));
  child.stdin.on('error', () => {}); // EPIPE after a crash: the close event reports it.
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s) => {
    stderr = (stderr + s).slice(-STDERR_KEEP);
  });
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (s) => {
    pending += s;
    let nl;
    let posted = false;
    while ((nl = pending.indexOf('\\n')) >= 0) {
      port.postMessage({ line: pending.slice(0, nl) });
      pending = pending.slice(nl + 1);
      posted = true;
    }
    if (posted) wake();
  });
  child.on('close', (code, sig) => {
    if (pending) port.postMessage({ line: pending });
    reportExit(code, sig, null);
  });
  // null asks to close the child's stdin (end of input).
  port.on('message', (line) => {
    if (exited) return;
    if (line === null) child.stdin.end();
    else child.stdin.write(\`\${line}\\n\`);
  });
}
`;
