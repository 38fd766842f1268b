/**
 * optspec's SGD steps per second against PyTorch's, as a ratio measured in the
 * same run: rounds alternate between the two (PyTorch in one persistent
 * process), so both see the same load from whatever else shares the cores, and
 * the ratio reported is the median of the rounds' ratios. Both sides are timed
 * the same way (bench/timing.py's `rate`: warm-up, then batches of 100 steps).
 *
 * The target is a ratio, issue 19: optspec ≥ 10× PyTorch's steps/s on
 * relu-regression 20×500 and on lasso 20×500 (float64, one thread; PyTorch:
 * autograd + torch.optim.SGD; optspec: closed-form gradients).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BENCH_OPTIMIZERS, BENCH_PROBLEMS, stepper } from './problems.ts';

export const TORCH_PROBLEMS = ['relu-regression 20×500', 'lasso 20×500'];
export const TARGET_RATIO = 10;

export interface TorchRatio {
  problem: string;
  optspec: number;
  pytorch: number;
  /** Median over rounds of optspec's steps/s over PyTorch's in that round. */
  ratio: number;
  rounds: number[];
}

/** Steps per second of `step`, timed as timing.py times PyTorch's. */
function rate(step: () => void, seconds: number): number {
  for (let i = 0; i < 200; i++) step();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    for (let i = 0; i < 100; i++) step();
    n += 100;
  }
  return n / ((performance.now() - start) / 1000);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** PyTorch's side: bench/pytorch_steps.py --serve, asked for one round at a time. */
async function pytorchServer(python: string) {
  const script = fileURLToPath(new URL('./pytorch_steps.py', import.meta.url));
  const child = spawn(python, [script, '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let startError = '';
  child.on('error', (e) => (startError = e.message));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const { value, done } = await lines.next();
    if (done) {
      const code = await exited;
      throw new Error(startError ? `could not start ${python}: ${startError}` : `${python} ${script} --serve exited ${code}; is torch installed there?`);
    }
    return JSON.parse(value) as Record<string, unknown>;
  };
  try {
    const { torch } = await next();
    return {
      torch: String(torch),
      async rate(problem: string, seconds: number): Promise<number> {
        child.stdin.write(`${seconds} ${problem}\n`);
        return (await next()).rate as number;
      },
      async close(): Promise<void> {
        child.stdin.end();
        await exited;
      },
    };
  } catch (e) {
    child.kill();
    await exited;
    throw e;
  }
}

/** Interleaved rounds of PyTorch and optspec on each problem; `seconds` per side per round. */
export async function torchRatios(options: { python?: string; rounds?: number; seconds?: number } = {}): Promise<{ torch: string; ratios: TorchRatio[] }> {
  const python = options.python ?? process.env.OPTSPEC_PYTHON ?? '/usr/bin/python3';
  const rounds = options.rounds ?? 7;
  const seconds = options.seconds ?? 0.5;
  const server = await pytorchServer(python);
  try {
    const steps = Object.fromEntries(TORCH_PROBLEMS.map((p) => [p, stepper(BENCH_PROBLEMS[p](), BENCH_OPTIMIZERS.sgd())]));
    const ours: Record<string, number[]> = {};
    const theirs: Record<string, number[]> = {};
    for (let k = 0; k < rounds; k++) {
      for (const p of TORCH_PROBLEMS) {
        (theirs[p] ??= []).push(await server.rate(p, seconds));
        (ours[p] ??= []).push(rate(steps[p], seconds));
      }
    }
    const ratios = TORCH_PROBLEMS.map((p) => {
      const perRound = ours[p].map((o, k) => o / theirs[p][k]);
      return { problem: p, optspec: median(ours[p]), pytorch: median(theirs[p]), ratio: median(perRound), rounds: perRound };
    });
    return { torch: server.torch, ratios };
  } finally {
    await server.close();
  }
}

/** The ratios as a table, with the target stated beside each. */
export function printTorchRatios(torch: string, ratios: TorchRatio[]): void {
  console.log(`SGD steps per second against PyTorch ${torch}, float64, one thread, measured in the same run (interleaved rounds)`);
  console.table(
    ratios.map((r) => ({
      problem: r.problem,
      'optspec steps/s': Math.round(r.optspec),
      'pytorch steps/s': Math.round(r.pytorch),
      'ratio (median of rounds)': `${r.ratio.toFixed(1)}×`,
      'rounds min–max': `${Math.min(...r.rounds).toFixed(1)}–${Math.max(...r.rounds).toFixed(1)}×`,
      target: `≥ ${TARGET_RATIO}×`,
      met: r.ratio >= TARGET_RATIO ? 'yes' : 'NO',
    })),
  );
}
