/**
 * 001 Fig. 2 at a chosen scale: VGG-like CNNs with ReLU and with GELU, with
 * and without batch norm, at a shallow and a deep depth, several seeds per
 * cell, under two initialisations. The metric is fixed in advance: the area
 * under the training-loss curve (the mean loss over all steps), lower is
 * faster training. Runs with the same seed share their initial weights up to
 * the activation, so ReLU and GELU are compared in pairs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { join } from 'node:path';
import { buildModel, vggLayers, type Activation, type Init } from '../models.ts';
import { train } from '../train.ts';
import type { ImageSet } from '../data/fashion-mnist.ts';
import type { Tier } from '../tiers.ts';

export interface Run {
  readonly init: Init;
  readonly batchNorm: boolean;
  readonly depth: number;
  readonly activation: Activation;
  readonly seed: number;
  readonly auc: number;
  readonly loss: readonly number[];
  readonly wallMs: number;
}

/**
 * With `checkpointDir` every run keeps its trace and checkpoints in a folder
 * of its own, so an interrupted experiment resumes where it stopped: finished
 * runs are read back, the unfinished one continues from its last checkpoint.
 */
export async function reluVsGeluRuns(tier: Tier, data: ImageSet, progress?: (done: number, total: number, run: Run) => void, checkpointDir?: string): Promise<Run[]> {
  const runs: Run[] = [];
  const cells: [Init, boolean, number, Activation, number][] = [];
  for (const init of ['he', 'lsuv'] as Init[])
    for (const batchNorm of [false, true])
      for (const depth of tier.depths)
        for (let seed = 0; seed < tier.seeds; seed++)
          for (const activation of ['relu', 'gelu'] as Activation[]) cells.push([init, batchNorm, depth, activation, seed]);
  const probe = tf.tensor4d(data.images.subarray(0, 64 * data.height * data.width), [64, data.height, data.width, 1]);
  for (const [init, batchNorm, depth, activation, seed] of cells) {
    const model = buildModel({ kind: 'cnn', layers: vggLayers(depth, tier.width, tier.architecture), activation, batchNorm, init, seed: 1000 + seed, inputShape: [data.height, data.width, 1], classes: data.classes });
    await model.initialise(probe);
    const checkpoint = checkpointDir ? { dir: join(checkpointDir, `relu-vs-gelu-${tier.name}`, `${init}-${batchNorm ? 'bn' : 'nobn'}-${depth}-${activation}-${seed}`), every: 25 } : undefined;
    const trace = await train({ model, data, optimizer: { name: 'sgd', lr: tier.lr }, steps: tier.steps, batchSize: tier.batchSize, seed, checkpoint });
    model.dispose();
    const run: Run = { init, batchNorm, depth, activation, seed, auc: trace.loss.reduce((a, b) => a + b, 0) / trace.loss.length, loss: trace.loss, wallMs: trace.wallMs[trace.wallMs.length - 1] };
    runs.push(run);
    progress?.(runs.length, cells.length, run);
  }
  probe.dispose();
  return runs;
}

/** Paired gaps AUC(ReLU) − AUC(GELU) per seed for one cell; positive means GELU trained faster. */
export function pairedGaps(runs: readonly Run[], init: Init, batchNorm: boolean, depth: number): number[] {
  const cell = runs.filter((r) => r.init === init && r.batchNorm === batchNorm && r.depth === depth);
  const seeds = [...new Set(cell.map((r) => r.seed))].sort((a, b) => a - b);
  return seeds.map((s) => cell.find((r) => r.seed === s && r.activation === 'relu')!.auc - cell.find((r) => r.seed === s && r.activation === 'gelu')!.auc);
}
