import { defineOptimizer, type OptimizerFactory } from './optimizer.ts';
import { HyperReader } from './hyper.ts';
import { tensorwise } from './tensorwise.ts';
import { saveState, loadVector, loadNumber } from './state.ts';

export interface AdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  amsgrad?: boolean;
  weightDecay?: number;
  maximize?: boolean;
}

/**
 * Where the Adam rules of other libraries depart from PyTorch's. Each is a
 * dialect of the gate's adam or adamw family; none is a user option.
 */
export interface AdamRule {
  /** TensorFlow/Keras: ε̂ = ε·√(1 − beta2ᵗ), i.e. lr_t = lr·√(1 − beta2ᵗ)/(1 − beta1ᵗ) and β ← β − lr_t·m/(√v + ε). */
  readonly epsHat?: boolean;
  /** AMSGrad's maximum taken over the bias-corrected v̂, not over v (optax before its fix). */
  readonly amsgradOverVhat?: boolean;
  /** Decoupled decay by the schedule multiplier only, β ← β·(1 − weightDecay), not by lr (Loshchilov & Hutter, Algorithm 2, η_t = 1). */
  readonly decayWithoutLr?: boolean;
}

/**
 * Adam with PyTorch's semantics (torch.optim.Adam; defaults lr 1e-3,
 * betas (0.9, 0.999), eps 1e-8, weight decay 0 added to the gradient,
 * amsgrad false, maximize false):
 *
 *   t ← t + 1;  g ← −g if maximize;  g ← g + weightDecay·β
 *   m ← beta1·m + (1 − beta1)·g
 *   v ← beta2·v + (1 − beta2)·g²
 *   v̂ ← max(v̂, v) if amsgrad, else v
 *   β ← β − (lr / (1 − beta1ᵗ)) · m / (√v̂ / √(1 − beta2ᵗ) + eps)
 */
export function adam(options: AdamOptions = {}): OptimizerFactory {
  return adamCore('adam', options, false);
}

/** Shared by adam and adamw (they differ only in where weight decay enters) and by the other libraries' rules. */
export function adamCore(name: string, options: AdamOptions, decoupled: boolean, rule: AdamRule = {}): OptimizerFactory {
  // One state per tensor, each group's overrides on top of the options (see tensorwise.ts).
  return tensorwise(adamOnOneVector(name, options, decoupled, rule), (overrides) => adamOnOneVector(name, { ...options, ...overrides } as AdamOptions, decoupled, rule));
}

function adamOnOneVector(name: string, options: AdamOptions, decoupled: boolean, rule: AdamRule): OptimizerFactory {
  const h = new HyperReader(options as Record<string, unknown>);
  h.only(['lr', 'beta1', 'beta2', 'eps', 'amsgrad', 'weightDecay', 'maximize']);
  const lr = h.lr(1e-3);
  const beta1 = h.factor('beta1', 0.9);
  const beta2 = h.factor('beta2', 0.999);
  const eps = h.nonNegative('eps', 1e-8);
  const amsgrad = h.flag('amsgrad', false);
  const weightDecay = h.nonNegative('weightDecay', decoupled ? 1e-2 : 0);
  const maximize = h.flag('maximize', false);
  return defineOptimizer(name, { lr, beta1, beta2, eps, amsgrad, weightDecay, maximize }, (dim) => {
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
        const shrink = 1 - (rule.decayWithoutLr ? 1 : lr) * weightDecay;
        for (let i = 0; i < dim; i++) {
          let g = maximize ? -grad[i] : grad[i];
          if (decoupled) params[i] = params[i] * shrink;
          else if (weightDecay !== 0) g = g + weightDecay * params[i];
          expAvg[i] = expAvg[i] * beta1 + (1 - beta1) * g;
          expAvgSq[i] = expAvgSq[i] * beta2 + (1 - beta2) * g * g;
          let second = rule.amsgradOverVhat ? expAvgSq[i] / bc2 : expAvgSq[i];
          if (amsgrad) {
            if (second > maxExpAvgSq[i]) maxExpAvgSq[i] = second;
            second = maxExpAvgSq[i];
          }
          if (rule.epsHat) {
            params[i] = params[i] - ((lr * bc2Sqrt) / bc1) * (expAvg[i] / (Math.sqrt(second) + eps));
          } else {
            const denom = (rule.amsgradOverVhat ? Math.sqrt(second) : Math.sqrt(second) / bc2Sqrt) + eps;
            params[i] = params[i] + (-stepSize * expAvg[i]) / denom;
          }
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

/** TensorFlow/Keras's Adam (tf.keras.optimizers.Adam): ε̂ = ε·√(1 − beta2ᵗ); its amsgrad keeps the maximum of v. */
export const tfAdam = (options: AdamOptions = {}): OptimizerFactory => adamCore('tf-adam', options, false, { epsHat: true });

/** PyTorch's Adam except that AMSGrad keeps the maximum of the bias-corrected v̂ (optax's scale_by_amsgrad before its fix). */
export const vhatAmsgradAdam = (options: AdamOptions = {}): OptimizerFactory => adamCore('adam-amsgrad-vhat', options, false, { amsgradOverVhat: true });
