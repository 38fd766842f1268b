import type { MatcherState } from 'vitest';
import type { Trace } from '../../trace/trace.ts';
import type { Verdict } from '../../analysis/verdict.ts';
import { InputError, show } from '../../validate/input-error.ts';

/**
 * Judge and turn the verdict into a vitest matcher result. When the matcher
 * fails the message explains why the claim does not hold; under `.not` it
 * shows the evidence that it does. Input the predicate refuses throws, under
 * `.not` as well, with the matcher's name in front.
 */
export function fromVerdict(state: MatcherState, matcher: string, judge: () => Verdict, expected = '') {
  let v: Verdict;
  try {
    v = judge();
  } catch (err) {
    if (err instanceof InputError) err.message = `${matcher}: ${err.message}`;
    throw err;
  }
  const hint = state.utils.matcherHint(`.${matcher}`, 'trace', expected, { isNot: state.isNot });
  return {
    pass: v.pass,
    message: () => `${hint}\n\n${state.isNot ? `Expected the claim not to hold, but ${v.success}` : `Claim broken: ${v.failure}`}`,
  };
}

/**
 * A bad received value or argument throws, under `.not` as well: a matcher
 * that merely failed on bad input would pass silently when negated.
 */
export function asTrace(received: unknown, matcher: string, field = 'received'): Trace {
  const t = received as Trace;
  if (!t || typeof t !== 'object' || !(t.loss instanceof Float64Array) || typeof t.row !== 'function' || !t.meta) {
    throw new InputError(`${matcher}: ${field}`, received, 'expected an optspec Trace (from runTrace or traceFromJson)');
  }
  if (t.length < 1) throw new InputError(`${matcher}: ${field}`, `${show(t.meta)} with 0 rows`, 'expected a trace with at least one row');
  return t;
}

export function positiveArg(matcher: string, field: string, value: unknown): number {
  const v = value as number;
  if (!(Number.isFinite(v) && v > 0)) throw new InputError(`${matcher}: ${field}`, value, 'expected a finite number > 0');
  return v;
}

export function countArg(matcher: string, field: string, value: unknown): number {
  const v = value as number;
  if (!(Number.isInteger(v) && v >= 1)) throw new InputError(`${matcher}: ${field}`, value, 'expected a positive integer');
  return v;
}
