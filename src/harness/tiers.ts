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

export function tierFromEnv(): Tier {
  const name = process.env.OPTSPEC_TIER ?? 'smoke';
  const tier = TIERS[name as Tier['name']];
  if (!tier) throw new Error(`OPTSPEC_TIER: expected smoke or full, got ${JSON.stringify(name)}`);
  return tier;
}
