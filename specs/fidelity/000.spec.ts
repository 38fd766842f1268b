/**
 * Fidelity of 000 (the first version of "GD doesn't make the cut"): the VGG16
 * pruning numbers of Sec. 3 and App. B against the two-cycle closed form and
 * an NDGM run on the L1 term. The statements 000 shares with 001 are in
 * shared.spec.ts.
 *
 * The closed form (src/analysis/cycle-closed-form.ts): once every weight is in
 * its cycle γ, γ − αλ, |w| is uniform on (0, αλ), so ‖w‖₁ ≈ n·αλ/2 and the
 * share of weights below 1e-5 is min(1, 1e-5/(αλ)). n is the parameter count
 * of the model App. B trains: `models.vgg16(pretrained=True)`, torchvision's
 * ImageNet VGG16, whose 1000-way classifier the code never replaces (CIFAR-10
 * images pass through its adaptive pooling).
 */
import { describe, expect, it } from 'vitest';
import { judge } from '../../src/analysis/fidelity-status.ts';
import { cycleFractionBelow, cycleL1Norm, fractionBelow } from '../../src/analysis/cycle-closed-form.ts';
import { vggLayers, parameterCount } from '../../src/analysis/vgg-layers.ts';
import { rng } from '../../src/random/rng.ts';
import { finalWeightsOnL1, sampleVggInit, stepsToCycle } from './setups.ts';
import { recordAll, round } from './items.ts';

const ALPHA = 0.01;
/** App. B: 150 epochs of CIFAR-10's 50,000 images in batches of 512. */
const STEPS = 150 * Math.ceil(50_000 / 512);
const TORCHVISION = vggLayers({ features: 512 * 7 * 7, hidden: [4096, 4096], classes: 1000 });
const CIFAR_PORT = vggLayers({ features: 512, hidden: [], classes: 10, batchNorm: true });
const N = parameterCount(TORCHVISION);
const PROXY = 'weights drawn like torchvision\'s VGG16 initialisation stand in for the pretrained ones (not available offline); the run has the L1 term only, no cross-entropy gradient; float64';

let cached: { big: Float64Array; small: Float64Array } | undefined;
/** The two NDGM runs on the L1 term, shared by both tests. */
function runs() {
  if (cached) return cached;
  // λ = 0.1: every weight is in the cycle within a few hundred steps; 20,000 weights give ‖w‖₁/n to about 0.4%.
  const wideStart = sampleVggInit(TORCHVISION, 20_000, rng(10));
  const big = finalWeightsOnL1(0.1, ALPHA, wideStart, stepsToCycle(wideStart, ALPHA * 0.1), 100);
  // λ = 0.001 over the paper's 14,700 steps: the L1 term moves a weight by at most 0.147 in that time.
  const small = finalWeightsOnL1(0.001, ALPHA, sampleVggInit(TORCHVISION, 2000, rng(11)), STEPS, 500);
  return (cached = { big, small });
}

