/**
 * What optspec's kernels share: they are built from the backend's own
 * kernels, called directly (inside a kernel the engine's op API is off
 * limits), and they free their intermediate tensors themselves.
 */
import { getKernel, type backend_util, type TensorInfo } from '@tensorflow/tfjs-core';

export type ConvAttrs = {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};

export interface Composer {
  run(name: string, inputs: Record<string, TensorInfo>, attrs: Record<string, unknown>): TensorInfo;
  dispose(t: TensorInfo): void;
}

export function composer(backendName: string, backend: unknown): Composer {
  return {
    run(name, inputs, attrs) {
      const kernel = getKernel(name, backendName);
      if (!kernel) throw new Error(`backend ${backendName} has no ${name} kernel`);
      return kernel.kernelFunc({ inputs, attrs: attrs as never, backend: backend as never }) as TensorInfo;
    },
    dispose: (t) => (backend as { disposeData(id: object): void }).disposeData(t.dataId),
  };
}
