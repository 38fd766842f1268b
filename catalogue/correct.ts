/**
 * Correct optimizers written independently of the references: other
 * precisions, the TF.js and paper dialects, and algebraically equal
 * rearrangements that round differently. The gate must accept every one.
 */
import { correct, hp, type CatalogueEntry } from './entry.ts';
import { saveState, loadVector, loadNumber, loadFlag } from '../src/optimizers/state.ts';
import type { Optimizer } from '../src/optimizers/optimizer.ts';
import type { CheckHyper } from '../src/check/families.ts';

const f = Math.fround;

/** Adam in the papers' notation, with decoupled decay wd folded into the same expression (0 for Adam). */
function textbookAdam(h: CheckHyper, dim: number, wd: number): Optimizer {
  const m = new Float64Array(dim), v = new Float64Array(dim);
  let t = 0;
  const [b1, b2] = [hp(h, 'beta1'), hp(h, 'beta2')];
  return {
    step(p, g) {
      t++;
      for (let i = 0; i < dim; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        p[i] -= h.lr * ((m[i] / (1 - b1 ** t)) / (Math.sqrt(v[i] / (1 - b2 ** t)) + hp(h, 'eps')) + wd * p[i]);
      }
    },
    save: () => saveState({ m, v, t }),
    load: (s) => (loadVector(s, 'm', m), loadVector(s, 'v', v), (t = loadNumber(s, 't'))),
  };
}

