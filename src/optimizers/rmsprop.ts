import { defineOptimizer, type OptimizerFactory } from './optimizer.ts';
import { HyperReader } from './hyper.ts';
import { tensorwise } from './tensorwise.ts';
import { saveState, loadVector, loadNumber } from './state.ts';

export interface RmspropOptions {
  lr?: number;
  alpha?: number;
  eps?: number;
  centered?: boolean;
  momentum?: number;
  weightDecay?: number;
  maximize?: boolean;
}

/**
 * RMSProp with PyTorch's semantics (torch.optim.RMSprop; defaults lr 1e-2,
 * alpha 0.99, eps 1e-8):
 *
 *   g ← −g if maximize;  g ← g + weightDecay·β
 *   v ← alpha·v + (1 − alpha)·g²
 *   m ← alpha·m + (1 − alpha)·g               (centered only)
 *   s ← √(v − m²) if centered, else √v;  s ← s + eps    (ε outside the root)
 *   b ← momentum·b + g/s;  β ← β − lr·b       (momentum > 0)
 *   β ← β − lr·g/s                             (momentum = 0)
 *
 * v, m and b start at zero. Contrast rmsprop-paper (ε inside the root) and
 * tfjs-rmsprop (learning rate inside the momentum buffer).
 */
export function rmsprop(options: RmspropOptions = {}): OptimizerFactory {
  // One state per tensor, each group's overrides on top of the options (see tensorwise.ts).
  return tensorwise(rmspropOnOneVector(options), (overrides) => rmspropOnOneVector({ ...options, ...overrides } as RmspropOptions));
}

function rmspropOnOneVector(options: RmspropOptions): OptimizerFactory {
  const h = new HyperReader(options as Record<string, unknown>);
  h.only(['lr', 'alpha', 'eps', 'centered', 'momentum', 'weightDecay', 'maximize']);
  const lr = h.lr(1e-2);
  const alpha = h.factor('alpha', 0.99);
  const eps = h.nonNegative('eps', 1e-8);
  const centered = h.flag('centered', false);
  const momentum = h.factor('momentum', 0);
  const weightDecay = h.nonNegative('weightDecay', 0);
  const maximize = h.flag('maximize', false);
  return defineOptimizer('rmsprop', { lr, alpha, eps, centered, momentum, weightDecay, maximize }, (dim) => {
    const squareAvg = new Float64Array(dim);
    const gradAvg = new Float64Array(dim);
    const buf = new Float64Array(dim);
    let step = 0;
    return {
      step(params, grad) {
        step++;
        for (let i = 0; i < dim; i++) {
          let g = maximize ? -grad[i] : grad[i];
          if (weightDecay !== 0) g = g + weightDecay * params[i];
          squareAvg[i] = squareAvg[i] * alpha + (1 - alpha) * g * g;
          let avg: number;
          if (centered) {
            gradAvg[i] = gradAvg[i] * alpha + (1 - alpha) * g;
            avg = Math.sqrt(squareAvg[i] + -1 * gradAvg[i] * gradAvg[i]);
          } else {
            avg = Math.sqrt(squareAvg[i]);
          }
          avg = avg + eps;
          if (momentum > 0) {
            buf[i] = buf[i] * momentum + g / avg;
            params[i] = params[i] + -lr * buf[i];
          } else {
            params[i] = params[i] + (-lr * g) / avg;
          }
        }
      },
      state: () => ({ squareAvg, gradAvg, momentumBuffer: buf, step }),
      save: () => saveState({ squareAvg, gradAvg, momentumBuffer: buf, step }),
      load(s) {
        loadVector(s, 'squareAvg', squareAvg);
        loadVector(s, 'gradAvg', gradAvg);
        loadVector(s, 'momentumBuffer', buf);
        step = loadNumber(s, 'step');
      },
    };
  });
}
