import type { MatcherState } from 'vitest';
import { lossStaysBelow } from '../analysis/loss.ts';
import { asTrace, fromVerdict, positiveArg } from './support/result.ts';
import { InputError } from '../validate/input-error.ts';

/** `expect(trace).toKeepLossBelow(bound, from = 0)`: every loss from step `from` on is finite and below `bound`. */
export function toKeepLossBelow(this: MatcherState, received: unknown, bound: number, from = 0) {
  const trace = asTrace(received, 'toKeepLossBelow');
  positiveArg('toKeepLossBelow', 'bound', bound);
  if (!Number.isInteger(from) || from < 0 || from >= trace.length) {
    throw new InputError('toKeepLossBelow: from', from, `expected a step in 0..${trace.length - 1}`);
  }
  return fromVerdict(this, 'toKeepLossBelow', () => lossStaysBelow(trace, bound, from), String(bound));
}
