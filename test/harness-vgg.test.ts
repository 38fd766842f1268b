import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildModel, vggLayers } from '../src/harness/models.ts';
import { loadImages } from '../src/harness/data/fashion-mnist.ts';

describe('the VGG nets of the full tier (kuangliu/pytorch-cifar configurations, average pooling)', () => {
  it.each([[8, 'VGG11'], [10, 'VGG13'], [13, 'VGG16'], [16, 'VGG19']] as const)('%i convs is %s: five poolings, 512 channels at the end', (convs, _name) => {
    const layers = vggLayers(convs, 64, 'vgg');
    expect(layers.filter((l) => l !== 'A')).toHaveLength(convs);
    expect(layers.filter((l) => l === 'A')).toHaveLength(5);
    expect(layers[layers.length - 2]).toBe(512);
  });
  it('VGG16 (at width 8) has the parameter count of kuangliu\'s VGG16 scaled by 1/8, on one input channel', async () => {
    await tf.setBackend('cpu');
    const model = buildModel({ kind: 'cnn', layers: vggLayers(13, 8, 'vgg'), activation: 'relu', batchNorm: false, init: 'he', seed: 1, inputShape: [32, 32, 1], classes: 10 });
    // kuangliu's VGG16 without batch norm: Σ (9·cin + 1)·cout over 13 convs, + 512·10 + 10 (channels / 8 here).
    const convs = [[1, 64], [64, 64], [64, 128], [128, 128], [128, 256], [256, 256], [256, 256], [256, 512], [512, 512], [512, 512], [512, 512], [512, 512], [512, 512]].map(([i, o]) => [i === 1 ? 1 : i / 8, o / 8]);
    const expected = convs.reduce((n, [i, o]) => n + (9 * i + 1) * o, 0) + 64 * 10 + 10;
    const logits = tf.tidy(() => model.apply(tf.zeros([2, 32, 32, 1])));
    expect(logits.shape).toEqual([2, 10]);
    logits.dispose();
    expect(model.variables.reduce((n, v) => n + v.size, 0)).toBe(expected);
    model.dispose();
  });
  it('scales its channels by width/64 for a reduced run', () => {
    expect(vggLayers(8, 16, 'vgg')).toEqual([16, 'A', 32, 'A', 64, 64, 'A', 128, 128, 'A', 128, 128, 'A']);
  });
  it('refuses a depth with no VGG configuration, naming it', () => {
    expect(() => vggLayers(9, 64, 'vgg')).toThrow('9');
  });
  it('Fashion-MNIST zero-padded to 32×32 keeps the image in the centre', () => {
    const plain = loadImages({ limit: 4, seed: 1 });
    const padded = loadImages({ limit: 4, seed: 1, pad: 2 });
    expect([padded.height, padded.width]).toEqual([32, 32]);
    if (!plain.source.startsWith('Fashion-MNIST')) return; // the synthetic fallback has no padding to check
    expect(padded.source).toContain('zero-padded to 32×32');
    for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) expect(padded.images[32 * 32 + (y + 2) * 32 + x + 2]).toBe(plain.images[28 * 28 + y * 28 + x]);
    expect(padded.images.subarray(0, 64).every((v) => v === 0)).toBe(true);
  });
});
