/**
 * The optspec vitest reporter: writes the HTML conformance report and a JSON
 * summary for machines. Add it beside the default reporter:
 *
 * ```ts
 * // vitest.config.ts
 * reporters: ['default', ['optspec/reporter', { outDir: 'reports' }]]
 * ```
 *
 * It writes index.html (the report), summary.json (for machines) and
 * summary.md (for a CI job summary: `cat reports/summary.md >> $GITHUB_STEP_SUMMARY`),
 * as one set: two runs into one folder leave one run's three files (report-set.ts).
 *
 * Everything it draws comes from test results and task meta, both of which
 * survive `--reporter=blob` and `vitest --merge-reports`, so merged shards
 * give the same report as one run.
 */
import { resolve, join } from 'node:path';
import type { Reporter, TestCase, TestModule, Vitest } from 'vitest/node';
import { summarise, type TestOutcome } from './summary.ts';
import { renderReport } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import './fidelity.ts';
import { environment } from './environment.ts';
import { writeReportSet } from './report-set.ts';
import { stripAnsi, thrownText } from './plain-text.ts';

export interface OptspecReporterOptions {
  /** Where index.html and summary.json go; default `reports`, or OPTSPEC_REPORT_DIR when set. */
  outDir?: string;
}

/** Terminal colour and cursor codes, which vitest leaves in assertion messages, go; kept here for callers of the reporter module. */
export { stripAnsi };

/**
 * A failure as plain text: the message (a matcher's message carries its
 * evidence: step, coordinate, value) and the diff when there is one; a thrown
 * value that is not an Error (vitest hands it over as a plain object) as its
 * content.
 */
export function failureText(err: unknown): string {
  const message = thrownText(err);
  const diff = err !== null && typeof err === 'object' ? (err as { diff?: unknown }).diff : undefined;
  return typeof diff === 'string' && diff ? `${message}\n\n${stripAnsi(diff)}` : message;
}

/** Errors of the suites around a test (a failing beforeAll lands there, and vitest then reports the test as skipped). */
function suiteErrors(test: TestCase): string[] {
  const out: string[] = [];
  for (let p: TestCase['parent'] = test.parent; p.type === 'suite'; p = p.parent) out.push(...p.errors().map(failureText));
  return out;
}

export function collectOutcomes(modules: ReadonlyArray<TestModule>, root: string): TestOutcome[] {
  const out: TestOutcome[] = [];
  for (const mod of modules) {
    const file = mod.moduleId.startsWith(root) ? mod.moduleId.slice(root.length + 1) : mod.moduleId;
    const moduleErrors = mod.errors().map(failureText);
    for (const test of mod.children.allTests()) {
      const result = test.result();
      const meta = test.meta();
      const around = result.state === 'passed' ? [] : [...suiteErrors(test), ...moduleErrors];
      out.push({
        file,
        name: test.fullName,
        state: around.length ? 'failed' : test.options.mode === 'todo' ? 'todo' : result.state,
        errors: [...(result.errors ?? []).map(failureText), ...around],
        evidence: meta.optspec ?? [],
        ...(meta.optspecClaim ? { claim: meta.optspecClaim, role: meta.optspecRole ?? 'statement' } : {}),
        ...(meta.optspecOptimizers ? { optimizers: meta.optspecOptimizers } : {}),
        ...(test.tags.length ? { tags: [...test.tags] } : {}),
        ...(meta.optspecFidelity ? { fidelity: meta.optspecFidelity } : {}),
      });
    }
    // A file that failed to load (syntax error, throwing import) has no tests: it still appears, failed.
    if (moduleErrors.length && out.every((t) => t.file !== file)) out.push({ file, name: '(file failed to load)', state: 'failed', errors: moduleErrors, evidence: [] });
  }
  return out;
}

export default class OptspecReporter implements Reporter {
  private root = process.cwd();
  private readonly outDir: string;

  constructor(options: OptspecReporterOptions = {}) {
    this.outDir = options.outDir ?? process.env.OPTSPEC_REPORT_DIR ?? 'reports';
  }

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const outcomes = collectOutcomes(modules, this.root);
    const backends = [...new Set(outcomes.flatMap((o) => o.evidence.map((e) => e.backend)).filter(Boolean))];
    const summary = summarise(outcomes, { ...environment(this.root), 'TensorFlow.js backend': backends.join(', ') || 'not used in this run' });
    const dir = resolve(this.root, this.outDir);
    // One set: a concurrent run into the same folder leaves its whole set or this one, never a mix.
    writeReportSet(dir, { 'summary.json': `${JSON.stringify(summary, null, 1)}\n`, 'index.html': renderReport(summary), 'summary.md': renderMarkdown(summary) });
    process.stdout.write(`\noptspec: ${summary.claims.length} claims, ${summary.otherTests.tests.length} other tests → ${join(dir, 'index.html')}\n`);
  }
}

/** Tag definitions for vitest.config.ts, exported here because a config can load this module (no vitest runtime import). */
export { optspecTags, type TaggedClaim } from './tags.ts';
