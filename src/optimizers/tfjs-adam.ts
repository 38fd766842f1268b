import { defineOptimizer, type OptimizerFactory } from './optimizer.ts';
import { HyperReader } from './hyper.ts';
import { tensorwise } from './tensorwise.ts';
import { saveState, loadVector, loadNumber } from './state.ts';

export interface TfjsAdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/**
 * TensorFlow.js's Adam (tf.train.adam; tfjs-core src/optimizers/adam_optimizer.ts;
 * defaults lr 1e-3, betas 0.9 / 0.999, epsilon 1e-7):
 *
 *   m ← beta1·m + (1 − beta1)·g;   v ← beta2·v + (1 − beta2)·g²
 *   β ← β − lr·(m / (1 − B1)) / (√(v / (1 − B2)) + ε)
 *
 * where B1, B2 are running products beta1ᵗ, beta2ᵗ (kept by repeated
 * multiplication, not by a power). The rule equals PyTorch's Adam up to
 * rounding; what differs is the default ε (1e-7 against 1e-8).
 */
export function tfjsAdam(options: TfjsAdamOptions = {}): OptimizerFactory {
  // One state per tensor, each group's overrides on top of the options (see tensorwise.ts).
  return tensorwise(tfjsAdamOnOneVector(options), (overrides) => tfjsAdamOnOneVector({ ...options, ...overrides } as TfjsAdamOptions));
}

function tfjsAdamOnOneVector(options: TfjsAdamOptions): OptimizerFactory {
  const h = new HyperReader(options as Record<string, unknown>);
  h.only(['lr', 'beta1', 'beta2', 'epsilon']);
  const lr = h.lr(1e-3);
  const beta1 = h.factor('beta1', 0.9);
  const beta2 = h.factor('beta2', 0.999);
  const epsilon = h.nonNegative('epsilon', 1e-7);
  return defineOptimizer('tfjs-adam', { lr, beta1, beta2, epsilon }, (dim) => {
    const m = new Float64Array(dim);
    const v = new Float64Array(dim);
    let accBeta1 = beta1;
    let accBeta2 = beta2;
    return {
      step(params, grad) {
        const c1 = 1 - accBeta1;
        const c2 = 1 - accBeta2;
        for (let i = 0; i < dim; i++) {
          const g = grad[i];
          m[i] = m[i] * beta1 + g * (1 - beta1);
          v[i] = v[i] * beta2 + g * g * (1 - beta2);
          params[i] = ((m[i] / c1) / (Math.sqrt(v[i] / c2) + epsilon)) * -lr + params[i];
        }
        accBeta1 *= beta1;
        accBeta2 *= beta2;
      },
      state: () => ({ firstMoment: m, secondMoment: v }),
      save: () => saveState({ firstMoment: m, secondMoment: v, accBeta1, accBeta2 }),
      load(s) {
        loadVector(s, 'firstMoment', m);
        loadVector(s, 'secondMoment', v);
        accBeta1 = loadNumber(s, 'accBeta1');
        accBeta2 = loadNumber(s, 'accBeta2');
      },
    };
  });
}
