import type { MatcherState } from 'vitest';
import { neverHitsZero } from '../analysis/zeros.ts';
import { asTrace, fromVerdict } from './support/result.ts';

/** `expect(trace).toNeverHitZero()`: no coordinate is exactly 0 at any step after the start (001 Prop. 4.1). */
export function toNeverHitZero(this: MatcherState, received: unknown) {
  const trace = asTrace(received, 'toNeverHitZero');
  return fromVerdict(this, 'toNeverHitZero', () => neverHitsZero(trace));
}
