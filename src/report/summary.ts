import type { ClaimInfo, ClaimStatus, Evidence, Role } from './evidence.ts';
import type { FidelityItem } from './fidelity.ts';
import { plainDeep } from './plain-text.ts';

/** One test as the report sees it: its outcome, what it declared, and the evidence it recorded. */
export interface TestOutcome {
  readonly file: string;
  readonly name: string;
  /** todo: declared with it.todo, a test still to write; never counted as skipped. */
  readonly state: 'passed' | 'failed' | 'skipped' | 'todo' | 'pending';
  /** Failure messages, plain text (no ANSI escape codes). */
  readonly errors: readonly string[];
  readonly evidence: readonly Evidence[];
  /** The claim the test declared before it ran (describeClaim); a failing test counts for it. */
  readonly claim?: ClaimInfo;
  /** What the test declared it asserts; 'statement' when left out. */
  readonly role?: Role;
  /** The optimizers the test declared up front. */
  readonly optimizers?: readonly string[];
  readonly tags?: readonly string[];
  readonly fidelity?: readonly FidelityItem[];
}

export type Verdict = 'held' | 'held with caveat' | 'not reproduced' | 'violated' | 'skipped';

export interface ClaimSummary {
  readonly claim: ClaimInfo;
  readonly verdict: Verdict;
  readonly tests: readonly TestOutcome[];
  /** Verdict per optimizer (the matrix row), from the non-control tests. */
  readonly optimizers: Readonly<Record<string, Verdict>>;
}

export interface ReportSummary {
  readonly format: 'optspec-report/2';
  readonly generated: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly claims: readonly ClaimSummary[];
  readonly optimizers: readonly string[];
  /** Tests that belong to no claim, every one listed (failures with their messages); todo tests counted apart from skipped ones. */
  readonly otherTests: { passed: number; failed: number; skipped: number; todo: number; tests: readonly TestOutcome[] };
  /** The papers' quantitative statements checked against measurements, in a stable order. */
  readonly fidelity: readonly FidelityItem[];
}

const RANK: Record<Verdict, number> = { skipped: 0, held: 1, 'held with caveat': 2, 'not reproduced': 3, violated: 4 };

export function worst(verdicts: Iterable<Verdict>): Verdict {
  let out: Verdict = 'skipped';
  for (const v of verdicts) if (RANK[v] > RANK[out]) out = v;
  return out;
}

/** What a passing test's declared role says about its claim, when its evidence computed no status. */
const ROLE_STATUS: Record<Exclude<Role, 'control'>, ClaimStatus> = { statement: 'held', caveat: 'held with caveat', deviation: 'not reproduced' };

const ownEvidence = (t: TestOutcome, id: string) => t.evidence.filter((e) => e.claim.id === id);

/** A test is a control for a claim when it declared so, or (undeclared) all its evidence for the claim says so. */
export function isControl(t: TestOutcome, id: string): boolean {
  if (t.claim?.id === id && t.role) return t.role === 'control';
  const own = ownEvidence(t, id);
  return own.length > 0 && own.every((e) => e.control);
}

/**
 * One test's verdict for one claim. Failed: violated. Not run: skipped. Passed:
 * the statuses its evidence computed from measured against paper numbers, or
 * else what its declared role asserts; a passing control says nothing about
 * the claim (held here, but never counted towards the claim's verdict).
 */
export function testVerdict(t: TestOutcome, id: string): Verdict {
  if (t.state === 'failed') return 'violated';
  if (t.state !== 'passed') return 'skipped';
  if (isControl(t, id)) return 'held';
  const computed = ownEvidence(t, id).flatMap((e) => (e.status ? [e.status] : []));
  if (computed.length > 0) return worst(computed);
  return ROLE_STATUS[t.claim?.id === id && t.role && t.role !== 'control' ? t.role : 'statement'];
}

/** The claims a test counts for: the one it declared and any its evidence names. */
function claimsOf(t: TestOutcome): ClaimInfo[] {
  const out = new Map<string, ClaimInfo>();
  if (t.claim) out.set(t.claim.id, t.claim);
  for (const e of t.evidence) if (!out.has(e.claim.id)) out.set(e.claim.id, e.claim);
  return [...out.values()];
}

/**
 * A claim's verdict: violated when any of its tests (controls included)
 * failed; otherwise the weakest verdict of its passing non-control tests; and
 * 'skipped' when no non-control test passed, so a claim can never show held
 * without a passing test of its own.
 */
export function claimVerdict(id: string, tests: readonly TestOutcome[]): Verdict {
  if (tests.some((t) => t.state === 'failed')) return 'violated';
  const parts = tests.filter((t) => t.state === 'passed' && !isControl(t, id));
  return parts.length === 0 ? 'skipped' : worst(parts.map((t) => testVerdict(t, id)));
}

const byText = (a: TestOutcome, b: TestOutcome) => (a.file + a.name).localeCompare(b.file + b.name);
const fidelityKey = (f: FidelityItem) => `${f.paper}\u0000${f.where}\u0000${f.statement}\u0000${f.claim ?? ''}`;

/**
 * Fold test outcomes into per-claim verdicts. The result depends only on the
 * set of outcomes, not their order, so sharded and merged runs give the same
 * summary. Every text that enters is stripped of terminal escape codes here,
 * so no page or file written from the summary carries them.
 */
export function summarise(given: readonly TestOutcome[], givenEnvironment: Record<string, string>, generated = new Date().toISOString()): ReportSummary {
  const outcomes = plainDeep(given);
  const environment = plainDeep(givenEnvironment);
  const byClaim = new Map<string, { claim: ClaimInfo; tests: TestOutcome[] }>();
  const other: TestOutcome[] = [];
  for (const t of outcomes) {
    const claims = claimsOf(t);
    if (claims.length === 0) other.push(t);
    for (const c of claims) {
      const entry = byClaim.get(c.id) ?? { claim: c, tests: [] };
      entry.tests.push(t);
      byClaim.set(c.id, entry);
    }
  }
  const optimizers = new Set<string>();
  const claims: ClaimSummary[] = [...byClaim.values()]
    .sort((a, b) => a.claim.id.localeCompare(b.claim.id))
    .map(({ claim, tests }) => {
      tests.sort(byText);
      const perOptimizer: Record<string, Verdict[]> = {};
      for (const t of tests) {
        if (isControl(t, claim.id) || t.state !== 'passed' && t.state !== 'failed') continue;
        const v = testVerdict(t, claim.id);
        const names = new Set([...(t.claim?.id === claim.id ? (t.optimizers ?? []) : []), ...ownEvidence(t, claim.id).flatMap((e) => e.optimizers)]);
        for (const o of names) (perOptimizer[o] ??= []).push(v);
      }
      const row: Record<string, Verdict> = {};
      for (const [o, vs] of Object.entries(perOptimizer)) {
        row[o] = worst(vs);
        optimizers.add(o);
      }
      return { claim, verdict: claimVerdict(claim.id, tests), tests, optimizers: row };
    });
  other.sort(byText);
  const count = (s: TestOutcome['state'][]) => other.filter((t) => s.includes(t.state)).length;
  const fidelity = outcomes.flatMap((t) => t.fidelity ?? []).sort((a, b) => fidelityKey(a).localeCompare(fidelityKey(b)));
  return {
    format: 'optspec-report/2',
    generated,
    environment,
    claims,
    optimizers: [...optimizers].sort(),
    otherTests: { passed: count(['passed']), failed: count(['failed']), skipped: count(['skipped', 'pending']), todo: count(['todo']), tests: other },
    fidelity,
  };
}
