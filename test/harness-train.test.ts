import { describe, expect, it, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/harness/backend.ts';
import { buildModel } from '../src/harness/models.ts';
import { syntheticImages } from '../src/harness/data/fashion-mnist.ts';
import { train } from '../src/harness/train.ts';
import { testScratchDir } from './scratch.ts';

const data = syntheticImages(64, 3, 8);
const spec = { kind: 'cnn' as const, layers: [4, 'A' as const, 8, 'A' as const], activation: 'gelu' as const, batchNorm: true, init: 'he' as const, seed: 7, inputShape: [8, 8, 1] as const, classes: 10 };

describe('training loop', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('is deterministic: the same seed gives the same trace', async () => {
    const a = await train({ model: buildModel(spec), data, optimizer: { name: 'sgd', lr: 0.1 }, steps: 6, batchSize: 16, seed: 1 });
    const b = await train({ model: buildModel(spec), data, optimizer: { name: 'sgd', lr: 0.1 }, steps: 6, batchSize: 16, seed: 1 });
    expect(a.loss).toEqual(b.loss);
    expect(a.meta.backend).toBe('wasm');
    expect(a.meta.precision).toBe('float32');
    expect(a.epochLoss).toHaveLength(1);
  });

  it('a run interrupted after a checkpoint resumes to the same trace as an uninterrupted one', async () => {
    const dir = testScratchDir('optspec-ckpt-');
    const full = await train({ model: buildModel(spec), data, optimizer: { name: 'adam', lr: 0.01 }, l1: 1e-3, steps: 8, batchSize: 16, seed: 2 });
    // First attempt stops at step 5 (as if it crashed after the checkpoint at step 4).
    await expect(
      train({ model: buildModel(spec), data, optimizer: { name: 'adam', lr: 0.01 }, l1: 1e-3, steps: 8, batchSize: 16, seed: 2, checkpoint: { dir, every: 4 },
        onProgress: (k) => { if (k === 5) throw new Error('simulated crash'); } }),
    ).rejects.toThrow('simulated crash');
    const resumed = await train({ model: buildModel(spec), data, optimizer: { name: 'adam', lr: 0.01 }, l1: 1e-3, steps: 8, batchSize: 16, seed: 2, checkpoint: { dir, every: 4 } });
    expect(resumed.loss).toHaveLength(8);
    resumed.loss.forEach((l, i) => expect(l).toBeCloseTo(full.loss[i], 5));
  });

  it('LSUV brings every layer to unit output variance', async () => {
    const model = buildModel({ ...spec, batchNorm: false, init: 'lsuv' });
    const x = tf.tensor4d(data.images.subarray(0, 32 * 64), [32, 8, 8, 1]);
    await model.initialise(x);
    const out = tf.tidy(() => tf.moments(model.apply(x)).variance.dataSync()[0]);
    expect(Math.abs(out - 1)).toBeLessThan(0.15);
  });

  it('refuses to resume a different run from the same folder', async () => {
    const dir = testScratchDir('optspec-ckpt-');
    await train({ model: buildModel(spec), data, optimizer: { name: 'sgd', lr: 0.1 }, steps: 4, batchSize: 16, seed: 1, checkpoint: { dir, every: 2 } });
    await expect(train({ model: buildModel(spec), data, optimizer: { name: 'adam', lr: 0.1 }, steps: 4, batchSize: 16, seed: 1, checkpoint: { dir, every: 2 } })).rejects.toThrow('holds a checkpoint of a different run');
  });
});

describe('experiment resume', () => {
  it('a second run of an experiment with the same checkpoint folder reads the finished runs back', async () => {
    const { reluVsGeluRuns } = await import('../src/harness/experiments/relu-vs-gelu.ts');
    const { TIERS } = await import('../src/harness/tiers.ts');
    const tier = { ...TIERS.smoke, seeds: 1, steps: 4, depths: [1, 2] as [number, number], width: 2, batchSize: 16 };
    const dir = testScratchDir('optspec-exp-');
    const first = await reluVsGeluRuns(tier, data, undefined, dir);
    const second = await reluVsGeluRuns(tier, data, undefined, dir);
    expect(second.map((r) => r.loss)).toEqual(first.map((r) => r.loss));
    expect(second).toHaveLength(16);
  });
});
