/** Broken Adam and AdamW optimizers, each named for its bug. */
import { mutant, hp, type CatalogueEntry } from './entry.ts';
import type { CheckHyper } from '../src/check/families.ts';
import { loadVector, loadNumber } from '../src/optimizers/state.ts';

interface AdamBugs {
  beta2?: number;
  eps?: number;
  noBias?: boolean;
  swapBetas?: boolean;
  offByOne?: boolean;
  onlyFirstBias?: boolean;
  epsInside?: boolean;
  absG?: boolean;
  undampedM?: boolean;
  noSqrtBias?: boolean;
  amsgrad?: boolean;
  sharedStep?: boolean;
  liveSave?: boolean;
  /** AdamW: where the decay goes. */
  decay?: 'decoupled' | 'coupled' | 'without-lr' | 'after' | 'none';
  weightDecay?: number;
}

const shared = { t: 0 };

/** PyTorch's Adam (AdamW with `decay`), with switches for the bugs below. */
function adamLike(h: CheckHyper, dim: number, o: AdamBugs = {}) {
  const b1 = o.swapBetas ? (o.beta2 ?? hp(h, 'beta2')) : hp(h, 'beta1');
  const b2 = o.swapBetas ? hp(h, 'beta1') : (o.beta2 ?? hp(h, 'beta2'));
  const eps = o.eps ?? hp(h, 'eps');
  const wd = o.weightDecay ?? h.weightDecay ?? 0;
  const m = new Float64Array(dim);
  const v = new Float64Array(dim);
  const vmax = new Float64Array(dim);
  const own = { t: 0 };
  const clock = o.sharedStep ? shared : own;
  return {
    step(p: Float64Array, g: Float64Array) {
      const t = ++clock.t;
      const e = o.offByOne ? t + 1 : t;
      const bc1 = o.noBias ? 1 : 1 - b1 ** e;
      const bc2 = o.noBias || o.onlyFirstBias ? 1 : 1 - b2 ** e;
      for (let i = 0; i < dim; i++) {
        let gi = g[i];
        if (o.decay === 'decoupled') p[i] *= 1 - h.lr * wd;
        else if (o.decay === 'without-lr') p[i] *= 1 - wd;
        else if (o.decay === 'coupled') gi += wd * p[i];
        m[i] = b1 * m[i] + (o.undampedM ? 1 : 1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * (o.absG ? Math.abs(gi) : gi * gi);
        vmax[i] = Math.max(vmax[i], v[i]);
        const second = o.amsgrad ? vmax[i] : v[i];
        const root = o.epsInside ? Math.sqrt(second / bc2 + eps) : (o.noSqrtBias ? Math.sqrt(second) / bc2 : Math.sqrt(second) / Math.sqrt(bc2)) + eps;
        p[i] -= (h.lr * (m[i] / bc1)) / root;
        if (o.decay === 'after') p[i] *= 1 - h.lr * wd;
      }
    },
    // Save hands out the live buffers instead of copies.
    ...(o.liveSave ? { save: () => ({ m, v, t: own.t }) as never, load(s: never) { loadVector(s, 'm', m); loadVector(s, 'v', v); own.t = loadNumber(s, 't'); } } : {}),
  };
}

export const ADAM: readonly CatalogueEntry[] = [
  mutant('adam-no-bias-correction', 'adam', 'forgets the bias correction', (h, dim) => adamLike(h, dim, { noBias: true })),
  mutant('adam-betas-swapped', 'adam', 'swaps β1 and β2', (h, dim) => adamLike(h, dim, { swapBetas: true })),
  mutant('adam-bias-correction-off-by-one', 'adam', 'corrects with βᵗ⁺¹ instead of βᵗ', (h, dim) => adamLike(h, dim, { offByOne: true })),
  mutant('adam-missing-second-correction', 'adam', 'corrects the first moment only', (h, dim) => adamLike(h, dim, { onlyFirstBias: true })),
  mutant('adam-eps-inside-root', 'adam', "puts ε inside the root while claiming PyTorch's form", (h, dim) => adamLike(h, dim, { epsInside: true })),
  mutant('adam-abs-second-moment', 'adam', 'averages |g| instead of g²', (h, dim) => adamLike(h, dim, { absG: true })),
  mutant('adam-undamped-first-moment', 'adam', 'adds g, not (1 − β1)·g, to the first moment', (h, dim) => adamLike(h, dim, { undampedM: true })),
  mutant('adam-unrooted-correction', 'adam', 'divides √v by 1 − β2ᵗ instead of its root', (h, dim) => adamLike(h, dim, { noSqrtBias: true })),
  mutant('adam-amsgrad-always', 'adam', 'takes the running max of v (AMSGrad) without being asked', (h, dim) => adamLike(h, dim, { amsgrad: true })),
  mutant('adam-ignores-beta2', 'adam', 'uses β2 = 0.999 whatever it is given', (h, dim) => adamLike(h, dim, { beta2: 0.999 })),
  mutant('adam-ignores-eps', 'adam', 'uses ε = 1e-8 whatever it is given', (h, dim) => adamLike(h, dim, { eps: 1e-8 })),
  mutant('adam-shared-step-count', 'adam', 'counts steps in a module variable shared by every instance', (h, dim) => adamLike(h, dim, { sharedStep: true })),
  mutant('adam-save-shares-buffers', 'adam', 'save() hands out its live moment buffers, not copies', (h, dim) => adamLike(h, dim, { liveSave: true })),
  mutant('adam-noop', 'adam', 'never updates the parameters', () => ({ step: () => {} })),
  mutant('adamw-coupled-decay', 'adamw', 'adds the decay to the gradient (Adam with L2), not to the weights', (h, dim) => adamLike(h, dim, { decay: 'coupled' })),
  mutant('adamw-decay-without-lr', 'adamw', 'shrinks by 1 − wd instead of 1 − lr·wd', (h, dim) => adamLike(h, dim, { decay: 'without-lr' })),
  mutant('adamw-decay-after-step', 'adamw', 'decays the weights after the Adam step instead of before', (h, dim) => adamLike(h, dim, { decay: 'after' })),
  mutant('adamw-ignores-weight-decay', 'adamw', 'uses weight decay 0.01 whatever it is given', (h, dim) => adamLike(h, dim, { decay: 'decoupled', weightDecay: 0.01 })),
  mutant('adamw-no-decay', 'adamw', 'never decays the weights', (h, dim) => adamLike(h, dim, { decay: 'none' })),
];
