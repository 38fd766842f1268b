#!/usr/bin/env node
// The package ships TypeScript; tsx compiles it on load, so `npx optspec` works
// right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
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
