import { defineOptimizer, type OptimizerFactory } from './optimizer.ts';
import { HyperReader } from './hyper.ts';
import { tensorwise } from './tensorwise.ts';
import { saveState, loadVector, loadFlag } from './state.ts';

export interface HeavyBallOptions {
  lr: number;
  /** The momentum factor η. */
  eta: number;
}

/**
 * NDGM with momentum in the paper's form, 001 eq. (16):
 *
 *   β_{N+1} = β_N − α(1 − η)·∇L(β_N) + η·(β_N − β_{N−1}),   β_{−1} = β_0
 *
 * When β_N[k] = 0 and the gradient there is 0 (as for |x| at 0), this gives
 * β_{N+1}[k] = −η·β_{N−1}[k]: the jump off zero of Prop. B.3.
 */
export function heavyBall(options: HeavyBallOptions): OptimizerFactory {
  // One state per tensor, each group's overrides on top of the options (see tensorwise.ts).
  return tensorwise(heavyBallOnOneVector(options), (overrides) => heavyBallOnOneVector({ ...options, ...overrides } as HeavyBallOptions));
}

function heavyBallOnOneVector(options: HeavyBallOptions): OptimizerFactory {
  const h = new HyperReader(options as unknown as Record<string, unknown>);
  h.only(['lr', 'eta']);
  const lr = h.lr();
  const eta = h.factor('eta', 0.9);
  return defineOptimizer('heavy-ball', { lr, eta }, (dim) => {
    const previous = new Float64Array(dim);
    let started = false;
    return {
      step(params, grad) {
        if (!started) previous.set(params);
        started = true;
        for (let i = 0; i < dim; i++) {
          const current = params[i];
          params[i] = current - lr * (1 - eta) * grad[i] + eta * (current - previous[i]);
          previous[i] = current;
        }
      },
      state: () => ({ previous }),
      save: () => saveState({ previous, started }),
      load(s) {
        loadVector(s, 'previous', previous);
        started = loadFlag(s, 'started');
      },
    };
  });
}
