import type { MatcherState } from 'vitest';
import { staysCaptured, type NormKind } from '../analysis/capture.ts';
import { asTrace, fromVerdict, positiveArg } from './support/result.ts';
import { InputError, finiteNumber } from '../validate/input-error.ts';

export interface CaptureOptions {
  /** The centre of the ball (the minimiser); the origin by default. */
  center?: ArrayLike<number>;
  /** 'inf' (default, as in 001 Sec. 3) or '2'. */
  norm?: NormKind;
}

/**
 * `expect(trace).toStayCaptured(radius, options?)`: every iterate lies strictly
 * inside the ball of `radius` around `center` (the capture theorem, 001 Prop. 3.1).
 */
export function toStayCaptured(this: MatcherState, received: unknown, radius: number, options: CaptureOptions = {}) {
  const trace = asTrace(received, 'toStayCaptured');
  positiveArg('toStayCaptured', 'radius', radius);
  if (options.norm !== undefined && options.norm !== 'inf' && options.norm !== '2') {
    throw new InputError('toStayCaptured: options.norm', options.norm, 'expected "inf" or "2"');
  }
  if (options.center !== undefined) {
    if (options.center.length !== trace.width) {
      throw new InputError('toStayCaptured: options.center', options.center.length, `expected ${trace.width} numbers, one per recorded coordinate`);
    }
    Array.from(options.center).forEach((c, j) => finiteNumber(`toStayCaptured: options.center[${j}]`, c));
  }
  return fromVerdict(this, 'toStayCaptured', () => staysCaptured(trace, radius, options), String(radius));
}
