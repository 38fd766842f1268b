/** Broken SGD, momentum and Nesterov optimizers, each named for its bug. */
import { mutant, hp, type CatalogueEntry } from './entry.ts';
import type { CheckHyper } from '../src/check/families.ts';

/** PyTorch's momentum step with switches for the bugs below: b ← μb + g (b₁ = g), d = b or g + μb. */
function heavy(h: CheckHyper, dim: number, o: { mu?: number; dampen?: boolean; stale?: boolean; nesterov?: boolean; staleLook?: boolean; dropG?: boolean; reset?: boolean; shared?: Float64Array } = {}) {
  const mu = o.mu ?? hp(h, 'momentum');
  let buf = o.shared ?? new Float64Array(dim);
  let started = false;
  return {
    step(p: Float64Array, g: Float64Array) {
      if (o.reset) (buf = new Float64Array(dim)), (started = false);
      for (let i = 0; i < dim; i++) {
        const old = buf[i];
        buf[i] = started ? mu * buf[i] + (o.dampen ? 1 - mu : 1) * g[i] : g[i];
        const b = o.stale ? old : buf[i];
        const d = o.nesterov ? (o.dropG ? 0 : g[i]) + mu * (o.staleLook ? old : b) : b;
        p[i] = p[i] - h.lr * d;
      }
      started = true;
    },
  };
}

const SHARED = new Float64Array(64);
let noise = 0;

export const PLAIN: readonly CatalogueEntry[] = [
  mutant('sgd-ignores-lr', 'sgd', 'uses lr = 0.01 whatever it is given', () => ({ step: (p, g) => p.forEach((x, i) => (p[i] = x - 0.01 * g[i])) })),
  mutant('sgd-sign0-is-1', 'sgd', 'treats sign(0) as 1 and kicks zero coordinates away', (h) => ({ step: (p, g) => p.forEach((x, i) => (p[i] = x - h.lr * (x === 0 ? Math.abs(g[i]) || 1 : g[i]))) })),
  mutant('sgd-ascent', 'sgd', 'adds the gradient instead of subtracting it', (h) => ({ step: (p, g) => p.forEach((x, i) => (p[i] = x + h.lr * g[i])) })),
  mutant('sgd-lr-squared', 'sgd', 'multiplies by lr twice', (h) => ({ step: (p, g) => p.forEach((x, i) => (p[i] = x - h.lr * h.lr * g[i])) })),
  mutant('sgd-hidden-weight-decay', 'sgd', 'adds a weight decay of 1e-4 nobody asked for', (h) => ({ step: (p, g) => p.forEach((x, i) => (p[i] = x - h.lr * (g[i] + 1e-4 * x))) })),
  mutant('sgd-stale-gradient', 'sgd', "steps with the previous step's gradient", (h, dim) => {
    const prev = new Float64Array(dim);
    return { step: (p, g) => p.forEach((x, i) => ((p[i] = x - h.lr * prev[i]), (prev[i] = g[i]))) };
  }),
  mutant('sgd-sign-descent', 'sgd', 'steps by lr·sign(g), forgetting the gradient magnitude', (h) => ({ step: (p, g) => p.forEach((x, i) => (p[i] = x - h.lr * Math.sign(g[i]))) })),
  mutant('sgd-skips-coordinate-0', 'sgd', 'its loop starts at 1', (h) => ({ step: (p, g) => { for (let i = 1; i < p.length; i++) p[i] -= h.lr * g[i]; } })),
  mutant('sgd-nondeterministic', 'sgd', 'rounds differently from run to run (a racy parallel reduction)', (h) => ({
    step: (p, g) => p.forEach((x, i) => (p[i] = x - h.lr * g[i] * (1 + (Math.random() < 0.5 ? 0 : 2 ** -44)))),
  })),
  mutant('sgd-noop', 'sgd', 'never updates the parameters', () => ({ step: () => {} })),
  mutant('momentum-hardcoded-half', 'momentum', 'uses momentum 0.5 whatever it is given (passed the first gate)', (h, dim) => heavy(h, dim, { mu: 0.5 })),
  mutant('momentum-dampened', 'momentum', 'dampens the gradient by 1 − μ (dampening = momentum)', (h, dim) => heavy(h, dim, { dampen: true })),
  mutant('momentum-stale-buffer', 'momentum', 'steps with the buffer before this step updates it', (h, dim) => heavy(h, dim, { stale: true })),
  mutant('momentum-shared-buffer', 'momentum', 'keeps its buffer in a module variable shared by every instance', (h, dim) => heavy(h, dim, { shared: SHARED.subarray(0, dim) })),
  mutant('momentum-buffer-reset', 'momentum', 'makes a fresh buffer every step (plain SGD)', (h, dim) => heavy(h, dim, { reset: true })),
  mutant('momentum-nesterov-always', 'momentum', 'applies the Nesterov look-ahead without being asked', (h, dim) => heavy(h, dim, { nesterov: true })),
  mutant('nesterov-no-lookahead', 'nesterov', 'forgets the look-ahead: plain heavy ball', (h, dim) => heavy(h, dim)),
  mutant('nesterov-stale-lookahead', 'nesterov', 'looks ahead with the buffer before its update', (h, dim) => heavy(h, dim, { nesterov: true, staleLook: true })),
  mutant('nesterov-hardcoded-0.9', 'nesterov', 'uses momentum 0.9 whatever it is given', (h, dim) => heavy(h, dim, { nesterov: true, mu: 0.9 })),
  mutant('nesterov-drops-gradient', 'nesterov', 'steps by μ·b alone, dropping the gradient term', (h, dim) => heavy(h, dim, { nesterov: true, dropG: true })),
  mutant('nesterov-noisy', 'nesterov', 'adds a counter-dependent 1e-12 nudge (a leftover debug term)', (h, dim) => {
    const inner = heavy(h, dim, { nesterov: true });
    return { step: (p, g) => (inner.step(p, g), (p[0] += 1e-12 * (noise++ % 3))) };
  }),
];
