import type { MatcherState } from 'vitest';
import { endsWithLargerL1Norm } from '../analysis/loss.ts';
import { asTrace, fromVerdict } from './support/result.ts';

/**
 * `expect(trace).toEndWithLargerL1NormThan(other)`: the final ‖β‖₁ (averaged
 * over the last two rows, so a two-cycle's phase does not matter) is larger
 * than the other run's (the λ paradox, 001 Sec. 4).
 */
export function toEndWithLargerL1NormThan(this: MatcherState, received: unknown, other: unknown) {
  const a = asTrace(received, 'toEndWithLargerL1NormThan');
  const b = asTrace(other, 'toEndWithLargerL1NormThan', 'other');
  return fromVerdict(this, 'toEndWithLargerL1NormThan', () => endsWithLargerL1Norm(a, b), 'other');
}
