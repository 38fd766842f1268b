import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { selectBackend } from '../src/harness/backend.ts';
import { rng } from '../src/random/rng.ts';

/** The filter gradient of sum(conv2d(x, w) ⊙ r) on the current backend. */
function filterGrad(x: number[], xs: [number, number, number, number], w: number[], ws: [number, number, number, number], stride: number, pad: 'same' | 'valid', r: Float32Array) {
  return tf.tidy(() => {
    const xt = tf.tensor4d(x, xs);
    const f = (wt: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xt, wt as tf.Tensor4D, stride, pad), tf.tensor(r, tf.conv2d(xt, wt as tf.Tensor4D, stride, pad).shape)));
    return tf.grad(f)(tf.tensor4d(w, ws)).dataSync() as Float32Array;
  });
}

describe('Conv2DBackpropFilter on wasm (registered by optspec)', () => {
  it.each([
    [[2, 7, 7, 3], [3, 3, 3, 4], 1, 'same'],
    [[2, 8, 8, 2], [3, 3, 2, 5], 2, 'same'],
    [[3, 9, 9, 2], [3, 3, 2, 2], 2, 'valid'],
    [[1, 10, 10, 4], [5, 5, 4, 3], 3, 'same'],
    [[2, 6, 6, 1], [2, 2, 1, 2], 2, 'valid'],
  ] as [number[], number[], number, 'same' | 'valid'][])('x %j, filter %j, stride %i, %s: agrees with the cpu backend', async (xs, ws, stride, pad) => {
    const r = rng(xs[1] * 31 + ws[0]);
    const x = Array.from({ length: xs.reduce((a, b) => a * b) }, () => r.uniform(-1, 1));
    const w = Array.from({ length: ws.reduce((a, b) => a * b) }, () => r.uniform(-1, 1));
    await tf.setBackend('cpu');
    const outShape = tf.conv2d(tf.tensor4d(x, xs as [number, number, number, number]), tf.tensor4d(w, ws as [number, number, number, number]), stride, pad).shape;
    const rr = Float32Array.from({ length: outShape.reduce((a, b) => a * b) }, () => r.uniform(-1, 1));
    const expected = filterGrad(x, xs as [number, number, number, number], w, ws as [number, number, number, number], stride, pad, rr);
    const info = await selectBackend('wasm');
    expect(info.name).toBe('wasm');
    const actual = filterGrad(x, xs as [number, number, number, number], w, ws as [number, number, number, number], stride, pad, rr);
    expect(actual.length).toBe(expected.length);
    for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThan(1e-4 * Math.max(1, Math.abs(expected[i])));
  });
});

/** The input gradient of sum(conv2d(x, w) ⊙ r) on the current backend. */
function inputGrad(x: number[], xs: [number, number, number, number], w: number[], ws: [number, number, number, number], stride: number, pad: 'same' | 'valid', r: Float32Array) {
  return tf.tidy(() => {
    const wt = tf.tensor4d(w, ws);
    const f = (xt: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xt as tf.Tensor4D, wt, stride, pad), tf.tensor(r, tf.conv2d(xt as tf.Tensor4D, wt, stride, pad).shape)));
    return tf.grad(f)(tf.tensor4d(x, xs)).dataSync() as Float32Array;
  });
}

describe('Conv2DBackpropInput on wasm (stride 1 replaced by optspec)', () => {
  it.each([
    [[2, 7, 7, 3], [3, 3, 3, 4], 1, 'same'],
    [[2, 8, 8, 2], [3, 3, 2, 5], 1, 'valid'],
    [[1, 9, 9, 2], [5, 5, 2, 3], 1, 'same'],
    [[2, 8, 8, 2], [3, 3, 2, 2], 2, 'same'],
  ] as [number[], number[], number, 'same' | 'valid'][])('x %j, filter %j, stride %i, %s: agrees with the cpu backend', async (xs, ws, stride, pad) => {
    const r = rng(xs[1] * 17 + ws[3]);
    const x = Array.from({ length: xs.reduce((a, b) => a * b) }, () => r.uniform(-1, 1));
    const w = Array.from({ length: ws.reduce((a, b) => a * b) }, () => r.uniform(-1, 1));
    const shape4 = (a: number[]) => a as [number, number, number, number];
    await tf.setBackend('cpu');
    const outShape = tf.conv2d(tf.tensor4d(x, shape4(xs)), tf.tensor4d(w, shape4(ws)), stride, pad).shape;
    const rr = Float32Array.from({ length: outShape.reduce((a, b) => a * b) }, () => r.uniform(-1, 1));
    const expected = inputGrad(x, shape4(xs), w, shape4(ws), stride, pad, rr);
    await selectBackend('wasm');
    const actual = inputGrad(x, shape4(xs), w, shape4(ws), stride, pad, rr);
    for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThan(1e-4 * Math.max(1, Math.abs(expected[i])));
  });
});
