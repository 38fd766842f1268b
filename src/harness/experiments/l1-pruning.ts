/**
 * 001 Fig. 3 and Table 2 at a chosen scale: a briefly pre-trained CNN
 * fine-tuned with cross-entropy + λ‖w‖₁ at a constant learning rate α, with
 * SGD, RMSProp and Adam, for λ = 0.002 and λ = 2 (the paper's values,
 * α = 0.003 as in its Sec. 4). Recorded: the fraction of parameters with
 * |w| < 1e-5 and the L1 norm at the end.
 *
 * Where SGD has collapsed into the L1 two-cycle (αλ far above the data
 * gradient), each weight ends uniform on [0, αλ) in magnitude: the fraction
 * below 1e-5 is ≈ 1e-5/(αλ) and ‖w‖₁ ≈ n·αλ/2.
 */
import { join } from 'node:path';
import { buildModel, vggLayers } from '../models.ts';
import { train, type DeepOptimizer } from '../train.ts';
import type { ImageSet } from '../data/fashion-mnist.ts';
import type { Tier } from '../tiers.ts';

export const PRUNING_ALPHA = 0.003;
export const PRUNING_LAMBDAS = [0.002, 2] as const;

export interface PruningRun {
  readonly optimizer: DeepOptimizer['name'];
  readonly lambda: number;
  readonly tinyFraction: number;
  readonly l1Norm: number;
  readonly parameters: number;
  readonly l1Curve: readonly number[];
}

/** With `checkpointDir`, pre-training and every fine-tuning run checkpoint and resume (see train). */
export async function l1PruningRuns(tier: Tier, data: ImageSet, progress?: (done: number, total: number, run: PruningRun) => void, lambdas: readonly number[] = PRUNING_LAMBDAS, checkpointDir?: string): Promise<PruningRun[]> {
  const checkpoint = (name: string) => (checkpointDir ? { dir: join(checkpointDir, `l1-pruning-${tier.name}`, name), every: 50 } : undefined);
  const spec = { kind: 'cnn' as const, layers: vggLayers(tier.pruning.convs, tier.width, tier.architecture), activation: 'relu' as const, batchNorm: false, init: 'he' as const, seed: 77, inputShape: [data.height, data.width, 1] as [number, number, number], classes: data.classes };
  const base = buildModel(spec);
  await train({ model: base, data, optimizer: { name: 'sgd', lr: tier.lr }, steps: tier.pruning.pretrainSteps, batchSize: tier.batchSize, seed: 5, checkpoint: checkpoint('pretrain') });
  const pretrained = base.variables.map((v) => v.clone());
  base.dispose();
  const runs: PruningRun[] = [];
  const optimizers: DeepOptimizer['name'][] = ['sgd', 'rmsprop', 'adam'];
  const total = optimizers.length * lambdas.length;
  for (const name of optimizers) {
    for (const lambda of lambdas) {
      const model = buildModel(spec);
      model.variables.forEach((v, i) => v.assign(pretrained[i]));
      const trace = await train({ model, data, optimizer: { name, lr: PRUNING_ALPHA }, l1: lambda, steps: tier.pruning.fineTuneSteps, batchSize: tier.batchSize, seed: 6, checkpoint: checkpoint(`${name}-${lambda}`) });
      const parameters = model.variables.reduce((n, v) => n + v.size, 0);
      model.dispose();
      const run: PruningRun = { optimizer: name, lambda, tinyFraction: trace.tinyFraction[trace.tinyFraction.length - 1], l1Norm: trace.l1Norm[trace.l1Norm.length - 1], parameters, l1Curve: trace.l1Norm };
      runs.push(run);
      progress?.(runs.length, total, run);
    }
  }
  pretrained.forEach((t) => t.dispose());
  return runs;
}
