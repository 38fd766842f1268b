import { describe, expect, it } from 'vitest';
import { selectBackend } from '../src/harness/backend.ts';
import { describeAdapter, summariseAdapter } from '../src/harness/webgpu.ts';
import { webgpuMissing, skipNote } from './webgpu-support.ts';

// Adapter info as Dawn reports it: lavapipe here (measured), an NVIDIA GPU as Dawn names one through Vulkan.
const lavapipe = { vendor: 'mesa', architecture: 'software', device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1', isFallbackAdapter: true };
const nvidia = { vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H100 80GB HBM3', isFallbackAdapter: false };

describe('which WebGPU adapters count as a GPU', () => {
  it('lavapipe is software, by any one of its marks', () => {
    expect(summariseAdapter(lavapipe, undefined).software).toBe(true);
    expect(summariseAdapter({ ...lavapipe, isFallbackAdapter: false }, undefined).software).toBe(true);
    expect(summariseAdapter({ ...lavapipe, isFallbackAdapter: false, architecture: '' }, false).software).toBe(true);
    expect(summariseAdapter({ vendor: 'google', architecture: '', device: 'SwiftShader Device', description: '' }, undefined).software).toBe(true);
  });
  it('an NVIDIA adapter is hardware, and is named by vendor, architecture and description', () => {
    const a = summariseAdapter(nvidia, false);
    expect(a.software).toBe(false);
    expect(describeAdapter(a)).toBe('webgpu (nvidia hopper: NVIDIA H100 80GB HBM3)');
    expect(describeAdapter(summariseAdapter(lavapipe, true))).toBe('webgpu (mesa software: llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1, software on the CPU)');
  });
  it('a missing field does not pass for hardware by accident: a fallback flag alone marks software', () => {
    expect(summariseAdapter({}, true).software).toBe(true);
    expect(describeAdapter(summariseAdapter({}, true))).toBe('webgpu (unknown vendor, software on the CPU)');
  });
});

describe('selectBackend', () => {
  it('refuses an unknown backend, naming the field, the value and the choices', async () => {
    await expect(selectBackend('gpu' as never)).rejects.toThrow('--backend: expected auto, tensorflow, webgpu, wasm, cpu, got "gpu"');
  });
  describe.skipIf(webgpuMissing !== null)(`with a WebGPU adapter here${skipNote}`, () => {
    it('auto passes over a software adapter for wasm and says why; asked for, webgpu runs on it', async () => {
      const auto = await selectBackend('auto');
      expect(auto.name).toBe('wasm');
      expect(auto.reason).toMatch(/webgpu \(only a software adapter \(webgpu \(mesa software: llvmpipe.*\)\), slower than wasm\)/);
      const asked = await selectBackend('webgpu');
      expect(asked.name).toBe('webgpu');
      expect(asked.device).toMatch(/^webgpu \(mesa software: llvmpipe/);
      expect(asked.adapter?.software).toBe(true);
    });
  });
});
