/**
 * The gate's rule for an optimizer that hangs or dies (docs/protocol.md,
 * "Time budgets and faults"): the fault fails the expectation it happened in,
 * once, and every later call in that expectation fails at once with the same
 * line instead of paying the time budget again. The next expectation gets a
 * fresh process (or worker) and is judged normally. A second expectation lost
 * the same way marks the optimizer broken: the remaining expectations fail
 * at once, saying why, without starting it again.
 */
export class FaultLedger {
  private current: string | null = null;
  private readonly strikes: string[] = [];

  constructor(
    /** What is being run, for the broken line: "the adapter", "the optimizer's worker". */
    private readonly subject: string,
    /** Expectations lost to a hang or a death before the rest are not run. */
    private readonly limit = 2,
  ) {}

  /** A new expectation starts: a fault of the previous one no longer blocks. */
  begin(): void {
    this.current = null;
  }

  /**
   * A fault of the optimizer, not of its arithmetic. A strike (a hang, a
   * death) counts towards the limit; a non-strike (a step that returned a
   * Promise) only ends this expectation.
   */
  record(fault: string, strike = true): void {
    if (this.current !== null) return;
    this.current = fault;
    if (strike) this.strikes.push(fault);
  }

  /** The line that ended the current expectation, or null while it runs normally. */
  fault(): string | null {
    return this.refusal();
  }

  /** Why the optimizer may not be called now, or null when it may. */
  refusal(): string | null {
    return this.current ?? this.broken();
  }

  private broken(): string | null {
    if (this.strikes.length < this.limit) return null;
    return `not run: ${this.subject} failed in ${this.strikes.length} expectations and is not started again (first: ${this.strikes[0]})`;
  }
}
