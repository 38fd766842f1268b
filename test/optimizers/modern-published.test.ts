import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lion } from '../../src/optimizers/lion.ts';
import { muon } from '../../src/optimizers/muon.ts';
import { scheduleFreeAdamW, scheduleFreeSgd } from '../../src/optimizers/schedule-free.ts';
import { makeLayout, tensorSize } from '../../src/optimizers/layout.ts';
import type { OptimizerFactory } from '../../src/optimizers/optimizer.ts';

/**
 * What the published implementations did on Debian's torch 1.13 (CPU), recorded
 * by modern-published.py from google/automl, KellerJordan/Muon and
 * facebookresearch/schedule_free: float64 parameters, seeded gradients.
 */
const published = JSON.parse(readFileSync(new URL('./modern-published.json', import.meta.url), 'utf8')) as Record<string, number[][]>;

function run(factory: OptimizerFactory, init: number[], grads: number[][], shape?: number[], evalAtEnd = false): number[][] {
  const layout = shape && makeLayout({ dim: tensorSize(shape), tensors: [{ name: 'w', offset: 0, shape, group: 0 }] });
  const opt = factory(init.length, layout);
  const p = Float64Array.from(init);
  const rows = grads.map((g) => (opt.step(p, Float64Array.from(g)), Array.from(p)));
  if (evalAtEnd) {
    opt.eval!(p);
    rows.push(Array.from(p));
  }
  return rows;
}

/** The largest |difference| over every step and coordinate. */
const apart = (a: number[][], b: number[][]) => Math.max(...a.flatMap((row, k) => row.map((v, j) => Math.abs(v - b[k][j]))));

describe('the references against the published implementations', () => {
  const init6 = published.init6 as unknown as number[], init16 = published.init16 as unknown as number[];
  const { grads6, grads16 } = published;

  it('lion: bit for bit', () => {
    expect(run(lion({ lr: 0.01, beta1: 0.8, beta2: 0.95, weightDecay: 0.1 }), init6, grads6)).toEqual(published.lion);
  });

  it('schedule-free AdamW and SGD (warm-up, r, decay; x shown by eval at the end): within an ulp', () => {
    expect(apart(run(scheduleFreeAdamW({ lr: 0.05, beta1: 0.8, beta2: 0.95, weightDecay: 0.1, warmupSteps: 3, r: 0.5 }), init6, grads6, undefined, true), published.sfadamw)).toBeLessThan(4e-16);
    expect(apart(run(scheduleFreeSgd({ lr: 0.05, momentum: 0.8, weightDecay: 0.1, warmupSteps: 3, r: 1 }), init6, grads6, undefined, true), published.sfsgd)).toBeLessThan(4e-16);
  });

  it("muon, emulating torch 1.13's CPU bfloat16: within an ulp for a wide matrix and a conv kernel; tall ones drift < 0.06·lr a step (measured 0.056)", () => {
    const m = (weightDecay: number, momentum: number) => muon({ lr: 0.05, weightDecay, momentum, nsEmulation: 'torch-1.13-cpu' });
    expect(apart(run(m(0.1, 0.9), init6, grads6, [2, 3]), published.muon_2x3)).toBeLessThan(4e-16);
    expect(apart(run(m(0.1, 0.9), init16, grads16, [2, 2, 2, 2]), published.muon_conv)).toBeLessThan(4e-16);
    expect(apart(run(m(0.1, 0.9), init6, grads6, [3, 2]), published.muon_3x2)).toBeLessThan(0.06 * 0.05 * 5);
    expect(apart(run(m(0, 0.95), init16, grads16, [8, 2]), published.muon_8x2)).toBeLessThan(0.06 * 0.05 * 4);
    // float64 Newton–Schulz is a different arithmetic: it misses the published bfloat16 trajectory by far more than an ulp.
    expect(apart(run(muon({ lr: 0.05, weightDecay: 0.1, momentum: 0.9, nsPrecision: 'float64' }), init6, grads6, [2, 3]), published.muon_2x3)).toBeGreaterThan(1e-4);
  });
});
