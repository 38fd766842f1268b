import { describe, expect, it } from 'vitest';
import { checkParity, compareToReference, describeDivergence, referenceParity } from '../../src/check/parity.ts';
import { run, type CheckContext } from '../../src/check/expectation.ts';
import { reference, type CheckFamily, type Maker, type Precision } from '../../src/check/families.ts';
import { paritySuite } from '../../src/check/suite.ts';
import { defineOptimizer } from '../../src/optimizers/optimizer.ts';
import { sgd } from '../../src/optimizers/sgd.ts';
import { leastSquares } from '../../src/problems/least-squares.ts';

const ctx = (family: CheckFamily, make: Maker = (h) => reference(family, 'pytorch', h), precision: Precision = 'float64'): CheckContext => ({ make, family, dialect: 'pytorch', precision });

describe('the reference-parity expectation', () => {
  it('passes the references, counting the configurations, problems and steps compared (regression pins of this code\'s output)', () => {
    expect(referenceParity.run(ctx('sgd')).success).toBe(
      'matched the pytorch reference on 6 problems × 24 configurations (4 option settings: the base options, weightDecay: 0.1, maximize: true, maximize: true + weightDecay: 0.1), 8784 steps compared (shortest rounding horizon 61 of 61 rows, on least-squares 12×6)',
    );
    // RMSProp's rounding horizon is shorter than the run on the first problem.
    expect(referenceParity.run(ctx('rmsprop')).success).toBe(
      'matched the pytorch reference on 6 problems × 27 configurations (7 option settings: the base options, momentum: 0.5, centered: true, weightDecay: 0.1, maximize: true, centered: true + momentum: 0.5, maximize: true + weightDecay: 0.1), 9865 steps compared (shortest rounding horizon 52 of 61 rows, on least-squares 12×6)',
    );
  });

  it('names the shortest horizon on a suite whose later problem is the shorter', () => {
    const [ls, , , , , l1Big] = paritySuite();
    const out = checkParity(ctx('rmsprop'), [l1Big, ls]);
    expect(out.success).toMatch(/^matched the pytorch reference on 2 problems × 27 configurations \(7 option settings: .*\), \d+ steps compared \(shortest rounding horizon 52 of 61 rows, on least-squares 12×6\)$/);
  });

  it('fails on an empty suite, rather than passing on nothing', () => {
    expect(checkParity(ctx('sgd'), [])).toEqual({ pass: false, failure: 'no step could be compared: the suite has no problem', success: '' });
  });

  it('names the configuration when the optimizer threw on it once and not again', () => {
    let calls = 0;
    const flaky: Maker = (h) => {
      if (calls++ === 0) throw new Error('first call fails');
      return sgd({ lr: h.lr });
    };
    expect(checkParity(ctx('sgd', flaky)).failure).toBe('{ lr: 0.01, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false }: Error: first call fails');
  });

  it('lets an optimizer that always throws throw (runCheck reports it)', () => {
    expect(() => checkParity(ctx('sgd', () => { throw new Error('no such optimizer'); }))).toThrow('no such optimizer');
  });

  it('names a configuration of the grid it diverges on', () => {
    const doubled: Maker = (h) => sgd({ lr: h.lr === 0.01 ? 0.01 : 2 * h.lr, weightDecay: h.weightDecay, maximize: h.maximize });
    expect(checkParity(ctx('sgd', doubled)).failure).toMatch(/^first divergence from the pytorch reference on least-squares 12×6 with \{ lr: (0\.1|0\.003|0\.05), momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false \}: step 1, coordinate 0: /);
  });

  it('shrinks an option bug to the one option that shows it, and names the option setting', () => {
    // weightDecay ignored: the failure shrinks to the base grid with weightDecay alone.
    const noDecay: Maker = (h) => sgd({ lr: h.lr, maximize: h.maximize });
    const out = checkParity(ctx('sgd', noDecay));
    expect(out.failure).toMatch(/^first divergence from the pytorch reference on least-squares 12×6 with \{ lr: 0\.01, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0\.1, maximize: false \}: step 1, coordinate 0: /);
    expect(out.divergence).toMatchObject({ step: 1, coordinate: 0, reference: 'the pytorch reference', hyper: { weightDecay: 0.1 } });
    expect(out.divergence!.series.candidate.length).toBe(out.divergence!.series.reference.length);
  });

  it('names the dialect whose rule the trajectory does follow', () => {
    const out = checkParity(ctx('adam', (h) => reference('adam', 'tf', h)));
    expect(out.failure).toMatch(/; the trajectory matches TensorFlow's and Keras's ε̂ Adam \(ε̂ = ε·√\(1 − β₂ᵗ\)\): pass --dialect tf$/);
    expect(out.divergence?.matchesDialect).toBe('tf');
    const vhat = checkParity(ctx('adam', (h) => reference('adam', 'amsgrad-vhat', h)));
    expect(vhat.failure).toMatch(/amsgrad: true.*pass --dialect amsgrad-vhat$/);
    // A bug that matches no known rule gets no hint.
    expect(checkParity(ctx('adam', (h) => reference('adam', 'pytorch', { ...h, beta2: 0.5 }))).failure).not.toContain('matches');
  });
});

