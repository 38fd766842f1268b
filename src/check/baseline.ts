/**
 * `optspec check --baseline FILE`: the optimizer's exact traces on a few
 * problems, stored on first use and compared on every later run, so CI fails
 * when behaviour changes across commits. Like vitest's snapshots, a missing
 * baseline is written unless the run is in CI, and `--update-baseline`
 * accepts a change.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { InputError } from '../validate/input-error.ts';
import { baseHyper } from './families.ts';
import { paritySuite } from './suite.ts';
import { type Expectation, type CheckContext, pass, fail, run } from './expectation.ts';
import { encodeTrace, firstSnapshotDifference, describeSnapshotDifference } from './trace-snapshot.ts';

const STEPS = 20;

/** The traces a baseline holds: the base configuration on three problems of the suite. */
export function baselineText(ctx: CheckContext): string {
  const hyper = baseHyper(ctx);
  const suite = paritySuite();
  return [0, 2, 5].map((i) => encodeTrace(run(ctx.make(hyper), suite[i].problem, suite[i].init, STEPS), `${ctx.family} on ${suite[i].label}`)).join('\n\n') + '\n';
}

const HEADER = /^# .+ \((\d+) coordinates, (\d+) steps\)$/;
const NUMBER = /^(-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?|-?Infinity|NaN|-0)$/;

/**
 * The baseline's text, refused when it is not what `baselineText` writes:
 * a corrupt or truncated file is bad input (exit 2), never a change of
 * behaviour that --update-baseline would invite the user to accept.
 */
export function readBaseline(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`baseline ${file}`, file, `could not be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const wrong = (line: number, content: string, expected: string): never => {
    throw new InputError(`corrupt baseline ${file}`, content, `line ${line}: ${expected}`);
  };
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else wrong(lines.length, lines[lines.length - 1], 'expected the file to end with a newline (is it truncated?)');
  let i = 0;
  let traces = 0;
  while (i < lines.length) {
    if (traces > 0) {
      if (lines[i] !== '') wrong(i + 1, lines[i], 'expected a blank line between traces');
      i++;
    }
    const header = HEADER.exec(lines[i] ?? '');
    if (!header) wrong(i + 1, lines[i], 'expected a trace header "# <label> (<W> coordinates, <S> steps)"');
    const width = Number(header![1]);
    const steps = Number(header![2]);
    i++;
    for (let k = 0; k <= steps; k++, i++) {
      const line = lines[i];
      if (line === undefined) wrong(i, '', `expected ${steps + 1} rows under the header, found ${k} (is it truncated?)`);
      const values = line.startsWith(`${k}: `) ? line.slice(`${k}: `.length).split(' ') : null;
      if (!values) wrong(i + 1, line, `expected row "${k}: " with ${width} values`);
      if (values!.length !== width || !values!.every((v) => NUMBER.test(v))) wrong(i + 1, line, `expected ${width} numbers after "${k}: "`);
    }
    traces++;
  }
  if (traces === 0) wrong(1, text, 'expected at least one trace');
  return text;
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
      const d = firstSnapshotDifference(readBaseline(file), now);
      return d ? fail(`behaviour changed against ${file}: ${describeSnapshotDifference(d)} (accept it with --update-baseline)`) : pass(`the traces match ${file} bit for bit`);
    },
  };
}
