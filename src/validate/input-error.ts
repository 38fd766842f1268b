/**
 * Bad input is reported, never turned into a silent NaN: every check throws an
 * InputError whose message names the field and the value that broke it.
 */
export class InputError extends Error {
  constructor(readonly field: string, readonly value: unknown, expectation: string) {
    super(`${clip(field)}: ${expectation}, got ${show(value)}`);
    this.name = 'InputError';
  }
}

/**
 * The most characters of a value an error line quotes: a 50 MB string or a
 * field name of the same size must not be echoed whole into one line.
 */
export const QUOTED_CHARACTERS = 200;

/** A value as an error line quotes it: JSON where it can be, cut to QUOTED_CHARACTERS, never throwing. */
export function show(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (value === undefined) return 'nothing (the field is missing)';
  if (typeof value === 'string') {
    const head = JSON.stringify(value.slice(0, QUOTED_CHARACTERS));
    return value.length > QUOTED_CHARACTERS ? `${head.slice(0, -1)}..." (${value.length} characters)` : head;
  }
  let s: string | undefined;
  try {
    s = JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
  } catch {
    // Too deep to serialise (run.json nested 200,000 levels), a cycle, or a BigInt: describe it instead.
    s = undefined;
  }
  if (s === undefined) s = describe(value);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/**
 * A field name cut like a value, for names that come from the input (an
 * unknown key), its control characters escaped so the error stays one line.
 */
function clip(field: string): string {
  const cut = field.length > QUOTED_CHARACTERS ? `${field.slice(0, QUOTED_CHARACTERS)}... (${field.length} characters)` : field;
  return cut.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length} item(s)`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol' || typeof value === 'function') return `a ${typeof value}`;
  return 'an object that cannot be shown';
}

export function finiteNumber(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InputError(field, value, 'expected a finite number');
  return value;
}

export function nonNegative(field: string, value: unknown): number {
  const v = finiteNumber(field, value);
  if (v < 0) throw new InputError(field, value, 'expected a number >= 0');
  return v;
}

export function positive(field: string, value: unknown): number {
  const v = finiteNumber(field, value);
  if (v <= 0) throw new InputError(field, value, 'expected a number > 0');
  return v;
}

export function unitInterval(field: string, value: unknown, closedAtOne = false): number {
  const v = finiteNumber(field, value);
  if (v < 0 || (closedAtOne ? v > 1 : v >= 1)) {
    throw new InputError(field, value, `expected a number in [0, 1${closedAtOne ? ']' : ')'}`);
  }
  return v;
}

export function positiveInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InputError(field, value, 'expected a positive integer');
  }
  return value;
}

export function nonNegativeInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new InputError(field, value, 'expected an integer >= 0');
  }
  return value;
}

export function boolean(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InputError(field, value, 'expected true or false');
  return value;
}

/** A finite vector; `length`, when given, is required. */
export function vector(field: string, value: unknown, length?: number): Float64Array {
  if (!(Array.isArray(value) || value instanceof Float64Array)) throw new InputError(field, value, 'expected an array of numbers');
  if (length !== undefined && value.length !== length) {
    throw new InputError(field, value, `expected ${length} numbers, one per parameter (found ${value.length})`);
  }
  const out = new Float64Array(value.length);
  for (let i = 0; i < value.length; i++) out[i] = finiteNumber(`${field}[${i}]`, value[i]);
  return out;
}

/** Reject keys that are not part of a schema, so a typo is never ignored. */
export function knownKeys(field: string, obj: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw new InputError(`${field}.${key}`, obj[key], `unknown field (allowed: ${allowed.join(', ')})`);
    }
  }
}

export function record(field: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(field, value, 'expected an object');
  return value as Record<string, unknown>;
}
