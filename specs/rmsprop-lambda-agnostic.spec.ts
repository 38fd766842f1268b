/**
 * 001 App. B.3.3, Prop. B.5, Fig. 5, Table 1: on λ‖β‖₁, RMSProp's step is
 * α·sign(β)/√(1 + ε̄/λ² − γᵗ) (eq. 21), so once γᵗ is negligible its sequence
 * does not depend on λ: it behaves like vanilla NDGM with λ = 1. Compared here
 * through the end cycle's two points per coordinate, which ignores the phase.
 */
import { expect, it } from 'vitest';
import fc from 'fast-check';
import { l1 } from '../src/problems/l1.ts';
import { sgd, rmsprop, rmspropPaper, heavyBall, type OptimizerFactory } from '../src/optimizers/index.ts';
import { runTrace } from '../src/trace/run.ts';
import { rng, uniformArray } from '../src/random/rng.ts';
import { cycleEnvelope, envelopeDistance, sharesCycleWith } from '../src/analysis/two-cycle.ts';
import { keepsZeros } from '../src/analysis/zeros.ts';
import { defineClaim, record, downsample } from '../src/report/evidence.ts';
import { describeClaim, asserts } from '../src/report/declare.ts';
import { propertyOptions, seedArb, PROPERTY_SEED } from './support.ts';

const claim = defineClaim({
  id: 'rmsprop-lambda-agnostic',
  family: 'rmsprop',
  tier: 'fast',
  title: 'RMSProp on λ‖β‖₁ forgets λ',
  paper: '001',
  section: 'App. B.3.3, Prop. B.4, B.5, Fig. 5, Table 1',
  statement:
    'After the transient, the RMSProp sequence on λ‖β‖₁ does not depend on λ (it behaves like NDGM with λ = 1); for λ ≪ 1 its loss over the last 100 iterations lies above vanilla NDGM\'s and for λ ≫ 1 below (P = 10, α = 0.1); its iterates are never exactly 0 (Prop. B.4).',
});

const P = 10;
const ALPHA = 0.1;

function run(lambda: number, optimizer: OptimizerFactory, init: Float64Array, steps: number) {
  return runTrace({ problem: l1({ lambda, dim: init.length }), optimizer, init, steps });
}

