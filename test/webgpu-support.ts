/**
 * Whether the webgpu tests can run here. They skip, naming the reason, only
 * where no WebGPU adapter can be created (no `webgpu` package, no Vulkan
 * loader or driver); with OPTSPEC_REQUIRE_WEBGPU=1 (CI, which installs
 * lavapipe) a missing adapter fails instead of skipping.
 */
import { probeAdapter } from '../src/harness/webgpu.ts';

const probe = await probeAdapter();

export const webgpuMissing: string | null = 'missing' in probe ? probe.missing : null;

if (webgpuMissing) {
  if (process.env.OPTSPEC_REQUIRE_WEBGPU === '1') throw new Error(`OPTSPEC_REQUIRE_WEBGPU=1 but ${webgpuMissing}`);
  process.stderr.write(`webgpu tests skipped: ${webgpuMissing}\n`);
}

/** A suffix for describe() titles, so a skip says why in the test list. */
export const skipNote = webgpuMissing ? ` (skipped: ${webgpuMissing})` : '';
