// optspec/harness in plain Node: a gradient through a convolution on the cpu
// backend, then a few training steps of a small CNN on the wasm backend.
import { selectBackend, buildModel, syntheticImages, train } from 'optspec/harness';
import * as tf from '@tensorflow/tfjs-core';

const cpu = await selectBackend('cpu');
const grad = tf.grad((w) => tf.sum(tf.conv2d(tf.ones([1, 4, 4, 1]), w, 1, 'same')))(tf.ones([3, 3, 1, 1]));
process.stdout.write(`${cpu.name} ${Array.from(await grad.data()).join(',')}\n`);

await selectBackend('wasm');
const spec = { kind: 'cnn', layers: [4, 'A', 8, 'A'], activation: 'gelu', batchNorm: true, init: 'he', seed: 7, inputShape: [8, 8, 1], classes: 10 };
const trace = await train({ model: buildModel(spec), data: syntheticImages(64, 3, 8), optimizer: { name: 'sgd', lr: 0.1 }, steps: 4, batchSize: 16, seed: 1 });
process.stdout.write(`${trace.meta.backend} ${JSON.stringify(trace.loss)}\n`);
