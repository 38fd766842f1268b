import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { CheckFamily, Dialect, Precision } from '../check/expectations.ts';
import { CHECK_FAMILIES, FAMILIES, dialectsOf } from '../check/families.ts';
import { openSession, type CheckSession } from './check-session.ts';
import { runCheck, allHeld, type CheckResult } from '../check/run-check.ts';
import { baselineExpectation, readBaseline } from '../check/baseline.ts';
import { junitXml } from '../check/junit.ts';
import { writeCheckReport } from '../check/report.ts';
import { InputError } from '../validate/input-error.ts';
import { parseCommand } from './options/parse.ts';
import { CHECK, hyperGrid, jsonSettings, moduleExport, nameList, seconds } from './options/check.ts';
import { checkOutputPath } from './output-paths.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';

export interface CheckArgs {
  /** `<module>#<export>` or, with --command, the command that starts an external optimizer; absent with --torch. */
  optimizer?: { module: string; exportName: string } | { command: string };
  /** --torch <module.Class>: a PyTorch optimizer class, run through optspec's adapter. */
  torch?: string;
  /** --torch-set key=json, passed through to the PyTorch class. */
  torchSet: Record<string, unknown>;
  /** Absent when a user reference or declared properties stand without a textbook rule. */
  family?: CheckFamily;
  dialect: Dialect;
  precision: Precision;
  /** --reference <module>[#export]: the user's own reference implementation. */
  reference?: { module: string; exportName: string };
  /** --reference-command "<cmd>": the user's own reference, in another language. */
  referenceCommand?: string;
  /** --hyper name=v1,v2,…: hyperparameters the gate varies, each with its values. */
  hyper: Record<string, (number | boolean)[]>;
  /** --without: options of the family the optimizer lacks. */
  without: string[];
  /** --skip and --only: expectation ids. */
  skip: string[];
  only: string[];
  /** --declare: properties the optimizer has, each implying relations. */
  declare: string[];
  /** Seconds one step may take, and an adapter may take to start. */
  stepTimeout?: number;
  startTimeout?: number;
  reportDir: string;
  junit?: string;
  baseline?: string;
  updateBaseline: boolean;
}

/** check's argv, every value's shape and every output path checked before anything runs. */
export function parse(args: readonly string[]): CheckArgs {
  const { values: v } = parseCommand(CHECK, args);
  const makers = (['optimizer', 'command', 'torch'] as const).filter((k) => v[k] !== undefined);
  if (makers.length === 0) throw new InputError('--optimizer', undefined, 'expected <module>[#export] (or --command "<cmd>" for an optimizer in another language, or --torch <module.Class>)');
  if (makers.length > 1) throw new InputError(`--${makers[1]}`, v[makers[1]], `expected one of --optimizer, --command and --torch, not --${makers[0]} and --${makers[1]}`);
  if (v.command !== undefined && v.command.trim() === '') throw new InputError('--command', v.command, 'expected the shell command that starts the adapter');
  if (v.torch !== undefined && !/^[A-Za-z_][\w.]*\.[A-Za-z_]\w*$/.test(v.torch)) throw new InputError('--torch', v.torch, 'expected <module.Class>, e.g. torch.optim.AdamW');
  if (v.reference !== undefined && v['reference-command'] !== undefined) throw new InputError('--reference-command', v['reference-command'], 'expected either --reference or --reference-command, not both');
  if (v['reference-command'] !== undefined && v['reference-command'].trim() === '') throw new InputError('--reference-command', v['reference-command'], 'expected the shell command that starts the reference adapter');
  const family = v.family as CheckFamily | undefined;
  if (family !== undefined && !(CHECK_FAMILIES as readonly string[]).includes(family)) throw new InputError('--family', family, `expected one of ${CHECK_FAMILIES.join(', ')}`);
  if (family === undefined && v.dialect !== undefined) throw new InputError('--dialect', v.dialect, 'a dialect is a version of a family\'s rule: give --family too');
  // A family's first dialect is its default.
  const dialect = (v.dialect ?? (family === undefined ? 'pytorch' : dialectsOf(family)[0])) as Dialect;
  if (family !== undefined && !dialectsOf(family).includes(dialect)) throw new InputError('--dialect', dialect, `expected one of ${dialectsOf(family).join(', ')} for ${family}`);
  // A family's own default precision (Muon: bfloat16, as every published Muon computes its Newton–Schulz).
  const precision = (v.precision ?? (family === undefined ? undefined : FAMILIES[family].precision) ?? 'float64') as Precision;
  if (!['float64', 'float32', 'bfloat16'].includes(precision)) throw new InputError('--precision', precision, 'expected float64, float32 or bfloat16');
  const list = (flag: 'without' | 'skip' | 'only' | 'declare') => (v[flag] === undefined ? [] : nameList(`--${flag}`, v[flag]));
  const reportDir = v.report ?? 'reports/check';
  checkOutputPath('--report', reportDir, 'dir');
  if (v.junit !== undefined) checkOutputPath('--junit', v.junit, 'file');
  if (v['update-baseline'] && v.baseline === undefined) throw new InputError('--update-baseline', undefined, 'expected --baseline FILE beside it');
  if (v.baseline !== undefined) checkOutputPath('--baseline', v.baseline, 'file', { write: v['update-baseline'] });
  return {
    optimizer: v.optimizer !== undefined ? moduleExport('--optimizer', v.optimizer) : v.command !== undefined ? { command: v.command } : undefined,
    torch: v.torch,
    torchSet: jsonSettings('--torch-set', v['torch-set']),
    family,
    dialect,
    precision,
    reference: v.reference === undefined ? undefined : moduleExport('--reference', v.reference),
    referenceCommand: v['reference-command'],
    hyper: hyperGrid('--hyper', v.hyper),
    without: list('without'),
    skip: list('skip'),
    only: list('only'),
    declare: list('declare'),
    stepTimeout: v['step-timeout'] === undefined ? undefined : seconds('--step-timeout', v['step-timeout']),
    startTimeout: v['start-timeout'] === undefined ? undefined : seconds('--start-timeout', v['start-timeout']),
    reportDir,
    junit: v.junit,
    baseline: v.baseline,
    updateBaseline: v['update-baseline'],
  };
}

