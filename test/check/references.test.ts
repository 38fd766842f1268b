import { describe, expect, it } from 'vitest';
import { CHECK_FAMILIES, dialectsOf, reference, type CheckFamily, type Dialect, type Maker } from '../../src/check/families.ts';
import { runCheck } from '../../src/check/run-check.ts';
import type { OptimizerFactory } from '../../src/optimizers/optimizer.ts';
import type { Layout } from '../../src/optimizers/layout.ts';

/** The reference with its parameters and gradients held in float32, as a float32 framework stores them (layout, train() and eval() passed through). */
function inFloat32(factory: OptimizerFactory): OptimizerFactory {
  const round = (p: Float64Array) => {
    for (let i = 0; i < p.length; i++) p[i] = Math.fround(p[i]);
  };
  return Object.assign(
    (dim: number, layout?: Layout) => {
      const inner = factory(dim, layout);
      const g = new Float32Array(dim);
      return {
        step(p: Float64Array, grad: Float64Array) {
          g.set(grad);
          inner.step(p, Float64Array.from(g));
          round(p);
        },
        ...(inner.train ? { train: (p: Float64Array) => (inner.train!(p), round(p)) } : {}),
        ...(inner.eval ? { eval: (p: Float64Array) => (inner.eval!(p), round(p)) } : {}),
      };
    },
    { optimizerName: `${factory.optimizerName} float32`, hyper: factory.hyper },
  );
}

const cases = CHECK_FAMILIES.flatMap((family) => dialectsOf(family).map((dialect) => [family, dialect] as [CheckFamily, Dialect]));

const failed = (make: Maker, family: CheckFamily, dialect: Dialect, precision: 'float64' | 'float32') =>
  runCheck({ make, family, dialect, precision })
    .filter((r) => !r.outcome.pass)
    .map((r) => `${r.expectation.id}: ${r.outcome.failure}`);

describe('every reference optimizer passes its own family', () => {
  it.each(cases)('%s in the %s dialect, float64', (family, dialect) => {
    expect(failed((h) => reference(family, dialect, h), family, dialect, 'float64')).toEqual([]);
  });

  it.each(cases)('%s in the %s dialect, run in float32 and judged at float32', (family, dialect) => {
    expect(failed((h) => inFloat32(reference(family, dialect, h)), family, dialect, 'float32')).toEqual([]);
  });

  it('and fails it when run in float32 but judged at float64', () => {
    expect(failed((h) => inFloat32(reference('adam', 'pytorch', h)), 'adam', 'pytorch', 'float64')[0]).toMatch(/^reference-parity: first divergence from the pytorch reference on/);
  });

  it('and a neighbouring dialect that differs is told apart', () => {
    expect(failed((h) => reference('rmsprop', 'paper', h), 'rmsprop', 'pytorch', 'float64')[0]).toMatch(/^reference-parity: first divergence from the pytorch reference on .* with \{ lr: [\d.]+, alpha: [\d.]+, eps: [\de.-]+, momentum: 0, centered: false, weightDecay: 0, maximize: false \}: step \d+, coordinate \d+: expected .*; the trajectory matches TensorFlow's and TF.js's RMSprop \(ε inside the root\): pass --dialect tfjs$/);
    // Without momentum TF.js's rule is the paper's: the gate names the first dialect that matches.
    expect(failed((h) => reference('rmsprop', 'paper', h), 'rmsprop', 'paper', 'float64')).toEqual([]);
  });
});
