/**
 * The outcome of checking a claim on a trace. `failure` says why the claim
 * does not hold (shown when a matcher fails); `success` says what evidence
 * made it hold (shown when a `.not` matcher fails). Both name the step, the
 * coordinate and the value where they can.
 */
export interface Verdict {
  readonly pass: boolean;
  readonly failure: string;
  readonly success: string;
}

export function verdict(pass: boolean, failure: string, success: string): Verdict {
  return { pass, failure, success };
}

/** The claim held: the evidence, shown when a `.not` matcher fails. (`failure` is read only when the claim broke.) */
export function held(evidence: string): Verdict {
  return verdict(true, '', evidence);
}

/** The claim broke: why, shown when the matcher fails. (`success` is read only when the claim held.) */
export function broken(reason: string): Verdict {
  return verdict(false, reason, '');
}

/** Format a number for a message: the shortest text that reads back as the same double. */
export function num(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/**
 * A gap for a message, as short as it can be while it still compares with the
 * tolerance as the exact gap does: a gap just over the tolerance never reads
 * as equal to it. Full precision where no shorter text keeps the comparison.
 */
export function gapNum(gap: number, tolerance: number): string {
  if (!Number.isFinite(gap)) return num(gap);
  for (let digits = 3; digits < 17; digits++) {
    const shown = Number(gap.toPrecision(digits));
    if ((shown <= tolerance) === (gap <= tolerance) && (shown === tolerance) === (gap === tolerance)) return num(shown);
  }
  return num(gap);
}

/**
 * The tolerance a check used, as its message states it. `defaultRule` is how
 * the default was set when the caller gave none ('1e-12·step'), so a reader
 * can tell a chosen tolerance from a default one.
 */
export function toleranceText(tolerance: number, defaultRule?: string): string {
  if (defaultRule === undefined) return `the tolerance ${num(tolerance)}`;
  return defaultRule === num(tolerance) ? `the default tolerance ${num(tolerance)}` : `the tolerance ${num(tolerance)} (default ${defaultRule})`;
}

/** "0.2, within the tolerance 1e-9" or "0.2, over …": a gap beside the tolerance it was held to (inclusive). */
export function gapAgainst(gap: number, tolerance: number, defaultRule?: string): string {
  return `${gapNum(gap, tolerance)}, ${gap <= tolerance ? 'within' : 'over'} ${toleranceText(tolerance, defaultRule)}`;
}

/** What the messages of strict comparisons (<, >) say, so nobody looks for a tolerance that is not there. */
export const STRICT = 'compared strictly, no tolerance';

/** What the messages of exact comparisons say. */
export const EXACT = 'compared bit for bit, no tolerance';
