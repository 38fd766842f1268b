import type { Precision } from './family/module.ts';
/**
 * The check's results in the report's terms: each expectation a claim, each
 * checked optimizer a column. Over a catalogue of mutants the report's
 * claims × optimizers matrix is the kill matrix: a violated cell is the
 * expectation that killed that mutant.
 */
import { join, resolve } from 'node:path';
import { summarise, type ReportSummary, type TestOutcome } from '../report/summary.ts';
import { environment } from '../report/environment.ts';
import { plainDeep } from '../report/plain-text.ts';
import { writeReportSet } from '../report/report-set.ts';
import type { CheckResult } from './run-check.ts';
import type { DivergenceEvidence, ExpectationKind, NotChecked } from './expectation.ts';
import { renderCheckReport } from './report-html.ts';

export interface CheckedOptimizer {
  readonly name: string;
  readonly results: readonly CheckResult[];
  readonly precision?: Precision;
  /** Options declared missing (--without) and expectations turned off: listed as not checked, never silently. */
  readonly notChecked?: readonly NotChecked[];
}

/** '001 Prop. B.5' → paper 001, section Prop. B.5; an expectation with no paper is optspec's own. */
function source(cited: string | undefined, kind: string): { paper: string; section: string } {
  if (!cited) return { paper: 'optspec check', section: kind };
  const [paper, ...rest] = cited.split(' ');
  return { paper, section: rest.join(' ') };
}

/** Divergence evidence as plain data: its series as arrays even when an expectation handed typed arrays, so JSON keeps them as lists. */
function divergenceData(d: DivergenceEvidence): DivergenceEvidence {
  return { ...d, hyper: { ...d.hyper }, series: { from: d.series.from, candidate: Array.from(d.series.candidate), reference: Array.from(d.series.reference) } };
}

/** A check result as a test outcome, with the first divergence when its expectation found one. */
export interface CheckOutcome extends TestOutcome {
  readonly divergence?: DivergenceEvidence;
}

export function checkOutcomes(checked: readonly CheckedOptimizer[]): CheckOutcome[] {
  return checked.flatMap(({ name, results, precision = 'float64' }) =>
    results.map(({ expectation: e, outcome: o }) => ({
      file: name,
      name: `${e.id}: ${e.title}`,
      state: !o.pass ? 'failed' : o.skipped ? 'skipped' : 'passed',
      errors: o.pass ? [] : [o.failure],
      evidence: [
        {
          claim: { id: e.id, title: e.id, ...source(e.source, e.kind), statement: e.title },
          optimizers: [name],
          precision,
          notes: [o.pass ? o.success : o.failure],
        },
      ],
      ...(o.divergence ? { divergence: divergenceData(o.divergence) } : {}),
    })),
  );
}

/** One expectation as it ran on one optimizer, in run order: what the check report draws. */
export interface CheckedExpectation {
  readonly id: string;
  readonly kind: ExpectationKind;
  readonly title: string;
  readonly source?: string;
  readonly verdict: 'violated' | 'held' | 'skipped';
  /** The failure line when violated; what held, or why it was skipped, otherwise. */
  readonly line: string;
  readonly ms: number;
  readonly divergence?: DivergenceEvidence;
}

export interface CheckedSummary {
  readonly name: string;
  readonly precision: Precision;
  readonly expectations: readonly CheckedExpectation[];
  readonly notChecked: readonly NotChecked[];
}

/**
 * The check's summary.json: the report summary every optspec report has
 * (claims are the expectations, optimizers the columns; failed tests carry
 * their `divergence`), plus `checked`, each optimizer's expectations in run
 * order, and `notChecked`, what the gate declared it did not check.
 */
export interface CheckSummary extends ReportSummary {
  readonly checked: readonly CheckedSummary[];
  readonly notChecked: readonly (NotChecked & { readonly optimizer: string })[];
}

function checkedSummary({ name, results, precision, notChecked = [] }: CheckedOptimizer, declared: Precision): CheckedSummary {
  precision ??= declared;
  return {
    name,
    precision,
    expectations: results.map(({ expectation: e, outcome: o, ms }) => ({
      id: e.id,
      kind: e.kind,
      title: e.title,
      ...(e.source ? { source: e.source } : {}),
      verdict: !o.pass ? 'violated' : o.skipped ? 'skipped' : 'held',
      line: o.pass ? o.success : o.failure,
      ms,
      ...(o.divergence ? { divergence: divergenceData(o.divergence) } : {}),
    })),
    notChecked,
  };
}

/** What the report says about the check; entries left undefined (no family with a user reference, say) are left out. */
export type CheckEnvironment = Readonly<Record<string, string | undefined>>;

const defined = (env: CheckEnvironment): Record<string, string> => Object.fromEntries(Object.entries(env).filter((kv): kv is [string, string] => kv[1] !== undefined));

export function checkReport(checked: readonly CheckedOptimizer[], env: CheckEnvironment): CheckSummary {
  return {
    ...summarise(checkOutcomes(checked), { ...environment(process.cwd()), ...defined(env) }),
    // An optimizer that does not say its precision was judged at the check's (--precision).
    checked: plainDeep(checked.map((c) => checkedSummary(c, env.precision === 'float32' ? 'float32' : 'float64'))),
    notChecked: plainDeep(checked.flatMap((c) => (c.notChecked ?? []).map((n) => ({ optimizer: c.name, what: n.what, why: n.why })))),
  };
}

/**
 * Write the check's report into `dir` as one set (summary.json and
 * index.html, see report-set.ts); returns the page's path.
 */
export function writeCheckReport(dir: string, checked: readonly CheckedOptimizer[], env: CheckEnvironment): string {
  const summary = checkReport(checked, env);
  const at = resolve(dir);
  writeReportSet(at, { 'summary.json': `${JSON.stringify(summary, null, 1)}\n`, 'index.html': renderCheckReport(summary) });
  return join(at, 'index.html');
}

/** A plain-text kill matrix: one row per mutant, the expectations that killed it. */
export function killMatrixText(checked: readonly CheckedOptimizer[]): string {
  const width = Math.max(...checked.map((c) => c.name.length));
  return checked
    .map(({ name, results }) => {
      const killers = results.filter((r) => !r.outcome.pass).map((r) => r.expectation.id);
      return `${name.padEnd(width)}  ${killers.length ? `killed by ${killers.join(', ')}` : 'passed every expectation'}`;
    })
    .join('\n');
}
