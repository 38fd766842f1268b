/**
 * Conv2DBackpropFilter for the wasm backend, which ships without it (so no
 * convolution can be trained there). The filter gradient is itself a
 * convolution:
 *
 *   dW[i, j, c, o] = Σ_n Σ_{h,w} x[n, h·s + i − top, w·s + j − left, c] · dy[n, h, w, o]
 *
 * i.e. a Conv2D of the input transposed to [Cin, H, W, N] (batch ↔ channels)
 * with the output gradient transposed to a filter [Ho, Wo, N, Cout], stride 1,
 * the forward stride becoming a dilation, and the forward padding kept on the
 * top and left. The result [Cin, kh, kw, Cout] is cropped to kh × kw and
 * transposed to [kh, kw, Cin, Cout]. Every step runs on wasm's own kernels
 * (Transpose, Conv2D, Slice), so the work stays in XNNPACK.
 */
import { backend_util, getKernel, registerKernel, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { composer, type ConvAttrs } from './compose.ts';

export function conv2dBackpropFilterConfig(backendName: string): KernelConfig {
  return {
    kernelName: 'Conv2DBackpropFilter',
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as ConvAttrs & { filterShape: [number, number, number, number] };
      if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter (optspec, wasm): only NHWC is supported');
      const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
      const { run, dispose } = composer(backendName, backend);
      const [, H, W] = x.shape;
      const kh = info.filterHeight;
      const kw = info.filterWidth;
      const top = info.padInfo.top;
      const left = info.padInfo.left;
      const bottom = Math.max(0, kh - H - top + (info.outHeight - 1) * info.strideHeight);
      const right = Math.max(0, kw - W - left + (info.outWidth - 1) * info.strideWidth);
      const xT = run('Transpose', { x }, { perm: [3, 1, 2, 0] });
      const dyT = run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
      const conv = run('Conv2D', { x: xT, filter: dyT }, {
        strides: [1, 1],
        pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
        dataFormat: 'NHWC',
        dilations: [info.strideHeight, info.strideWidth],
        dimRoundingMode: undefined,
      });
      dispose(xT);
      dispose(dyT);
      let cropped = conv;
      if (conv.shape[1] !== kh || conv.shape[2] !== kw) {
        cropped = run('Slice', { x: conv }, { begin: [0, 0, 0, 0], size: [conv.shape[0], kh, kw, conv.shape[3]] });
        dispose(conv);
      }
      const out = run('Transpose', { x: cropped }, { perm: [1, 2, 0, 3] });
      dispose(cropped);
      return out;
    },
  };
}

/** Register the kernel for a backend that lacks it; a no-op where one exists. */
export function ensureConv2dBackpropFilter(backendName: string): boolean {
  if (getKernel('Conv2DBackpropFilter', backendName)) return false;
  registerKernel(conv2dBackpropFilterConfig(backendName));
  return true;
}
