/**
 * The scale of the deep claims. `smoke` runs on one CPU core in CI (wasm, a
 * few minutes for both specs); `full` is 001 App. A.1's scale for a GPU
 * (webgpu or tensorflow backend): kuangliu's VGG11 and VGG19 (8 and 16 conv
 * layers, base width 64, average pooling) on Fashion-MNIST zero-padded to
 * CIFAR-10's 32×32, and L1 pruning on the VGG16 shape (13 convs). Chosen
 * with OPTSPEC_TIER, or `npm run claims:deep -- --tier full`.
 */
import { VGG } from './models.ts';
import { InputError } from '../validate/input-error.ts';

export interface Tier {
  readonly name: 'smoke' | 'full';
  /** Image side after downsampling (28 is Fashion-MNIST's own). */
  readonly downsample: number;
  /** Zero padding on every side after downsampling (2: 28×28 → 32×32). */
  readonly pad: number;
  /** 'vgg': kuangliu's VGG configurations (models.ts VGG); 'compact': the CPU tiers' small nets. */
  readonly architecture: 'compact' | 'vgg';
  readonly trainImages: number;
  readonly batchSize: number;
  readonly steps: number;
  readonly seeds: number;
  /** Conv layers of the shallow and the deep network (001 Fig. 2 uses VGG11 and VGG19: 8 and 16 convs). */
  readonly depths: readonly [number, number];
  readonly width: number;
  readonly lr: number;
  readonly pruning: { readonly pretrainSteps: number; readonly fineTuneSteps: number; readonly convs: number };
}

export const TIERS: Readonly<Record<Tier['name'], Tier>> = {
  smoke: {
    name: 'smoke',
    downsample: 2,
    pad: 0,
    architecture: 'compact',
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
    pad: 2,
    architecture: 'vgg',
    trainImages: 60_000,
    batchSize: 128,
    steps: 4000,
    seeds: 5,
    depths: [8, 16],
    width: 64,
    lr: 0.01,
    pruning: { pretrainSteps: 2000, fineTuneSteps: 20_000, convs: 13 },
  },
};

