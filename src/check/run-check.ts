import type { CheckContext, Expectation, Outcome } from './expectation.ts';
import { planCheck } from './plan.ts';
import { describeThrown } from './thrown.ts';

export interface CheckResult {
  readonly expectation: Expectation;
  readonly outcome: Outcome;
  readonly ms: number;
}

/**
 * Where the optimizer runs, when it runs where it can hang or die (a worker,
 * an adapter process): told when each expectation starts, and asked after it
 * whether a fault (a hang, an exit) ended it, which then is its one line.
 */
export interface FaultGate {
  begin(): void;
  fault(): string | null;
}

/** Run every expectation of the context's family; one that throws (anything, not only an Error) fails with one line saying what. */
export function runCheck(ctx: CheckContext, onStart?: (e: Expectation) => void, expectations = planCheck({ family: ctx.family, dialect: ctx.dialect, reference: Boolean(ctx.reference), without: ctx.without }).expectations, gate?: FaultGate): CheckResult[] {
  return expectations.map((expectation) => {
    onStart?.(expectation);
    gate?.begin();
    const t0 = performance.now();
    let outcome: Outcome;
    try {
      outcome = expectation.run(ctx);
    } catch (err) {
      outcome = { pass: false, failure: `threw: ${describeThrown(err)}`, success: '' };
    }
    // A fault is the expectation's verdict whatever the expectation made of the error it caused.
    const fault = gate?.fault();
    if (fault) outcome = { pass: false, failure: fault, success: '' };
    return { expectation, outcome, ms: performance.now() - t0 };
  });
}

/** Passed when every expectation held (a skipped optional one counts as held). */
export const allHeld = (results: readonly CheckResult[]): boolean => results.every((r) => r.outcome.pass);
