/**
 * One harness, several TensorFlow.js backends, chosen at run time and named
 * in every trace. In order of preference:
 *   tensorflow  @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node (optional peers; CUDA or libtensorflow)
 *   webgpu      @tensorflow/tfjs-backend-webgpu on Dawn (optional peers), in `auto` only
 *               for a hardware GPU adapter: lavapipe (Vulkan on the CPU) is slower than wasm
 *   wasm        @tensorflow/tfjs-backend-wasm, with Conv2DBackpropFilter registered by optspec
 *               (it has none) and a faster stride-1 Conv2DBackpropInput
 *   cpu         @tensorflow/tfjs-backend-cpu, pure JS, the last resort (hundreds of times slower for CNNs)
 * All of them compute in float32.
 */
import * as tf from '@tensorflow/tfjs-core';
// The core entry registers no gradients; training needs them all.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ensureConv2dBackpropFilter } from './kernels/conv2d-backprop-filter.ts';
import { speedUpConv2dBackpropInput } from './kernels/conv2d-backprop-input.ts';
import { InputError } from '../validate/input-error.ts';
import { describeAdapter, probeAdapter, useWebgpu, type AdapterSummary } from './webgpu.ts';
import { fixWebgpuKernels } from './kernels/webgpu-fixes.ts';

export type BackendChoice = 'auto' | 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';
const CHOICES: readonly BackendChoice[] = ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu'];

export interface BackendInfo {
  /** The TensorFlow.js backend that runs. */
  readonly name: string;
  /** Why this one, and why faster ones were not used. */
  readonly reason: string;
  readonly precision: 'float32';
  /** The backend with its device, as traces and reports name it, e.g. "webgpu (mesa software: llvmpipe …)". */
  readonly device: string;
  /** The WebGPU adapter, for the webgpu backend. */
  readonly adapter?: AdapterSummary;
}

let current: BackendInfo | null = null;

async function tryTensorflow(): Promise<string | null> {
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await import(pkg);
      if (tf.findBackend('tensorflow') && (await tf.setBackend('tensorflow'))) return pkg;
    } catch {
      // not installed, or libtensorflow missing: fall through to the next choice
    }
  }
  return null;
}

async function tryWasm(): Promise<boolean> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    // The .wasm binaries ship inside the npm package: point the loader at them, no network.
    const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    wasm.setWasmPaths(`${join(dist)}/`);
    if (!(await tf.setBackend('wasm'))) return false;
    ensureConv2dBackpropFilter('wasm');
    speedUpConv2dBackpropInput('wasm');
    return true;
  } catch {
    return false;
  }
}

/** The webgpu backend, or why not; `hardwareOnly` refuses a software adapter (what `auto` wants). */
async function tryWebgpu(hardwareOnly: boolean): Promise<AdapterSummary | string> {
  const probe = await probeAdapter();
  if ('missing' in probe) return probe.missing;
  if (hardwareOnly && probe.adapter.software) return `only a software adapter (${describeAdapter(probe.adapter)}), slower than wasm`;
  try {
    const adapter = await useWebgpu();
    fixWebgpuKernels();
    return adapter;
  } catch (err) {
    return `${describeAdapter(probe.adapter)} did not initialise: ${(err as Error).message.split('\n')[0]}`;
  }
}

async function useCpu(): Promise<void> {
  await import('@tensorflow/tfjs-backend-cpu');
  await tf.setBackend('cpu');
}

/** Select and initialise a backend; the answer says which one ran and why. */
export async function selectBackend(choice: BackendChoice = 'auto'): Promise<BackendInfo> {
  if (!CHOICES.includes(choice)) throw new InputError('--backend', choice, `expected ${CHOICES.join(', ')}`);
  const missed: string[] = [];
  const fastest = () => `fastest available; ${missed.join('; ') || 'asked for'}`;
  if (choice === 'auto' || choice === 'tensorflow') {
    const pkg = await tryTensorflow();
    if (pkg) return (current = { name: 'tensorflow', device: 'tensorflow', reason: `${pkg} is installed`, precision: 'float32' });
    missed.push('tensorflow (neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node could be loaded)');
    if (choice === 'tensorflow') throw new InputError('--backend', choice, `unavailable: ${missed.join('; ')}`);
  }
  if (choice === 'auto' || choice === 'webgpu') {
    const got = await tryWebgpu(choice === 'auto');
    if (typeof got !== 'string') return (current = { name: 'webgpu', device: describeAdapter(got), adapter: got, reason: `${choice === 'auto' ? `hardware GPU adapter; ${fastest()}` : 'asked for'}; Dawn on ${got.vendor || 'an unknown vendor'} ${got.architecture}; AddN grouped by optspec`, precision: 'float32' });
    missed.push(`webgpu (${got})`);
    if (choice === 'webgpu') throw new InputError('--backend', choice, `unavailable: ${missed.join('; ')}`);
  }
  if (choice === 'auto' || choice === 'wasm') {
    if (await tryWasm()) return (current = { name: 'wasm', device: 'wasm', reason: `${fastest()}; Conv2DBackpropFilter registered and stride-1 Conv2DBackpropInput replaced by optspec`, precision: 'float32' });
    missed.push('wasm (@tensorflow/tfjs-backend-wasm did not initialise)');
    if (choice === 'wasm') throw new InputError('--backend', choice, `unavailable: ${missed.join('; ')}`);
  }
  await useCpu();
  return (current = { name: 'cpu', device: 'cpu', reason: choice === 'cpu' ? 'asked for' : `last resort: ${missed.join('; ')}`, precision: 'float32' });
}

export function currentBackend(): BackendInfo | null {
  return current;
}
