/**
 * Milliseconds per training step of the deep claims' networks on the
 * available TensorFlow.js backends, side by side with the same networks in
 * PyTorch on the same kind of device (CUDA where PyTorch sees a GPU, else CPU
 * on two threads), with the ratio. The smoke nets (14×14, batch 32) run on
 * wasm, cpu and webgpu; the full tier's VGG11 and VGG19 (32×32, width 64)
 * on webgpu only, at batch OPTSPEC_BENCH_BATCH (default 128 on a hardware
 * GPU, 8 on a software adapter such as lavapipe, which runs them on the CPU).
 * Runs under vitest's bench mode (tinybench).
 *
 *   npm run bench:deep
 */
import { bench, describe, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { selectBackend, type BackendChoice } from '../src/harness/backend.ts';
import { probeAdapter } from '../src/harness/webgpu.ts';
import { buildModel, vggLayers, type ModelSpec } from '../src/harness/models.ts';
import { makeTfOptimizer } from '../src/harness/train.ts';

type Net = Pick<ModelSpec, 'kind' | 'layers' | 'batchNorm'> & { side: number; batch: number; backends: BackendChoice[] };

const probe = await probeAdapter();
const webgpu = 'adapter' in probe ? probe.adapter : null;
const fullBatch = Number(process.env.OPTSPEC_BENCH_BATCH ?? (webgpu && !webgpu.software ? 128 : 8));
const smokeOn: BackendChoice[] = ['wasm', 'cpu', ...(webgpu ? (['webgpu'] as const) : [])];

const NETS: Record<string, Net> = {
  'cnn 2 convs': { kind: 'cnn', layers: vggLayers(2, 8), batchNorm: false, side: 14, batch: 32, backends: smokeOn },
  'cnn 6 convs': { kind: 'cnn', layers: vggLayers(6, 8), batchNorm: false, side: 14, batch: 32, backends: smokeOn.filter((b) => b !== 'cpu') },
  'cnn 6 convs + BN': { kind: 'cnn', layers: vggLayers(6, 8), batchNorm: true, side: 14, batch: 32, backends: smokeOn.filter((b) => b !== 'cpu') },
  'mlp 4×64': { kind: 'mlp', layers: [64, 64, 64, 64], batchNorm: false, side: 14, batch: 32, backends: smokeOn },
  ...(webgpu ? {
    'VGG11 (full tier)': { kind: 'cnn', layers: vggLayers(8, 64, 'vgg'), batchNorm: false, side: 32, batch: fullBatch, backends: ['webgpu'] },
    'VGG19 + BN (full tier)': { kind: 'cnn', layers: vggLayers(16, 64, 'vgg'), batchNorm: true, side: 32, batch: fullBatch, backends: ['webgpu'] },
  } as Record<string, Net> : {}),
};

const ours: Record<string, number> = {};

async function stepper(net: Net) {
  const model = buildModel({ ...net, activation: 'relu', init: 'he', seed: 1, inputShape: [net.side, net.side, 1], classes: 10 });
  const opt = makeTfOptimizer({ name: 'sgd', lr: 0.05 });
  const x = tf.randomNormal([net.batch, net.side, net.side, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: net.batch }, (_, i) => i % 10), 'int32'), 10);
  // Each step ends when its loss is read back, as in train(): a GPU's queued work is inside the time.
  return async () => {
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x)) as tf.Scalar, model.variables);
      opt.applyGradients(grads);
      return value;
    });
    await loss.data();
    loss.dispose();
  };
}

for (const backend of ['wasm', 'cpu', 'webgpu'] as const) {
  describe(`TensorFlow.js ${backend}`, () => {
    for (const [name, net] of Object.entries(NETS)) {
      if (!net.backends.includes(backend)) continue;
      let step: (() => Promise<void>) | null = null;
      let [t, n] = [0, 0];
      const label = `${name}, batch ${net.batch} of ${net.side}×${net.side} (${backend})`;
      bench(label, async () => {
        // Backend first, then the model: tensors live on the backend that made them.
        if (!step || tf.getBackend() !== backend) {
          await selectBackend(backend);
          step = await stepper(net);
          await step(); // shader compilation and first allocation stay out of the time
        }
        const t0 = performance.now();
        await step();
        t += performance.now() - t0;
        n++;
        ours[label] = t / n;
      }, { time: name.includes('full') ? 0 : 1500, iterations: name.includes('full') ? 3 : 10 });
    }
  });
}

afterAll(() => {
  let torch: Record<string, number | string> = {};
  try {
    const script = fileURLToPath(new URL('./deep_step_torch.py', import.meta.url));
    torch = JSON.parse(execFileSync(process.env.OPTSPEC_PYTHON ?? '/usr/bin/python3', [script, JSON.stringify(NETS)], { encoding: 'utf8', timeout: 600_000 }));
  } catch (err) {
    console.warn(`PyTorch side skipped: ${(err as Error).message.split('\n')[0]}`);
  }
  console.log(`ms per training step, SGD, float32; PyTorch ${torch.torch ?? 'unavailable'} on ${torch.device ?? 'n/a'}; webgpu adapter: ${webgpu ? `${webgpu.vendor} ${webgpu.architecture}: ${webgpu.description}${webgpu.software ? ' (software, on the CPU)' : ''}` : 'none'}`);
  console.table(Object.entries(ours).map(([k, v]) => {
    const net = k.replace(/, batch .*$/, '');
    const p = torch[net] as number;
    return { net: k, 'optspec ms': v.toFixed(1), 'pytorch ms': p ? p.toFixed(1) : 'n/a', ratio: p ? `${(v / p).toFixed(1)}×` : 'n/a' };
  }));
}, 900_000); // PyTorch's side runs here too: minutes for the VGGs on a CPU
