/**
 * Models for the deep claims, written on tfjs-core ops so they run on any
 * backend: VGG-like CNNs as 001 App. A.1 describes them (the kuangliu
 * pytorch-cifar VGG configurations with batch norm on or off, GELU or ReLU,
 * average pooling), at full size or scaled down for CPU, and deep MLPs as a
 * cheaper proxy.
 * Initialisation is seeded and named: 'he' (torchvision's VGG default:
 * Kaiming normal, fan-out, for convolutions; N(0, 0.01) for the classifier)
 * or 'lsuv' (He, then each layer in turn rescaled to unit output variance on
 * a data batch, after Mishkin & Matas).
 */
import * as tf from '@tensorflow/tfjs-core';
import { rng, type Rng } from '../random/rng.ts';
import { InputError } from '../validate/input-error.ts';

export type Activation = 'relu' | 'gelu';
export type Init = 'he' | 'lsuv';

export interface ModelSpec {
  readonly kind: 'cnn' | 'mlp';
  /** CNN: channels per conv layer, 'A' for a 2×2 average pool (a VGG configuration). MLP: hidden widths. */
  readonly layers: readonly (number | 'A')[];
  readonly activation: Activation;
  readonly batchNorm: boolean;
  readonly init: Init;
  readonly seed: number;
  readonly inputShape: readonly [number, number, number];
  readonly classes: number;
}

export interface Model {
  readonly spec: ModelSpec;
  /** Every trainable parameter: weights, biases and batch-norm scales (what the L1 penalty and the pruning count see, as in 001 App. C). */
  readonly variables: tf.Variable[];
  /** Logits for a batch [N, H, W, C]. Batch norm uses batch statistics (training mode). */
  apply(x: tf.Tensor4D): tf.Tensor2D;
  /**
   * Finish the initialisation the spec names on a data batch: for 'lsuv',
   * rescale each weight layer in turn until the variance of its
   * pre-activation output is 1 (within 0.1, at most 10 rounds); for 'he',
   * nothing. Deterministic given the batch. Asynchronous because a GPU
   * backend (webgpu) reads values back only asynchronously.
   */
  initialise(batch: tf.Tensor4D): Promise<void>;
  dispose(): void;
}

const SQRT1_2 = Math.SQRT1_2;

export function activate(x: tf.Tensor, a: Activation): tf.Tensor {
  // GELU(x) = x·Φ(x) = ½x(1 + erf(x/√2)), the exact form (not the tanh approximation).
  return a === 'relu' ? tf.relu(x) : tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, SQRT1_2))));
}

function normal(r: Rng, n: number, sd: number): Float32Array {
  return Float32Array.from({ length: n }, () => r.normal() * sd);
}

interface Layer {
  kind: 'conv' | 'dense' | 'pool' | 'flatten';
  w?: tf.Variable;
  b?: tf.Variable;
  gamma?: tf.Variable;
  beta?: tf.Variable;
  hidden?: boolean;
}

