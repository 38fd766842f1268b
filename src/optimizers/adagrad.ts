import { defineOptimizer, type OptimizerFactory } from './optimizer.ts';
import { HyperReader } from './hyper.ts';
import { tensorwise } from './tensorwise.ts';
import { saveState, loadVector, loadNumber } from './state.ts';

export interface AdagradOptions {
  lr?: number;
  lrDecay?: number;
  eps?: number;
  initialAccumulatorValue?: number;
  weightDecay?: number;
  maximize?: boolean;
}

/**
 * Adagrad with PyTorch's semantics (torch.optim.Adagrad; defaults lr 1e-2,
 * lrDecay 0, eps 1e-10, initial accumulator 0):
 *
 *   t ← t + 1;  g ← −g if maximize;  g ← g + weightDecay·β
 *   clr ← lr / (1 + (t − 1)·lrDecay)
 *   s ← s + g²                  (s starts at initialAccumulatorValue)
 *   β ← β − clr·g / (√s + eps)  (ε outside the root)
 */
export function adagrad(options: AdagradOptions = {}): OptimizerFactory {
  return adagradCore('adagrad', options, false);
}

/**
 * TensorFlow/Keras's Adagrad rule (tf.keras.optimizers.Adagrad): ε inside the root,
 *
 *   β ← β − clr·g / √(s + eps)
 *
 * with PyTorch's options otherwise (Keras's own defaults, accumulator 0.1 and
 * eps 1e-7, are the caller's to pass).
 */
export function tfAdagrad(options: AdagradOptions = {}): OptimizerFactory {
  return adagradCore('tf-adagrad', options, true);
}

/**
 * torch.optim.Adagrad's multi-tensor path in PyTorch 1.13 (`foreach=True`):
 * PyTorch's rule, but the step size is computed from the float32 step-count
 * tensor, so every operation of it rounds to float32 (adagrad.py's
 * `-lr / (1 + (step - 1) * lr_decay)`, `/` being reciprocal then multiply):
 *
 *   clr = f32(f32(1 / f32(1 + f32((t − 1)·f32(lrDecay)))) · f32(lr))
 *
 * At lr 0.01 that is 2e-9 relative off the float64 step size; the
 * per-parameter path (foreach=False) computes it in float64.
 */
export function torchForeachAdagrad(options: AdagradOptions = {}): OptimizerFactory {
  return adagradCore('torch-foreach-adagrad', options, false, float32StepSize);
}

const float64StepSize = (lr: number, lrDecay: number, t: number): number => lr / (1 + (t - 1) * lrDecay);
const f32 = Math.fround;
const float32StepSize = (lr: number, lrDecay: number, t: number): number => f32(f32(1 / f32(1 + f32((t - 1) * f32(lrDecay)))) * f32(lr));

function adagradCore(name: string, options: AdagradOptions, epsInside: boolean, stepSize = float64StepSize): OptimizerFactory {
  // One state per tensor, each group's overrides on top of the options (see tensorwise.ts).
  return tensorwise(adagradOnOneVector(name, options, epsInside, stepSize), (overrides) => adagradOnOneVector(name, { ...options, ...overrides } as AdagradOptions, epsInside, stepSize));
}

function adagradOnOneVector(name: string, options: AdagradOptions, epsInside: boolean, stepSize: typeof float64StepSize): OptimizerFactory {
  const h = new HyperReader(options as Record<string, unknown>);
  h.only(['lr', 'lrDecay', 'eps', 'initialAccumulatorValue', 'weightDecay', 'maximize']);
  const lr = h.lr(1e-2);
  const lrDecay = h.nonNegative('lrDecay', 0);
  const eps = h.nonNegative('eps', 1e-10);
  const initialAccumulatorValue = h.nonNegative('initialAccumulatorValue', 0);
  const weightDecay = h.nonNegative('weightDecay', 0);
  const maximize = h.flag('maximize', false);
  return defineOptimizer(name, { lr, lrDecay, eps, initialAccumulatorValue, weightDecay, maximize }, (dim) => {
    const sum = new Float64Array(dim).fill(initialAccumulatorValue);
    let step = 0;
    return {
      step(params, grad) {
        step++;
        const clr = stepSize(lr, lrDecay, step);
        for (let i = 0; i < dim; i++) {
          let g = maximize ? -grad[i] : grad[i];
          if (weightDecay !== 0) g = g + weightDecay * params[i];
          sum[i] = sum[i] + 1 * g * g;
          const std = epsInside ? Math.sqrt(sum[i] + eps) : Math.sqrt(sum[i]) + eps;
          params[i] = params[i] + (-clr * g) / std;
        }
      },
      state: () => ({ sum, step }),
      save: () => saveState({ sum, step }),
      load(s) {
        loadVector(s, 'sum', sum);
        step = loadNumber(s, 'step');
      },
    };
  });
}
