import { defineOptimizer, type OptimizerFactory } from './optimizer.ts';
import { HyperReader } from './hyper.ts';
import { tensorwise } from './tensorwise.ts';
import { saveState, loadVector } from './state.ts';

export interface TfjsRmspropOptions {
  lr: number;
  decay?: number;
  momentum?: number;
  epsilon?: number;
  centered?: boolean;
}

/**
 * TensorFlow.js's RMSProp (tf.train.rmsprop; tfjs-core
 * src/optimizers/rmsprop_optimizer.ts; defaults decay 0.9, momentum 0,
 * epsilon = the backend's float32 epsilon 1e-7):
 *
 *   v ← decay·v + (1 − decay)·g²
 *   m ← decay·m + (1 − decay)·g                       (centered only)
 *   d ← √(v + ε), or √(v − (m² + ε)) when centered     (ε inside the root)
 *   b ← momentum·b + lr·g/d;   β ← β − b              (lr inside the buffer)
 *
 * Three departures from PyTorch: ε sits inside the square root (as in the
 * paper's eq. 19), the learning rate is folded into the momentum buffer, and
 * the centered form subtracts ε instead of adding it.
 */
export function tfjsRmsprop(options: TfjsRmspropOptions): OptimizerFactory {
  // One state per tensor, each group's overrides on top of the options (see tensorwise.ts).
  return tensorwise(tfjsRmspropOnOneVector(options), (overrides) => tfjsRmspropOnOneVector({ ...options, ...overrides } as TfjsRmspropOptions));
}

function tfjsRmspropOnOneVector(options: TfjsRmspropOptions): OptimizerFactory {
  const h = new HyperReader(options as unknown as Record<string, unknown>);
  h.only(['lr', 'decay', 'momentum', 'epsilon', 'centered']);
  const lr = h.lr();
  const decay = h.factor('decay', 0.9);
  const momentum = h.factor('momentum', 0);
  const epsilon = h.nonNegative('epsilon', 1e-7);
  const centered = h.flag('centered', false);
  return defineOptimizer('tfjs-rmsprop', { lr, decay, momentum, epsilon, centered }, (dim) => {
    const ms = new Float64Array(dim);
    const mg = new Float64Array(dim);
    const mom = new Float64Array(dim);
    return {
      step(params, grad) {
        for (let i = 0; i < dim; i++) {
          const g = grad[i];
          ms[i] = ms[i] * decay + g * g * (1 - decay);
          let denom: number;
          if (centered) {
            mg[i] = mg[i] * decay + g * (1 - decay);
            denom = Math.sqrt(ms[i] - (mg[i] * mg[i] + epsilon));
          } else {
            denom = Math.sqrt(ms[i] + epsilon);
          }
          mom[i] = mom[i] * momentum + (g * lr) / denom;
          params[i] = params[i] - mom[i];
        }
      },
      state: () => ({ meanSquare: ms, meanGrad: mg, moments: mom }),
      save: () => saveState({ meanSquare: ms, meanGrad: mg, moments: mom }),
      load(s) {
        loadVector(s, 'meanSquare', ms);
        loadVector(s, 'meanGrad', mg);
        loadVector(s, 'moments', mom);
      },
    };
  });
}