describe('000: VGG16 with an L1 penalty, α = 0.01, λ = 0.001 against λ = 0.1 (Sec. 3, App. B)', () => {
  it('‖w‖₁ 2113.83 against 69178.44, "more than 30 times", and the parameter count the larger one implies', ({ task }) => {
    const { big, small } = runs();
    const meanAbs = (w: Float64Array) => w.reduce((s, v) => s + Math.abs(v), 0) / w.length;
    const normBig = N * meanAbs(big);
    const normSmall = N * meanAbs(small);
    const closedBig = cycleL1Norm(N, ALPHA, 0.1);
    const closedSmall = cycleL1Norm(N, ALPHA, 0.001);
    const implied = (2 * 69178.44) / (ALPHA * 0.1);
    const nCheck = judge(N, implied, { kind: 'relative', tolerance: 1e-4 });
    const bigCheck = judge(normBig, 69178.44, { kind: 'relative', tolerance: 0.01 });
    const smallCheck = judge(normSmall, 2113.83, { kind: 'relative', tolerance: 0.1 });
    const ratio = judge(normBig / normSmall, 30, { kind: 'above' });
    // Paper: at most 0.3% of the weights are above 1e-5; the excess over the cycle's norm sits on them.
    const excessMean = (2113.83 - 0.997 * closedSmall) / (0.003 * N);
    const base = { paper: '000', claim: 'l1-pruning' } as const;
    recordAll(task, [
      {
        ...base, where: 'Sec. 3, App. B code',
        statement: 'VGG16\'s parameter count n implied by ‖w‖₁ = 69178.44 at λ = 0.1 through the cycle\'s n·αλ/2',
        paperValue: Math.round(implied), measured: N,
        comparison: `n of models.vgg16 (13 conv layers, classifier 25088→4096→4096→1000) against 2·69178.44/(αλ); ${nCheck.comparison}`,
        status: nCheck.status,
        note: `${N - Math.round(implied)} parameters apart. A CIFAR-10 VGG16 (512→10 classifier, batch norm; n = ${parameterCount(CIFAR_PORT)}) would give n·αλ/2 = ${round(cycleL1Norm(parameterCount(CIFAR_PORT), ALPHA, 0.1), 1)}.`,
      },
      {
        ...base, where: 'Sec. 3',
        statement: 'final ‖w‖₁ with λ = 0.1: 69178.44',
        paperValue: 69178.44, measured: round(normBig, 1),
        comparison: `n × mean |w| of a run of 20,000 weights; ${bigCheck.comparison}`,
        status: bigCheck.status,
        note: `The closed form n·αλ/2 = ${round(closedBig, 2)} is ${(Math.abs(closedBig - 69178.44) / 69178.44).toExponential(1)} from the paper's value. ${PROXY}.`,
      },
      {
        ...base, where: 'Sec. 3',
        statement: 'final ‖w‖₁ with λ = 0.001: 2113.83',
        paperValue: 2113.83, measured: round(normSmall, 1),
        comparison: `n × mean |w| of a run of 2000 weights over the paper's ${STEPS} steps; ${smallCheck.comparison}`,
        status: smallCheck.status,
        note: `The cycle alone gives n·αλ/2 = ${round(closedSmall, 2)}, a third of the paper's value. With 99.7% of the weights below 1e-5, the other ${(2113.83 - 0.997 * closedSmall).toFixed(0)} of ‖w‖₁ sits on at most 0.3% of them, mean |w| ≥ ${excessMean.toExponential(1)}: weights held off the cycle by the cross-entropy gradient, which at λ = 0.001 is no longer small beside λ. ${PROXY}.`,
      },
      {
        ...base, where: 'Sec. 3',
        statement: 'the λ = 0.1 model\'s ‖w‖₁ is more than 30 times the λ = 0.001 model\'s',
        paperValue: '> 30 (the paper\'s own numbers: 69178.44 / 2113.83 = 32.7)', measured: round(normBig / normSmall, 1),
        comparison: ratio.comparison, status: ratio.status,
        note: 'In the cycle the ratio is the ratio of the λ, 100; the paper\'s 32.7 is lower because its λ = 0.001 norm is three times the cycle\'s.',
      },
    ], ['matches', 'matches', 'differs', 'matches']);
    expect(Math.abs(normBig / closedBig - 1)).toBeLessThan(0.02);
    expect(Math.abs(normSmall / closedSmall - 1)).toBeLessThan(0.05);
  });

  it('99.7% against 0.01% of the weights below 1e-5, and what the 0.01% means', ({ task }) => {
    const { big, small } = runs();
    const shareSmall = fractionBelow(small, 1e-5);
    const shareBig = fractionBelow(big, 1e-5);
    const smallCheck = judge(shareSmall, 0.997, { kind: 'absolute', tolerance: 0.005 });
    const asPercent = judge(shareBig, 0.0001, { kind: 'relative', tolerance: 0.5 });
    const asFraction = judge(shareBig, 0.01, { kind: 'relative', tolerance: 0.15 });
    const base = { paper: '000', claim: 'l1-pruning', where: 'Sec. 3, App. B code' } as const;
    recordAll(task, [
      {
        ...base, statement: 'λ = 0.001: 99.7% of the weights end below 1e-5',
        paperValue: 0.997, measured: round(shareSmall, 4),
        comparison: `share of 2000 weights after ${STEPS} steps; ${smallCheck.comparison}`, status: smallCheck.status,
        note: `αλ = 1e-5: every weight in its cycle is below 1e-5 (closed form ${cycleFractionBelow(1e-5, ALPHA, 0.001)}). ${PROXY}.`,
      },
      {
        ...base, statement: 'λ = 0.1: only 0.01% of the weights end below 1e-5',
        paperValue: '0.01% = 1e-4', measured: `${round(shareBig, 5)} (${(100 * shareBig).toFixed(2)}%); read as the fraction 0.01: ${asFraction.status}`,
        comparison: `share of 20,000 weights in the cycle, against 1e-4; ${asPercent.comparison}`, status: asPercent.status,
        note: `The closed form 1e-5/(αλ) = ${cycleFractionBelow(1e-5, ALPHA, 0.1)} is 1%, a hundred times the printed 0.01%. App. B's code prints fraction_small_params (a fraction, with :.5f), so "0.01%" is most likely that printout, 0.01000, read as a percent: 1% of the weights, as the cycle predicts. (99.7% is then the printout 0.99700 converted correctly.)`,
      },
    ], ['matches', 'differs']);
    expect(asFraction.status).toBe('matches');
  });
});
