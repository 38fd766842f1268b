/**
 * The sizes optspec refuses up front, before it allocates anything: a
 * problem of 1e9 parameters or a 1e6 × 1e6 data matrix would otherwise fail
 * deep inside a typed-array constructor, after the user has waited. The caps
 * sit far above every problem the claims need (the largest is 50 × 500) and
 * far below what exhausts memory: 1e7 parameters are 80 MB a row, 1e8
 * matrix entries 800 MB.
 */
import { InputError } from './input-error.ts';

export const MAX_PARAMETERS = 10_000_000;
export const MAX_MATRIX_ENTRIES = 100_000_000;
/** JSON nested deeper than this is refused before any recursive walk meets it. */
export const MAX_JSON_DEPTH = 1000;

/** A parameter count within MAX_PARAMETERS (values that are not counts are left to the field's own check). */
export function parameterCount(field: string, value: unknown): void {
  if (typeof value === 'number' && value > MAX_PARAMETERS) {
    throw new InputError(field, value, `expected at most ${MAX_PARAMETERS} parameters (optspec's cap, checked before allocating)`);
  }
}

/** rows × cols within MAX_MATRIX_ENTRIES. */
export function matrixSize(field: string, rows: number, cols: number): void {
  if (rows * cols > MAX_MATRIX_ENTRIES) {
    throw new InputError(field, `${rows} × ${cols}`, `expected at most ${MAX_MATRIX_ENTRIES} matrix entries (optspec's cap, checked before allocating)`);
  }
}

/**
 * Refuse JSON nested deeper than MAX_JSON_DEPTH. JSON.parse itself copes with
 * deep input, but every recursive walk after it (a validator, JSON.stringify,
 * String()) overflows the stack; this walk keeps its own stack.
 */
export function shallowJson(field: string, value: unknown): void {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [v, depth] = pending.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_JSON_DEPTH) throw new InputError(field, `JSON nested more than ${MAX_JSON_DEPTH} levels deep`, `expected at most ${MAX_JSON_DEPTH} levels of nesting`);
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
  }
}
