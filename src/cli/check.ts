import { resolve, join } from 'node:path';
import { loadModule } from './load-module.ts';
import { CHECK_FAMILIES, type CheckFamily, type Maker, type Dialect, type Precision } from '../check/expectations.ts';
import { baseHyper, dialectsOf } from '../check/families.ts';
import { closeCommands, commandMaker } from '../protocol/index.ts';
import { runCheck, allHeld, type CheckResult } from '../check/run-check.ts';
import { baselineExpectation } from '../check/baseline.ts';
import { junitXml } from '../check/junit.ts';
import { checkReport } from '../check/report.ts';
import { InputError } from '../validate/input-error.ts';
import { renderReport } from '../report/html.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';

interface CheckArgs {
  /** `<module>#<export>` or, with --command, the command that starts an external optimizer. */
  optimizer: { module: string; exportName: string } | { command: string };
  family: CheckFamily;
  dialect: Dialect;
  precision: Precision;
  reportDir: string;
  junit?: string;
  baseline?: string;
  updateBaseline: boolean;
}

const VALUE_FLAGS = ['--optimizer', '--command', '--family', '--dialect', '--precision', '--report', '--junit', '--baseline'] as const;

function parse(args: readonly string[]): CheckArgs {
  const given: Record<string, string> = {};
  let updateBaseline = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--update-baseline') updateBaseline = true;
    else if ((VALUE_FLAGS as readonly string[]).includes(a)) {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) throw new InputError(a, value, 'expected a value');
      given[a] = value;
    } else throw new InputError('argument', a, `expected one of ${VALUE_FLAGS.join(', ')}, --update-baseline`);
  }
  const optimizer = given['--optimizer'];
  const command = given['--command'];
  if (optimizer !== undefined && command !== undefined) throw new InputError('--command', command, 'expected either --optimizer or --command, not both');
  if (!optimizer && !command) throw new InputError('--optimizer', optimizer, 'expected <module>[#export] (or --command "<cmd>" for an optimizer in another language)');
  const family = given['--family'] as CheckFamily;
  if (!CHECK_FAMILIES.includes(family)) throw new InputError('--family', family, `expected one of ${CHECK_FAMILIES.join(', ')}`);
  const dialect = (given['--dialect'] ?? 'pytorch') as Dialect;
  if (!dialectsOf(family).includes(dialect)) throw new InputError('--dialect', dialect, `expected one of ${dialectsOf(family).join(', ')} for ${family}`);
  const precision = (given['--precision'] ?? 'float64') as Precision;
  if (precision !== 'float64' && precision !== 'float32') throw new InputError('--precision', precision, 'expected float64 or float32');
  const [module, exportName = 'default'] = (optimizer ?? '').split('#');
  return { optimizer: command ? { command } : { module, exportName }, family, dialect, precision, reportDir: given['--report'] ?? 'reports/check', junit: given['--junit'], baseline: given['--baseline'], updateBaseline };
}

/** The user's maker from `<module>#<export>`, each optimizer it makes checked for shape. */
export async function loadMaker(module: string, exportName: string): Promise<Maker> {
  const mod = await loadModule(module);
  const maker = mod[exportName];
  if (typeof maker !== 'function') {
    throw new InputError('--optimizer', `${module}#${exportName}`, `expected the export to be a function (hyper) => OptimizerFactory; exports: ${Object.keys(mod).join(', ') || 'none'}`);
  }
  return (hyper) => {
    const factory = (maker as Maker)(hyper);
    if (typeof factory !== 'function') throw new InputError(`${exportName}(${JSON.stringify(hyper)})`, factory, 'expected an OptimizerFactory: a function of the parameter count');
    return Object.assign((dim: number) => {
      const opt = factory(dim);
      if (!opt || typeof opt.step !== 'function') throw new InputError(`${exportName}(…)(${dim})`, opt, 'expected an optimizer with a step(params, grad) method');
      return opt;
    }, { optimizerName: factory.optimizerName ?? exportName, hyper: factory.hyper ?? hyper });
  };
}

/** The conformance table: one line per expectation, and one line of reason under each. */
export function table(results: readonly CheckResult[]): string {
  return results
    .map(({ expectation: e, outcome: o }) => `${o.pass ? (o.skipped ? 'SKIP' : 'PASS') : 'FAIL'}  ${e.id.padEnd(36)} ${e.title}\n      ${o.pass ? o.success : o.failure}`)
    .join('\n');
}

/**
 * `optspec check`: run the expectations of a family on a user's optimizer,
 * print a conformance table, write the report (and JUnit XML), and exit 1
 * when one fails.
 */
export async function check(argv: readonly string[]): Promise<number> {
  const args = parse(argv);
  const o = args.optimizer;
  // An external optimizer is sent only its family's hyperparameters, in optspec's names.
  const make = 'command' in o ? commandMaker(o.command, { hyperKeys: Object.keys(baseHyper(args.family, args.dialect)) }) : await loadMaker(o.module, o.exportName);
  const name = 'command' in o ? o.command : `${o.module}#${o.exportName}`;
  try {
    return report(args, name, make);
  } finally {
    if ('command' in o) closeCommands();
  }
}

function report(args: CheckArgs, name: string, make: Maker): number {
  const ctx = { make, family: args.family, dialect: args.dialect, precision: args.precision };
  const results = runCheck(ctx, (e) => process.stderr.write(`optspec check: ${e.id} …\n`));
  if (args.baseline) {
    const [b] = runCheck(ctx, undefined, [baselineExpectation(args.baseline, { update: args.updateBaseline, ci: Boolean(process.env.CI) })]);
    results.push(b);
  }
  const failed = results.filter((r) => !r.outcome.pass).length;
  const heading = `optspec check ${name} as ${args.family} (${args.dialect} dialect, ${args.precision})`;
  process.stdout.write(`${heading}\n\n${table(results)}\n\n${allHeld(results) ? 'all expectations held' : `${failed} expectation(s) violated`}\n`);
  const summary = checkReport([{ name, results }], { 'checked optimizer': name, family: args.family, dialect: args.dialect, precision: args.precision });
  const dir = resolve(args.reportDir);
  writeFileAtomic(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 1)}\n`);
  writeFileAtomic(join(dir, 'index.html'), renderReport(summary));
  process.stdout.write(`report: ${join(dir, 'index.html')}\n`);
  if (args.junit) writeFileAtomic(resolve(args.junit), junitXml(heading, args.family, results));
  return failed === 0 ? 0 : 1;
}
