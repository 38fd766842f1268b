import type { MatcherState } from 'vitest';
import { jumpsOffZero } from '../analysis/zeros.ts';
import { asTrace, fromVerdict } from './support/result.ts';
import { InputError } from '../validate/input-error.ts';

/**
 * `expect(trace).toJumpOffZero(eta)`: each landing on 0 is followed by
 * β_{N+1} = −η·β_{N−1} bit for bit (001 Prop. B.3). Refuses a run where nothing landed.
 */
export function toJumpOffZero(this: MatcherState, received: unknown, eta: number) {
  const trace = asTrace(received, 'toJumpOffZero');
  if (typeof eta !== 'number' || !(eta > 0 && eta < 1)) throw new InputError('toJumpOffZero: eta', eta, 'expected a momentum factor in (0, 1)');
  return fromVerdict(this, 'toJumpOffZero', () => jumpsOffZero(trace, eta), String(eta));
}
