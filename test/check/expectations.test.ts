import { describe, expect, it } from 'vitest';
import { CHECK_FAMILIES, type Maker } from '../../src/check/expectations.ts';
import { dialectsOf } from '../../src/check/families.ts';
import { runCheck } from '../../src/check/run-check.ts';
import { defineOptimizer } from '../../src/optimizers/optimizer.ts';
import { sgd } from '../../src/optimizers/index.ts';

const each = (step: (p: Float64Array, g: Float64Array) => void): Maker => () => defineOptimizer('planted', {}, () => ({ step }));

// Optimizers with planted faults that no family may accept.
const turnsNaN = each((p) => p.fill(NaN));
/** NaN only where the gradient is large: a λ = 4 run breaks, a λ = 1 run does not. */
const nanOnLargeGradient = each((p, g) => {
  for (let i = 0; i < p.length; i++) p[i] = Math.abs(g[i]) > 2 ? NaN : p[i] - 0.1 * g[i];
});
/** Drifts by a fixed amount per step: the Huber loss keeps growing, linearly. */
const drifts = each((p) => {
  for (let i = 0; i < p.length; i++) p[i] += 0.01;
});
const idle = each(() => {});

/** Each family in its default dialect (its first). */
const failures = (make: Maker, family: (typeof CHECK_FAMILIES)[number], without?: string[]) =>
  runCheck({ make, family, dialect: dialectsOf(family)[0], precision: 'float64', without }).filter((r) => !r.outcome.pass);

describe('optspec check against planted faults', { timeout: 120_000 }, () => {
  it.each(CHECK_FAMILIES)('%s: an optimizer that outputs NaN fails, and no claim row is judged on the NaN run as held', (family) => {
    const failed = failures(turnsNaN, family);
    expect(failed.length).toBeGreaterThan(0);
    const claimRows = failed.filter((r) => r.expectation.kind === 'claim');
    for (const r of claimRows) expect(r.outcome.pass ? '' : r.outcome.failure).toMatch(/NaN|not finite|threw/);
  });

  it.each(CHECK_FAMILIES)('%s: an optimizer that does nothing fails', (family) => {
    expect(failures(idle, family).length).toBeGreaterThan(0);
  });

  it('NaN only on large gradients, and a steady drift, are both caught for SGD', () => {
    expect(failures(nanOnLargeGradient, 'sgd').length).toBeGreaterThan(0);
    expect(failures(drifts, 'sgd').map((r) => r.expectation.id)).toContain('huber-bounded-oscillation');
  });

  it('the reference SGD passes every expectation of its family', () => {
    // A maker of lr only declares the options it lacks.
    const plain: Maker = ({ lr }) => sgd({ lr });
    expect(failures(plain, 'sgd', ['weightDecay', 'maximize']).map((r) => `${r.expectation.id}: ${r.outcome.pass ? '' : r.outcome.failure}`)).toEqual([]);
  });
});
