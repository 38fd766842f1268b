import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { loadFashionMnist, parseIdx, syntheticImages, loadImages, DatasetError } from '../src/harness/data/fashion-mnist.ts';
import { testScratchDir } from './scratch.ts';

function idx(magic: number, dims: number[], data: number[]): Buffer {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(data)]);
}

function fakeDataset(): string {
  const dir = testScratchDir('fmnist-');
  writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(idx(0x803, [3, 2, 2], [0, 255, 0, 255, 10, 20, 30, 40, 255, 255, 255, 255])));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idx(0x801, [3], [7, 1, 9]));
  return dir;
}

describe('Fashion-MNIST loader', () => {
  it('reads gzipped and plain IDX files, scaling to [0, 1]', () => {
    const set = loadFashionMnist({ dir: fakeDataset(), seed: 0 });
    expect(set.count).toBe(3);
    expect([set.height, set.width]).toEqual([2, 2]);
    expect(new Set(set.labels)).toEqual(new Set([7, 1, 9]));
    expect(Math.max(...set.images)).toBe(1);
  });
  it('keeps a seeded subset, the same for the same seed', () => {
    const a = loadFashionMnist({ dir: fakeDataset(), seed: 4, limit: 2 });
    const b = loadFashionMnist({ dir: fakeDataset(), seed: 4, limit: 2 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.count).toBe(2);
  });
  it('checks the magic number and the size', () => {
    expect(() => parseIdx(idx(0x801, [2], [1, 2]), 'images', 'f')).toThrow('f: magic number 0x801, expected 0x803 for images');
    expect(() => parseIdx(idx(0x801, [3], [1, 2]), 'labels', 'g')).toThrow('g: 10 bytes, expected 11 for dimensions 3');
  });
  it('names the install command when files are missing', () => {
    expect(() => loadFashionMnist({ dir: testScratchDir('empty-') })).toThrow(/not found in .*; install it with: apt-get install dataset-fashion-mnist/);
    expect(() => loadFashionMnist({ dir: testScratchDir('empty-') })).toThrow(DatasetError);
  });
  it('falls back to the seeded synthetic set only for the default location', () => {
    expect(() => loadImages({ dir: testScratchDir('empty-'), limit: 4 })).toThrow(DatasetError);
    const s = syntheticImages(5, 1);
    expect(s.count).toBe(5);
    expect(Array.from(syntheticImages(5, 1).images)).toEqual(Array.from(s.images));
  });
  it('reads the real files when Debian\'s package is installed (CI installs it)', () => {
    const set = loadFashionMnist({ limit: 100, seed: 1 });
    expect(set.count).toBe(100);
    expect([set.height, set.width]).toEqual([28, 28]);
    expect(Math.max(...set.labels)).toBeLessThan(10);
  });
});

describe('downsampling', () => {
  it('averages k×k blocks', () => {
    const set = loadFashionMnist({ dir: (() => {
      const dir = testScratchDir('fmnist-ds-');
      writeFileSync(join(dir, 'train-images-idx3-ubyte'), idx(0x803, [1, 2, 2], [0, 255, 255, 255]));
      writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idx(0x801, [1], [3]));
      return dir;
    })(), downsample: 2 });
    expect([set.height, set.width]).toEqual([1, 1]);
    expect(set.images[0]).toBeCloseTo(0.75, 6);
  });
});