export const CORRECT: readonly CatalogueEntry[] = [
  correct('sgd-float32', 'sgd', (h) => ({ step: (p, g) => p.forEach((x, i) => (p[i] = f(f(x) - f(f(h.lr) * f(g[i]))))) }), { precision: 'float32', without: ['weightDecay', 'maximize'] }),
  correct('momentum-zero-start', 'momentum', (h, dim) => {
    // A buffer that starts at 0 equals PyTorch's first-gradient start when dampening is 0.
    const b = new Float64Array(dim);
    return { step: (p, g) => p.forEach((x, i) => ((b[i] = hp(h, 'momentum') * b[i] + g[i]), (p[i] = x - h.lr * b[i]))) };
  }, { without: ['dampening', 'weightDecay', 'maximize'] }),
  correct('momentum-lr-in-velocity', 'momentum', (h, dim) => {
    const v = new Float64Array(dim);
    return { step: (p, g) => p.forEach((x, i) => ((v[i] = hp(h, 'momentum') * v[i] + h.lr * g[i]), (p[i] = x - v[i]))) };
  }, { without: ['dampening', 'weightDecay', 'maximize'] }),
  correct('momentum-with-save', 'momentum', (h, dim) => {
    const b = new Float64Array(dim);
    let started = false;
    return {
      step(p, g) {
        for (let i = 0; i < dim; i++) (b[i] = started ? hp(h, 'momentum') * b[i] + g[i] : g[i]), (p[i] -= h.lr * b[i]);
        started = true;
      },
      save: () => saveState({ b, started }),
      load: (s) => (loadVector(s, 'b', b), (started = loadFlag(s, 'started'))),
    };
  }, { without: ['dampening', 'weightDecay', 'maximize'] }),
  correct('heavy-ball-velocity', 'momentum', (h, dim) => {
    // 001 eq. 16 with v = β_N − β_{N−1}: v ← η·v − α(1 − η)·g, β ← β + v.
    const v = new Float64Array(dim);
    const eta = hp(h, 'momentum');
    return { step: (p, g) => p.forEach((x, i) => ((v[i] = eta * v[i] - h.lr * (1 - eta) * g[i]), (p[i] = x + v[i]))) };
  }, { dialect: 'paper' }),
  correct('nesterov-expanded', 'nesterov', (h, dim) => {
    // g + μ(μb + g) written as (1 + μ)g + μ²b.
    const b = new Float64Array(dim);
    let started = false;
    const mu = hp(h, 'momentum');
    return {
      step(p, g) {
        for (let i = 0; i < dim; i++) {
          const d = started ? (1 + mu) * g[i] + mu * mu * b[i] : (1 + mu) * g[i];
          b[i] = started ? mu * b[i] + g[i] : g[i];
          p[i] -= h.lr * d;
        }
        started = true;
      },
    };
  }, { without: ['weightDecay', 'maximize'] }),
  correct('rmsprop-reciprocal', 'rmsprop', (h, dim) => {
    const v = new Float64Array(dim);
    const a = hp(h, 'alpha');
    return { step: (p, g) => p.forEach((x, i) => ((v[i] = a * v[i] + (1 - a) * g[i] * g[i]), (p[i] = x - h.lr * g[i] * (1 / (Math.sqrt(v[i]) + hp(h, 'eps')))))) };
  }, { without: ['momentum', 'centered', 'weightDecay', 'maximize'] }),
  correct('rmsprop-tfjs', 'rmsprop', (h, dim) => {
    const ms = new Float64Array(dim);
    const a = hp(h, 'alpha');
    return { step: (p, g) => p.forEach((x, i) => ((ms[i] = a * ms[i] + (1 - a) * g[i] ** 2), (p[i] = x - (h.lr * g[i]) / Math.sqrt(ms[i] + hp(h, 'eps'))))) };
  }, { dialect: 'tfjs', without: ['momentum', 'centered'] }),
  correct('rmsprop-paper', 'rmsprop', (h, dim) => {
    const v = new Float64Array(dim);
    const gamma = hp(h, 'alpha');
    return { step: (p, g) => p.forEach((x, i) => ((v[i] = gamma * v[i] + (1 - gamma) * g[i] * g[i]), (p[i] = x - (h.lr / Math.sqrt(v[i] + hp(h, 'eps'))) * g[i]))) };
  }, { dialect: 'paper' }),
  // Kingma & Ba's form, m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ), against PyTorch's fused step size.
  correct('adam-textbook', 'adam', (h, dim) => textbookAdam(h, dim, 0), { without: ['amsgrad', 'weightDecay', 'maximize'] }),
  correct('adam-tfjs-running-products', 'adam', (h, dim) => {
    const m = new Float64Array(dim), v = new Float64Array(dim);
    const [b1, b2] = [hp(h, 'beta1'), hp(h, 'beta2')];
    let [p1, p2] = [b1, b2];
    return {
      step(p, g) {
        for (let i = 0; i < dim; i++) {
          m[i] = m[i] * b1 + g[i] * (1 - b1);
          v[i] = v[i] * b2 + g[i] * g[i] * (1 - b2);
          p[i] += ((m[i] / (1 - p1)) / (Math.sqrt(v[i] / (1 - p2)) + hp(h, 'eps'))) * -h.lr;
        }
        (p1 *= b1), (p2 *= b2);
      },
    };
  }, { dialect: 'tfjs' }),
  correct('adam-float32', 'adam', (h, dim) => {
    const m = new Float32Array(dim), v = new Float32Array(dim);
    let t = 0;
    const [b1, b2, eps, lr] = [f(hp(h, 'beta1')), f(hp(h, 'beta2')), f(hp(h, 'eps')), f(h.lr)];
    return {
      step(p, g) {
        t++;
        const [c1, c2] = [f(1 - f(b1 ** t)), f(1 - f(b2 ** t))];
        for (let i = 0; i < dim; i++) {
          const gi = f(g[i]);
          m[i] = f(f(b1 * m[i]) + f(f(1 - b1) * gi));
          v[i] = f(f(b2 * v[i]) + f(f(1 - b2) * f(gi * gi)));
          p[i] = f(p[i] - f(lr * f(f(m[i] / c1) / f(f(Math.sqrt(f(v[i] / c2))) + eps))));
        }
      },
    };
  }, { precision: 'float32', without: ['amsgrad', 'weightDecay', 'maximize'] }),
  // Loshchilov & Hutter: β ← β − lr·(m̂/(√v̂ + ε) + wd·β), one expression.
  correct('adamw-textbook', 'adamw', (h, dim) => textbookAdam(h, dim, hp(h, 'weightDecay')), { without: ['amsgrad', 'maximize'] }),
  correct('adagrad-with-save', 'adagrad', (h, dim) => {
    const s = new Float64Array(dim);
    return {
      step: (p, g) => p.forEach((x, i) => ((s[i] += g[i] * g[i]), (p[i] = x - (h.lr * g[i]) / (Math.sqrt(s[i]) + hp(h, 'eps'))))),
      save: () => saveState({ s }),
      load: (state) => loadVector(state, 's', s),
    };
  }, { without: ['lrDecay', 'initialAccumulatorValue', 'weightDecay', 'maximize'] }),
  correct('adagrad-tfjs', 'adagrad', (h, dim) => {
    const acc = new Float64Array(dim).fill(0.1);
    return { step: (p, g) => p.forEach((x, i) => ((acc[i] += g[i] * g[i]), (p[i] = x - (h.lr * g[i]) / Math.sqrt(acc[i] + hp(h, 'eps'))))) };
  }, { dialect: 'tfjs' }),
];
