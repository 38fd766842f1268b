/**
 * `optspec check --baseline FILE`: the optimizer's exact traces on a few
 * problems, stored on first use and compared on every later run, so CI fails
 * when behaviour changes across commits. Like vitest's snapshots, a missing
 * baseline is written unless the run is in CI, and `--update-baseline`
 * accepts a change.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { baseHyper } from './families.ts';
import { paritySuite } from './suite.ts';
import { type Expectation, type CheckContext, pass, fail, run } from './expectation.ts';
import { encodeTrace, firstSnapshotDifference, describeSnapshotDifference } from './trace-snapshot.ts';

const STEPS = 20;

/** The traces a baseline holds: the base configuration on three problems of the suite. */
export function baselineText(ctx: CheckContext): string {
  const hyper = baseHyper(ctx.family, ctx.dialect);
  const suite = paritySuite();
  return [0, 2, 5].map((i) => encodeTrace(run(ctx.make(hyper), suite[i].problem, suite[i].init, STEPS), `${ctx.family} on ${suite[i].label}`)).join('\n\n') + '\n';
}

export function baselineExpectation(file: string, options: { update: boolean; ci: boolean }): Expectation {
  return {
    id: 'baseline',
    kind: 'baseline',
    title: `the exact traces match the baseline in ${file}`,
    run(ctx) {
      const now = baselineText(ctx);
      if (!existsSync(file) || options.update) {
        if (!options.update && options.ci) return fail(`no baseline at ${file}; record it outside CI (or with --update-baseline) and commit it`);
        writeFileAtomic(file, now);
        return pass(`baseline written to ${file}`);
      }
      const d = firstSnapshotDifference(readFileSync(file, 'utf8'), now);
      return d ? fail(`behaviour changed against ${file}: ${describeSnapshotDifference(d)} (accept it with --update-baseline)`) : pass(`the traces match ${file} bit for bit`);
    },
  };
}
