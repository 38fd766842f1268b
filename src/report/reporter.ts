/**
 * The optspec vitest reporter: writes the HTML conformance report and a JSON
 * summary for machines. Add it beside the default reporter:
 *
 * ```ts
 * // vitest.config.ts
 * reporters: ['default', ['optspec/reporter', { outDir: 'reports' }]]
 * ```
 *
 * Everything it draws comes from test results and task meta, both of which
 * survive `--reporter=blob` and `vitest --merge-reports`, so merged shards
 * give the same report as one run.
 */
import { resolve, join } from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { summarise, type TestOutcome } from './summary.ts';
import { renderReport } from './html.ts';
import { environment } from './environment.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';

export interface OptspecReporterOptions {
  /** Where index.html and summary.json go; default `reports`, or OPTSPEC_REPORT_DIR when set. */
  outDir?: string;
}

export function collectOutcomes(modules: ReadonlyArray<TestModule>, root: string): TestOutcome[] {
  const out: TestOutcome[] = [];
  for (const mod of modules) {
    const file = mod.moduleId.startsWith(root) ? mod.moduleId.slice(root.length + 1) : mod.moduleId;
    for (const test of mod.children.allTests()) {
      const result = test.result();
      out.push({
        file,
        name: test.fullName,
        state: result.state,
        errors: (result.errors ?? []).map((err) => err.message ?? String(err)),
        evidence: test.meta().optspec ?? [],
      });
    }
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
    writeFileAtomic(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 1)}\n`);
    writeFileAtomic(join(dir, 'index.html'), renderReport(summary));
    process.stdout.write(`\noptspec: ${summary.claims.length} claims → ${join(dir, 'index.html')}\n`);
  }
}
