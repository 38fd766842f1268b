// optspec/harness on the cpu backend in plain Node: a gradient through a convolution.
import { selectBackend } from 'optspec/harness';
import * as tf from '@tensorflow/tfjs-core';

const backend = await selectBackend('cpu');
const grad = tf.grad((w) => tf.sum(tf.conv2d(tf.ones([1, 4, 4, 1]), w, 1, 'same')))(tf.ones([3, 3, 1, 1]));
process.stdout.write(`${backend.name} ${Array.from(await grad.data()).join(',')}\n`);
