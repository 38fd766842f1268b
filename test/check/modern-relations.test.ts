import { describe, expect, it } from 'vitest';
import { MODERN_FAMILIES, muonFamily } from '../../src/check/modern/families.ts';
import { MODERN_CATALOGUE } from '../../catalogue/modern/catalogue.ts';
import { nsBand, randomOrthogonal } from '../../src/check/modern/muon.ts';
import { averagingWeights } from '../../src/check/modern/schedule-free.ts';
import { rng } from '../../src/random/rng.ts';
import type { ModernFamily, ModernRelation } from '../../src/check/modern/drive.ts';

const variant = (id: string) => {
  const v = MODERN_CATALOGUE.find((c) => c.id === id);
  if (!v) throw new Error(`no variant ${id}`);
  return v;
};
const relation = (family: ModernFamily, id: string): ModernRelation => {
  const r = MODERN_FAMILIES[family].relations.find((x) => x.id === id);
  if (!r) throw new Error(`no relation ${id}`);
  return r;
};

/** Each relation, the planted fault it must kill, and what the failure line says. */
const PLANTED: readonly [ModernFamily, string, string, RegExp][] = [
  ['lion', 'lion-unit-steps', 'lion-no-sign', /coordinate \d+ moved by .* at step 1, not by lr/],
  ['lion', 'lion-power-of-two-invariance', 'lion-decay-inside-sign', /with the gradient scaled by (9\.5367431640625e-7|4096), coordinate \d+ was .* at step \d+, not /],
  ['lion', 'lion-decay-outside-sign', 'lion-decay-without-lr', /on a zero gradient coordinate 0 was .* at step 1, not θ·\(1 − lr·wd\) − lr·sign\(g\)/],
  ['muon', 'muon-acts-on-matrices', 'muon-conv-per-slice@float64', /the first update of conv\.weight \(shape 2×1×2×2\) is not its orthogonalised gradient as a 2×4 matrix/],
  ['muon', 'muon-orthogonal-equivariance', 'muon-row-normalised@float64', /with the problem rotated as U·\(·\)·Vᵀ, entry \d+ at step 1/],
  ['muon', 'muon-singular-value-band', 'muon-no-frobenius-normalisation@float64', /a 3×3 update divided by lr has singular value .*, outside \[0\.6818, 1\.1344\]/],
  ['muon', 'muon-shape-scale', 'muon-no-shape-scale@float64', /the 8×2 update divided by lr has singular value .*, outside 2·band/],
  ['muon', 'muon-decoupled-decay', 'muon-decay-after-update', /^with weight decay 0\.1 and lr 0\.05, tall\.weight\[\d,\d\] was .* after step 1, not θ·\(1 − lr·wd\) − \(the step without decay\) = /],
  ['muon', 'muon-decoupled-decay', 'muon-decay-without-lr', /^with weight decay 0\.1 and lr 0\.05, .* after step 1, not θ·\(1 − lr·wd\)/],
  ['muon', 'muon-nesterov', 'muon-nesterov-ignored', /^on a 4×4 matrix, entry \d+ of the normalised second update after g₁, g₂ is .*, but a first update on \(\(1 \+ μ\)·g₂ \+ μ²·g₁\)\/\(1 \+ μ\) gives .*: the matrix orthogonalised is not Nesterov's blend$/],
  ['schedule-free-adamw', 'schedule-free-train-eval', 'schedule-free-adamw-interpolation-swapped', /after step 2 eval showed x\[\d\] = .*, not the weighted average of z/],
  ['schedule-free-sgd', 'schedule-free-train-eval', 'schedule-free-sgd-eval-keeps-y', /after step \d eval showed/],
  ['schedule-free-sgd', 'schedule-free-train-eval', 'schedule-free-sgd-uniform-average', /not the weighted average of z/],
  ['schedule-free-adamw', 'schedule-free-lr-zero', 'schedule-free-adamw-no-zero-weight-guard', /with lr = 0, y\[0\] was NaN after step 1, not the start/],
  ['schedule-free-sgd', 'schedule-free-round-trip', 'schedule-free-sgd-train-keeps-x', /after step 2, eval → train left coordinate \d at .*, not y = /],
  ['schedule-free-adamw', 'schedule-free-round-trip', 'schedule-free-adamw-steps-in-eval-mode', /a step in eval mode was taken; the reference refuses it/],
  ['schedule-free-adamw', 'schedule-free-lr-max', 'schedule-free-adamw-lr-max-is-current', /^with the lr cut to 0\.1× after step 4: after step 5 eval showed x\[\d\] = .*, not the weighted average of z/],
  ['schedule-free-sgd', 'schedule-free-lr-max', 'schedule-free-sgd-lr-max-is-current', /^with the lr cut to 0\.1× after step 4: after step 5 eval showed x\[\d\] = .*, not the weighted average of z/],
];

describe('modern relations: the reference passes, the planted fault fails with one line', () => {
  for (const [family, id, fault, message] of PLANTED) {
    it(`${id} kills ${fault}`, () => {
      const r = relation(family, id);
      const m = MODERN_FAMILIES[family];
      const ok = r.run(m.reference('float64'), 'float64');
      expect(ok.pass, ok.failure).toBe(true);
      const bad = r.run(variant(fault).make, 'float64');
      expect(bad.pass).toBe(false);
      expect(bad.failure).toMatch(message);
      expect(bad.failure).not.toContain('\n');
    });
  }

  it('parity kills what no relation sees: swapped β, Nesterov ignored, no bias correction, decay at z', () => {
    for (const [family, fault] of [['lion', 'lion-betas-swapped'], ['muon', 'muon-nesterov-ignored@float64'], ['schedule-free-adamw', 'schedule-free-adamw-no-bias-correction'], ['schedule-free-sgd', 'schedule-free-sgd-decay-at-z']] as const) {
      const out = MODERN_FAMILIES[family].parity(variant(fault).make, 'float64');
      expect(out.pass, fault).toBe(false);
      expect(out.failure).toMatch(/^on .* with lr = .*, (coordinate \d+|[\w.]+\[[\d,]+\]) was .* at step \d+, not the reference's /);
    }
  });

  it('a maker that throws fails with the thrown line, not a stack trace', () => {
    const out = relation('lion', 'lion-unit-steps').run(() => { throw new Error('optimizer.beta1: nope\n    at somewhere'); }, 'float64');
    expect(out).toMatchObject({ pass: false, failure: 'lion threw: optimizer.beta1: nope' });
  });

  it('orthogonal equivariance is skipped for bfloat16 Newton–Schulz, where it holds only approximately', () => {
    const out = relation('muon', 'muon-orthogonal-equivariance').run(muonFamily().reference('bfloat16'), 'bfloat16');
    expect(out).toMatchObject({ pass: true, skipped: true });
  });
});

describe('the numbers the relations rest on', () => {
  it("five quintic steps map [0.01, 1] into [0.6818, 1.1344]; the cubic's would not", () => {
    const [lo, hi] = nsBand(5, 0.01);
    expect(lo).toBeCloseTo(0.6818, 4);
    expect(hi).toBeCloseTo(1.1344, 4);
    expect(nsBand(5, 0.01, [1.5, -0.5, 0])[0]).toBeLessThan(0.1);
  });

  it('seeded random orthogonal matrices are orthogonal', () => {
    const Q = randomOrthogonal(rng(1), 4);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) {
      let d = 0;
      for (let l = 0; l < 4; l++) d += Q[i * 4 + l] * Q[j * 4 + l];
      expect(d).toBeCloseTo(i === j ? 1 : 0, 14);
    }
  });

  it("the averaging weights are the reference's: (k + 1)^r · lrMax^power, lrMax warming up", () => {
    // lr ½, warm-up 2, r 1, power 2: lr_k = ¼, ½, ½ → w = 1·(¼)², 2·(½)², 3·(½)²
    expect(averagingWeights({ lr: 0.5, warmupSteps: 2, r: 1, weightLrPower: 2 }, 3)).toEqual([1 / 16, 0.5, 0.75]);
  });
});
