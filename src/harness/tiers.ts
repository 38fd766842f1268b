/**
 * The scale of the deep claims. `smoke` runs on one CPU core in CI (wasm, a
 * few minutes for both specs); `full` is the paper-like scale for a GPU
 * (tensorflow backend) or a long CPU run. Chosen with OPTSPEC_TIER, or
 * `npm run claims:deep -- --tier full`.
 */
export interface Tier {
  readonly name: 'smoke' | 'full';
  /** Image side after downsampling (28 is Fashion-MNIST's own). */
  readonly downsample: number;
  readonly trainImages: number;
  readonly batchSize: number;
  readonly steps: number;
  readonly seeds: number;
  /** Conv layers of the shallow and the deep network (001 Fig. 2 uses 11 and 19). */
  readonly depths: readonly [number, number];
  readonly width: number;
  readonly lr: number;
  readonly pruning: { readonly pretrainSteps: number; readonly fineTuneSteps: number; readonly convs: number };
}

export const TIERS: Readonly<Record<Tier['name'], Tier>> = {
  smoke: {
    name: 'smoke',
    downsample: 2,
    trainImages: 512,
    batchSize: 32,
    steps: 60,
    seeds: 5,
    depths: [2, 6],
    width: 8,
    lr: 0.05,
    pruning: { pretrainSteps: 60, fineTuneSteps: 150, convs: 2 },
  },
  full: {
    name: 'full',
    downsample: 1,
    trainImages: 60_000,
    batchSize: 128,
    steps: 4000,
    seeds: 5,
    depths: [11, 19],
    width: 32,
    lr: 0.01,
    pruning: { pretrainSteps: 2000, fineTuneSteps: 20_000, convs: 13 },
  },
};

/**
 * The tier from OPTSPEC_TIER, with optional overrides for a reduced run
 * (OPTSPEC_STEPS, OPTSPEC_SEEDS, OPTSPEC_DEPTHS as "a,b", OPTSPEC_WIDTH,
 * OPTSPEC_IMAGES, OPTSPEC_DOWNSAMPLE, OPTSPEC_BATCH, OPTSPEC_PRETRAIN_STEPS,
 * OPTSPEC_FINETUNE_STEPS, OPTSPEC_PRUNING_CONVS, OPTSPEC_LR); the report names every value used.
 */
export function tierFromEnv(env: Record<string, string | undefined> = process.env): Tier {
  const name = env.OPTSPEC_TIER ?? 'smoke';
  const base = TIERS[name as Tier['name']];
  if (!base) throw new Error(`OPTSPEC_TIER: expected smoke or full, got ${JSON.stringify(name)}`);
  const int = (key: string, fallback: number) => {
    const v = env[key];
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${key}: expected a positive integer, got ${JSON.stringify(v)}`);
    return n;
  };
  const depths = env.OPTSPEC_DEPTHS ? (env.OPTSPEC_DEPTHS.split(',').map(Number) as [number, number]) : base.depths;
  if (!depths.every((d) => Number.isInteger(d) && d >= 1)) throw new Error(`OPTSPEC_DEPTHS: expected two depths "shallow,deep", got ${JSON.stringify(env.OPTSPEC_DEPTHS)}`);
  if (depths.length !== 2) throw new Error(`OPTSPEC_DEPTHS: expected two depths "shallow,deep", got ${JSON.stringify(env.OPTSPEC_DEPTHS)}`);
  return {
    ...base,
    steps: int('OPTSPEC_STEPS', base.steps),
    lr: env.OPTSPEC_LR === undefined ? base.lr : positiveNumber('OPTSPEC_LR', env.OPTSPEC_LR),
    seeds: int('OPTSPEC_SEEDS', base.seeds),
    width: int('OPTSPEC_WIDTH', base.width),
    trainImages: int('OPTSPEC_IMAGES', base.trainImages),
    downsample: int('OPTSPEC_DOWNSAMPLE', base.downsample),
    batchSize: int('OPTSPEC_BATCH', base.batchSize),
    depths,
    pruning: { ...base.pruning, fineTuneSteps: int('OPTSPEC_FINETUNE_STEPS', base.pruning.fineTuneSteps), pretrainSteps: int('OPTSPEC_PRETRAIN_STEPS', base.pruning.pretrainSteps), convs: int('OPTSPEC_PRUNING_CONVS', base.pruning.convs) },
  };
}

/** True when no override changed the tier: only then do measured expectations apply. */
export function isStockTier(tier: Tier): boolean {
  return JSON.stringify(tier) === JSON.stringify(TIERS[tier.name]);
}

function positiveNumber(key: string, v: string): number {
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new Error(`${key}: expected a number > 0, got ${JSON.stringify(v)}`);
  return n;
}
