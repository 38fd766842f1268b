/**
 * Kernels the deep models need that the webgpu backend (4.22) gets wrong.
 *
 * AddN: the stock kernel sums all its inputs in one shader, one storage
 * buffer each, so past the device's maxStorageBuffersPerShaderStage (8 by
 * default, one taken by the output) the pipeline is invalid and the sum is
 * garbage: the L1 term λ·Σ_p ‖p‖₁ over a VGG's 28+ parameter tensors hits
 * it. Here the inputs are summed in groups that fit, then the group sums
 * (TensorFlow.js's Concat kernel splits the same way).
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { composer } from './compose.ts';

function groupedAddN(stock: KernelFunc): KernelFunc {
  return (args) => {
    const inputs = args.inputs as unknown as TensorInfo[];
    const backend = args.backend as { device: { limits: { maxStorageBuffersPerShaderStage: number } } };
    const most = Math.max(2, backend.device.limits.maxStorageBuffersPerShaderStage - 1);
    if (inputs.length <= most) return stock(args);
    const { dispose } = composer('webgpu', backend);
    const sums: TensorInfo[] = [];
    for (let i = 0; i < inputs.length; i += most) {
      const group = inputs.slice(i, i + most);
      sums.push(group.length === 1 ? group[0] : (stock({ ...args, inputs: group as never }) as TensorInfo));
    }
    const total = groupedAddN(stock)({ ...args, inputs: sums as never }) as TensorInfo;
    sums.forEach((s) => !inputs.includes(s) && dispose(s));
    return total;
  };
}

/** Replace webgpu's AddN with the grouped one (once). */
export function fixWebgpuKernels(): void {
  const stock = getKernel('AddN', 'webgpu') as (KernelConfig & { optspec?: boolean }) | undefined;
  if (!stock || stock.optspec) return;
  unregisterKernel('AddN', 'webgpu');
  registerKernel({ ...stock, kernelFunc: groupedAddN(stock.kernelFunc), optspec: true } as KernelConfig);
}
