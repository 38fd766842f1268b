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
