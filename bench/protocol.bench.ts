/**
 * Steps per second through the stepping protocol: torch.optim.Adam (float64)
 * behind python/optspec_torch.py, stepped from optspec, beside the same
 * optimizer called in-process from Python, for P = 10 and P = 1000. Needs
 * Debian's python3-torch (/usr/bin/python3).
 *
 *   npm run bench:protocol
 */
import { Bench } from 'tinybench';
import { execFileSync } from 'node:child_process';
import { commandOptimizer, closeCommands } from '../src/protocol/index.ts';
import { adam } from '../src/optimizers/index.ts';
import { rng, uniformArray } from '../src/random/rng.ts';

const python = process.env.OPTSPEC_PYTHON ?? '/usr/bin/python3';
const adapter = (cls: string) => `${python} python/optspec_torch.py ${cls}`;
const SIZES = [10, 1000];

// The peer runs before and after optspec's tasks and its mean is used, so load that comes and goes on a shared machine falls on both sides.
const peer = () => JSON.parse(execFileSync(python, ['bench/protocol_inprocess.py', '1.0', ...SIZES.map(String)], { encoding: 'utf8' })) as Record<string, number | string>;
const before = peer();
const bench = new Bench({ time: 1000 });
for (const P of SIZES) {
  const r = rng(P);
  const grad = uniformArray(r, P, -1, 1);
  const through = commandOptimizer(adapter('torch.optim.Adam'), { lr: 1e-3 })(P);
  const params = uniformArray(r, P, -1, 1);
  bench.add(`protocol P=${P}`, () => through.step(params, grad));
  const reference = adam({ lr: 1e-3 })(P);
  const mine = uniformArray(r, P, -1, 1);
  bench.add(`reference P=${P}`, () => reference.step(mine, grad));
}
await bench.run();
const after = peer();
const inProcess: Record<string, number | string> = { torch: before.torch };
for (const P of SIZES) inProcess[P] = ((before[P] as number) + (after[P] as number)) / 2;
const rate = (name: string) => {
  const t = bench.tasks.find((x) => x.name === name);
  return t?.result && 'throughput' in t.result ? t.result.throughput.mean : NaN;
};
console.log(`torch.optim.Adam steps per second, float64, one thread (PyTorch ${inProcess.torch})`);
console.table(
  SIZES.map((P) => {
    const ours = rate(`protocol P=${P}`);
    const theirs = inProcess[P] as number;
    return {
      P,
      'through the protocol': Math.round(ours),
      'in-process Python': `${Math.round(theirs)} (${Math.round(before[P] as number)}, ${Math.round(after[P] as number)})`,
      'protocol / in-process': `${(ours / theirs).toFixed(2)}×`,
      'optspec reference (JS)': Math.round(rate(`reference P=${P}`)),
    };
  }),
);

closeCommands();
