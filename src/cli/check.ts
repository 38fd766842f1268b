import { resolve, join } from 'node:path';
import { loadModule } from './load-module.ts';
import { EXPECTATIONS, CHECK_FAMILIES, type CheckFamily, type Maker } from '../check/expectations.ts';
import { InputError } from '../validate/input-error.ts';
import { summarise, type TestOutcome } from '../report/summary.ts';
import { renderReport } from '../report/html.ts';
import { environment } from '../report/environment.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import type { ClaimInfo } from '../report/evidence.ts';

interface CheckArgs {
  module: string;
  exportName: string;
  family: CheckFamily;
  reportDir: string;
}

function parse(args: readonly string[]): CheckArgs {
  let optimizer: string | undefined;
  let family: string | undefined;
  let reportDir = 'reports/check';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = args[i + 1];
    if (a === '--optimizer') (optimizer = value), i++;
    else if (a === '--family') (family = value), i++;
    else if (a === '--report') (reportDir = value), i++;
    else throw new InputError('argument', a, 'expected --optimizer, --family or --report');
  }
  if (!optimizer) throw new InputError('--optimizer', optimizer, 'expected <module>[#export]');
  if (!family || !CHECK_FAMILIES.includes(family as CheckFamily)) throw new InputError('--family', family, `expected one of ${CHECK_FAMILIES.join(', ')}`);
  const [module, exportName = 'default'] = optimizer.split('#');
  return { module, exportName, family: family as CheckFamily, reportDir };
}

async function load(module: string, exportName: string): Promise<Maker> {
  const mod = await loadModule(module);
  const maker = mod[exportName];
  if (typeof maker !== 'function') {
    throw new InputError('--optimizer', `${module}#${exportName}`, `expected the export to be a function ({ lr, momentum? }) => OptimizerFactory; exports: ${Object.keys(mod).join(', ') || 'none'}`);
  }
  return (hyper) => {
    const factory = (maker as Maker)(hyper);
    if (typeof factory !== 'function') throw new InputError(`${exportName}(${JSON.stringify(hyper)})`, factory, 'expected an OptimizerFactory: a function of the parameter count');
    return Object.assign((dim: number) => {
      const opt = factory(dim);
      if (!opt || typeof opt.step !== 'function') throw new InputError(`${exportName}(…)(${dim})`, opt, 'expected an optimizer with a step(params, grad) method');
      return opt;
    }, { optimizerName: factory.optimizerName ?? exportName, family: factory.family ?? 'sgd', hyper: factory.hyper ?? hyper });
  };
}

/**
 * `optspec check`: run the expectations of a family on a user's optimizer,
 * print a conformance table, write the report, and exit 1 when one fails.
 */
export async function check(argv: readonly string[]): Promise<number> {
  const args = parse(argv);
  const make = await load(args.module, args.exportName);
  const name = `${args.module}#${args.exportName}`;
  const outcomes: TestOutcome[] = [];
  const rows: string[] = [];
  let failed = 0;
  for (const e of EXPECTATIONS[args.family]) {
    process.stderr.write(`optspec check: ${e.claim} …\n`);
    let v;
    try {
      v = e.run(make);
    } catch (err) {
      v = { pass: false, failure: `threw: ${(err as Error).message}`, success: '' };
    }
    if (!v.pass) failed++;
    rows.push(`${v.pass ? 'PASS' : 'FAIL'}  ${e.claim.padEnd(26)} ${e.title}\n      ${v.pass ? v.success : v.failure}`);
    const claim: ClaimInfo = { id: e.claim, title: e.claim, paper: '001', section: 'optspec check', statement: e.title };
    outcomes.push({
      file: name,
      name: `${args.family}: ${e.title}`,
      state: v.pass ? 'passed' : 'failed',
      errors: v.pass ? [] : [v.failure],
      evidence: [{ claim, optimizers: [name], status: 'held', precision: 'float64', notes: [v.pass ? v.success : v.failure] }],
    });
  }
  process.stdout.write(`optspec check ${name} as ${args.family}\n\n${rows.join('\n')}\n\n${failed === 0 ? 'all expectations held' : `${failed} expectation(s) violated`}\n`);
  const summary = summarise(outcomes, { ...environment(process.cwd()), 'checked optimizer': name, family: args.family });
  const dir = resolve(args.reportDir);
  writeFileAtomic(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 1)}\n`);
  writeFileAtomic(join(dir, 'index.html'), renderReport(summary));
  process.stdout.write(`report: ${join(dir, 'index.html')}\n`);
  return failed === 0 ? 0 : 1;
}
