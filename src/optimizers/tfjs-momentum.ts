import { defineOptimizer, type OptimizerFactory } from './optimizer.ts';
import { HyperReader } from './hyper.ts';
import { tensorwise } from './tensorwise.ts';
import { saveState, loadVector } from './state.ts';

export interface TfjsMomentumOptions {
  lr: number;
  momentum: number;
  useNesterov?: boolean;
}

/**
 * TensorFlow.js's momentum optimizer (tf.train.momentum; tfjs-core
 * src/optimizers/momentum_optimizer.ts, applyGradients):
 *
 *   a ← momentum·a + g               (a starts at 0)
 *   β ← β − lr·(g + momentum·a) if useNesterov, else β − lr·a
 *
 * The learning rate sits outside the accumulator, as in PyTorch, and a zero
 * start equals PyTorch's first-gradient start when dampening is 0; the two
 * part ways only through dampening, which TensorFlow.js does not have, and a
 * learning rate that changes between steps (PyTorch rescales the whole buffer).
 */
export function tfjsMomentum(options: TfjsMomentumOptions): OptimizerFactory {
  // One state per tensor, each group's overrides on top of the options (see tensorwise.ts).
  return tensorwise(tfjsMomentumOnOneVector(options), (overrides) => tfjsMomentumOnOneVector({ ...options, ...overrides } as TfjsMomentumOptions));
}

function tfjsMomentumOnOneVector(options: TfjsMomentumOptions): OptimizerFactory {
  const h = new HyperReader(options as unknown as Record<string, unknown>);
  h.only(['lr', 'momentum', 'useNesterov']);
  const lr = h.lr();
  const momentum = h.factor('momentum', 0);
  const useNesterov = h.flag('useNesterov', false);
  return defineOptimizer('tfjs-momentum', { lr, momentum, useNesterov }, (dim) => {
    const acc = new Float64Array(dim);
    return {
      step(params, grad) {
        for (let i = 0; i < dim; i++) {
          const g = grad[i];
          acc[i] = momentum * acc[i] + g;
          params[i] = -lr * (useNesterov ? g + acc[i] * momentum : acc[i]) + params[i];
        }
      },
      state: () => ({ accumulation: acc }),
      save: () => saveState({ accumulation: acc }),
      load: (s) => loadVector(s, 'accumulation', acc),
    };
  });
}
