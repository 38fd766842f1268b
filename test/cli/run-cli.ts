/**
 * optspec's CLI, run in-process through main() (fast enough for a fuzz test)
 * or as a child process through bin/optspec.js (the real top level), with
 * stdout and stderr captured and the exit code bin/optspec.js would give.
 */
import { spawnSync } from 'node:child_process';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

export const BIN = new URL('../../bin/optspec.js', import.meta.url).pathname;

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * main(argv) with its output captured. Bad input (InputError, ProtocolError)
 * becomes exit 2 and one `optspec: …` line, as bin/optspec.js prints it; any
 * other throw is rethrown, because in-process it is a bug the bin would only
 * hide behind "internal error".
 */
export async function runMain(argv: readonly string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    const status = await main(argv);
    return { status, stdout, stderr };
  } catch (e) {
    if (e instanceof Error && (e.name === 'InputError' || e.name === 'ProtocolError')) return { status: 2, stdout, stderr: `${stderr}optspec: ${e.message}\n` };
    throw e;
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** bin/optspec.js as a user runs it. */
export function runBin(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000, ...options });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A stack trace's frames, as Node prints them. */
export const STACK_FRAME = /^\s{4}at /m;
