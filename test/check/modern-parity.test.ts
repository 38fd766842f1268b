// The modern families' parity (src/check/modern/parity.ts) beyond its use in
// each family: options held neutral for a candidate that lacks them, slack in
// units of each coordinate's update, and a second arithmetic a precision
// accepts. Each is shown by the candidate it lets pass and one it still fails.
import { describe, expect, it } from 'vitest';
import { parityAgainst, type ParitySpec } from '../../src/check/modern/parity.ts';
import { seededLeastSquares, type ModernMaker } from '../../src/check/modern/drive.ts';
import { MUON, muonFamily } from '../../src/check/modern/families.ts';
import { muon } from '../../src/optimizers/muon.ts';
import { sgd } from '../../src/optimizers/sgd.ts';
import { makeLayout } from '../../src/optimizers/layout.ts';
import type { Hyper, OptimizerFactory } from '../../src/optimizers/optimizer.ts';

/** SGD whose every step is lr·g, plus `extra`·lr on parameter `at` (a bias that grows by one slack unit a step). */
const biased = (extra: number, at = 0): ModernMaker => (h: Hyper) => {
  const inner = sgd({ lr: h.lr as number });
  const lr = h.lr as number;
  return ((dim: number, layout?: unknown) => {
    const o = inner(dim, layout as never);
    return { ...o, step: (p: Float64Array, g: Float64Array, missing?: ReadonlySet<number>) => { o.step(p, g, missing); p[at] -= extra * lr; } };
  }) as unknown as OptimizerFactory;
};
const sgdMaker: ModernMaker = (h) => sgd({ lr: h.lr as number });
const layout = makeLayout({ dim: 6, tensors: [{ name: 'a', offset: 0, shape: [3], group: 0 }, { name: 'b', offset: 3, shape: [3], group: 0 }] });
const problems = () => [{ label: 'least squares', ...seededLeastSquares(5, 12, 6), layout }];
const base: ParitySpec = { reference: () => sgdMaker, configs: [{ lr: 0.05 }], problems, steps: 4, updateSlack: { bfloat16: 0.1 } };

describe('modern parity', () => {
  it('slack is in units of the update: 0.15·lr off passes where the update is twice lr, and fails where it is lr', () => {
    const scaled = parityAgainst({ ...base, updateScale: () => (j) => (j < 3 ? 2 : 1) });
    expect(scaled(biased(0.15, 0), 'bfloat16').pass).toBe(true);
    const out = scaled(biased(0.15, 4), 'bfloat16');
    expect(out.pass).toBe(false);
    expect(out.failure).toMatch(/^on least squares with lr = 0\.05, b\[1\] was .* at step 1, not the reference's .* \(off by 0\.00750 = 0\.150·lr; allowed 0\.00500\)$/);
    // Without the scale, the same bias on `a` fails too: the scale is what let it pass.
    expect(parityAgainst(base)(biased(0.15, 0), 'bfloat16').pass).toBe(false);
  });

  it('a second arithmetic: a candidate that follows it passes; one that follows neither fails naming both', () => {
    const other = biased(0.5);
    const spec: ParitySpec = { ...base, alsoAccept: { bfloat16: [{ arithmetic: 'the other arithmetic', reference: other }] } };
    expect(parityAgainst(spec)(other, 'bfloat16').pass).toBe(true);
    expect(parityAgainst(base)(other, 'bfloat16').pass).toBe(false);
    // Only where the precision is the one that has it.
    expect(parityAgainst(spec)(other, 'float64').pass).toBe(false);
    const neither = parityAgainst(spec)(biased(1), 'bfloat16');
    expect(neither.failure).toMatch(/^on least squares with lr = 0\.05, a\[0\] was .*; in the other arithmetic: a\[0\] was /);
  });

  it('hold: options a candidate lacks run at their neutral value in every configuration, on both sides, once', () => {
    // A Muon without Nesterov's switch always blends (its neutral); a configuration asking nesterov: false is then moot.
    const alwaysNesterov: ModernMaker = (h) => muon({ ...h, nesterov: true, nsPrecision: 'float64' } as never);
    const reference = (): ModernMaker => (h) => muon({ ...h, nsPrecision: 'float64' } as never);
    const shaped = makeLayout({ dim: 6, tensors: [{ name: 'w', offset: 0, shape: [2, 3], group: 0 }] });
    const spec: ParitySpec = { reference, configs: [{ lr: 0.02, momentum: 0.9, nesterov: true }, { lr: 0.02, momentum: 0.9, nesterov: false }], problems: () => [{ label: 'a 2×3 matrix', ...seededLeastSquares(9, 12, 6), layout: shaped }], steps: 4 };
    expect(parityAgainst(spec)(alwaysNesterov, 'float64').failure).toMatch(/with lr = 0\.02, momentum = 0\.9, nesterov = false, w\[\d,\d\] was /);
    expect(parityAgainst(spec)(alwaysNesterov, 'float64', { nesterov: true }).pass).toBe(true);
    expect(parityAgainst(spec)(alwaysNesterov, 'float64', { nesterov: true }).success).toMatch(/× 1 configuration$/);
  });

  it("Muon at bfloat16: a Muon in torch 1.13's CPU arithmetic and one in a GPU's both pass, whichever the family leads with", () => {
    const cpu: ModernMaker = (h) => muon({ ...h, nsPrecision: 'bfloat16', nsEmulation: 'torch-1.13-cpu' } as never);
    const gpu: ModernMaker = (h) => muon({ ...h, nsPrecision: 'bfloat16', nsEmulation: 'float32' } as never);
    expect(MUON.parity(cpu, 'bfloat16').pass).toBe(true);
    expect(MUON.parity(gpu, 'bfloat16').pass).toBe(true);
    expect(muonFamily('keller', 'torch-1.13-cpu').parity(gpu, 'bfloat16').pass).toBe(true);
    expect(muonFamily('keller', 'torch-1.13-cpu').parity(cpu, 'bfloat16').pass).toBe(true);
  });
});
