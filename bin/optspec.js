#!/usr/bin/env node
// Installed, optspec runs its compiled dist/. In a checkout of the repository
// (src/ present) it runs the TypeScript sources through tsx instead, so the
// repository's tests never see a stale build.
//
// Exit codes: 0 all held, 1 a check failed, 2 bad input. Bad input is one
// line (`optspec: …`); so is any other error, as `optspec: internal error: …`
// with exit 2, because a CI gate must read a broken run as "not passed" and a
// user must never have to read a stack. OPTSPEC_DEBUG=1 shows the stack.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const debug = process.env.OPTSPEC_DEBUG === '1';

function fail(err) {
  if (err && (err.name === 'InputError' || err.name === 'ProtocolError')) {
    // One line, even where a message quotes a child's stderr.
    process.stderr.write(`optspec: ${err.message.replace(/\s*\n\s*/g, ' ')}\n`);
  } else if (debug) {
    process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`);
  } else {
    process.stderr.write(`optspec: internal error: ${oneLine(err)} (OPTSPEC_DEBUG=1 shows where)\n`);
  }
  process.exitCode = 2;
}

function oneLine(err) {
  let text;
  try {
    text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  } catch {
    text = 'an unprintable value was thrown';
  }
  const line = text.split('\n')[0];
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

// A reader that goes away (`optspec trace … | head -c 50`) is not an error of the run: stop quietly.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  fail(err);
  process.exit(2);
});

try {
  const source = new URL('../src/cli/main.ts', import.meta.url);
  const fromSource = existsSync(fileURLToPath(source));
  if (fromSource) (await import('tsx/esm/api')).register();
  const { main } = await import(fromSource ? source.href : '../dist/cli/main.js');
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  fail(err);
}
