/**
 * Kernels the deep models need that the webgpu backend lacks or gets wrong.
 */
export function fixWebgpuKernels(): void {}
