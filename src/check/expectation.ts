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

/** What parity compares a candidate with: a dialect's reference, or the user's own (`--reference`). */
export interface ParityReference {
  readonly make: Maker;
  /** How a failure names it: "the pytorch reference", "the reference src/slow.ts#adamwClip". */
  readonly name: string;
}

export interface CheckContext {
  readonly make: Maker;
  /** The textbook family it is judged as; absent when the user brings their own reference or declares properties only. */
  readonly family?: CheckFamily;
  readonly dialect: Dialect;
  readonly precision: Precision;
  /** Options the optimizer lacks (`--without`): never sent, held neutral, listed as not checked. */
  readonly without?: readonly string[];
  /** `--hyper name=v1,v2,…`: the user's own hyperparameters and grid. */
  readonly hyper?: Readonly<Record<string, readonly (number | boolean)[]>>;
  /** `--reference` / `--reference-command`: what parity compares with instead of the family's dialect reference. */
  readonly reference?: ParityReference;
}

export type ExpectationKind = 'parity' | 'contract' | 'relation' | 'claim' | 'baseline';

/** Where a candidate first left its reference: the problem, step and coordinate, the two values. */
export interface Divergence {
  readonly problem: string;
  readonly step: number;
  readonly coordinate: number;
  /** On a problem with a layout, the coordinate by tensor: "fc.weight[0,3]". */
  readonly tensor?: string;
  readonly expected: number;
  readonly actual: number;
  /** Ulps apart at the declared precision (Infinity when either is not finite). */
  readonly ulps: number;
}

/**
 * A divergence with what the check report shows beside it: the configuration,
 * the reference, a matching dialect, and the diverging coordinate's values
 * over the steps around it.
 */
export interface DivergenceEvidence extends Divergence {
  /** The configuration the failure shrank to, in optspec's names. */
  readonly hyper: Readonly<Record<string, number | boolean>>;
  /** What the candidate was compared with: "the pytorch reference", or the user's reference command. */
  readonly reference: string;
  /** A known dialect whose reference the candidate's trajectory does match, when one does. */
  readonly matchesDialect?: string;
  /** The diverging coordinate over steps `from`…: candidate and reference values, one entry per step. */
  readonly series: { readonly from: number; readonly candidate: readonly number[]; readonly reference: readonly number[] };
}

/** A verdict, or a skip: an optional interface the optimizer does not expose, or an expectation the user turned off. */
export interface Outcome extends Verdict {
  readonly skipped?: boolean;
  /** For a parity failure: the first divergence, for the report's plot. */
  readonly divergence?: DivergenceEvidence;
}

/** Something the gate did not check, and why ("declared --without", "skipped by the user", …). */
export interface NotChecked {
  readonly what: string;
  readonly why: string;
}

export interface Expectation {
  /** Stable id: the report's claim id and the kill matrix's row. */
  readonly id: string;
  readonly kind: ExpectationKind;
  /** Compares the candidate's values with a reference's: needs one, and `--skip reference-parity` without one turns it off. */
  readonly comparesWithReference?: boolean;
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
