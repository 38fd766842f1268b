/**
 * The weight layers of a VGG network and their parameter counts, for closed
 * forms that need n (001 Sec. 4, 000 Sec. 3 fine-tune VGG16 with an L1
 * penalty). Pure arithmetic: no network is built.
 */
import { InputError, positiveInteger } from '../validate/input-error.ts';

/** VGG16 (Simonyan & Zisserman's configuration D): conv widths, 'M' for a pooling layer. */
export const VGG16: readonly (number | 'M')[] = [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M'];

export interface VggOptions {
  readonly config?: readonly (number | 'M')[];
  readonly inChannels?: number;
  /** Width of the flattened features entering the classifier: 512·7·7 in torchvision, 512 in CIFAR ports. */
  readonly features: number;
  /** Hidden widths of the classifier: [4096, 4096] in torchvision, [] in CIFAR ports. */
  readonly hidden: readonly number[];
  readonly classes: number;
  /** Batch norm after each convolution adds a scale and a shift per channel. */
  readonly batchNorm?: boolean;
}

export interface WeightLayer {
  readonly kind: 'conv' | 'linear' | 'batch-norm';
  readonly weights: number;
  readonly biases: number;
  readonly fanIn: number;
  readonly fanOut: number;
}

export function vggLayers(options: VggOptions): WeightLayer[] {
  const layers: WeightLayer[] = [];
  let channels = positiveInteger('vgg.inChannels', options.inChannels ?? 3);
  for (const entry of options.config ?? VGG16) {
    if (entry === 'M') continue;
    const out = positiveInteger('vgg.config[]', entry);
    layers.push({ kind: 'conv', weights: out * channels * 9, biases: out, fanIn: channels * 9, fanOut: out * 9 });
    if (options.batchNorm) layers.push({ kind: 'batch-norm', weights: out, biases: out, fanIn: 1, fanOut: 1 });
    channels = out;
  }
  let width = positiveInteger('vgg.features', options.features);
  if (width % channels !== 0) throw new InputError('vgg.features', width, `expected a multiple of the last conv width ${channels}`);
  for (const next of [...options.hidden, options.classes]) {
    const out = positiveInteger('vgg.classifier width', next);
    layers.push({ kind: 'linear', weights: out * width, biases: out, fanIn: width, fanOut: out });
    width = out;
  }
  return layers;
}

/** All trainable parameters: weights and biases (and batch-norm scales and shifts). */
export function parameterCount(layers: readonly WeightLayer[]): number {
  return layers.reduce((n, l) => n + l.weights + l.biases, 0);
}
