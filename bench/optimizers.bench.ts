/**
 * Steps per second of every reference optimizer on every problem (float64).
 * A step is an update plus the loss and gradient at the new point, as in a trace.
 *
 *   npm run bench
 */
import { Bench } from 'tinybench';
import { BENCH_OPTIMIZERS, BENCH_PROBLEMS, stepper } from './problems.ts';

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
