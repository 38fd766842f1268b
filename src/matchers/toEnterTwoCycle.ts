import type { MatcherState } from 'vitest';
import { entersTwoCycle } from '../analysis/two-cycle.ts';
import { asTrace, fromVerdict, positiveArg } from './support/result.ts';
import { InputError } from '../validate/input-error.ts';

/**
 * `expect(trace).toEnterTwoCycle(step, tolerance?)`: from its first sign change
 * on, every recorded coordinate alternates between γ and γ − step with
 * γ ∈ (0, step) (001 Prop. B.2, step = αλ). The tolerance defaults to
 * TWO_CYCLE_RELATIVE_TOLERANCE·step (1e-12·step).
 */
export function toEnterTwoCycle(this: MatcherState, received: unknown, step: number, tolerance?: number) {
  const trace = asTrace(received, 'toEnterTwoCycle');
  positiveArg('toEnterTwoCycle', 'step', step);
  if (tolerance !== undefined && !(Number.isFinite(tolerance) && tolerance >= 0)) {
    throw new InputError('toEnterTwoCycle: tolerance', tolerance, 'expected a finite number >= 0');
  }
  return fromVerdict(this, 'toEnterTwoCycle', () => entersTwoCycle(trace, step, tolerance), String(step));
}
