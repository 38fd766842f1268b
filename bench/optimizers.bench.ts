/**
 * Steps per second of every reference optimizer on every problem (float64).
 * A step is an update plus the loss and gradient at the new point, as in a trace.
 * Then SGD against PyTorch on relu-regression and lasso 20×500, as ratios
 * measured in the same run beside their target (bench/torch-ratio.ts).
 *
 *   npm run bench
 */
import { Bench } from 'tinybench';
import { BENCH_OPTIMIZERS, BENCH_PROBLEMS, stepper } from './problems.ts';
import { printTorchRatios, torchRatios } from './torch-ratio.ts';

const bench = new Bench({ time: 300 });
for (const [p, makeP] of Object.entries(BENCH_PROBLEMS)) {
  for (const [o, makeO] of Object.entries(BENCH_OPTIMIZERS)) bench.add(`${o} on ${p}`, stepper(makeP(), makeO()));
}
await bench.run();
console.table(
  bench.tasks.map((t) => ({
    task: t.name,
    'steps/s': t.result && 'throughput' in t.result ? Math.round(t.result.throughput.mean) : 'n/a',
  })),
);

try {
  const { torch, ratios } = await torchRatios();
  printTorchRatios(torch, ratios);
} catch (e) {
  // Without Debian's torch the rest of the bench still runs; the comparison says why it is missing.
  console.log(`SGD against PyTorch: not measured (${e instanceof Error ? e.message : String(e)})`);
}
