/**
 * Wall time of a full `optspec check` of one optimizer, as a user runs it in
 * CI (a fresh process: start-up, loading the module, every expectation,
 * writing the report), beside the same process doing nothing but start up
 * (`optspec --help`), measured in the same run. The budgets, on the
 * project's 2-core machine: 10 s for an optimizer in-process, 30 s for a
 * torch.optim class through the PyTorch adapter (every option swept, the
 * 10,000-step horizon included).
 *
 *   npm run bench
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BUDGET_S = 10;
const ADAPTER_BUDGET_S = 30;
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

// Through the adapter: Debian's torch 1.13 at /usr/bin/python3, one run each (each takes seconds).
const adapter = [['torch.optim.Adam', 'adam'], ['torch.optim.SGD', 'momentum']].map(([cls, family]) => {
  const t0 = performance.now();
  const res = spawnSync(process.execPath, ['bin/optspec.js', 'check', '--command', `/usr/bin/python3 python/optspec_torch.py ${cls}`, '--family', family, '--report', report], { encoding: 'utf8' });
  const s = (performance.now() - t0) / 1000;
  if (res.status !== 0) throw new Error(`optspec check ${cls} exited ${res.status}: ${res.stdout}${res.stderr}`);
  return { check: `${cls} as ${family}, through the adapter`, 'wall s': s.toFixed(2), '× start-up': (s / startup).toFixed(1), [`under ${ADAPTER_BUDGET_S} s`]: s < ADAPTER_BUDGET_S ? 'yes' : 'NO' };
});
console.table(adapter);
