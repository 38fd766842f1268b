import type { MatcherState } from 'vitest';
import { sharesCycleWith } from '../analysis/two-cycle.ts';
import { asTrace, countArg, fromVerdict } from './support/result.ts';
import { InputError } from '../validate/input-error.ts';

export interface ShareCycleOptions {
  /** Rows at the end whose per-coordinate range is compared; 2 for a two-cycle. */
  window?: number;
  /** Largest allowed gap between the two runs' cycle points. Default SHARED_CYCLE_TOLERANCE (1e-9). */
  tolerance?: number;
}

/**
 * `expect(trace).toShareCycleWith(other, options?)`: both runs end in the same
 * cycle, compared in a way that ignores its phase (001 Prop. B.5).
 */
export function toShareCycleWith(this: MatcherState, received: unknown, other: unknown, options: ShareCycleOptions = {}) {
  const a = asTrace(received, 'toShareCycleWith');
  const b = asTrace(other, 'toShareCycleWith', 'other');
  if (options.window !== undefined) countArg('toShareCycleWith', 'options.window', options.window);
  if (options.tolerance !== undefined && !(Number.isFinite(options.tolerance) && options.tolerance >= 0)) {
    throw new InputError('toShareCycleWith: options.tolerance', options.tolerance, 'expected a finite number >= 0');
  }
  return fromVerdict(this, 'toShareCycleWith', () => sharesCycleWith(a, b, options), 'other');
}
