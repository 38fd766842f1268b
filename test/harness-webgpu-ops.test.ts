/**
 * Every op the deep models train through, value and gradients on webgpu
 * against the cpu backend (float32 both). On a machine without a GPU this
 * runs on lavapipe, Mesa's Vulkan on the CPU, through the same Dawn and
 * WGSL shaders a GPU runs.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { selectBackend } from '../src/harness/backend.ts';
import { activate } from '../src/harness/models.ts';
import { rng } from '../src/random/rng.ts';
import { webgpuMissing, skipNote } from './webgpu-support.ts';

type Shape = number[];
/** Seeded inputs, away from 0 where `awayFromZero` (ReLU's and |·|'s kink). */
function inputs(shapes: Shape[], seed: number, awayFromZero = false): Float32Array[] {
  const r = rng(seed);
  return shapes.map((s) => Float32Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => {
    const u = r.uniform(-1, 1);
    return awayFromZero ? Math.sign(u) * (0.05 + Math.abs(u)) : u;
  }));
}

/**
 * f's value and its gradient with respect to every input, as plain arrays,
 * on one backend. The scalar is Σ f(x)⊙r for a fixed random r, so every
 * output element's gradient path is exercised with a different weight.
 */
async function valueAndGrads(f: (...xs: tf.Tensor[]) => tf.Tensor, shapes: Shape[], values: Float32Array[], seed: number): Promise<Float32Array[]> {
  const ts = tf.tidy(() => {
    const xs = values.map((v, i) => tf.tensor(v, shapes[i]));
    const out = f(...xs);
    const r = tf.tensor(inputs([out.shape], seed + 1)[0], out.shape);
    const g = tf.grads((...ys: tf.Tensor[]) => tf.sum(tf.mul(f(...ys), r)));
    return [out, ...g(xs)];
  });
  // webgpu reads back only asynchronously (dataSync needs a browser's OffscreenCanvas).
  const out = await Promise.all(ts.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(ts);
  return out;
}

/** Largest |a − b| / max(1, |b|) over all outputs. */
function worstRelative(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((ai, k) => {
    expect(ai.length).toBe(b[k].length);
    for (let i = 0; i < ai.length; i++) worst = Math.max(worst, Math.abs(ai[i] - b[k][i]) / Math.max(1, Math.abs(b[k][i])));
  });
  return worst;
}

async function compare(f: (...xs: tf.Tensor[]) => tf.Tensor, shapes: Shape[], seed: number, awayFromZero = false): Promise<number> {
  const values = inputs(shapes, seed, awayFromZero);
  await tf.setBackend('cpu');
  const expected = await valueAndGrads(f, shapes, values, seed);
  await selectBackend('webgpu');
  // Small ops would otherwise run on the CPU beside the GPU (tfjs's hand-off for tiny inputs): test the shaders.
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  const actual = await valueAndGrads(f, shapes, values, seed);
  // Nothing passes on empty or non-finite data.
  expect(expected.every((e) => e.length > 0 && e.every(Number.isFinite))).toBe(true);
  return worstRelative(actual, expected);
}

const conv = (stride: number, pad: 'same' | 'valid') => (x: tf.Tensor, w: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad);
const denseLayer = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b);
/** Batch norm in training mode as the models write it: batch statistics over N, H, W. */
const bnTrain = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), gamma), beta);
};
/** Batch norm in inference mode: fixed running statistics (TensorFlow.js's FusedBatchNorm). */
const bnInfer = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => tf.batchNorm(x as tf.Tensor4D, tf.fill([3], 0.1), tf.fill([3], 0.7), beta as tf.Tensor1D, gamma as tf.Tensor1D, 1e-5);
const softmaxCe = (logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d([3, 0, 9, 3, 5], 'int32'), 10), logits);
const l1Term = (...ps: tf.Tensor[]) => tf.mul(0.002, tf.addN(ps.map((p) => tf.sum(tf.abs(p)))));

const CASES: [string, (...xs: tf.Tensor[]) => tf.Tensor, Shape[], boolean?][] = [
  ['conv2d 3×3 same, 1→8 channels (the first layer)', conv(1, 'same'), [[2, 14, 14, 1], [3, 3, 1, 8]]],
  ['conv2d 3×3 same, 8→16 channels', conv(1, 'same'), [[3, 7, 7, 8], [3, 3, 8, 16]]],
  ['conv2d 3×3 same, 64→64 channels on 4×4 (VGG width)', conv(1, 'same'), [[2, 4, 4, 64], [3, 3, 64, 64]]],
  ['conv2d 3×3 same, 16→32 channels, batch 8 of 16×16 (the matrix-multiply shaders)', conv(1, 'same'), [[8, 16, 16, 16], [3, 3, 16, 32]]],
  ['conv2d 3×3 stride 2 valid', conv(2, 'valid'), [[2, 9, 9, 3], [3, 3, 3, 4]]],
  ['average pooling 2×2', (x) => tf.avgPool(x as tf.Tensor4D, 2, 2, 'valid'), [[2, 8, 8, 5]]],
  ['average pooling 2×2 on an odd side', (x) => tf.avgPool(x as tf.Tensor4D, 2, 2, 'valid'), [[2, 7, 7, 3]]],
  ['batch norm, training (batch statistics)', bnTrain, [[4, 5, 5, 3], [3], [3]]],
  ['batch norm, inference (running statistics)', bnInfer, [[4, 5, 5, 3], [3], [3]]],
  ['GELU (exact, erf)', (x) => activate(tf.mul(x, 3), 'gelu'), [[4, 50]]],
  ['ReLU', (x) => activate(x, 'relu'), [[4, 50]], true],
  ['dense layer', denseLayer, [[5, 24], [24, 10], [10]]],
  ['dense layer 512 → 10, batch 32 (the VGG classifier)', denseLayer, [[32, 512], [512, 10], [10]]],
  ['softmax cross-entropy', softmaxCe, [[5, 10]]],
  ['L1 term λ·Σ|w|', l1Term, [[3, 3, 2, 4], [7]], true],
  // A VGG16 has 28 parameter tensors (30 with the classifier): more than a shader's storage buffers.
  ['L1 term over 30 parameter tensors (VGG16\'s count)', l1Term, Array.from({ length: 30 }, (_, i) => [i + 1, 3]), true],
];

describe.skipIf(webgpuMissing !== null)(`webgpu ops against cpu: value and every gradient${skipNote}`, () => {
  it.each(CASES)('%s', { timeout: 60_000 }, async (_name, f, shapes, awayFromZero) => {
    const worst = await compare(f, shapes, shapes.flat().reduce((a, b) => a * 7 + b, 1) % 10_000, awayFromZero);
    expect(worst).toBeLessThan(1e-4);
  });
});
