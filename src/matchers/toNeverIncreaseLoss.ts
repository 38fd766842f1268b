import type { MatcherState } from 'vitest';
import { lossNeverIncreases } from '../analysis/monotone.ts';
import { asTrace, fromVerdict } from './support/result.ts';
import { InputError } from '../validate/input-error.ts';

/** `expect(trace).toNeverIncreaseLoss(tolerance = 0)`: L(β_{k+1}) ≤ L(β_k) + tolerance at every step; messages say whether the tolerance was the default. */
export function toNeverIncreaseLoss(this: MatcherState, received: unknown, tolerance?: number) {
  const trace = asTrace(received, 'toNeverIncreaseLoss');
  if (tolerance !== undefined && !(Number.isFinite(tolerance) && tolerance >= 0)) {
    throw new InputError('toNeverIncreaseLoss: tolerance', tolerance, 'expected a finite number >= 0');
  }
  return fromVerdict(this, 'toNeverIncreaseLoss', () => lossNeverIncreases(trace, tolerance));
}
