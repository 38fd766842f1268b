import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { traceFromRunSpec } from '../../src/cli/run-file.ts';
import { firstMismatch } from '../helpers.ts';
import { nextUp } from '../../src/analysis/ulp.ts';
import { makeProblem, type Objective } from '../../src/problems/index.ts';
import { makeOptimizer } from '../../src/optimizers/index.ts';
import { runTrace } from '../../src/trace/run.ts';

interface Case {
  run: { problem: { kind: string }; optimizer: { name: string }; steps: number };
  params: number[][];
  loss: number[];
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/pytorch/trajectories.json', import.meta.url), 'utf8')) as {
  torch: string;
  cases: Case[];
};

// Relative 1e-9 per coordinate. A coordinate that passes near 0 carries the absolute rounding
// of the matrix products (PyTorch sums them in BLAS order, optspec row by row), so it is compared
// against the scale of its row instead: |a − b| ≤ 1e-9·max(|a|, |b|) + 1e-12·‖β_k‖∞.
const RTOL = 1e-9;
const ROW_ATOL = 1e-12;
const scale = (row: number[]) => row.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/**
 * Some runs amplify rounding (RMSProp dividing a near-zero gradient by its own
 * running scale): PyTorch sums its matrix products in BLAS order and optspec
 * row by row, so their gradients differ in the last bit, and in such a run
 * that difference grows until no two implementations can agree. The horizon is
 * the first step where optspec's own run, with every gradient coordinate moved
 * one ulp at every step, departs from its unmoved run by more than the
 * tolerance; the comparison with PyTorch covers every step before it.
 */
function roundingHorizon(c: Case): number {
  const base = traceFromRunSpec(c.run);
  const run = c.run as unknown as { problem: unknown; optimizer: unknown; init: number[]; steps: number };
  const problem = makeProblem(run.problem, run.init.length);
  const nudgedProblem: Objective = {
    ...problem,
    lossAndGradient(beta, out) {
      const loss = problem.lossAndGradient(beta, out);
      for (let j = 0; j < out.length; j++) out[j] = nextUp(out[j]);
      return loss;
    },
  };
  const nudged = runTrace({ problem: nudgedProblem, optimizer: makeOptimizer(run.optimizer), init: run.init, steps: run.steps });
  for (let k = 0; k < base.length; k++) {
    const row = Array.from(base.row(k));
    if (firstMismatch(nudged.row(k), row, RTOL, ROW_ATOL * scale(row))) return k;
  }
  return base.length;
}

describe(`optspec reproduces torch.optim ${fixture.torch} float64 trajectories`, () => {
  const label = (c: Case) => `${c.run.optimizer.name} ${JSON.stringify(c.run.optimizer)} on ${c.run.problem.kind}`;
  const horizons: number[] = [];
  it.each(fixture.cases.map((c, i) => [i, label(c), c] as const))('case %i: %s', (_i, _label, c) => {
    const trace = traceFromRunSpec(c.run);
    expect(trace.length).toBe(c.params.length);
    const horizon = roundingHorizon(c);
    horizons.push(horizon);
    for (let k = 0; k < horizon; k++) {
      const bad = firstMismatch(trace.row(k), c.params[k], RTOL, ROW_ATOL * scale(c.params[k]));
      if (bad) expect.fail(`step ${k}, coordinate ${bad.index}: optspec ${bad.actual}, PyTorch ${bad.expected}`);
    }
    const badLoss = firstMismatch(trace.loss.subarray(0, horizon), c.loss.slice(0, horizon), RTOL);
    if (badLoss) expect.fail(`loss at step ${badLoss.index}: optspec ${badLoss.actual}, PyTorch ${badLoss.expected}`);
  });

  it('compares most runs over every step, and every run over at least 60 of 80', () => {
    expect(horizons.length).toBe(fixture.cases.length);
    expect(Math.min(...horizons)).toBeGreaterThanOrEqual(60);
    expect(horizons.filter((h) => h < 81).length).toBeLessThanOrEqual(3);
  });

  it('covers every optimizer and problem the issue names', () => {
    const names = new Set(fixture.cases.map((c) => c.run.optimizer.name));
    const kinds = new Set(fixture.cases.map((c) => c.run.problem.kind));
    expect([...names].sort()).toEqual(['adagrad', 'adam', 'adamw', 'rmsprop', 'sgd']);
    expect([...kinds].sort()).toEqual(['huber', 'l1', 'lasso', 'least-squares', 'relu-regression']);
  });
});
