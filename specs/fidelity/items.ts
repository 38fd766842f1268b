/**
 * Fidelity items for statements that 000 and 001 both make (the full version
 * repeats the first version's LASSO and Huber experiments): each builder runs
 * the experiment once and returns the item with its computed status.
 */
import { expect } from 'vitest';
import { recordFidelity, type FidelityItem } from '../../src/report/fidelity.ts';
import type { Paper } from '../../src/report/evidence.ts';
import { judge, judgeConflict } from '../../src/analysis/fidelity-status.ts';
import { finalL1Norm } from '../../src/analysis/loss.ts';
import { cycleEnvelope } from '../../src/analysis/two-cycle.ts';
import { turnRate, riseBeforeOscillation } from '../../src/analysis/oscillation.ts';
import { sgd } from '../../src/optimizers/index.ts';
import { runTrace } from '../../src/trace/run.ts';
import { lassoRun, huberSetup, ndgmOnL1, peakOfLast } from './setups.ts';

const LASSO_SETUP = 'LASSO 20×500, data seed 0, β0 ~ U[−1, 1] (seed 77), α = 0.01, 20,000 steps, float64 (α and the start are not stated by the paper)';

/** The general-LASSO paradox: 1.62 and 25.4, "more than 15 fold", and the λ named 0.1 where the run is λ = 0.01. */
export function lassoItems(paper: Paper, where: string): FidelityItem[] {
  const small = finalL1Norm(lassoRun(0, 0.01));
  const big = finalL1Norm(lassoRun(0, 10));
  const tenth = finalL1Norm(lassoRun(0, 0.1));
  const base = { paper, where, claim: 'lambda-paradox' } as const;
  const norm = (lambda: number, measured: number, stated: number): FidelityItem => {
    const j = judge(measured, stated, { kind: 'relative', tolerance: 0.1 });
    return { ...base, statement: `final ‖β‖₁ of NDGM with λ = ${lambda}`, paperValue: stated, measured: round(measured, 4), comparison: `${j.comparison} (10%: the paper's data, start and α are not given)`, status: j.status, note: LASSO_SETUP };
  };
  const fold = judge(big / small, 15, { kind: 'above' });
  const conflict = judgeConflict([
    { value: 0.01, misfit: Math.abs(small - 1.62) },
    { value: 0.1, misfit: Math.abs(tenth - 1.62) },
  ]);
  return [
    norm(0.01, small, 1.62),
    norm(10, big, 25.4),
    {
      ...base,
      statement: 'a 1000-fold increase of λ (0.01 → 10) gives a more than 15-fold increase of the final ‖β‖₁',
      paperValue: '> 15 (the paper\'s own numbers: 25.4 / 1.62 = 15.7)',
      measured: round(big / small, 3),
      comparison: fold.comparison,
      status: fold.status,
      note: `${LASSO_SETUP}. The direction of the paradox holds (×${(big / small).toFixed(1)}); the factor falls just short of 15 because the λ = 0.01 run ends at ${small.toFixed(3)}, not 1.62.`,
    },
    {
      ...base,
      statement: 'the λ of the smaller-penalty run: the text names both λ = 0.01 (the runs) and λ = 0.1 (the result)',
      paperValue: 'λ = 0.01 and λ = 0.1',
      measured: `‖β‖₁ = ${small.toFixed(3)} at λ = 0.01, ${tenth.toFixed(3)} at λ = 0.1; nearer 1.62: λ = ${conflict.supported ?? 'neither'}`,
      comparison: 'which stated λ gives the final ‖β‖₁ nearer the paper\'s 1.62, on the same data, start and α',
      status: conflict.status,
      note: `The "1000 fold increase" (10 / λ = ${10 / 0.01} for λ = 0.01, ${10 / 0.1} for λ = 0.1) also says 0.01: λ = 0.1 is a typo. Both λ land near 1.62, so the measurement alone separates them only weakly.`,
    },
  ];
}

