import { defineOptimizer, type OptimizerFactory } from './optimizer.ts';
import { HyperReader } from './hyper.ts';
import { tensorwise } from './tensorwise.ts';
import { saveState, loadVector, loadNumber } from './state.ts';

export interface RmspropPaperOptions {
  lr: number;
  /** The decay γ of eq. (18), default 0.99. */
  gamma?: number;
  /** The jitter ε̄ added inside the square root, eq. (19); default 1e-8. */
  eps?: number;
}

/**
 * RMSProp in the paper's form, 001 eqs. (18)–(19) (after Ruder 2016):
 *
 *   v_t = γ·v_{t−1} + (1 − γ)·g_t²,   v_0 = 0
 *   β_{t+1} = β_t − α·g_t / √(v_t + ε̄)      (ε̄ inside the root)
 *
 * On λ‖β‖₁ this is β ← β − α·sign(β)/√(1 + ε̄/λ² − γᵗ) (eq. 21): the step does
 * not depend on λ once γᵗ ≪ 1 and ε̄ ≪ λ² (Prop. B.5).
 */
export function rmspropPaper(options: RmspropPaperOptions): OptimizerFactory {
  // One state per tensor, each group's overrides on top of the options (see tensorwise.ts).
  return tensorwise(rmspropPaperOnOneVector(options), (overrides) => rmspropPaperOnOneVector({ ...options, ...overrides } as RmspropPaperOptions));
}

function rmspropPaperOnOneVector(options: RmspropPaperOptions): OptimizerFactory {
  const h = new HyperReader(options as unknown as Record<string, unknown>);
  h.only(['lr', 'gamma', 'eps']);
  const lr = h.lr();
  const gamma = h.factor('gamma', 0.99);
  const eps = h.nonNegative('eps', 1e-8);
  return defineOptimizer('rmsprop-paper', { lr, gamma, eps }, (dim) => {
    const v = new Float64Array(dim);
    let step = 0;
    return {
      step(params, grad) {
        step++;
        for (let i = 0; i < dim; i++) {
          const g = grad[i];
          v[i] = gamma * v[i] + (1 - gamma) * g * g;
          params[i] = params[i] - (lr * g) / Math.sqrt(v[i] + eps);
        }
      },
      state: () => ({ v, step }),
      save: () => saveState({ v, step }),
      load(s) {
        loadVector(s, 'v', v);
        step = loadNumber(s, 'step');
      },
    };
  });
}
