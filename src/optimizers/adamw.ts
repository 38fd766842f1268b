import type { OptimizerFactory } from './optimizer.ts';
import { adamCore, type AdamOptions } from './adam.ts';

/**
 * AdamW with PyTorch's semantics (torch.optim.AdamW; default weight decay 1e-2):
 *
 *   β ← β·(1 − lr·weightDecay)          (decoupled decay, before the moments)
 *   then the Adam update of `adam` with no decay in the gradient.
 */
export function adamw(options: AdamOptions = {}): OptimizerFactory {
  return adamCore('adamw', options, true);
}

/**
 * AdamW as Loshchilov & Hutter write it (Algorithm 2, schedule multiplier η_t = 1):
 * the decay is multiplied by the schedule multiplier only, not by lr:
 *
 *   β ← β·(1 − weightDecay), then the Adam update.
 */
export function adamwPaper(options: AdamOptions = {}): OptimizerFactory {
  return adamCore('adamw-paper', options, true, { decayWithoutLr: true });
}