/** The 2-D example (β0 = [0.5053, 0.5053], α = 0.01), its α = 0.001 continuation, and the bound lim ‖β‖₁ < αλ printed beside it. */
export function twoDItems(paper: Paper, where: { example: string; bound: string; alternative: string }): FidelityItem[] {
  const start = [0.5053, 0.5053];
  const ends = (lambda: number, alpha: number, init: ArrayLike<number>) => {
    const t = ndgmOnL1(lambda, alpha, init, 2000);
    const last = t.l1Norm.subarray(t.l1Norm.length - 2);
    return { trace: t, max: Math.max(...last), min: Math.min(...last), envelope: cycleEnvelope(t) };
  };
  const one = ends(1, 0.01, start);
  const hundred = ends(100, 0.01, start);
  // "Reducing the step-size to α = 0.001 after apparent convergence": continue from where α = 0.01 ended.
  const slowOne = ends(1, 0.001, one.trace.row(one.trace.rows - 1));
  const slowHundred = ends(100, 0.001, hundred.trace.row(hundred.trace.rows - 1));
  const stated = [
    [slowOne.envelope.high[0], 0.0003], [slowOne.envelope.low[0], -0.0007],
    [slowHundred.envelope.high[0], 0.0053], [slowHundred.envelope.low[0], -0.0947],
  ];
  const worst = Math.max(...stated.map(([m, p]) => Math.abs(m - p)));
  const base = { paper, where: where.example, claim: 'l1-non-sparsity' } as const;
  const atMost = judge(one.max, 0.0106, { kind: 'absolute', tolerance: 1e-12 });
  const atLeast = judge(hundred.min, 0.9894, { kind: 'absolute', tolerance: 1e-12 });
  const slow = judge(worst, 0, { kind: 'absolute', tolerance: 1e-12 });
  const P = start.length;
  const alphaLambda = 0.01;
  const conflict = judgeConflict([
    { value: `αλ = ${alphaLambda}`, misfit: Math.max(0, one.max - alphaLambda) },
    { value: `Pαλ = ${P * alphaLambda}`, misfit: Math.max(0, one.max - P * alphaLambda) },
  ]);
  return [
    { ...base, statement: 'λ = 1: at convergence ‖β‖₁ is at most 0.0106', paperValue: 0.0106, measured: round(one.max, 12), comparison: atMost.comparison, status: atMost.status },
    { ...base, statement: 'λ = 100: at convergence ‖β‖₁ is at least 0.9894', paperValue: 0.9894, measured: round(hundred.min, 12), comparison: atLeast.comparison, status: atLeast.status },
    {
      ...base,
      statement: 'continuing with α = 0.001: λ = 1 cycles between [0.0003] and [−0.0007], λ = 100 between [0.0053] and [−0.0947]',
      paperValue: '0.0003, −0.0007, 0.0053, −0.0947',
      measured: stated.map(([m]) => m.toFixed(4)).join(', '),
      comparison: `largest gap over the four numbers ${worst.toExponential(2)}; ${slow.comparison}`,
      status: slow.status,
    },
    {
      paper,
      where: where.bound,
      claim: 'l1-non-sparsity',
      statement: 'lim ‖β_k‖₁ < αλ (after Boyd et al., constant step), stated for the example above',
      paperValue: `αλ = ${alphaLambda}, while the same paragraph gives ‖β‖₁ up to 0.0106 for that case`,
      measured: `lim sup ‖β‖₁ = ${one.max.toFixed(4)} (λ = 1, α = 0.01, P = 2); fits ${conflict.supported ?? 'both'}`,
      comparison: 'the measured lim sup against each bound the paper gives for it: αλ (as printed) and Pαλ (its own ∞-norm statement, every |β[k]| < αλ, summed over P coordinates)',
      status: conflict.status,
      note: `The printed bound drops a factor P: with every coordinate below αλ in absolute value (${where.alternative}) the L1 norm is below Pαλ = ${P * alphaLambda}, and the paper's own 0.0106 exceeds αλ = ${alphaLambda}.`,
    },
  ];
}

const HUBER_CLAIM = 'huber-bounded-oscillation';

/** One Huber run per α on the claim spec's data; the loss curve is what the captions describe. */
export function huberLosses(alphas: readonly number[], steps = 3000): Map<number, Float64Array> {
  const { problem, init } = huberSetup();
  return new Map(alphas.map((alpha) => [alpha, runTrace({ problem, optimizer: sgd({ lr: alpha }), init, steps, coordinates: 'none' }).loss]));
}

/** "As the learning rate increases, the loss starts oscillating with larger frequencies." */
export function frequencyItem(paper: Paper, where: string, losses: Map<number, Float64Array>): FidelityItem {
  const alphas = [...losses.keys()].sort((a, b) => a - b);
  const rates = alphas.map((a) => turnRate(losses.get(a)!, 1e-9 * losses.get(a)![0]));
  const smallestRise = Math.min(...rates.slice(1).map((r, i) => r - rates[i]));
  const j = judge(smallestRise, 0, { kind: 'above' });
  return {
    paper,
    where,
    claim: HUBER_CLAIM,
    statement: `the loss oscillates with a higher frequency as α rises (α = ${alphas.join(', ')})`,
    paperValue: 'frequency increasing in α',
    measured: alphas.map((a, i) => `α = ${a}: ${rates[i].toFixed(4)}`).join('; '),
    comparison: `frequency = share of steps where the loss turns (moves above 1e-9·L0 on both sides), over ${losses.get(alphas[0])!.length - 1} steps; smallest increase between neighbouring α: ${j.comparison}`,
    status: j.status,
    note: 'Huber regression (eq. 10), Z 50×200, y and β0 from seed 2024, float64. From α = 1 on the loss alternates at almost every step (period 2, the highest frequency a step sequence shows), so the frequency saturates; what keeps growing with α is the amplitude and how early the alternation starts.',
  };
}

