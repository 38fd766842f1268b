/**
 * Fashion-MNIST from the IDX files of Debian's dataset-fashion-mnist package
 * (/usr/share/datasets/fashion-mnist, gzipped), or a given folder. Magic
 * numbers and sizes are checked; a missing file fails with the command that
 * installs it. No network.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { rng } from '../../random/rng.ts';

export const DEFAULT_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

export interface ImageSet {
  /** Images as float32 in [0, 1] (normalised when asked), N × H × W × 1, row-major. */
  readonly images: Float32Array;
  readonly labels: Uint8Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly classes: number;
  /** Where the data came from, for the trace. */
  readonly source: string;
}

export class DatasetError extends Error {
  override name = 'DatasetError';
}

function readIdx(dir: string, base: string): Buffer {
  for (const name of [base, `${base}.gz`]) {
    const path = join(dir, name);
    if (existsSync(path)) {
      const raw = readFileSync(path);
      return name.endsWith('.gz') ? gunzipSync(raw) : raw;
    }
  }
  throw new DatasetError(`Fashion-MNIST file ${base}(.gz) not found in ${dir}; install it with: apt-get install dataset-fashion-mnist`);
}

/** Parse an IDX file, checking its magic number (0x0801 labels, 0x0803 images) and its length. */
export function parseIdx(buf: Buffer, what: 'images' | 'labels', file: string): { dims: number[]; data: Uint8Array } {
  const magic = buf.readUInt32BE(0);
  const expected = what === 'images' ? 0x803 : 0x801;
  if (magic !== expected) throw new DatasetError(`${file}: magic number 0x${magic.toString(16)}, expected 0x${expected.toString(16)} for ${what}`);
  const rank = magic & 0xff;
  const dims = Array.from({ length: rank }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  const size = dims.reduce((a, b) => a * b, 1);
  const offset = 4 + 4 * rank;
  if (buf.length !== offset + size) throw new DatasetError(`${file}: ${buf.length} bytes, expected ${offset + size} for dimensions ${dims.join('×')}`);
  return { dims, data: new Uint8Array(buf.buffer, buf.byteOffset + offset, size) };
}

export interface LoadOptions {
  dir?: string;
  split?: 'train' | 't10k';
  /** Keep this many examples, drawn by a seeded shuffle (all when absent). */
  limit?: number;
  seed?: number;
  /** Subtract the mean and divide by the standard deviation of the kept images. */
  normalise?: boolean;
  /** Average k×k blocks (28×28 → 14×14 for k = 2): the CPU smoke tier's images. */
  downsample?: number;
  /** Zero-pad every side by this many pixels (2 takes 28×28 to 32×32, CIFAR-10's size, for the VGG nets). */
  pad?: number;
}

export function loadFashionMnist(options: LoadOptions = {}): ImageSet {
  const dir = options.dir ?? DEFAULT_FASHION_MNIST_DIR;
  const split = options.split ?? 'train';
  const img = parseIdx(readIdx(dir, `${split}-images-idx3-ubyte`), 'images', `${split}-images-idx3-ubyte`);
  const lab = parseIdx(readIdx(dir, `${split}-labels-idx1-ubyte`), 'labels', `${split}-labels-idx1-ubyte`);
  const [n, h, w] = img.dims;
  if (lab.dims[0] !== n) throw new DatasetError(`${split}: ${n} images but ${lab.dims[0]} labels`);
  const order = shuffled(n, options.seed ?? 0);
  const count = Math.min(options.limit ?? n, n);
  const images = new Float32Array(count * h * w);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const src = order[i];
    labels[i] = lab.data[src];
    for (let p = 0; p < h * w; p++) images[i * h * w + p] = img.data[src * h * w + p] / 255;
  }
  const k = options.downsample ?? 1;
  const [H, W] = [Math.floor(h / k), Math.floor(w / k)];
  const small = k > 1 ? downsampleImages(images, count, h, w, k) : images;
  const p = options.pad ?? 0;
  // Padding is background (0) before normalising, as torchvision's Pad before Normalize.
  const out = p > 0 ? padImages(small, count, H, W, p) : small;
  if (options.normalise) normaliseInPlace(out);
  const note = (k > 1 ? `, ${H}×${W} by ${k}×${k} averaging` : '') + (p > 0 ? `, zero-padded to ${H + 2 * p}×${W + 2 * p}` : '');
  return { images: out, labels, count, height: H + 2 * p, width: W + 2 * p, classes: 10, source: `Fashion-MNIST ${split} (${dir}), ${count} of ${n}, seed ${options.seed ?? 0}${note}` };
}

function padImages(images: Float32Array, count: number, h: number, w: number, p: number): Float32Array {
  const [H, W] = [h + 2 * p, w + 2 * p];
  const out = new Float32Array(count * H * W);
  for (let n = 0; n < count; n++) for (let y = 0; y < h; y++) out.set(images.subarray((n * h + y) * w, (n * h + y + 1) * w), n * H * W + (y + p) * W + p);
  return out;
}

function downsampleImages(images: Float32Array, count: number, h: number, w: number, k: number): Float32Array {
  const H = Math.floor(h / k);
  const W = Math.floor(w / k);
  const out = new Float32Array(count * H * W);
  for (let n = 0; n < count; n++) {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        let s = 0;
        for (let dy = 0; dy < k; dy++) for (let dx = 0; dx < k; dx++) s += images[n * h * w + (y * k + dy) * w + x * k + dx];
        out[n * H * W + y * W + x] = s / (k * k);
      }
    }
  }
  return out;
}

/** A small seeded synthetic image set (class-dependent bars plus noise), the default when no dataset is installed. */
export function syntheticImages(count: number, seed = 0, size = 28, classes = 10): ImageSet {
  const r = rng(seed);
  const images = new Float32Array(count * size * size);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const c = r.int(classes);
    labels[i] = c;
    const row = Math.floor(((c + 0.5) * size) / classes);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const bar = Math.abs(y - row) <= 1 || (c % 2 === 0 && Math.abs(x - row) <= 1) ? 0.8 : 0;
        images[i * size * size + y * size + x] = bar + 0.2 * r.next();
      }
    }
  }
  return { images, labels, count, height: size, width: size, classes, source: `synthetic (seed ${seed})` };
}

/** Fashion-MNIST when the files are there, else the synthetic set; the source says which. */
export function loadImages(options: LoadOptions & { limit: number }): ImageSet {
  try {
    return loadFashionMnist(options);
  } catch (err) {
    if (!(err instanceof DatasetError) || options.dir) throw err;
    return syntheticImages(options.limit, options.seed);
  }
}

export function shuffled(n: number, seed: number): Uint32Array {
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  const r = rng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

function normaliseInPlace(a: Float32Array): void {
  let mean = 0;
  for (const v of a) mean += v;
  mean /= a.length;
  let v2 = 0;
  for (const v of a) v2 += (v - mean) ** 2;
  const sd = Math.sqrt(v2 / a.length) || 1;
  for (let i = 0; i < a.length; i++) a[i] = (a[i] - mean) / sd;
}
