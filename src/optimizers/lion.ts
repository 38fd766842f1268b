import { defineOptimizer, type OptimizerFactory } from './optimizer.ts';
import { HyperReader } from './hyper.ts';
import { saveState, loadVector } from './state.ts';
import { layoutFor, perGroup, tensorSize } from './layout.ts';

export interface LionOptions {
  /** Default 1e-4. */
  lr?: number;
  /** Interpolation factor of the update direction; default 0.9. */
  beta1?: number;
  /** Decay of the momentum; default 0.99. */
  beta2?: number;
  /** Decoupled weight decay; default 0. */
  weightDecay?: number;
}

const KEYS = ['lr', 'beta1', 'beta2', 'weightDecay'] as const;

interface LionHyper {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly weightDecay: number;
}

function readLion(given: Readonly<Record<string, unknown>>, field: string, fallback: LionHyper): LionHyper {
  const h = new HyperReader(given, field);
  h.only(KEYS);
  return {
    lr: h.lr(fallback.lr),
    beta1: h.factor('beta1', fallback.beta1),
    beta2: h.factor('beta2', fallback.beta2),
    weightDecay: h.nonNegative('weightDecay', fallback.weightDecay),
  };
}

/**
 * Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"),
 * following google/automl `lion/lion_pytorch.py` (commit
 * 6a54c8741e7c3265d4547c4f35f47a0391122dc5), defaults included
 * (lr 1e-4, β1 0.9, β2 0.99, weight decay 0). Per step, in this order:
 *
 *   θ ← θ·(1 − lr·wd)                     (decoupled decay, outside the sign)
 *   c = β1·m + (1 − β1)·g                 (the update's direction)
 *   θ ← θ − lr·sign(c)                    (sign(0) = 0, as torch.sign)
 *   m ← β2·m + (1 − β2)·g                 (the momentum, with the other β)
 *
 * m starts at 0. Lion is elementwise: with a layout, each tensor takes its
 * group's overrides of these four hyperparameters.
 */
export function lion(options: LionOptions = {}): OptimizerFactory {
  const own = readLion(options as Record<string, unknown>, 'optimizer', { lr: 1e-4, beta1: 0.9, beta2: 0.99, weightDecay: 0 });
  return defineOptimizer('lion', { ...own }, (dim, given) => {
    const layout = layoutFor(dim, given);
    const groups = perGroup(layout, (g, field) => readLion(g, field, own));
    const expAvg = new Float64Array(dim);
    return {
      step(params, grad, missing) {
        for (let ti = 0; ti < layout.tensors.length; ti++) {
          // A tensor without a gradient is untouched: no step, no decay, no momentum update.
          if (missing?.has(ti)) continue;
          const t = layout.tensors[ti];
          const { lr, beta1, beta2, weightDecay } = groups[t.group];
          const shrink = 1 - lr * weightDecay;
          const end = t.offset + tensorSize(t.shape);
          for (let i = t.offset; i < end; i++) {
            const g = grad[i];
            const c = expAvg[i] * beta1 + g * (1 - beta1);
            params[i] = params[i] * shrink - lr * Math.sign(c);
            expAvg[i] = expAvg[i] * beta2 + (1 - beta2) * g;
          }
        }
      },
      state: () => ({ expAvg }),
      save: () => saveState({ expAvg }),
      load(s) {
        loadVector(s, 'expAvg', expAvg);
      },
    };
  });
}
