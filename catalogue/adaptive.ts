/** Broken RMSProp and Adagrad optimizers, each named for its bug. */
import { mutant, hp, type CatalogueEntry } from './entry.ts';
import type { CheckHyper } from '../src/check/families.ts';

interface RmsBugs {
  alpha?: number;
  eps?: number;
  swap?: boolean;
  unsquared?: boolean;
  stale?: boolean;
  noSqrt?: boolean;
  epsInside?: boolean;
  startAtOne?: boolean;
}

/** PyTorch's RMSProp, v ← αv + (1 − α)g², β ← β − lr·g/(√v + ε), with switches for the bugs below. */
function rms(h: CheckHyper, dim: number, o: RmsBugs = {}) {
  const a = o.alpha ?? hp(h, 'alpha');
  const eps = o.eps ?? hp(h, 'eps');
  const v = new Float64Array(dim).fill(o.startAtOne ? 1 : 0);
  return {
    step(p: Float64Array, g: Float64Array) {
      for (let i = 0; i < dim; i++) {
        const before = v[i];
        const g2 = o.unsquared ? Math.abs(g[i]) : g[i] * g[i];
        v[i] = o.swap ? (1 - a) * v[i] + a * g2 : a * v[i] + (1 - a) * g2;
        const s = o.stale ? before : v[i];
        const denom = o.noSqrt ? s + eps : o.epsInside ? Math.sqrt(s + eps) : Math.sqrt(s) + eps;
        p[i] -= (h.lr * g[i]) / denom;
      }
    },
  };
}

interface AdagradBugs {
  eps?: number;
  noSum?: boolean;
  decay?: boolean;
  initial?: number;
  lrOverT?: boolean;
  stale?: boolean;
  epsInside?: boolean;
}

/** PyTorch's Adagrad, s ← s + g², β ← β − lr·g/(√s + ε), with switches for the bugs below. */
function ada(h: CheckHyper, dim: number, o: AdagradBugs = {}) {
  const eps = o.eps ?? hp(h, 'eps');
  const s = new Float64Array(dim).fill(o.initial ?? 0);
  let t = 0;
  return {
    step(p: Float64Array, g: Float64Array) {
      t++;
      for (let i = 0; i < dim; i++) {
        const before = s[i];
        s[i] = o.noSum ? g[i] * g[i] : (o.decay ? 0.9 : 1) * s[i] + g[i] * g[i];
        const acc = o.stale ? before : s[i];
        const lr = o.lrOverT ? h.lr / t : h.lr;
        p[i] -= (lr * g[i]) / (o.epsInside ? Math.sqrt(acc + eps) : Math.sqrt(acc) + eps);
      }
    },
  };
}

export const ADAPTIVE: readonly CatalogueEntry[] = [
  mutant('rmsprop-alpha-swapped', 'rmsprop', 'swaps α and 1 − α in the second moment', (h, dim) => rms(h, dim, { swap: true })),
  mutant('rmsprop-unsquared', 'rmsprop', 'averages |g| instead of g²', (h, dim) => rms(h, dim, { unsquared: true })),
  mutant('rmsprop-stale-second-moment', 'rmsprop', 'reads the second moment before updating it', (h, dim) => rms(h, dim, { stale: true })),
  mutant('rmsprop-no-sqrt', 'rmsprop', 'divides by v instead of √v', (h, dim) => rms(h, dim, { noSqrt: true })),
  mutant('rmsprop-eps-inside-root', 'rmsprop', "puts ε inside the root while claiming PyTorch's form", (h, dim) => rms(h, dim, { epsInside: true })),
  mutant('rmsprop-ignores-eps', 'rmsprop', 'uses ε = 1e-8 whatever it is given', (h, dim) => rms(h, dim, { eps: 1e-8 })),
  mutant('rmsprop-ignores-alpha', 'rmsprop', 'uses α = 0.99 whatever it is given', (h, dim) => rms(h, dim, { alpha: 0.99 })),
  mutant('rmsprop-starts-at-one', 'rmsprop', 'starts the second moment at 1 (TF 1.x), not 0', (h, dim) => rms(h, dim, { startAtOne: true })),
  mutant('rmsprop-nan', 'rmsprop', 'writes NaN into every parameter', () => ({ step: (p) => p.fill(NaN) })),
  mutant('adagrad-no-accumulation', 'adagrad', 'keeps only the last g², never the sum', (h, dim) => ada(h, dim, { noSum: true })),
  mutant('adagrad-decaying-sum', 'adagrad', 'decays its sum by 0.9 (RMSProp by accident)', (h, dim) => ada(h, dim, { decay: true })),
  mutant('adagrad-initial-accumulator', 'adagrad', "starts the sum at TF.js's 0.1 while claiming PyTorch's form", (h, dim) => ada(h, dim, { initial: 0.1 })),
  mutant('adagrad-lr-decay', 'adagrad', 'divides lr by the step count on top of the accumulator', (h, dim) => ada(h, dim, { lrOverT: true })),
  mutant('adagrad-stale-accumulator', 'adagrad', 'reads the sum before adding g²', (h, dim) => ada(h, dim, { stale: true })),
  mutant('adagrad-eps-inside-root', 'adagrad', "puts ε inside the root while claiming PyTorch's form", (h, dim) => ada(h, dim, { epsInside: true })),
  mutant('adagrad-ignores-eps', 'adagrad', 'uses ε = 1e-10 whatever it is given', (h, dim) => ada(h, dim, { eps: 1e-10 })),
];
