import { defineOptimizer, type OptimizerFactory } from './optimizer.ts';
import { HyperReader } from './hyper.ts';
import { tensorwise } from './tensorwise.ts';
import { saveState, loadVector } from './state.ts';

export interface TfjsAdagradOptions {
  lr: number;
  initialAccumulatorValue?: number;
}

/**
 * TensorFlow.js's Adagrad (tf.train.adagrad; tfjs-core
 * src/optimizers/adagrad_optimizer.ts):
 *
 *   s ← s + g²                    (s starts at initialAccumulatorValue, default 0.1)
 *   β ← β − lr·g / √(s + ε)       (ε = 1e-7, the float32 backend epsilon, inside the root)
 *
 * PyTorch starts the accumulator at 0 and adds ε = 1e-10 outside the root.
 */
export function tfjsAdagrad(options: TfjsAdagradOptions): OptimizerFactory {
  // One state per tensor, each group's overrides on top of the options (see tensorwise.ts).
  return tensorwise(tfjsAdagradOnOneVector(options), (overrides) => tfjsAdagradOnOneVector({ ...options, ...overrides } as TfjsAdagradOptions));
}

function tfjsAdagradOnOneVector(options: TfjsAdagradOptions): OptimizerFactory {
  const h = new HyperReader(options as unknown as Record<string, unknown>);
  h.only(['lr', 'initialAccumulatorValue']);
  const lr = h.lr();
  const initialAccumulatorValue = h.nonNegative('initialAccumulatorValue', 0.1);
  const epsilon = 1e-7;
  return defineOptimizer('tfjs-adagrad', { lr, initialAccumulatorValue }, (dim) => {
    const acc = new Float64Array(dim).fill(initialAccumulatorValue);
    return {
      step(params, grad) {
        for (let i = 0; i < dim; i++) {
          const g = grad[i];
          acc[i] = acc[i] + g * g;
          params[i] = (g / Math.sqrt(acc[i] + epsilon)) * -lr + params[i];
        }
      },
      state: () => ({ accumulator: acc }),
      save: () => saveState({ accumulator: acc }),
      load: (s) => loadVector(s, 'accumulator', acc),
    };
  });
}
