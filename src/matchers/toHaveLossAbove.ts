import type { MatcherState } from 'vitest';
import { lossAbove } from '../analysis/loss.ts';
import { asTrace, countArg, fromVerdict } from './support/result.ts';

/** `expect(trace).toHaveLossAbove(other, last)`: over the last `last` steps the loss is above the other run's at every step (001 Fig. 5). */
export function toHaveLossAbove(this: MatcherState, received: unknown, other: unknown, last: number) {
  const a = asTrace(received, 'toHaveLossAbove');
  const b = asTrace(other, 'toHaveLossAbove', 'other');
  countArg('toHaveLossAbove', 'last', last);
  return fromVerdict(this, 'toHaveLossAbove', () => lossAbove(a, b, last), 'other');
}