export function buildModel(spec: ModelSpec): Model {
  if (spec.layers.length === 0) throw new InputError('model.layers', spec.layers, 'expected at least one layer');
  const r = rng(spec.seed);
  const layers: Layer[] = [];
  const variables: tf.Variable[] = [];
  const v = (values: Float32Array, shape: number[]) => {
    const t = tf.variable(tf.tensor(values, shape), true);
    variables.push(t);
    return t;
  };
  let [h, w, c] = spec.inputShape;
  if (spec.kind === 'cnn') {
    for (const l of spec.layers) {
      if (l === 'A') {
        layers.push({ kind: 'pool' });
        h = Math.floor(h / 2);
        w = Math.floor(w / 2);
        continue;
      }
      const layer: Layer = { kind: 'conv', hidden: true, w: v(normal(r, 9 * c * l, Math.sqrt(2 / (9 * l))), [3, 3, c, l]), b: v(new Float32Array(l), [l]) };
      if (spec.batchNorm) {
        layer.gamma = v(new Float32Array(l).fill(1), [l]);
        layer.beta = v(new Float32Array(l), [l]);
      }
      layers.push(layer);
      c = l;
    }
    layers.push({ kind: 'flatten' });
    const fanIn = h * w * c;
    layers.push({ kind: 'dense', w: v(normal(r, fanIn * spec.classes, 0.01), [fanIn, spec.classes]), b: v(new Float32Array(spec.classes), [spec.classes]) });
  } else {
    let fanIn = h * w * c;
    layers.push({ kind: 'flatten' });
    for (const l of spec.layers) {
      if (l === 'A') throw new InputError('model.layers', l, 'an MLP takes widths only');
      const layer: Layer = { kind: 'dense', hidden: true, w: v(normal(r, fanIn * l, Math.sqrt(2 / fanIn)), [fanIn, l]), b: v(new Float32Array(l), [l]) };
      if (spec.batchNorm) {
        layer.gamma = v(new Float32Array(l).fill(1), [l]);
        layer.beta = v(new Float32Array(l), [l]);
      }
      layers.push(layer);
      fanIn = l;
    }
    layers.push({ kind: 'dense', w: v(normal(r, fanIn * spec.classes, 0.01), [fanIn, spec.classes]), b: v(new Float32Array(spec.classes), [spec.classes]) });
  }

  function forward(x: tf.Tensor4D, upTo = Infinity): tf.Tensor {
    let out: tf.Tensor = x;
    layers.forEach((layer, i) => {
      if (i > upTo) return;
      if (layer.kind === 'pool') out = tf.avgPool(out as tf.Tensor4D, 2, 2, 'valid');
      else if (layer.kind === 'flatten') out = tf.reshape(out, [out.shape[0], -1]);
      else {
        out = layer.kind === 'conv' ? tf.add(tf.conv2d(out as tf.Tensor4D, layer.w as tf.Tensor4D, 1, 'same'), layer.b!) : tf.add(tf.matMul(out as tf.Tensor2D, layer.w as tf.Tensor2D), layer.b!);
        if (i === upTo) return;
        if (layer.gamma) {
          const axes = layer.kind === 'conv' ? [0, 1, 2] : [0];
          const { mean, variance } = tf.moments(out, axes);
          out = tf.add(tf.mul(tf.div(tf.sub(out, mean), tf.sqrt(tf.add(variance, 1e-5))), layer.gamma), layer.beta!);
        }
        if (layer.hidden) out = activate(out, spec.activation);
      }
    });
    return out;
  }

  async function lsuv(batch: tf.Tensor4D): Promise<void> {
    for (const [i, layer] of layers.entries()) {
      if (!layer.w) continue;
      for (let round = 0; round < 10; round++) {
        const v = tf.tidy(() => tf.moments(forward(batch, i)).variance);
        const variance = (await v.data())[0];
        v.dispose();
        if (!(variance > 0) || Math.abs(variance - 1) < 0.1) break;
        const scaled = tf.tidy(() => tf.div(layer.w!, Math.sqrt(variance)));
        layer.w!.assign(scaled);
        scaled.dispose();
      }
    }
  }

  return {
    spec,
    variables,
    apply: (x) => forward(x) as tf.Tensor2D,
    initialise: async (batch) => {
      if (spec.init === 'lsuv') await lsuv(batch);
    },
    dispose: () => variables.forEach((t) => t.dispose()),
  };
}

/**
 * The VGG configurations of kuangliu/pytorch-cifar (models/vgg.py), the code
 * 001 App. A.1 starts from, keyed by their number of conv layers: VGG11 has
 * 8, VGG13 10, VGG16 13, VGG19 16 (the name counts the original's three
 * dense layers too). 'A' marks the pooling, average in place of max as the
 * paper has it; five of them take a 32×32 image to 1×1×512 before the
 * classifier. (The paper's own "simpler" configuration is not in the text we
 * have, so its starting point is used.)
 */
export const VGG: Readonly<Record<number, readonly (number | 'A')[]>> = {
  8: [64, 'A', 128, 'A', 256, 256, 'A', 512, 512, 'A', 512, 512, 'A'],
  10: [64, 64, 'A', 128, 128, 'A', 256, 256, 'A', 512, 512, 'A', 512, 512, 'A'],
  13: [64, 64, 'A', 128, 128, 'A', 256, 256, 256, 'A', 512, 512, 512, 'A', 512, 512, 512, 'A'],
  16: [64, 64, 'A', 128, 128, 'A', 256, 256, 256, 256, 'A', 512, 512, 512, 512, 'A', 512, 512, 512, 512, 'A'],
};

/**
 * The layers of a VGG-like CNN with `convs` conv layers of base width `width`.
 * 'vgg': kuangliu's configuration with that many convs, channels scaled by
 * width/64 (64 is the paper's). 'compact': the CPU tiers' small nets, convs
 * spread over at most 3 stages that double the width (28×28 → 3×3).
 */
export function vggLayers(convs: number, width: number, architecture: 'compact' | 'vgg' = 'compact'): (number | 'A')[] {
  if (architecture === 'vgg') {
    const config = VGG[convs];
    if (!config) throw new InputError('depth', convs, `a VGG configuration has ${Object.keys(VGG).join(', ')} conv layers (VGG11, 13, 16, 19)`);
    return config.map((l) => (l === 'A' ? l : Math.max(1, Math.round((l * width) / 64))));
  }
  const stages = Math.min(3, convs);
  const out: (number | 'A')[] = [];
  let left = convs;
  for (let s = 0; s < stages; s++) {
    const here = Math.ceil(left / (stages - s));
    for (let k = 0; k < here; k++) out.push(width * 2 ** s);
    out.push('A');
    left -= here;
  }
  return out;
}
