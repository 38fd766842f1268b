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
