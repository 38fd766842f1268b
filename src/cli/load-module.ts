import { resolve, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { InputError } from '../validate/input-error.ts';

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);
const JAVASCRIPT = new Set(['.js', '.mjs', '.cjs']);

/**
 * The exports of a user's module, `.ts`, `.mts`, `.cts`, `.js`, `.mjs` or
 * `.cjs`, in an ES-module or a CommonJS project. TypeScript goes through
 * tsx's `tsImport`, which compiles it for this one import (as ESM or CJS by
 * the nearest package.json, like Node) without hooking the rest of the process;
 * JavaScript is imported by Node itself.
 */
export async function loadModule(file: string, field = '--optimizer'): Promise<Record<string, unknown>> {
  const path = resolve(file);
  if (!existsSync(path)) throw new InputError(field, file, 'no such file');
  const ext = extname(path);
  if (!TYPESCRIPT.has(ext) && !JAVASCRIPT.has(ext)) throw new InputError(field, file, 'expected a .ts, .mts, .cts, .js, .mjs or .cjs file');
  const url = pathToFileURL(path).href;
  let mod: Record<string, unknown>;
  try {
    if (TYPESCRIPT.has(ext)) {
      const { tsImport } = await import('tsx/esm/api');
      mod = (await tsImport(url, import.meta.url)) as Record<string, unknown>;
    } else {
      mod = (await import(url)) as Record<string, unknown>;
    }
  } catch (err) {
    throw new InputError(field, file, `could not be loaded: ${describeLoadError(err, path)}`);
  }
  return interop(mod);
}

/** A CommonJS module imported from ESM arrives as `{ default: module.exports, …named }`; expose its exports by name either way. */
function interop(mod: Record<string, unknown>): Record<string, unknown> {
  const inner = mod.default;
  if (inner && typeof inner === 'object' && !Array.isArray(inner)) return { ...(inner as Record<string, unknown>), ...mod };
  return mod;
}

/**
 * A load failure in one line that keeps its location. esbuild (through tsx)
 * puts `file:line:col: ERROR: …` on the message's second line; Node's
 * SyntaxError for an ES module carries no location at all, so `node --check`
 * is asked for it (only on this failure path).
 */
function describeLoadError(err: unknown, path: string): string {
  let text = String(err instanceof Error ? err.message : err).split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
  if (err instanceof SyntaxError && !text.includes(path)) {
    const where = spawnSync(process.execPath, ['--check', path], { encoding: 'utf8', timeout: 10_000 }).stderr?.split('\n')[0];
    if (where?.startsWith(path)) text = `${where}: ${text}`;
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
