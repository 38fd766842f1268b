import { defineOptimizer, type OptimizerFactory } from './optimizer.ts';
import { HyperReader } from './hyper.ts';
import { tensorwise } from './tensorwise.ts';
import { saveState, loadVector, loadFlag } from './state.ts';
import { InputError } from '../validate/input-error.ts';

export interface SgdOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weightDecay?: number;
  maximize?: boolean;
}

/**
 * Stochastic gradient descent with PyTorch's semantics (torch.optim.SGD):
 *
 *   g ← −g if maximize;  g ← g + weightDecay·β
 *   b ← g                                  (first step)
 *   b ← momentum·b + (1 − dampening)·g     (later steps)
 *   d ← g + momentum·b if nesterov, else b  (d = g when momentum = 0)
 *   β ← β − lr·d
 *
 * The buffer starts at the first gradient, not at zero, so dampening has no
 * effect on step 1. With momentum = 0 this is the paper's vanilla NDGM, 001 eq. (2).
 */
export function sgd(options: SgdOptions): OptimizerFactory {
  // One state per tensor, each group's overrides on top of the options (see tensorwise.ts).
  return tensorwise(sgdOnOneVector(options), (overrides) => sgdOnOneVector({ ...options, ...overrides } as SgdOptions));
}

function sgdOnOneVector(options: SgdOptions): OptimizerFactory {
  const h = new HyperReader(options as unknown as Record<string, unknown>);
  h.only(['lr', 'momentum', 'dampening', 'nesterov', 'weightDecay', 'maximize']);
  const lr = h.lr();
  const momentum = h.factor('momentum', 0);
  const dampening = h.closedFactor('dampening', 0);
  const nesterov = h.flag('nesterov', false);
  const weightDecay = h.nonNegative('weightDecay', 0);
  const maximize = h.flag('maximize', false);
  if (nesterov && (momentum <= 0 || dampening !== 0)) {
    throw new InputError('optimizer.nesterov', nesterov, 'Nesterov momentum requires momentum > 0 and dampening = 0');
  }
  return defineOptimizer('sgd', { lr, momentum, dampening, nesterov, weightDecay, maximize }, (dim) => {
    const buf = new Float64Array(dim);
    let started = false;
    return {
      step(params, grad) {
        for (let i = 0; i < dim; i++) {
          let g = maximize ? -grad[i] : grad[i];
          if (weightDecay !== 0) g = g + weightDecay * params[i];
          if (momentum !== 0) {
            buf[i] = started ? buf[i] * momentum + (1 - dampening) * g : g;
            g = nesterov ? g + momentum * buf[i] : buf[i];
          }
          params[i] = params[i] + -lr * g;
        }
        started = true;
      },
      state: () => ({ momentumBuffer: buf }),
      save: () => saveState({ momentumBuffer: buf, started }),
      load(s) {
        loadVector(s, 'momentumBuffer', buf);
        started = loadFlag(s, 'started');
      },
    };
  });
}
