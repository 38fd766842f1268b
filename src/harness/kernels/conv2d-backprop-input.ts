/**
 * A faster Conv2DBackpropInput for the wasm backend. The stock kernel is a
 * plain loop; for stride 1 the input gradient is a convolution that XNNPACK
 * runs fast:
 *
 *   dx = Conv2D(dy, W′),  W′[i, j, o, c] = W[kh−1−i, kw−1−j, c, o]
 *
 * (the filter turned 180° and its channels swapped), padded by kh−1−top above
 * and kh−1−bottom below (likewise across). Other strides go to the stock kernel.
 */
import { backend_util, getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { composer, type ConvAttrs } from './compose.ts';

function fastInputGradient(backendName: string, stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as ConvAttrs & { inputShape: [number, number, number, number] };
    const info = backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, dataFormat === 'NCHW' ? 'channelsFirst' : 'channelsLast');
    if (info.strideHeight !== 1 || info.strideWidth !== 1 || dataFormat === 'NCHW') return stock(args);
    const { run, dispose } = composer(backendName, backend);
    const kh = info.filterHeight;
    const kw = info.filterWidth;
    const { top, bottom, left, right } = info.padInfo;
    const flipped = run('Reverse', { x: filter }, { dims: [0, 1] });
    const swapped = run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
    dispose(flipped);
    const dx = run('Conv2D', { x: dy, filter: swapped }, {
      strides: [1, 1],
      pad: [[0, 0], [kh - 1 - top, kh - 1 - bottom], [kw - 1 - left, kw - 1 - right], [0, 0]],
      dataFormat: 'NHWC',
      dilations: [1, 1],
      dimRoundingMode: undefined,
    });
    dispose(swapped);
    return dx;
  };
}

/** Replace the backend's Conv2DBackpropInput with the fast stride-1 path (once). */
export function speedUpConv2dBackpropInput(backendName: string): boolean {
  const stock = getKernel('Conv2DBackpropInput', backendName) as (KernelConfig & { optspec?: boolean }) | undefined;
  if (!stock || stock.optspec) return false;
  unregisterKernel('Conv2DBackpropInput', backendName);
  registerKernel({ ...stock, kernelFunc: fastInputGradient(backendName, stock.kernelFunc), optspec: true } as KernelConfig);
  return true;
}