describe('compareToReference', () => {
  const problem = leastSquares({ Z: { rows: 2, cols: 2, data: Float64Array.of(1, 2, 3, 4) }, y: Float64Array.of(1, -1) });
  const init = [0.5, -0.5];

  it('is silent up to a rounding difference of a few ulps, and catches one of 1e-12', () => {
    const ref = sgd({ lr: 0.01 });
    const off = (by: number) => defineOptimizer('off', {}, () => ({ step(p, g) { for (let i = 0; i < p.length; i++) p[i] = (p[i] - 0.01 * g[i]) * (1 + by); } }));
    expect(compareToReference(run(off(4 * 2 ** -52), problem, init, 20), ref, problem, init, 'ls', 'float64')).toEqual({ divergence: null, horizon: 21 });
    const { divergence } = compareToReference(run(off(1e-12), problem, init, 20), ref, problem, init, 'ls', 'float64');
    expect(divergence).toMatchObject({ problem: 'ls', step: 1, coordinate: 0 });
    // At float32 the same relative error is rounding.
    expect(compareToReference(run(off(1e-12), problem, init, 20), ref, problem, init, 'ls', 'float32').divergence).toBeNull();
  });

  it('compares the last step too', () => {
    const ref = sgd({ lr: 0.01 });
    const late = defineOptimizer('late', {}, () => {
      let k = 0;
      return { step(p, g) { k++; for (let i = 0; i < p.length; i++) p[i] -= 0.01 * g[i]; if (k === 10) p[0] += 1e-9; } };
    });
    expect(compareToReference(run(late, problem, init, 10), ref, problem, init, 'ls', 'float64')).toMatchObject({ divergence: { step: 10, coordinate: 0 }, horizon: 10 });
  });

  it('reports a candidate that is not finite where the reference is, and says so instead of ulps', () => {
    const ref = sgd({ lr: 0.01 });
    const breaks = defineOptimizer('breaks', {}, () => {
      let k = 0;
      return { step(p, g) { k++; for (let i = 0; i < p.length; i++) p[i] = k === 3 && i === 1 ? NaN : p[i] - 0.01 * g[i]; } };
    });
    const { divergence, horizon } = compareToReference(run(breaks, problem, init, 10), ref, problem, init, 'ls', 'float64');
    expect(horizon).toBe(3);
    expect(divergence).toMatchObject({ step: 3, coordinate: 1, actual: NaN, ulps: Infinity });
    expect(describeDivergence(divergence!, { lr: 0.01 }, 'float64')).toMatch(/^first divergence on ls with \{ lr: 0\.01 \}: step 3, coordinate 1: expected -?[\d.e-]+, got NaN, not finite apart$/);
  });

  it('stops comparing where the reference itself stops being finite', () => {
    const ref = sgd({ lr: 10 });
    const candidate = run(sgd({ lr: 10 }), problem, init, 400);
    const { divergence, horizon } = compareToReference(candidate, ref, problem, init, 'ls', 'float64');
    expect(divergence).toBeNull();
    expect(horizon).toBeGreaterThan(1);
    expect(horizon).toBeLessThan(400);
    // Up to the horizon every row of the reference is finite, and the one at the horizon is not, or departs macroscopically.
    for (let k = 0; k < horizon; k++) expect(candidate.row(k).every(Number.isFinite)).toBe(true);
  });

  it('shows ulps to three significant digits at the declared precision', () => {
    const d = { problem: 'p', step: 2, coordinate: 1, expected: 1, actual: 1 + 12345 * 2 ** -52, ulps: 12345 };
    expect(describeDivergence(d, { lr: 0.5, momentum: 0.9 }, 'float64')).toBe(`first divergence on p with { lr: 0.5, momentum: 0.9 }: step 2, coordinate 1: expected 1, got ${1 + 12345 * 2 ** -52}, 1.23e+4 ulps (float64) apart`);
    expect(describeDivergence({ ...d, ulps: 2 }, { lr: 0.5 }, 'float32')).toContain(', 2.00 ulps (float32) apart');
  });
});