/** 000 Fig. 3: at α = 1 the loss rises before it starts to oscillate. */
export function riseItem(paper: Paper, where: string, losses: Map<number, Float64Array>): FidelityItem {
  const one = riseBeforeOscillation(losses.get(1)!);
  const ten = riseBeforeOscillation(losses.get(10)!);
  const j = judge(one.rises, 1, { kind: 'above' });
  return {
    paper,
    where,
    claim: HUBER_CLAIM,
    statement: 'at α = 1 the loss first increases, then the oscillations become noticeable',
    paperValue: 'a sustained rise (more than one step) before the oscillation',
    measured: `α = 1: rises for ${one.rises} steps in a row (steps ${one.from}→${one.to}) after falling, then alternates; α = 10: ${ten.rises} step before alternating`,
    comparison: `consecutive rising steps from the first local minimum; ${j.comparison}`,
    status: j.status,
    note: 'The loss at α = 1 falls for the first steps before the rise the paper points at.',
  };
}

/** 001 Prop. 5.1 (App. D.1), 000 Prop. 4.1: lim f(x_k) − f* ≤ αL² for an L-Lipschitz convex loss. */
export function lipschitzBoundItem(paper: Paper, where: string, losses: Map<number, Float64Array>, alpha: number): FidelityItem {
  const { Z, delta } = huberSetup();
  let rowNorms = 0;
  for (let i = 0; i < Z.rows; i++) rowNorms += Math.hypot(...Z.data.subarray(i * Z.cols, (i + 1) * Z.cols));
  // |h'(r)| ≤ δ, so ‖∇L‖ ≤ (δ/N)·Σ‖z_i‖ =: L; f* = 0 because N < P makes Zβ = y solvable.
  const L = (delta / Z.rows) * rowNorms;
  const peak = peakOfLast(losses.get(alpha)!, 1000);
  const j = judge(peak, alpha * L * L, { kind: 'below' });
  return {
    paper,
    where,
    claim: HUBER_CLAIM,
    statement: `lim f(x_k) − f* ≤ αL² (constant step α, L a bound on the subgradients): Huber at α = ${alpha}`,
    paperValue: `αL² = ${round(alpha * L * L, 2)} with L = (δ/N)Σ‖z_i‖ = ${round(L, 4)}`,
    measured: round(peak, 4),
    comparison: `largest loss over the last 1000 of ${losses.get(alpha)!.length - 1} steps, f* = 0; ${j.comparison}`,
    status: j.status,
  };
}

/** Record every item first (so a failing assertion still leaves its evidence), then assert the status each is expected to have. */
export function recordAll(task: Parameters<typeof recordFidelity>[0], items: readonly FidelityItem[], expected: readonly FidelityItem['status'][]): void {
  for (const item of items) recordFidelity(task, item);
  expect(items.length, 'fidelity items checked (one expected status each)').toBe(expected.length);
  expect(items.length, 'fidelity items checked').toBeGreaterThan(0);
  items.forEach((item, k) => expect(item.status, `${item.paper} ${item.where}: ${item.statement} (measured ${item.measured})`).toBe(expected[k]));
}

/** The same statement where the other paper makes it. */
export function citeAlso(items: readonly FidelityItem[], paper: Paper, where: (item: FidelityItem) => string): FidelityItem[] {
  return items.map((item) => ({ ...item, paper, where: where(item) }));
}

/** 001 Sec. 5, 000 Sec. 4: the overparameterised Huber loss (N = 50 < P = 200) has a global minimum of 0. */
export function huberMinimumItem(paper: Paper, where: string, losses: Map<number, Float64Array>): FidelityItem {
  const loss = losses.get(0.1)!;
  const last = loss[loss.length - 1];
  const j = judge(last, 1e-20, { kind: 'below' });
  return {
    paper, where, claim: HUBER_CLAIM,
    statement: 'the overparameterised Huber loss (50 × 200) has a global minimum of 0',
    paperValue: 0, measured: Number(last.toExponential(2)),
    comparison: `loss after ${loss.length - 1} steps at α = 0.1, against 1e-20 (float64 rounding of a zero residual); ${j.comparison}`,
    status: j.status,
  };
}

export function round(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}
