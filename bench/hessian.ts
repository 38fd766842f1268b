/**
 * Full Hessians per second of the (1,4,7,1) tanh network, L2 loss, 20 points
 * (51×51, float64), beside torch.autograd.functional.hessian(vectorize=True)
 * on one thread (Debian's python3-torch). Target: at least 3000 per second.
 *
 *   npm run bench:hessian
 */
import { Bench } from 'tinybench';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mlp } from '../src/problems/mlp.ts';
import { rng, uniformArray } from '../src/random/rng.ts';

const r = rng(31);
const net = mlp({
  widths: [1, 4, 7, 1],
  loss: 'l2',
  x: Array.from({ length: 20 }, () => [r.uniform(-1, 1)]),
  y: Array.from({ length: 20 }, () => [r.uniform(-1, 1)]),
});
const beta = uniformArray(rng(1), net.dim, -1, 1);
const bench = new Bench({ time: 2000 });
bench.add('optspec exact Hessian (forward-over-reverse)', () => void net.hessian!(beta));
await bench.run();
const ours = bench.tasks[0].result && 'throughput' in bench.tasks[0].result ? bench.tasks[0].result.throughput.mean : NaN;

let torchRate = NaN;
let torchVersion = 'unavailable';
try {
  const script = fileURLToPath(new URL('./hessian_torch.py', import.meta.url));
  const out = JSON.parse(execFileSync(process.env.OPTSPEC_PYTHON ?? '/usr/bin/python3', [script], { encoding: 'utf8' }));
  torchRate = out.hessians_per_second;
  torchVersion = out.torch;
} catch (err) {
  console.warn(`PyTorch side skipped: ${(err as Error).message.split('\n')[0]}`);
}
console.log(`51×51 Hessians per second, float64, one thread (PyTorch ${torchVersion})`);
console.table([{ optspec: Math.round(ours), pytorch: Math.round(torchRate), ratio: `${(ours / torchRate).toFixed(1)}×`, target: '≥ 3000', met: ours >= 3000 }]);
