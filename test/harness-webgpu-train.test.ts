/**
 * Training on webgpu follows the cpu run step for step (float32 both): the
 * smoke tier's deep network (6 convs, width 8, batch norm, GELU, LSUV) under
 * SGD, and the pruning network under Adam with the L1 term. Then the deep
 * smoke tier end to end through `npm run claims:deep -- --backend webgpu`,
 * with its steps reduced (lavapipe runs a GPU's shaders on the CPU).
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend, type BackendChoice } from '../src/harness/backend.ts';
import { buildModel, vggLayers, type ModelSpec } from '../src/harness/models.ts';
import { loadImages } from '../src/harness/data/fashion-mnist.ts';
import { train, type DeepOptimizer, type DeepTrace } from '../src/harness/train.ts';
import { TIERS, minFineTuneSteps } from '../src/harness/tiers.ts';
import { webgpuMissing, skipNote } from './webgpu-support.ts';
import { testScratchDir } from './scratch.ts';

const smoke = TIERS.smoke;
const data = loadImages({ limit: 256, seed: 11, downsample: smoke.downsample, normalise: true });
const input: [number, number, number] = [data.height, data.width, 1];

async function run(backend: BackendChoice, spec: ModelSpec, optimizer: DeepOptimizer, l1: number, steps: number): Promise<{ trace: DeepTrace; weights: Float32Array[] }> {
  await selectBackend(backend);
  const model = buildModel(spec);
  const probe = tf.tensor4d(data.images.subarray(0, 16 * data.height * data.width), [16, data.height, data.width, 1]);
  await model.initialise(probe);
  probe.dispose();
  // Batch 16, not the tier's 32: the cpu side is pure JS and sets this test's time.
  const trace = await train({ model, data, optimizer, l1, steps, batchSize: 16, seed: 3 });
  const weights = await Promise.all(model.variables.map(async (v) => (await v.data()) as Float32Array));
  model.dispose();
  return { trace, weights };
}

/** Largest |a − b| / max(1, |b|). */
const worst = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]) / Math.max(1, Math.abs(b[i]))), 0);

describe.skipIf(webgpuMissing !== null)(`training on webgpu equals the cpu run${skipNote}`, () => {
  it.each([
    ['the smoke tier\'s deep network (6 convs, BN, GELU, LSUV), SGD', { layers: vggLayers(smoke.depths[1], smoke.width), activation: 'gelu', batchNorm: true, init: 'lsuv' }, { name: 'sgd', lr: smoke.lr }, 0],
    ['the pruning network (2 convs, ReLU, He), Adam with λ = 0.002', { layers: vggLayers(smoke.pruning.convs, smoke.width), activation: 'relu', batchNorm: false, init: 'he' }, { name: 'adam', lr: 0.003 }, 0.002],
  ] as [string, Pick<ModelSpec, 'layers' | 'activation' | 'batchNorm' | 'init'>, DeepOptimizer, number][])('%s: 4 steps', { timeout: 120_000 }, async (_name, net, optimizer, l1) => {
    const spec: ModelSpec = { kind: 'cnn', ...net, seed: 1001, inputShape: input, classes: data.classes };
    const cpu = await run('cpu', spec, optimizer, l1, 4);
    const gpu = await run('webgpu', spec, optimizer, l1, 4);
    expect(gpu.trace.meta.backend).toBe('webgpu');
    expect(String(gpu.trace.meta.device)).toMatch(/^webgpu \(.+\)$/);
    expect(cpu.trace.loss.every(Number.isFinite)).toBe(true);
    expect(gpu.trace.loss).toHaveLength(4);
    // Four float32 steps apart in summation order only: agreement to ~1e-5 relative.
    expect(worst(gpu.trace.loss, cpu.trace.loss)).toBeLessThan(1e-4);
    expect(worst(gpu.trace.l1Norm, cpu.trace.l1Norm)).toBeLessThan(1e-4);
    gpu.weights.forEach((w, i) => expect(worst(w, cpu.weights[i])).toBeLessThan(1e-4));
    // The steps changed the weights, so the agreement is not that of two untouched initialisations.
    expect(cpu.trace.loss[3]).not.toBe(cpu.trace.loss[0]);
  });

  it('the deep smoke tier end to end: `npm run claims:deep -- --tier smoke --backend webgpu`, steps, seeds, depths and width reduced; the summary names the adapter', { timeout: 300_000 }, () => {
    const reports = testScratchDir('optspec-webgpu-deep-');
    const reduced = { OPTSPEC_STEPS: '3', OPTSPEC_SEEDS: '2', OPTSPEC_IMAGES: '64', OPTSPEC_BATCH: '16', OPTSPEC_DEPTHS: '1,3', OPTSPEC_WIDTH: '4', OPTSPEC_PRETRAIN_STEPS: '2', OPTSPEC_FINETUNE_STEPS: String(minFineTuneSteps(4)) };
    // Fine-tuning as short as the L1 closed form can judge (claims:deep refuses less, in one line at start).
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/claims-deep.ts', '--tier', 'smoke', '--backend', 'webgpu'], {
      env: { ...process.env, ...reduced, OPTSPEC_REPORT_DIR: reports },
      encoding: 'utf8',
      timeout: 280_000,
    });
    expect(result.stderr).toMatch(/backend webgpu \(/);
    const summaryFile = readdirSync(reports).find((f) => f.endsWith('.json'));
    expect(summaryFile, `no summary in ${reports}; claims:deep said:\n${result.stderr.slice(-2000)}`).toBeDefined();
    const summary = readFileSync(join(reports, summaryFile!), 'utf8');
    const backends = [...summary.matchAll(/"backend": "([^"]+)"/g)].map((m) => m[1]);
    expect(backends.length).toBeGreaterThan(0);
    for (const b of backends) expect(b).toMatch(/^webgpu \(.+\)$/);
    // The claims ran (the verdicts at 4 steps are whatever they are; the reduced tier pins none).
    expect(summary).toContain('"relu-vs-gelu"');
    expect(summary).toContain('"l1-pruning"');
  });
});
