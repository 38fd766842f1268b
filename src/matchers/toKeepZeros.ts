import type { MatcherState } from 'vitest';
import { keepsZeros } from '../analysis/zeros.ts';
import { asTrace, fromVerdict } from './support/result.ts';

/**
 * `expect(trace).toKeepZeros()`: a coordinate that is exactly 0 stays 0 (001 eq. 11).
 * Refuses a run in which no coordinate is ever 0, since the claim was then never exercised.
 */
export function toKeepZeros(this: MatcherState, received: unknown) {
  const trace = asTrace(received, 'toKeepZeros');
  return fromVerdict(this, 'toKeepZeros', () => keepsZeros(trace));
}
