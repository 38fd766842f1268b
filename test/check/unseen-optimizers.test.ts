/**
 * The gate on optimizers the catalogue does not hold, written for this test
 * only: a few broken in ways the catalogue never tried, and a few correct
 * ones written in other styles.
 */
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/run-check.ts';
import type { CheckFamily, CheckHyper, Dialect, Maker, Precision } from '../../src/check/families.ts';
import { FAMILIES } from '../../src/check/families.ts';
import { defineOptimizer, type Optimizer, type OptimizerState } from '../../src/optimizers/optimizer.ts';
import { rmsprop, adam } from '../../src/optimizers/index.ts';

const f = Math.fround;
const make = (name: string, step: (h: CheckHyper, dim: number) => Optimizer): Maker => (h) => defineOptimizer(name, h as never, (dim) => step(h, dim));

/** These optimizers implement the family's rule without its options: they declare them missing, as `--without` would. */
function verdict(maker: Maker, family: CheckFamily, precision: Precision = 'float64', dialect: Dialect = 'pytorch') {
  const results = runCheck({ make: maker, family, dialect, precision, without: Object.keys(FAMILIES[family].options) });
  return { accepted: results.every((r) => r.outcome.pass), killers: results.filter((r) => !r.outcome.pass).map((r) => r.expectation.id) };
}

/** SGD with momentum as a class with private fields; its state saved through structuredClone. */
class ClassMomentum implements Optimizer {
  #buf: Float64Array;
  #first = true;
  constructor(private readonly h: CheckHyper, dim: number) {
    this.#buf = new Float64Array(dim);
  }
  step(p: Float64Array, g: Float64Array) {
    const mu = this.h.momentum as number;
    this.#buf = this.#buf.map((b, i) => (this.#first ? g[i] : mu * b + g[i]));
    this.#first = false;
    for (let i = 0; i < p.length; i++) p[i] += -this.h.lr * this.#buf[i];
  }
  save(): OptimizerState {
    return structuredClone({ buf: Array.from(this.#buf), first: this.#first });
  }
  load(s: OptimizerState) {
    this.#buf = Float64Array.from(s.buf as number[]);
    this.#first = s.first as boolean;
  }
}

describe('optimizers outside the catalogue', () => {
  it('Lion (sign of an interpolated momentum) is not Adam', () => {
    const lion = make('lion', (h, dim) => {
      const m = new Float64Array(dim);
      return { step: (p, g) => p.forEach((x, i) => ((p[i] = x - h.lr * Math.sign(0.9 * m[i] + 0.1 * g[i])), (m[i] = 0.99 * m[i] + 0.01 * g[i]))) };
    });
    expect(verdict(lion, 'adam').killers).toContain('reference-parity');
  });

  it('Adam with a hidden 10-step learning-rate warm-up is caught', () => {
    const warm = make('adam-warmup', (h, dim) => {
      let t = 0;
      const inner = adam({ lr: 1, beta1: h.beta1, beta2: h.beta2, eps: h.eps })(dim);
      return { step: (p, g) => { t++; const before = p.slice(); inner.step(p, g); p.forEach((x, i) => (p[i] = before[i] + (x - before[i]) * h.lr * Math.min(1, t / 10))); } };
    });
    expect(verdict(warm, 'adam').killers).toEqual(expect.arrayContaining(['reference-parity', 'relation-adam-first-step']));
  });

  it("centered RMSProp is not PyTorch's plain RMSProp", () => {
    expect(verdict((h) => rmsprop({ lr: h.lr, alpha: h.alpha, eps: h.eps, centered: true }), 'rmsprop').killers).toContain('reference-parity');
  });

  it('an RMSProp in float32 that forgets to square the gradient fails at float32 too', () => {
    const unsquared = make('rmsprop-f32-unsquared', (h, dim) => {
      const v = new Float32Array(dim);
      return { step: (p, g) => p.forEach((x, i) => ((v[i] = f(f(h.alpha! * v[i]) + f((1 - h.alpha!) * Math.abs(g[i])))), (p[i] = f(x - f(f(h.lr * g[i]) / f(Math.sqrt(v[i]) + h.eps!)))))) };
    });
    expect(verdict(unsquared, 'rmsprop', 'float32').killers).toEqual(expect.arrayContaining(['reference-parity', 'relation-gradient-scale-invariance', 'rmsprop-lambda-agnostic']));
  });

  it('a class-based momentum SGD with structuredClone save/load passes', () => {
    expect(verdict((h) => defineOptimizer('class-momentum', h as never, (dim) => new ClassMomentum(h, dim)), 'momentum')).toEqual({ accepted: true, killers: [] });
  });

  it('a float32 AdamW with decoupled decay passes at float32', () => {
    const adamw32 = make('adamw-f32', (h, dim) => {
      const m = new Float32Array(dim), v = new Float32Array(dim);
      let t = 0;
      return {
        step(p, g) {
          t++;
          const c1 = f(1 - f(h.beta1! ** t)), c2 = f(1 - f(h.beta2! ** t));
          for (let i = 0; i < dim; i++) {
            p[i] = f(p[i] * f(1 - f(h.lr * h.weightDecay!)));
            m[i] = f(f(h.beta1! * m[i]) + f((1 - h.beta1!) * g[i]));
            v[i] = f(f(h.beta2! * v[i]) + f((1 - h.beta2!) * f(g[i] * g[i])));
            p[i] = f(p[i] - f(f(h.lr / c1) * f(m[i] / f(f(Math.sqrt(v[i]) / f(Math.sqrt(c2))) + h.eps!))));
          }
        },
      };
    });
    expect(verdict(adamw32, 'adamw', 'float32')).toEqual({ accepted: true, killers: [] });
    expect(verdict(adamw32, 'adamw', 'float64').killers).toContain('reference-parity');
  });
});
