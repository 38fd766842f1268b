/**
 * The check's results in the report's terms: each expectation a claim, each
 * checked optimizer a column. Over a catalogue of mutants the report's
 * claims × optimizers matrix is the kill matrix: a violated cell is the
 * expectation that killed that mutant.
 */
import { summarise, type ReportSummary, type TestOutcome } from '../report/summary.ts';
import { environment } from '../report/environment.ts';
import type { CheckResult } from './run-check.ts';
import type { NotChecked } from './expectation.ts';

export interface CheckedOptimizer {
  readonly name: string;
  readonly results: readonly CheckResult[];
  readonly precision?: 'float64' | 'float32';
  /** Options declared missing (--without) and expectations turned off: listed as not checked, never silently. */
  readonly notChecked?: readonly NotChecked[];
}

/** '001 Prop. B.5' → paper 001, section Prop. B.5; an expectation with no paper is optspec's own. */
function source(cited: string | undefined, kind: string): { paper: string; section: string } {
  if (!cited) return { paper: 'optspec check', section: kind };
  const [paper, ...rest] = cited.split(' ');
  return { paper, section: rest.join(' ') };
}

export function checkOutcomes(checked: readonly CheckedOptimizer[]): TestOutcome[] {
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
    })),
  );
}

export function checkReport(checked: readonly CheckedOptimizer[], env: Record<string, string>): ReportSummary {
  return summarise(checkOutcomes(checked), { ...environment(process.cwd()), ...env });
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
