/**
 * One thing `optspec check` expects of an optimizer: a parity check against
 * the reference, a contract every optimizer keeps, a metamorphic relation of
 * its family, or a claim from the papers. Each runs on the user's maker and
 * returns a verdict whose failure is one line naming what broke.
 */
import type { Verdict } from '../analysis/verdict.ts';
import type { OptimizerFactory } from '../optimizers/optimizer.ts';
import type { CheckFamily, Dialect, Maker, Precision } from './families.ts';
import type { Objective } from '../problems/objective.ts';
import { runTrace } from '../trace/run.ts';
import type { Trace } from '../trace/trace.ts';

export interface CheckContext {
  readonly make: Maker;
  readonly family: CheckFamily;
  readonly dialect: Dialect;
  readonly precision: Precision;
}

export type ExpectationKind = 'parity' | 'contract' | 'relation' | 'claim' | 'baseline';

/** A verdict, or a skip: an optional interface the optimizer does not expose. */
export interface Outcome extends Verdict {
  readonly skipped?: boolean;
}

export interface Expectation {
  /** Stable id: the report's claim id and the kill matrix's row. */
  readonly id: string;
  readonly kind: ExpectationKind;
  readonly title: string;
  /** Where a claim comes from, e.g. '001 Prop. B.3'. */
  readonly source?: string;
  readonly run: (ctx: CheckContext) => Outcome;
}

export const pass = (success: string): Outcome => ({ pass: true, failure: '', success });
export const fail = (failure: string): Outcome => ({ pass: false, failure, success: '' });
export const skip = (why: string): Outcome => ({ pass: true, failure: '', success: why, skipped: true });

/** Run an optimizer from a maker on a problem: every coordinate of every step. */
export function run(factory: OptimizerFactory, problem: Objective, init: ArrayLike<number>, steps: number): Trace {
  return runTrace({ problem, optimizer: factory, init, steps });
}

/** The first step and loss that is not finite, or null. */
export function firstNonFinite(trace: Trace): string | null {
  for (let k = 0; k < trace.length; k++) {
    if (!Number.isFinite(trace.loss[k])) return `the loss became ${trace.loss[k]} at step ${k}`;
    const row = trace.row(k);
    for (let j = 0; j < row.length; j++) if (!Number.isFinite(row[j])) return `coordinate ${j} became ${row[j]} at step ${k}`;
  }
  return null;
}
