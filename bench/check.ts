/**
 * Wall time of a full `optspec check` of one optimizer, as a user runs it in
 * CI (a fresh process: start-up, loading the module, every expectation,
 * writing the report), beside the same process doing nothing but start up
 * (`optspec --help`), measured in the same run. The budget is 10 s on the
 * project's 2-core machine.
 *
 *   npm run bench
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BUDGET_S = 10;
const REPEATS = 3;
const report = mkdtempSync(join(tmpdir(), 'optspec-bench-check-'));

function wall(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    const res = spawnSync(process.execPath, ['bin/optspec.js', ...args], { encoding: 'utf8' });
    times.push((performance.now() - t0) / 1000);
    if (res.status !== 0) throw new Error(`optspec ${args.join(' ')} exited ${res.status}: ${res.stdout}${res.stderr}`);
  }
  return times.sort((a, b) => a - b)[Math.floor(REPEATS / 2)];
}

const startup = wall(['--help']);
const rows = [['adam', 'adam'], ['sgd', 'sgd'], ['momentum', 'momentum'], ['adagrad', 'adagrad']].map(([name, family]) => {
  const s = wall(['check', '--optimizer', `examples/optimizers.ts#${name}`, '--family', family, '--report', report]);
  return { check: `${name} as ${family}`, 'wall s (median of 3)': s.toFixed(2), '× start-up': (s / startup).toFixed(1), [`under ${BUDGET_S} s`]: s < BUDGET_S ? 'yes' : 'NO' };
});
console.log(`optspec start-up alone (optspec --help): ${startup.toFixed(2)} s`);
console.table(rows);