/**
 * The tier from OPTSPEC_TIER, with optional overrides for a reduced run
 * (OPTSPEC_STEPS, OPTSPEC_SEEDS, OPTSPEC_DEPTHS as "a,b", OPTSPEC_WIDTH,
 * OPTSPEC_IMAGES, OPTSPEC_DOWNSAMPLE, OPTSPEC_BATCH, OPTSPEC_PRETRAIN_STEPS,
 * OPTSPEC_FINETUNE_STEPS, OPTSPEC_PRUNING_CONVS, OPTSPEC_LR, OPTSPEC_PAD, OPTSPEC_ARCH; OPTSPEC_EPOCHS and
 * OPTSPEC_FINETUNE_EPOCHS count steps in passes over the images instead); the report names every value used.
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
  const trainImages = int('OPTSPEC_IMAGES', base.trainImages);
  const batchSize = int('OPTSPEC_BATCH', base.batchSize);
  if (batchSize > trainImages) throw new Error(`OPTSPEC_BATCH: expected at most the ${trainImages} images, got ${batchSize}`);
  const epochs = (key: string, fallback: number) => (env[key] === undefined ? fallback : int(key, 0) * Math.floor(trainImages / batchSize));
  if (env.OPTSPEC_EPOCHS !== undefined && env.OPTSPEC_STEPS !== undefined) throw new Error('OPTSPEC_EPOCHS and OPTSPEC_STEPS: give one of them, not both');
  if (env.OPTSPEC_FINETUNE_EPOCHS !== undefined && env.OPTSPEC_FINETUNE_STEPS !== undefined) throw new Error('OPTSPEC_FINETUNE_EPOCHS and OPTSPEC_FINETUNE_STEPS: give one of them, not both');
  const architecture = (env.OPTSPEC_ARCH ?? base.architecture) as Tier['architecture'];
  if (architecture !== 'vgg' && architecture !== 'compact') throw new Error(`OPTSPEC_ARCH: expected vgg or compact, got ${JSON.stringify(env.OPTSPEC_ARCH)}`);
  const pad = env.OPTSPEC_PAD === undefined ? base.pad : Number(env.OPTSPEC_PAD);
  if (!Number.isInteger(pad) || pad < 0) throw new Error(`OPTSPEC_PAD: expected an integer ≥ 0, got ${JSON.stringify(env.OPTSPEC_PAD)}`);
  const downsample = int('OPTSPEC_DOWNSAMPLE', base.downsample);
  if (architecture === 'vgg') {
    const convs = [...depths, int('OPTSPEC_PRUNING_CONVS', base.pruning.convs)];
    const bad = convs.find((d) => !VGG[d]);
    if (bad !== undefined) throw new Error(`OPTSPEC_DEPTHS or OPTSPEC_PRUNING_CONVS: the VGG nets have ${Object.keys(VGG).join(', ')} convs (VGG11, 13, 16, 19), got ${bad}; OPTSPEC_ARCH=compact takes any depth`);
    // Five 2×2 poolings: the image must be at least 32 pixels a side.
    const side = Math.floor(28 / downsample) + 2 * pad;
    if (side < 32) throw new Error(`OPTSPEC_DOWNSAMPLE, OPTSPEC_PAD: the VGG nets need images of at least 32×32, got ${side}×${side}`);
  }
  const tier: Tier = {
    ...base,
    pad,
    architecture,
    steps: epochs('OPTSPEC_EPOCHS', int('OPTSPEC_STEPS', base.steps)),
    lr: env.OPTSPEC_LR === undefined ? base.lr : positiveNumber('OPTSPEC_LR', env.OPTSPEC_LR),
    seeds: int('OPTSPEC_SEEDS', base.seeds),
    width: int('OPTSPEC_WIDTH', base.width),
    trainImages,
    downsample,
    batchSize,
    depths,
    pruning: { ...base.pruning, fineTuneSteps: epochs('OPTSPEC_FINETUNE_EPOCHS', int('OPTSPEC_FINETUNE_STEPS', base.pruning.fineTuneSteps)), pretrainSteps: int('OPTSPEC_PRETRAIN_STEPS', base.pruning.pretrainSteps), convs: int('OPTSPEC_PRUNING_CONVS', base.pruning.convs) },
  };
  return tier;
}

/** αλ of the collapsed pruning run: experiments/l1-pruning.ts's PRUNING_ALPHA times its larger λ (a test keeps them equal). */
export const COLLAPSE_STEP = 0.003 * 2;

/**
 * The fewest fine-tuning steps after which the L1 closed form can hold: the
 * penalty moves each weight αλ towards 0 per step, and the form (magnitudes
 * uniform on [0, αλ)) describes weights that have reached 0. The pruning
 * nets start from Kaiming-normal convs (fan-out, so the narrowest conv, of
 * `width` channels, has the largest deviation √(2 / 9·width)); four of those
 * deviations is beyond all but about 6 in 100,000 initial weights.
 */
export function minFineTuneSteps(width: number): number {
  return Math.ceil((4 * Math.sqrt(2 / (9 * width))) / COLLAPSE_STEP);
}

/**
 * The tier, when the deep claims' verdict rules can judge its runs; settings
 * they cannot judge are refused at the start, in one line, instead of
 * failing a control test after the runs: the bootstrap interval over seeds
 * needs two seeds, and the closed form needs the weights to have had time to
 * collapse. (tierFromEnv itself takes any setting: deep-run and the plumbing
 * tests record runs of a few steps, which nothing judges.)
 */
export function judgeableTier(tier: Tier, env: Record<string, string | undefined> = process.env): Tier {
  if (tier.seeds < 2) throw new InputError('OPTSPEC_SEEDS', env.OPTSPEC_SEEDS ?? tier.seeds, 'expected at least 2: the ReLU-vs-GELU verdict is an interval over per-seed differences');
  const least = minFineTuneSteps(tier.width);
  if (tier.pruning.fineTuneSteps < least) {
    const given = env.OPTSPEC_FINETUNE_EPOCHS !== undefined ? 'OPTSPEC_FINETUNE_EPOCHS' : 'OPTSPEC_FINETUNE_STEPS';
    throw new InputError(given, env[given] ?? tier.pruning.fineTuneSteps, `expected at least ${least} fine-tuning steps at width ${tier.width} (${tier.pruning.fineTuneSteps} given): the L1 closed form judges weights that reached 0, ${COLLAPSE_STEP} per step from up to 4 initial deviations`);
  }
  return tier;
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
