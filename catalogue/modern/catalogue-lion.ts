/** Lion variants: the bugs that shipped (bitsandbytes#1992's coupled decay) and their neighbours, and two correct rearrangements. */
import { defineOptimizer, type Hyper, type Optimizer } from '../../src/optimizers/optimizer.ts';
import { num } from '../../src/check/modern/drive.ts';
import type { ModernVariant } from './variant.ts';

interface LionBugs {
  /** Where the weight decay goes. */
  decay?: 'decoupled' | 'inside-sign' | 'without-lr' | 'after-step' | 'fused';
  swapBetas?: boolean;
  /** The momentum decays with β1 instead of β2. */
  momentumWithBeta1?: boolean;
  /** The momentum is updated before the direction is taken from it. */
  momentumFirst?: boolean;
  /** No sign(): θ − lr·c. */
  noSign?: boolean;
  /** Interpolations written as torch's lerp. */
  lerp?: boolean;
}

function lionLike(h: Hyper, dim: number, o: LionBugs): Optimizer {
  const lr = num(h, 'lr'), wd = num(h, 'weightDecay');
  const b1 = o.swapBetas ? num(h, 'beta2') : num(h, 'beta1');
  const b2 = o.swapBetas || o.momentumWithBeta1 ? num(h, 'beta1') : num(h, 'beta2');
  const m = new Float64Array(dim);
  const decay = o.decay ?? 'decoupled';
  return {
    step(p, g) {
      for (let i = 0; i < dim; i++) {
        const gi = decay === 'inside-sign' ? g[i] + wd * p[i] : g[i];
        if (o.momentumFirst) m[i] = b2 * m[i] + (1 - b2) * gi;
        const c = o.lerp ? m[i] + (1 - b1) * (gi - m[i]) : b1 * m[i] + (1 - b1) * gi;
        const dir = o.noSign ? c : Math.sign(c);
        if (decay === 'decoupled') p[i] = p[i] * (1 - lr * wd) - lr * dir;
        else if (decay === 'without-lr') p[i] = p[i] * (1 - wd) - lr * dir;
        else if (decay === 'after-step') p[i] = (p[i] - lr * dir) * (1 - lr * wd);
        else if (decay === 'fused') p[i] -= lr * (dir + wd * p[i]);
        else p[i] -= lr * dir;
        if (!o.momentumFirst) m[i] = o.lerp ? m[i] + (1 - b2) * (gi - m[i]) : b2 * m[i] + (1 - b2) * gi;
      }
    },
  };
}

const variant = (id: string, description: string, broken: boolean, o: LionBugs): ModernVariant => ({
  id,
  family: 'lion',
  description,
  broken,
  make: (h) => defineOptimizer(id, h, (dim) => lionLike(h, dim, o)),
});

export const LION_VARIANTS: readonly ModernVariant[] = [
  variant('lion-decay-inside-sign', 'adds wd·θ to the gradient inside sign() (bitsandbytes#1992)', true, { decay: 'inside-sign' }),
  variant('lion-decay-without-lr', 'shrinks θ by 1 − wd instead of 1 − lr·wd', true, { decay: 'without-lr' }),
  variant('lion-decay-after-step', 'decays θ after the signed step instead of before', true, { decay: 'after-step' }),
  variant('lion-betas-swapped', 'interpolates the direction with β2 and the momentum with β1', true, { swapBetas: true }),
  variant('lion-momentum-with-beta1', 'decays the momentum with β1 instead of β2', true, { momentumWithBeta1: true }),
  variant('lion-momentum-updated-first', 'updates the momentum before taking the direction from it', true, { momentumFirst: true }),
  variant('lion-no-sign', 'steps along c itself, without sign()', true, { noSign: true }),
  variant('lion-lerp-form', "writes both interpolations as torch's lerp: m + (1 − β)·(g − m)", false, { lerp: true }),
  variant('lion-fused-decay', 'folds the decay into the step: θ − lr·(sign(c) + wd·θ)', false, { decay: 'fused' }),
];