/** The conformance table: one line per expectation, and one line of reason under each. */
export function table(results: readonly CheckResult[]): string {
  return results
    .map(({ expectation: e, outcome: o }) => `${o.pass ? (o.skipped ? 'SKIP' : 'PASS') : 'FAIL'}  ${e.id.padEnd(36)} ${e.title}\n      ${o.pass ? o.success : o.failure}`)
    .join('\n');
}

/** The not-checked list under the table: declared missing options, skipped expectations, each with why. */
export function notCheckedText(session: { plan: { notChecked: readonly { what: string; why: string }[] } }, results: readonly CheckResult[]): string {
  const skipped = results.filter((r) => r.outcome.skipped).map((r) => ({ what: r.expectation.id, why: r.outcome.success }));
  const all = [...session.plan.notChecked, ...skipped];
  return all.length ? `not checked:\n${all.map((n) => `  ${n.what}: ${n.why}`).join('\n')}\n\n` : '';
}

/**
 * `optspec check`: run the expectations of a family (or of the user's own
 * reference and declared properties) on a user's optimizer, print a
 * conformance table and what was not checked, write the report (and JUnit
 * XML), and exit 1 when one fails.
 */
export async function check(argv: readonly string[]): Promise<number> {
  const args = parse(argv);
  // A corrupt baseline is bad input, refused before anything runs.
  if (args.baseline && !args.updateBaseline && existsSync(args.baseline)) readBaseline(args.baseline);
  // The optimizer (and the user's reference) start before any expectation runs: one that does not start or answer is one line, exit 2.
  const session = await openSession(args);
  try {
    return report(args, session);
  } finally {
    session.close();
  }
}

function report(args: CheckArgs, session: CheckSession): number {
  const { ctx, name, gate } = session;
  const results = runCheck(ctx, (e) => process.stderr.write(`optspec check: ${e.id} …\n`), session.plan.expectations, gate);
  if (args.baseline) {
    if (ctx.family === undefined) throw new InputError('--baseline', args.baseline, 'stores the traces of a family\'s base configuration: give --family too');
    const [b] = runCheck(ctx, undefined, [baselineExpectation(args.baseline, { update: args.updateBaseline, ci: Boolean(process.env.CI) })], gate);
    results.push(b);
  }
  const failed = results.filter((r) => !r.outcome.pass).length;
  const against = ctx.reference ? ` against ${ctx.reference.name}` : '';
  // A check with nothing to compare with is allowed (the universal contracts run), but said, so nobody mistakes it for a full check.
  const bare = args.family === undefined && !ctx.reference && args.declare.length === 0 ? ': only the contracts every optimizer keeps (no --family, --reference or --declare)' : '';
  const as = args.family === undefined ? `with no family${against}${bare}` : `as ${args.family} (${args.dialect} dialect${against})`;
  const heading = `optspec check ${name} ${as}, ${args.precision}`;
  const notChecked = [...session.plan.notChecked, ...results.filter((r) => r.outcome.skipped).map((r) => ({ what: r.expectation.id, why: r.outcome.success }))];
  process.stdout.write(`${heading}\n\n${table(results)}\n\n${notCheckedText(session, results)}${allHeld(results) ? 'all expectations held' : `${failed} expectation(s) violated`}\n`);
  const env: Record<string, string> = { 'checked optimizer': name, family: args.family ?? 'none', dialect: args.dialect, precision: args.precision };
  if (ctx.reference) env.reference = ctx.reference.name;
  const page = writeCheckReport(args.reportDir, [{ name, results, notChecked: session.plan.notChecked }], env);
  process.stdout.write(`report: ${page}\n`);
  if (args.junit) writeFileAtomic(resolve(args.junit), junitXml(heading, args.family ?? 'none', results, notChecked));
  return failed === 0 ? 0 : 1;
}
