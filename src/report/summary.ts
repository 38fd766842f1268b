import type { ClaimInfo, ClaimStatus, Evidence } from './evidence.ts';

/** One test as the report sees it: its outcome and the evidence it recorded. */
export interface TestOutcome {
  readonly file: string;
  readonly name: string;
  readonly state: 'passed' | 'failed' | 'skipped' | 'pending';
  readonly errors: readonly string[];
  readonly evidence: readonly Evidence[];
}

export type Verdict = 'held' | 'held with caveat' | 'not reproduced' | 'violated' | 'skipped';

export interface ClaimSummary {
  readonly claim: ClaimInfo;
  readonly verdict: Verdict;
  readonly tests: readonly TestOutcome[];
  /** Verdict per optimizer (the matrix row), from the non-control evidence. */
  readonly optimizers: Readonly<Record<string, Verdict>>;
}

export interface ReportSummary {
  readonly format: 'optspec-report/1';
  readonly generated: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly claims: readonly ClaimSummary[];
  readonly optimizers: readonly string[];
  /** Tests that recorded no claim (unit tests), counted so the report says what ran. */
  readonly otherTests: { passed: number; failed: number; skipped: number };
}

const RANK: Record<Verdict, number> = { skipped: 0, held: 1, 'held with caveat': 2, 'not reproduced': 3, violated: 4 };

export function worst(verdicts: Iterable<Verdict>): Verdict {
  let out: Verdict = 'skipped';
  for (const v of verdicts) if (RANK[v] > RANK[out]) out = v;
  return out;
}

function testVerdict(t: TestOutcome, status: ClaimStatus): Verdict {
  if (t.state === 'failed') return 'violated';
  if (t.state !== 'passed') return 'skipped';
  return status;
}

/**
 * Fold test outcomes into per-claim verdicts. A failing test makes its claim
 * 'violated'; otherwise the claim takes the weakest status its tests recorded.
 * The result depends only on the set of outcomes, not their order, so sharded
 * and merged runs give the same summary.
 */
export function summarise(outcomes: readonly TestOutcome[], environment: Record<string, string>, generated = new Date().toISOString()): ReportSummary {
  const byClaim = new Map<string, { claim: ClaimInfo; tests: TestOutcome[] }>();
  const other = { passed: 0, failed: 0, skipped: 0 };
  for (const t of outcomes) {
    if (t.evidence.length === 0) {
      if (t.state === 'passed') other.passed++;
      else if (t.state === 'failed') other.failed++;
      else other.skipped++;
      continue;
    }
    for (const id of new Set(t.evidence.map((e) => e.claim.id))) {
      const entry = byClaim.get(id) ?? { claim: t.evidence.find((e) => e.claim.id === id)!.claim, tests: [] };
      entry.tests.push(t);
      byClaim.set(id, entry);
    }
  }
  const optimizers = new Set<string>();
  const claims: ClaimSummary[] = [...byClaim.values()]
    .sort((a, b) => a.claim.id.localeCompare(b.claim.id))
    .map(({ claim, tests }) => {
      tests.sort((a, b) => (a.file + a.name).localeCompare(b.file + b.name));
      const perOptimizer: Record<string, Verdict[]> = {};
      const all: Verdict[] = [];
      for (const t of tests) {
        for (const e of t.evidence.filter((x) => x.claim.id === claim.id)) {
          const v = testVerdict(t, e.status);
          all.push(e.control && v !== 'violated' ? 'held' : v);
          if (e.control) continue;
          for (const o of e.optimizers) (perOptimizer[o] ??= []).push(v);
        }
      }
      const row: Record<string, Verdict> = {};
      for (const [o, vs] of Object.entries(perOptimizer)) {
        row[o] = worst(vs);
        optimizers.add(o);
      }
      return { claim, verdict: worst(all), tests, optimizers: row };
    });
  return { format: 'optspec-report/1', generated, environment, claims, optimizers: [...optimizers].sort(), otherTests: other };
}
