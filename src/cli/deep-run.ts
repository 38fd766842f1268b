/**
 * `deep-run`: the deep experiments without vitest, for a GPU machine that has
 * only what scripts/gpu-run.sh carries there. Runs relu-vs-gelu and/or
 * l1-pruning at the tier OPTSPEC_* describes, prints progress per run, and
 * after every run rewrites one summary (atomically) holding the command, the
 * backend and its adapter, the tier, wall times, ms per step and each run's
 * result, so an interrupted run leaves what it finished. With
 * OPTSPEC_CHECKPOINT_DIR it resumes where it stopped.
 *
 *   tsx src/cli/deep-run.ts [--experiment all|relu-vs-gelu|l1-pruning] [--out fixtures/deep] [--name NAME]
 */
import { join } from 'node:path';
import { selectBackend, type BackendChoice } from '../harness/backend.ts';
import { loadImages } from '../harness/data/fashion-mnist.ts';
import { tierFromEnv } from '../harness/tiers.ts';
import { reluVsGeluRuns, type Run } from '../harness/experiments/relu-vs-gelu.ts';
import { l1PruningRuns, type PruningRun } from '../harness/experiments/l1-pruning.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';

const EXPERIMENTS = ['all', 'relu-vs-gelu', 'l1-pruning'] as const;

function options(argv: string[]): { experiment: (typeof EXPERIMENTS)[number]; out: string; name?: string } {
  const o: { experiment: (typeof EXPERIMENTS)[number]; out: string; name?: string } = { experiment: 'all', out: 'fixtures/deep' };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--experiment' && EXPERIMENTS.includes(value as never)) o.experiment = value as (typeof EXPERIMENTS)[number];
    else if (flag === '--out' && value) o.out = value;
    else if (flag === '--name' && value) o.name = value;
    else throw new Error(`deep-run: ${flag}: expected --experiment ${EXPERIMENTS.join('|')}, --out DIR or --name NAME, got ${JSON.stringify(value)}`);
  }
  return o;
}

/** Every `every`-th point of a curve, so a 4000-step loss fits in a summary. */
const thin = (xs: readonly number[], most = 200) => xs.filter((_, i) => i % Math.max(1, Math.ceil(xs.length / most)) === 0);

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  const started = new Date();
  // The tier first: a bad OPTSPEC_* value is refused before a backend is started.
  const tier = tierFromEnv();
  const backend = await selectBackend((process.env.OPTSPEC_BACKEND ?? 'auto') as BackendChoice);
  const data = loadImages({ limit: tier.trainImages, seed: 11, downsample: tier.downsample, pad: tier.pad, normalise: true, dir: process.env.OPTSPEC_FASHION_MNIST_DIR });
  const file = join(o.out, `${o.name ?? `${tier.name}-${backend.name}`}.runs.json`);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  say(`deep-run (${tier.name}): ${backend.device}; ${backend.reason}\n  data ${data.source}\n  summary ${file}`);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('OPTSPEC_')));
  const summary = {
    format: 'optspec-deep-runs/1',
    started: started.toISOString(),
    command: { argv: process.argv.slice(2), env },
    node: process.version,
    backend: { name: backend.name, device: backend.device, reason: backend.reason, adapter: backend.adapter, precision: backend.precision },
    tier,
    data: data.source,
    wallSeconds: {} as Record<string, number>,
    reluVsGelu: [] as (Omit<Run, 'loss'> & { msPerStep: number; lossEvery: number[] })[],
    l1Pruning: [] as (Omit<PruningRun, 'l1Curve'> & { l1Every: number[] })[],
  };
  const save = () => writeFileAtomic(file, `${JSON.stringify(summary, null, 1)}\n`);
  const clock = (label: string) => {
    const t0 = Date.now();
    return (done: number, total: number, what: string) => {
      summary.wallSeconds[label] = (Date.now() - t0) / 1000;
      save();
      say(`[${label} ${tier.name}] ${done}/${total} ${what} (${summary.wallSeconds[label].toFixed(0)} s)`);
    };
  };
  if (o.experiment !== 'l1-pruning') {
    const log = clock('relu-vs-gelu');
    await reluVsGeluRuns(tier, data, (done, total, r) => {
      const { loss, ...rest } = r;
      summary.reluVsGelu.push({ ...rest, msPerStep: r.wallMs / loss.length, lossEvery: thin(loss) });
      log(done, total, `${r.init}, ${r.batchNorm ? 'BN' : 'no BN'}, ${r.depth} convs, ${r.activation}, seed ${r.seed}: AUC ${r.auc.toFixed(4)}, ${(r.wallMs / loss.length).toFixed(1)} ms/step`);
    }, process.env.OPTSPEC_CHECKPOINT_DIR);
  }
  if (o.experiment !== 'relu-vs-gelu') {
    const log = clock('l1-pruning');
    await l1PruningRuns(tier, data, (done, total, r) => {
      const { l1Curve, ...rest } = r;
      summary.l1Pruning.push({ ...rest, l1Every: thin(l1Curve) });
      log(done, total, `${r.optimizer}, λ = ${r.lambda}: |w| < 1e-5 for ${(100 * r.tinyFraction).toFixed(2)}%, ‖w‖₁ = ${r.l1Norm.toFixed(2)}`);
    }, undefined, process.env.OPTSPEC_CHECKPOINT_DIR);
  }
  save();
  say(`deep-run: done in ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s → ${file}`);
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    // One line either way; bad input (an OPTSPEC_* value, a flag) exits 2, a failed run 1.
    process.stderr.write(`deep-run: ${String(err?.message ?? err).split('\n')[0]}\n`);
    process.exit(err?.name === 'InputError' || String(err?.message).startsWith('OPTSPEC_') || String(err?.message).startsWith('deep-run:') ? 2 : 1);
  },
);
