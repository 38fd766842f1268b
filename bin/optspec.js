#!/usr/bin/env node
// Installed, optspec runs its compiled dist/. In a checkout of the repository
// (src/ present) it runs the TypeScript sources through tsx instead, so the
// repository's tests never see a stale build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('../src/cli/main.ts', import.meta.url);
const fromSource = existsSync(fileURLToPath(source));
if (fromSource) (await import('tsx/esm/api')).register();
const { main } = await import(fromSource ? source.href : '../dist/cli/main.js');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  if (err && (err.name === 'InputError' || err.name === 'ProtocolError')) {
    process.stderr.write(`optspec: ${err.message}\n`);
    process.exitCode = 2;
  } else {
    throw err;
  }
}
