/**
 * TensorFlow.js on WebGPU in Node, through Dawn (the `webgpu` npm package,
 * whose native binary reaches the GPU through Vulkan). Dawn finds a hardware
 * GPU through its Vulkan driver (NVIDIA's ICD on a GPU machine) or, without
 * one, Mesa's lavapipe, a Vulkan implementation on the CPU: correct, and what
 * CI tests on, but slower than wasm, so `auto` takes WebGPU only for a
 * hardware adapter. Both packages are optional peer dependencies.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What Dawn says about the adapter; `description` names the driver (e.g. "llvmpipe: Mesa 25.0.7 …"). */
export interface AdapterSummary {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** A software adapter (lavapipe, SwiftShader, or one Dawn marks as fallback): it runs on the CPU. */
  readonly software: boolean;
}

type GpuAdapter = { info: Record<string, unknown>; isFallbackAdapter?: boolean; features: Set<string>; limits: Record<string, number>; requestDevice(d: object): Promise<unknown> };
type Gpu = { requestAdapter(o?: object): Promise<GpuAdapter | null> };

let gpu: Gpu | null = null;
let registered: AdapterSummary | null = null;

/** Load Dawn once and expose `navigator.gpu` as a browser would; throws with the reason when it cannot. */
async function dawn(): Promise<Gpu> {
  if (gpu) return gpu;
  // Dawn refuses to start without a runtime folder. One private folder per user serves every
  // process (a folder per process was left behind by every test worker).
  if (!process.env.XDG_RUNTIME_DIR) {
    const runtime = join(tmpdir(), `optspec-runtime-${process.getuid?.() ?? 'user'}`);
    mkdirSync(runtime, { recursive: true, mode: 0o700 });
    process.env.XDG_RUNTIME_DIR = runtime;
  }
  const { create, globals } = (await import('webgpu')) as unknown as { create(flags: string[]): Gpu; globals: Record<string, unknown> };
  Object.assign(globalThis, globals);
  gpu = create([]);
  // Node 21+ has a read-only navigator getter; define over it rather than assign.
  Object.defineProperty(globalThis, 'navigator', { value: { ...((globalThis as { navigator?: object }).navigator ?? {}), gpu }, configurable: true, writable: true });
  return gpu;
}

export function summariseAdapter(info: Record<string, unknown>, fallback: boolean | undefined): AdapterSummary {
  const s = (k: string) => String(info[k] ?? '');
  const [vendor, architecture, device, description] = ['vendor', 'architecture', 'device', 'description'].map(s);
  const software = fallback === true || info.isFallbackAdapter === true || architecture === 'software' || /llvmpipe|lavapipe|swiftshader|softpipe/i.test(`${device} ${description}`);
  return { vendor, architecture, device, description, software };
}

/** The adapter a run would use, or the reason there is none (no `webgpu` package, no Vulkan loader, no driver). */
export async function probeAdapter(): Promise<{ adapter: AdapterSummary } | { missing: string }> {
  try {
    const a = await (await dawn()).requestAdapter({ powerPreference: 'high-performance' });
    if (!a) return { missing: 'Dawn found no WebGPU adapter (no Vulkan driver: install libvulkan1 and a GPU driver or mesa-vulkan-drivers)' };
    return { adapter: summariseAdapter(a.info, a.isFallbackAdapter) };
  } catch (err) {
    return { missing: `Dawn could not start: ${(err as Error).message.split('\n')[0]}` };
  }
}

/** One line naming the adapter, for traces and reports: "webgpu (nvidia ampere: NVIDIA …)". */
export function describeAdapter(a: AdapterSummary): string {
  const what = [a.vendor, a.architecture].filter(Boolean).join(' ') || 'unknown vendor';
  return `webgpu (${what}${a.description ? `: ${a.description}` : a.device ? `: ${a.device}` : ''}${a.software ? ', software on the CPU' : ''})`;
}

/**
 * Make `webgpu` the TensorFlow.js backend on the high-performance adapter.
 * The backend is registered here rather than by the package's own factory so
 * that the adapter inspected is the adapter used.
 */
export async function useWebgpu(): Promise<AdapterSummary> {
  // Once registered, keep the device: switching back must not strand the tensors made on it.
  if (registered && tf.findBackend('webgpu')) {
    if (!(await tf.setBackend('webgpu'))) throw new Error('tf.setBackend("webgpu") failed');
    return registered;
  }
  const g = await dawn();
  const { WebGPUBackend } = (await import('@tensorflow/tfjs-backend-webgpu')) as unknown as { WebGPUBackend: new (device: unknown, info?: unknown) => tf.KernelBackend };
  const adapter = await g.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('Dawn found no WebGPU adapter');
  if (tf.findBackend('webgpu') || tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', async () => {
    const l = adapter.limits;
    const device = await adapter.requestDevice({
      requiredFeatures: adapter.features.has('timestamp-query') ? ['timestamp-query'] : [],
      // The package's own factory asks for the adapter's limits too: the defaults are far below a GPU's.
      requiredLimits: Object.fromEntries(['maxComputeWorkgroupStorageSize', 'maxComputeWorkgroupsPerDimension', 'maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupSizeX', 'maxComputeInvocationsPerWorkgroup'].map((k) => [k, l[k]])),
    });
    return new WebGPUBackend(device, adapter.info);
  }, 3);
  if (!(await tf.setBackend('webgpu'))) throw new Error('tf.setBackend("webgpu") failed');
  return (registered = summariseAdapter(adapter.info, adapter.isFallbackAdapter));
}
