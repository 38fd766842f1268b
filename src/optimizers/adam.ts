import { defineOptimizer, type OptimizerFactory } from './optimizer.ts';
import { HyperReader } from './hyper.ts';
import { saveState, loadVector, loadNumber } from './state.ts';

export interface AdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  amsgrad?: boolean;
  weightDecay?: number;
}

/**
 * Adam with PyTorch's semantics (torch.optim.Adam; defaults lr 1e-3,
 * betas (0.9, 0.999), eps 1e-8, weight decay 0 added to the gradient):
 *
 *   t ← t + 1;  g ← g + weightDecay·β
 *   m ← beta1·m + (1 − beta1)·g
 *   v ← beta2·v + (1 − beta2)·g²
 *   v̂ ← max(v̂, v) if amsgrad, else v
 *   β ← β − (lr / (1 − beta1ᵗ)) · m / (√v̂ / √(1 − beta2ᵗ) + eps)
 */
export function adam(options: AdamOptions = {}): OptimizerFactory {
  return adamCore('adam', options, false);
}

/** Shared by adam and adamw: they differ only in where weight decay enters. */
export function adamCore(name: 'adam' | 'adamw', options: AdamOptions, decoupled: boolean): OptimizerFactory {
  const h = new HyperReader(options as Record<string, unknown>);
  h.only(['lr', 'beta1', 'beta2', 'eps', 'amsgrad', 'weightDecay']);
  const lr = h.lr(1e-3);
  const beta1 = h.factor('beta1', 0.9);
  const beta2 = h.factor('beta2', 0.999);
  const eps = h.nonNegative('eps', 1e-8);
  const amsgrad = h.flag('amsgrad', false);
  const weightDecay = h.nonNegative('weightDecay', decoupled ? 1e-2 : 0);
  return defineOptimizer(name, { lr, beta1, beta2, eps, amsgrad, weightDecay }, (dim) => {
    const expAvg = new Float64Array(dim);
    const expAvgSq = new Float64Array(dim);
    const maxExpAvgSq = new Float64Array(dim);
    let step = 0;
    return {
      step(params, grad) {
        step++;
        const bc1 = 1 - beta1 ** step;
        const bc2 = 1 - beta2 ** step;
        const stepSize = lr / bc1;
        const bc2Sqrt = Math.sqrt(bc2);
        const shrink = 1 - lr * weightDecay;
        for (let i = 0; i < dim; i++) {
          let g = grad[i];
          if (decoupled) params[i] = params[i] * shrink;
          else if (weightDecay !== 0) g = g + weightDecay * params[i];
          expAvg[i] = expAvg[i] * beta1 + (1 - beta1) * g;
          expAvgSq[i] = expAvgSq[i] * beta2 + (1 - beta2) * g * g;
          let second = expAvgSq[i];
          if (amsgrad) {
            if (second > maxExpAvgSq[i]) maxExpAvgSq[i] = second;
            second = maxExpAvgSq[i];
          }
          const denom = Math.sqrt(second) / bc2Sqrt + eps;
          params[i] = params[i] + (-stepSize * expAvg[i]) / denom;
        }
      },
      state: () => ({ expAvg, expAvgSq, maxExpAvgSq, step }),
      save: () => saveState({ expAvg, expAvgSq, maxExpAvgSq, step }),
      load(s) {
        loadVector(s, 'expAvg', expAvg);
        loadVector(s, 'expAvgSq', expAvgSq);
        loadVector(s, 'maxExpAvgSq', maxExpAvgSq);
        step = loadNumber(s, 'step');
      },
    };
  });
}
