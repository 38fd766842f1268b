import { selectBackend, type BackendChoice, type BackendInfo } from '../../src/harness/backend.ts';
import { loadImages, type ImageSet } from '../../src/harness/data/fashion-mnist.ts';
import { isStockTier, judgeableTier, tierFromEnv, type Tier } from '../../src/harness/tiers.ts';

/**
 * Backend, tier and data for the deep specs, from OPTSPEC_BACKEND and
 * OPTSPEC_TIER; OPTSPEC_CHECKPOINT_DIR makes long runs resumable.
 */
export async function deepSetup(): Promise<{ backend: BackendInfo; tier: Tier; data: ImageSet; checkpointDir?: string; pinned: boolean }> {
  const selected = await selectBackend((process.env.OPTSPEC_BACKEND ?? 'auto') as BackendChoice);
  // The specs put `backend.name` into the report's evidence: name the device there (for webgpu the adapter).
  const backend = { ...selected, name: selected.device };
  const tier = judgeableTier(tierFromEnv());
  // OPTSPEC_FASHION_MNIST_DIR: the dataset files elsewhere (scripts/gpu-run.sh's bundle carries them).
  const data = loadImages({ limit: tier.trainImages, seed: 11, downsample: tier.downsample, pad: tier.pad, normalise: true, dir: process.env.OPTSPEC_FASHION_MNIST_DIR });
  process.stderr.write(`optspec deep (${tier.name}): backend ${backend.name} (${backend.reason}); data ${data.source}\n`);
  // The regression pins were measured on the stock smoke tier, Fashion-MNIST, wasm. Another backend rounds
  // float32 differently, which moves borderline verdicts (webgpu on lavapipe: the LSUV widening interval
  // [−0.0065, 0.0389] against wasm's above 0), so elsewhere the specs record what they find.
  const pinned = isStockTier(tier) && data.source.startsWith('Fashion-MNIST') && selected.name === 'wasm';
  return { backend, tier, data, checkpointDir: process.env.OPTSPEC_CHECKPOINT_DIR, pinned };
}

export function progress(label: string) {
  const t0 = Date.now();
  return (done: number, total: number, what: string) =>
    process.stderr.write(`[${label}] ${done}/${total} ${what} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
}

/** Median and 10–90% band of curves (same length), for drawing. */
export function band(curves: readonly (readonly number[])[], every = 1): { median: [number, number][]; band: [number, number, number][] } {
  const n = curves[0].length;
  const median: [number, number][] = [];
  const b: [number, number, number][] = [];
  for (let k = 0; k < n; k += every) {
    const col = curves.map((c) => c[k]).sort((x, y) => x - y);
    const q = (p: number) => col[Math.min(col.length - 1, Math.max(0, Math.round(p * (col.length - 1))))];
    median.push([k, q(0.5)]);
    b.push([k, q(0.1), q(0.9)]);
  }
  return { median, band: b };
}