describeClaim(claim, () => {
  it('property: with ε = 0 the end cycle is the same for any two λ, to rounding', ({ task }) => {
    let worst = 0;
    fc.assert(
      fc.property(seedArb, fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), (seed, l1a, l1b) => {
        const init = uniformArray(rng(seed), P, -1, 1);
        const a = run(l1a, rmspropPaper({ lr: ALPHA, eps: 0 }), init, 4000);
        const b = run(l1b, rmspropPaper({ lr: ALPHA, eps: 0 }), init, 4000);
        expect(a).toShareCycleWith(b, { tolerance: 1e-12 });
        worst = Math.max(worst, envelopeDistance(a, b).distance);
      }),
      propertyOptions(25),
    );
    record(task, { claim, optimizers: ['rmsprop-paper'], precision: 'float64', seed: PROPERTY_SEED, figures: [{ label: 'largest end-cycle gap over random λ pairs, ε = 0', measured: worst.toExponential(2) }] });
  });

  it('ε breaks agnosticism at small λ, and where it sits matters: the measured gaps', asserts('caveat'), ({ task }) => {
    const init = uniformArray(rng(5), P, -1, 1);
    const lambdas = [1e-4, 1e-3, 1e-2, 0.1, 10, 100];
    const gap = (make: (eps: number) => OptimizerFactory, lambda: number) =>
      envelopeDistance(run(lambda, make(1e-8), init, 5000), run(1, make(1e-8), init, 5000)).distance;
    const inside = lambdas.map((l) => gap((eps) => rmspropPaper({ lr: ALPHA, eps }), l));
    const outside = lambdas.map((l) => gap((eps) => rmsprop({ lr: ALPHA, eps }), l));
    // ε inside the root shifts the step by ≈ ε/(2λ²), outside by ≈ ε/λ: inside is worse for λ < 1.
    for (let i = 0; i < 4; i++) expect(inside[i]).toBeGreaterThan(10 * outside[i]);
    expect(inside[1]).toBeGreaterThan(1e-2);
    expect(outside[0]).toBeLessThan(1e-3);
    expect(Math.max(inside[4], inside[5], outside[4], outside[5])).toBeLessThan(1e-6);
    record(task, {
      claim,
      optimizers: ['rmsprop-paper', 'rmsprop'],
      precision: 'float64',
      figures: lambdas.map((l, i) => ({ label: `λ = ${l}: end-cycle gap to λ = 1, ε = 1e-8 inside / outside the root`, measured: `${inside[i].toExponential(2)} / ${outside[i].toExponential(2)}` })),
      plots: [{
        title: 'End-cycle gap to λ = 1 (ε = 1e-8)', x: 'λ', y: 'gap', logX: true, logY: true,
        series: [
          { name: 'ε inside √ (paper, TF.js)', points: lambdas.map((l, i) => [l, inside[i]] as [number, number]) },
          { name: 'ε outside √ (PyTorch)', points: lambdas.map((l, i) => [l, outside[i]] as [number, number]) },
        ],
      }],
      notes: ['Agnosticism holds to rounding with ε = 0. With ε = 1e-8 it holds to about 1e-7 for λ ≥ 1; below λ = 1 the paper\'s placement (inside the root) breaks it 10 to 1000 times more than PyTorch\'s.'],
    });
  });

  it('Fig. 5: λ = 100 puts RMSProp below vanilla NDGM over the last 100 steps; λ = 0.001 puts PyTorch\'s RMSProp above', asserts('caveat'), ({ task }) => {
    const init = uniformArray(rng(5), P, -1, 1);
    const steps = 12_000;
    const vanillaBig = run(100, sgd({ lr: ALPHA }), init, steps);
    const rmsBig = run(100, rmspropPaper({ lr: ALPHA }), init, steps);
    expect(vanillaBig).toHaveLossAbove(rmsBig, 100);
    const vanillaSmall = run(0.001, sgd({ lr: ALPHA }), init, steps);
    const torchSmall = run(0.001, rmsprop({ lr: ALPHA }), init, steps);
    const paperSmall = run(0.001, rmspropPaper({ lr: ALPHA }), init, steps);
    expect(torchSmall).toHaveLossAbove(vanillaSmall, 100);
    // The paper's own form (ε inside the root) does not reproduce it in float64: its coordinates
    // round to exact zeros (see the Prop. B.4 test), its loss collapses, and it sits above vanilla
    // on only half of the last 100 steps.
    expect(paperSmall).not.toHaveLossAbove(vanillaSmall, 100);
    expect(paperSmall.zeros[steps]).toBe(9);
    const last = (t: typeof vanillaBig) => downsample(t.loss.subarray(steps - 99, steps + 1), 100).map(([i, y]) => [steps - 99 + i, y] as [number, number]);
    record(task, {
      claim,
      optimizers: ['sgd', 'rmsprop', 'rmsprop-paper'],
      precision: 'float64',
      figures: [
        { label: 'λ = 100: final loss RMSProp / vanilla', measured: `${rmsBig.loss[steps].toFixed(3)} / ${vanillaBig.loss[steps].toFixed(1)}`, paper: 'RMSProp below' },
        { label: 'λ = 0.001: final loss PyTorch RMSProp / vanilla', measured: `${torchSmall.loss[steps].toExponential(2)} / ${vanillaSmall.loss[steps].toExponential(2)}`, paper: 'RMSProp above' },
        { label: 'λ = 0.001: paper-form RMSProp, coordinates exactly 0 at the end', measured: `${paperSmall.zeros[steps]}/${P}`, paper: '0 (Prop. B.4)' },
      ],
      plots: [
        { title: 'Last 100 steps, λ = 100', x: 'step', y: 'loss', logY: true, series: [{ name: 'vanilla NDGM', points: last(vanillaBig) }, { name: 'RMSProp (paper form)', points: last(rmsBig) }] },
        { title: 'Last 100 steps, λ = 0.001', x: 'step', y: 'loss', logY: true, series: [{ name: 'vanilla NDGM', points: last(vanillaSmall) }, { name: 'RMSProp (PyTorch)', points: last(torchSmall) }, { name: 'RMSProp (paper form)', points: last(paperSmall) }] },
      ],
      notes: ['Fig. 5 reproduces with PyTorch\'s RMSprop (ε outside the root). With the paper\'s eq. (19) in float64 the λ = 0.001 half does not: the coordinates collapse to exact zeros.'],
    });
  });

  it('Prop. B.4 in float64: RMSProp\'s shrinking step rounds coordinates to exactly 0 (the deviation)', asserts('deviation'), ({ task }) => {
    const init = uniformArray(rng(9), 1000, -1, 1);
    const steps = 20_000;
    const paper = runTrace({ problem: l1({ lambda: 1, dim: 1000 }), optimizer: rmspropPaper({ lr: ALPHA }), init, steps, coordinates: 'none' });
    const torch = runTrace({ problem: l1({ lambda: 1, dim: 1000 }), optimizer: rmsprop({ lr: ALPHA }), init, steps, coordinates: 'none' });
    const firstZero = (t: typeof paper) => t.zeros.findIndex((z) => z > 0);
    // Mechanism: the step shrinks towards α, so the positive point of each cycle drifts down until
    // it is below half an ulp of the step; β − s then rounds to −s, and the next (now constant)
    // step returns exactly 0. The deviation asserted: exact zeros, where Prop. B.4 says none.
    expect(paper).not.toNeverHitZero();
    expect(torch).not.toNeverHitZero();
    // Regression pin, copied from this code's own output (float64, seed 9): 892 of 1000 in both forms.
    expect(paper.zeros[steps]).toBe(892);
    expect(torch.zeros[steps]).toBe(892);
    const PAPER_ZEROS = 0; // Prop. B.4: never exactly 0, with probability 1
    record(task, {
      claim,
      optimizers: ['rmsprop-paper', 'rmsprop'],
      status: paper.zeros[steps] === PAPER_ZEROS && torch.zeros[steps] === PAPER_ZEROS ? 'held' : 'not reproduced',
      precision: 'float64',
      figures: [
        { label: 'coordinates exactly 0 after 20,000 steps (paper form / PyTorch form)', measured: `${paper.zeros[steps]} / ${torch.zeros[steps]} of 1000`, paper: `${PAPER_ZEROS} with probability 1` },
        { label: 'first exact zero (paper form / PyTorch form)', measured: `step ${firstZero(paper)} / step ${firstZero(torch)}` },
      ],
      plots: [{ title: 'Coordinates exactly 0, P = 1000, λ = 1, α = 0.1', x: 'step', y: 'count', series: [{ name: 'RMSProp (paper form)', points: downsample(paper.zeros) }] }],
      notes: ['Prop. B.4 holds in exact arithmetic; in float64 the sequence becomes sparse after about a thousand steps.'],
    });
  });

  it('Table 1 as measured: λ-dependence and what a zero does, for vanilla NDGM, momentum and RMSProp', ({ task }) => {
    const init = uniformArray(rng(12), P, -1, 1);
    // λ-dependence: λ = 1 against λ = 4 (a power of two, so RMSProp's scaling is exact), ε = 0.
    const dependsOnLambda = (make: () => OptimizerFactory) => !sharesCycleWith(run(1, make(), init, 3000), run(4, make(), init, 3000), { tolerance: 1e-12 }).pass;
    // Zero: a start of exactly one step lands on 0 at step 1 (dyadic numbers, so exactly).
    const zeroKept = (opt: OptimizerFactory, start: number) => keepsZeros(run(1, opt, Float64Array.of(start, 0.7), 50)).pass;
    const table = {
      'vanilla NDGM': { lambda: dependsOnLambda(() => sgd({ lr: ALPHA })), zero: zeroKept(sgd({ lr: 0.25 }), 0.5) },
      'NDGM with momentum': { lambda: dependsOnLambda(() => heavyBall({ lr: ALPHA, eta: 0.5 })), zero: zeroKept(heavyBall({ lr: 0.5, eta: 0.5 }), 0.25) },
      RMSProp: { lambda: dependsOnLambda(() => rmspropPaper({ lr: ALPHA, eps: 0 })), zero: zeroKept(rmspropPaper({ lr: 0.125, gamma: 0.75, eps: 0 }), 0.25) },
    };
    expect(table).toEqual({
      'vanilla NDGM': { lambda: true, zero: true },
      'NDGM with momentum': { lambda: true, zero: false },
      RMSProp: { lambda: false, zero: true },
    });
    record(task, {
      claim,
      optimizers: ['sgd', 'heavy-ball', 'rmsprop-paper'],
      precision: 'float64',
      figures: Object.entries(table).map(([name, row]) => ({
        label: name,
        measured: `${row.lambda ? 'λ shapes the end state' : 'only β0 shapes the end state'}; a zero ${row.zero ? 'stays 0' : 'is left'}`,
        paper: name === 'RMSProp' ? 'only β0; stays 0' : name === 'vanilla NDGM' ? 'β0 and λ; stays 0' : 'jumps away from 0',
      })),
    });
  });

  it('control: vanilla NDGM is not λ-agnostic, and the matcher catches it', asserts('control'), ({ task }) => {
    const init = uniformArray(rng(5), P, -1, 1);
    const a = run(1, sgd({ lr: ALPHA }), init, 3000);
    const b = run(4, sgd({ lr: ALPHA }), init, 3000);
    expect(a).not.toShareCycleWith(b, { tolerance: 1e-6 });
    expect(() => expect(a).toShareCycleWith(b, { tolerance: 1e-6 })).toThrow(/the end cycles differ by/);
    // From 0.0475 with α = 0.1 the cycles at λ = 1 and λ = 2 share their upper point 0.0475 and differ
    // below (−0.0525 against −0.1525): the matcher must compare both points of the cycle.
    const start = Float64Array.of(0.0475);
    const upperA = run(1, sgd({ lr: ALPHA }), start, 100);
    const upperB = run(2, sgd({ lr: ALPHA }), start, 100);
    expect(Math.abs(cycleEnvelope(upperA).low[0] - cycleEnvelope(upperB).low[0])).toBeGreaterThan(0.09);
    expect(Math.abs(cycleEnvelope(upperA).high[0] - cycleEnvelope(upperB).high[0])).toBeLessThan(1e-12);
    expect(upperA).not.toShareCycleWith(upperB, { tolerance: 1e-6 });
    // A run is never above itself: "above" is strict.
    const same = run(1, sgd({ lr: ALPHA }), init, 300);
    expect(same).not.toHaveLossAbove(same, 100);
    record(task, { claim, optimizers: ['sgd'], precision: 'float64' });
  });
});
