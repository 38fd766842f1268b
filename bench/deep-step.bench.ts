/**
 * Milliseconds per training step of the smoke-tier networks on the available
 * TensorFlow.js backends, side by side with the same networks in PyTorch on
 * CPU (two threads), with the ratio. Runs under vitest's bench mode (tinybench).
 *
 *   npm run bench:deep
 */
import { bench, describe, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '../src/harness/backend.ts';
import { buildModel, vggLayers, type ModelSpec } from '../src/harness/models.ts';
import { makeTfOptimizer } from '../src/harness/train.ts';

const NETS: Record<string, Pick<ModelSpec, 'kind' | 'layers' | 'batchNorm'>> = {
  'cnn 2 convs': { kind: 'cnn', layers: vggLayers(2, 8), batchNorm: false },
  'cnn 6 convs': { kind: 'cnn', layers: vggLayers(6, 8), batchNorm: false },
  'cnn 6 convs + BN': { kind: 'cnn', layers: vggLayers(6, 8), batchNorm: true },
  'mlp 4×64': { kind: 'mlp', layers: [64, 64, 64, 64], batchNorm: false },
};

const ours: Record<string, number> = {};

function stepper(net: (typeof NETS)[string]) {
  const model = buildModel({ ...net, activation: 'relu', init: 'he', seed: 1, inputShape: [14, 14, 1], classes: 10 });
  const opt = makeTfOptimizer({ name: 'sgd', lr: 0.05 });
  const x = tf.randomNormal([32, 14, 14, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 10), 'int32'), 10);
  return () => tf.tidy(() => {
    const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x)) as tf.Scalar, model.variables);
    opt.applyGradients(grads);
  });
}

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`TensorFlow.js ${backend}`, () => {
    for (const [name, net] of Object.entries(NETS)) {
      if (backend === 'cpu' && name !== 'cnn 2 convs' && name !== 'mlp 4×64') continue; // the cpu backend is too slow for the rest
      let step: (() => void) | null = null;
      let t = 0;
      let n = 0;
      bench(`${name} (${backend})`, async () => {
        // Backend first, then the model: tensors live on the backend that made them.
        if (!step || tf.getBackend() !== backend) {
          await selectBackend(backend);
          step = stepper(net);
        }
        const t0 = performance.now();
        step();
        t += performance.now() - t0;
        n++;
        ours[`${name} (${backend})`] = t / n;
      }, { time: 1500 });
    }
  });
}

afterAll(() => {
  let torch: Record<string, number | string> = {};
  try {
    const script = fileURLToPath(new URL('./deep_step_torch.py', import.meta.url));
    torch = JSON.parse(execFileSync(process.env.OPTSPEC_PYTHON ?? '/usr/bin/python3', [script, JSON.stringify(NETS)], { encoding: 'utf8' }));
  } catch (err) {
    console.warn(`PyTorch side skipped: ${(err as Error).message.split('\n')[0]}`);
  }
  console.log(`ms per training step, batch 32 of 14×14, float32 (PyTorch ${torch.torch ?? 'unavailable'}, 2 threads)`);
  console.table(Object.entries(ours).map(([k, v]) => {
    const net = k.replace(/ \((wasm|cpu)\)$/, '');
    const p = torch[net] as number;
    return { net: k, 'optspec ms': v.toFixed(1), 'pytorch ms': p ? p.toFixed(1) : 'n/a', ratio: p ? `${(v / p).toFixed(1)}×` : 'n/a' };
  }));
});
