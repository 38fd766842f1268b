import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

const make = (prefix: string, root: string) => mkdtempSync(join(root, prefix));
const remove = (dir: string) => rmSync(dir, { recursive: true, force: true });

/** A temporary folder for this test file, removed when the file's tests are done. Call it at collection time. */
export function scratchDir(prefix: string, root = tmpdir()): string {
  const dir = make(prefix, root);
  afterAll(() => remove(dir));
  return dir;
}

/** A temporary folder for the running test, removed when the test finishes. Call it inside a test. */
export function testScratchDir(prefix: string, root = tmpdir()): string {
  const dir = make(prefix, root);
  onTestFinished(() => remove(dir));
  return dir;
}
