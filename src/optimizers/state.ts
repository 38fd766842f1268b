import { InputError } from '../validate/input-error.ts';

/**
 * An optimizer's saved state: plain numbers, flags and copied vectors, enough
 * for a fresh optimizer that loads it to continue bit for bit (PyTorch's
 * state_dict). Vectors are copies, so stepping on after a save leaves it as it was.
 */
export type OptimizerState = Readonly<Record<string, number | boolean | readonly number[]>>;

/** Copy live state into a saved state. */
export function saveState(live: Readonly<Record<string, Float64Array | number | boolean>>): OptimizerState {
  const out: Record<string, number | boolean | readonly number[]> = {};
  for (const [k, v] of Object.entries(live)) out[k] = v instanceof Float64Array ? Array.from(v) : v;
  return out;
}

/** Read a saved vector into `into`, refusing a missing field or a wrong length. */
export function loadVector(state: OptimizerState, key: string, into: Float64Array): void {
  const v = state?.[key];
  if (!Array.isArray(v) || v.length !== into.length) throw new InputError(`state.${key}`, v, `expected ${into.length} numbers`);
  into.set(v);
}

export function loadNumber(state: OptimizerState, key: string): number {
  const v = state?.[key];
  if (typeof v !== 'number') throw new InputError(`state.${key}`, v, 'expected a number');
  return v;
}

export function loadFlag(state: OptimizerState, key: string): boolean {
  const v = state?.[key];
  if (typeof v !== 'boolean') throw new InputError(`state.${key}`, v, 'expected true or false');
  return v;
}
