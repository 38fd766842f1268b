/**
 * optspec against PyTorch, side by side in one run: SGD steps per second on
 * relu-regression 20×500 and lasso 20×500, both float64 and single-threaded
 * (PyTorch: autograd + torch.optim.SGD; optspec: closed-form gradients).
 * Needs Debian's python3-torch (/usr/bin/python3).
 *
 *   npm run bench:torch
 */
import { Bench } from 'tinybench';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BENCH_OPTIMIZERS, BENCH_PROBLEMS, stepper } from './problems.ts';

const PROBLEMS = ['relu-regression 20×500', 'lasso 20×500'];
const python = process.env.OPTSPEC_PYTHON ?? '/usr/bin/python3';
const script = fileURLToPath(new URL('./pytorch_steps.py', import.meta.url));

const torch = JSON.parse(execFileSync(python, [script, '1.0'], { encoding: 'utf8' })) as Record<string, number | string>;
const bench = new Bench({ time: 1000 });
for (const p of PROBLEMS) bench.add(p, stepper(BENCH_PROBLEMS[p](), BENCH_OPTIMIZERS.sgd()));
await bench.run();

console.log(`SGD steps per second, float64, one thread (PyTorch ${torch.torch})`);
console.table(
  bench.tasks.map((t) => {
    const ours = t.result && 'throughput' in t.result ? t.result.throughput.mean : NaN;
    const theirs = torch[t.name] as number;
    return { problem: t.name, optspec: Math.round(ours), pytorch: Math.round(theirs), ratio: `${(ours / theirs).toFixed(1)}×` };
  }),
);
