/**
 * The shaped contracts on the gate's model problem: every reference that
 * keeps PyTorch's per-tensor state passes them; each shipped multi-tensor bug
 * is caught by the contract it breaks; an optimizer written for one flat
 * vector is listed as not checked, never failed or passed.
 */
import { describe, expect, it } from 'vitest';
import { SHAPED } from '../../src/check/shaped.ts';
import { CHECK_FAMILIES, FAMILIES, dialectsOf, reference, type CheckFamily, type Maker } from '../../src/check/families.ts';
import type { CheckContext } from '../../src/check/expectation.ts';
import { modelProblem, FROZEN_STEPS } from '../../src/check/suite.ts';
import { sgd } from '../../src/optimizers/sgd.ts';
import { defineOptimizer } from '../../src/optimizers/optimizer.ts';
import { tensorwise } from '../../src/optimizers/tensorwise.ts';
import { SHAPED as FAULTS } from '../../catalogue/shaped.ts';

const ctx = (family: CheckFamily, make: Maker, dialect = dialectsOf(family)[0]): CheckContext => ({ make, family, dialect, precision: 'float64' });
const contract = (id: string) => SHAPED.find((e) => e.id === id)!;
const fault = (name: string) => FAULTS.find((e) => e.name === name)!;

describe('the model problem', () => {
  it('publishes three tensors of different shapes in two groups, the first frozen at steps 3 and 4', () => {
    const m = modelProblem();
    expect(m.layout.tensors.map((t) => [t.name, t.shape, t.offset, t.group])).toEqual([['fc.weight', [3, 4], 0, 0], ['fc.bias', [4], 12, 1], ['conv.weight', [2, 1, 2, 2], 16, 0]]);
    expect(m.layout.groups).toEqual([{}, { lr: 0.003 }]);
    expect([1, 2, 3, 4, 5].map((k) => m.problem.missing?.(k)?.has(0) ?? false)).toEqual([false, false, true, true, false]);
    expect([...FROZEN_STEPS]).toEqual([3, 4]);
  });
  it('is the same model stored in another order: the frozen tensor follows', () => {
    const m = modelProblem({ order: [2, 0, 1] });
    expect(m.layout.tensors.map((t) => t.name)).toEqual(['conv.weight', 'fc.weight', 'fc.bias']);
    expect(m.problem.missing?.(3)).toEqual(new Set([1]));
  });
});

describe('the shaped contracts', () => {
  const perTensor = CHECK_FAMILIES.filter((f) => FAMILIES[f].perTensor !== false && FAMILIES[f].flat !== false);
  it('pass every reference that keeps per-tensor state, in every dialect', () => {
    expect(perTensor).toEqual(['sgd', 'momentum', 'nesterov', 'rmsprop', 'adam', 'adamw', 'adagrad', 'lion']);
    for (const family of perTensor) {
      for (const dialect of dialectsOf(family)) {
        for (const e of SHAPED) {
          const out = e.run(ctx(family, (h) => reference(family, dialect, h), dialect));
          expect(out.pass && !out.skipped, `${family} ${dialect} ${e.id}: ${out.failure}`).toBe(true);
        }
      }
    }
  });

  it('list an optimizer written for one flat vector as not checked, saying why', () => {
    const flatOnly: Maker = (h) => Object.assign((dim: number) => sgd({ lr: h.lr })(dim), { optimizerName: 'flat-only', hyper: {} });
    for (const e of SHAPED) expect(e.run(ctx('sgd', flatOnly)), e.id).toMatchObject({ pass: true, skipped: true, success: expect.stringMatching(/^the optimizer does not take a layout/) });
  });

  it('catch a None gradient treated as zero (templar#493): the tensor moved while frozen', () => {
    expect(contract('contract-missing-gradient').run(ctx('adam', fault('adam-none-grad-as-zero').make)).failure).toMatch(/^fc\.weight has no gradient at step 3 but moved: fc\.weight\[0\] is -?[\d.]+, was -?[\d.]+ after step 2$/);
  });
  it('catch one step count per group (apex#1615): the frozen tensor’s state advanced', () => {
    expect(contract('contract-missing-gradient').run(ctx('adam', fault('adam-step-per-group').make)).failure).toMatch(/^after 2 steps without a gradient, fc\.weight should continue as if they never happened \(its state untouched\), but fc\.weight\[\d+\] at step \d+:/);
  });
  it('catch decay applied to a frozen tensor (Muon#54)', () => {
    expect(contract('contract-missing-gradient').run(ctx('adamw', fault('adamw-decays-frozen').make)).failure).toMatch(/^fc\.weight has no gradient at step 3 but moved/);
  });
  it('catch a group’s lr read from the defaults', () => {
    expect(contract('contract-group-hyperparameters').run(ctx('adam', fault('adam-group-lr-from-defaults').make)).failure).toMatch(/^fc\.bias is in a group with lr 0\.003 but does not run as with lr 0\.003: fc\.bias\[0\] at step 1:/);
  });
  it('catch state keyed by position in a group: groups share it, and reordering the tensors changes the result', () => {
    expect(contract('contract-state-follows-tensor').run(ctx('adam', fault('adam-state-by-group-position').make)).failure).toMatch(/^with the tensors stored as conv\.weight, fc\.weight, fc\.bias, fc\.weight\[0\] at step \d+:/);
  });
  it('catch an optimizer that is not elementwise (it clips by the norm of what it is handed): per tensor is not flat', () => {
    const clipped = (lr: number) => defineOptimizer('norm-clipped-sgd', { lr }, () => ({
      step(p: Float64Array, g: Float64Array) {
        let n = 0;
        for (const x of g) n += x * x;
        const scale = Math.min(1, 0.5 / Math.sqrt(n));
        for (let i = 0; i < p.length; i++) p[i] -= lr * scale * g[i];
      },
    }));
    // Run per tensor, it clips each tensor by its own norm; on the flat vector, by the norm of all of them.
    const make: Maker = (h) => tensorwise(clipped(h.lr), (o) => clipped((o.lr as number | undefined) ?? h.lr));
    expect(contract('contract-per-tensor-equals-flat').run(ctx('sgd', make)).failure).toMatch(/^step 1, coordinate \d+: -?[\d.]+ per tensor, -?[\d.]+ on the flat vector$/);
  });
  it('judge shaped parity against the reference, naming the tensor, its group and whether it was frozen', () => {
    expect(contract('contract-shaped-parity').run(ctx('adam', fault('adam-none-grad-as-zero').make)).failure).toMatch(/: step 3, coordinate \d+ \(fc\.weight\[\d+,\d+\]\): expected .* \(fc\.weight is in group 0, frozen at this step\)$/);
  });
});
