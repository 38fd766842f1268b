import type { CheckContext, Expectation, Outcome } from './expectation.ts';
import { expectationsFor } from './expectations.ts';

export interface CheckResult {
  readonly expectation: Expectation;
  readonly outcome: Outcome;
  readonly ms: number;
}

/** Run every expectation of the context's family; one that throws fails with the error's message. */
export function runCheck(ctx: CheckContext, onStart?: (e: Expectation) => void, expectations = expectationsFor(ctx.family, ctx.dialect)): CheckResult[] {
  return expectations.map((expectation) => {
    onStart?.(expectation);
    const t0 = performance.now();
    let outcome: Outcome;
    try {
      outcome = expectation.run(ctx);
    } catch (err) {
      outcome = { pass: false, failure: `threw: ${(err as Error).message.split('\n')[0]}`, success: '' };
    }
    return { expectation, outcome, ms: performance.now() - t0 };
  });
}

/** Passed when every expectation held (a skipped optional one counts as held). */
export const allHeld = (results: readonly CheckResult[]): boolean => results.every((r) => r.outcome.pass);
