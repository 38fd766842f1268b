import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';

/** A package's version from its package.json, found from the project root (some packages do not export it). */
function version(pkg: string, root: string): string {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

function gitCommit(cwd: string): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/** What the report says about where it was made. */
export function environment(root: string): Record<string, string> {
  return {
    node: process.version,
    platform: `${os.platform()} ${os.arch()}, ${os.cpus().length} cores`,
    'git commit': gitCommit(root),
    vitest: version('vitest', root),
    'fast-check': version('fast-check', root),
    'ml-matrix': version('ml-matrix', root),
    '@tensorflow/tfjs-core': version('@tensorflow/tfjs-core', root),
    'reference arithmetic': 'float64 (toy problems, reference optimizers, Hessians)',
  };
}
