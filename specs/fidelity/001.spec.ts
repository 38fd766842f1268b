/**
 * Fidelity of 001 ("GD doesn't make the cut", full version): each checkable
 * number of the paper beside the value measured here, with a status computed
 * from the two. Each test asserts the status that happens (the paper's value,
 * or the deviation), so it fails when behaviour changes. Statements 001
 * shares with 000 (App. B.2, Sec. 4's 2-D example, Fig. 4, Prop. 5.1) are in
 * shared.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import type { FidelityItem } from '../../src/report/fidelity.ts';
import { judge, judgeConflict } from '../../src/analysis/fidelity-status.ts';
import { cycleFractionBelow, fractionBelow } from '../../src/analysis/cycle-closed-form.ts';
import { VGG16, vggLayers } from '../../src/analysis/vgg-layers.ts';
import { sgd, rmsprop, rmspropPaper } from '../../src/optimizers/index.ts';
import { rng } from '../../src/random/rng.ts';
import { reluRegression, leastSquares, fromRows } from '../../src/problems/index.ts';
import { fitLine } from '../../src/analysis/statistics.ts';
import { TOY, ndgmOnL1, peakOfLast, finalWeightsOnL1, sampleVggInit, stepsToCycle } from './setups.ts';
import { recordAll, round } from './items.ts';

describe('001: the paper\'s numbers against measurements', () => {
  it('Sec. 3: at a ReLU kink (1/2h)(∇q(h) − ∇q(−h)) grows without bound as h → 0', ({ task }) => {
    // q(β) = (1 − max(0, β))², the ReLU regression of eq. (3) with one sample z = 1, y = 1: kink at β = 0.
    const relu = reluRegression({ Z: fromRows('Z', [[1]]), y: Float64Array.of(1), lambda1: 0, lambda2: 0 });
    const smooth = leastSquares({ Z: fromRows('Z', [[1]]), y: Float64Array.of(1) });
    const hs = Array.from({ length: 8 }, (_, i) => 10 ** -(i + 1));
    const quotient = (f: typeof relu, h: number) => Math.abs(f.gradient(Float64Array.of(h))[0] - f.gradient(Float64Array.of(-h))[0]) / (2 * h);
    const slope = fitLine(hs.map(Math.log10), hs.map((h) => Math.log10(quotient(relu, h)))).slope;
    const control = fitLine(hs.map(Math.log10), hs.map((h) => Math.log10(quotient(smooth, h)))).slope;
    const j = judge(slope, -1, { kind: 'absolute', tolerance: 0.01 });
    recordAll(task, [{
      paper: '001', where: 'Sec. 3 (L-smoothness and ReLU networks)', claim: 'relu-vs-gelu',
      statement: 'for q(x) = max(0, x), lim_{h→0+} (1/2h)(∇q(h) − ∇q(−h)) = ∞: no Lipschitz bound on the gradient at the kink',
      paperValue: '∞ (the quotient grows like 1/h)',
      measured: `log–log slope of the quotient against h over h = 1e-1 … 1e-8: ${slope.toFixed(4)}; at h = 1e-8: ${quotient(relu, 1e-8).toExponential(2)}`,
      comparison: `growth like 1/h is slope −1; ${j.comparison}`, status: j.status,
      note: `Measured on the ReLU regression (1 − max(0, β))², float64. The least-squares control (1 − β)² has slope ${control.toFixed(4)}: its quotient stays at the curvature.`,
    }], ['matches']);
    expect(Math.abs(control)).toBeLessThan(0.01);
  });

  it('Prop. B.5: γ^1000 = O(1e-5), read off RMSProp\'s second moment', ({ task }) => {
    const lambda = 1;
    const t = ndgmOnL1(lambda, TOY.alpha, TOY.init(), 1000, rmspropPaper({ lr: TOY.alpha }), ['v']);
    // v_t = (1 − γ^t)λ² on λ‖β‖₁ (eq. 20) while no coordinate is 0, so γ^t = 1 − v_t/λ².
    const zeros = t.zeros[1000];
    const gammaT = 1 - t.stateRow('v', 1000)[0] / lambda ** 2;
    const j = judge(gammaT, 1e-5, { kind: 'same decade' });
    let worst = 0;
    for (let k = 1; k <= 1000; k++) worst = Math.max(worst, Math.abs(t.stateRow('v', k)[0] / (1 - 0.99 ** k) - 1));
    const eq20 = judge(worst, 0, { kind: 'absolute', tolerance: 1e-12 });
    recordAll(task, [{
      paper: '001', where: 'App. B.3.3, eq. (20)', claim: 'rmsprop-lambda-agnostic',
      statement: 'on λ‖β‖₁, RMSProp\'s second moment is v_t = (1 − γ^t)λ² while no coordinate is 0',
      paperValue: '(1 − γ^t)λ²', measured: `largest relative gap over t ≤ 1000: ${worst.toExponential(2)}`, comparison: eq20.comparison, status: eq20.status,
    }, {
      paper: '001', where: 'App. B.3.3, Prop. B.5 proof', claim: 'rmsprop-lambda-agnostic',
      statement: 'with t = 1000 (γ = 0.99), γ^t = O(1e-5)',
      paperValue: 'O(1e-5)', measured: Number(gammaT.toExponential(3)), comparison: j.comparison, status: j.status,
      note: `From RMSProp (eqs. 18–19, ε̄ = 1e-8) on λ‖β‖₁, P = 10, α = 0.1; ${zeros} coordinates were 0 at step 1000. 0.99^1000 = ${(0.99 ** 1000).toExponential(3)}: the transient is gone only to about 4e-5.`,
    }], ['matches', 'matches']);
    expect(zeros).toBe(0);
  });

  it('Prop. B.6 and its example: the loss bounds at λ = 0.01 and λ = 100 (P = 10, α = 0.1)', ({ task }) => {
    const init = TOY.init();
    const items: FidelityItem[] = [];
    for (const lambda of [0.01, 100]) {
      const plain = ndgmOnL1(lambda, TOY.alpha, init, TOY.steps);
      const vanilla = peakOfLast(plain.loss, 100);
      const norms = plain.l1Norm.subarray(plain.l1Norm.length - 100);
      const [inf, sup] = [Math.min(...norms), Math.max(...norms)];
      const first = judge(sup, TOY.P * TOY.alpha * lambda, { kind: 'below' });
      expect(inf).toBeGreaterThan(0);
      items.push({
        paper: '001', where: 'App. B.4, Prop. B.6', claim: 'l1-non-sparsity',
        statement: `λ = ${lambda}: 0 < lim inf ‖β_N‖₁ ≤ lim sup ‖β_N‖₁ < Pαλ for vanilla NDGM`,
        paperValue: `(0, ${round(TOY.P * TOY.alpha * lambda, 6)})`, measured: `lim inf ${inf.toPrecision(4)}, lim sup ${sup.toPrecision(4)}`,
        comparison: `over the last 100 of ${TOY.steps} steps; lim inf > 0 asserted; ${first.comparison}`, status: first.status,
      });
      const rms = peakOfLast(ndgmOnL1(lambda, TOY.alpha, init, TOY.steps, rmspropPaper({ lr: TOY.alpha })).loss, 100);
      const bounds = [['vanilla NDGM', vanilla, TOY.P * TOY.alpha * lambda ** 2, 'Pαλ²'], ['RMSProp', rms, TOY.P * TOY.alpha * lambda, 'Pαλ']] as const;
      for (const [name, measured, bound, form] of bounds) {
        const j = judge(measured, bound, { kind: 'below' });
        items.push({
          paper: '001', where: 'App. B.4, Prop. B.6 example', claim: 'rmsprop-lambda-agnostic',
          statement: `λ = ${lambda}: the ${name} loss oscillates between two values under ${form} = ${round(bound, 6)}`,
          paperValue: round(bound, 6), measured: Number(measured.toPrecision(4)),
          comparison: `largest loss over the last 100 of ${TOY.steps} steps; ${j.comparison}`, status: j.status,
          note: `λ‖β‖₁, P = 10, α = 0.1, β0 ~ U[−1, 1] (seed 5), float64${name === 'RMSProp' ? '; RMSProp in the paper\'s form (ε̄ = 1e-8 inside the root)' : ''}.`,
        });
      }
    }
    recordAll(task, items, ['matches', 'matches', 'matches', 'matches', 'matches', 'matches']);
  });

  it('Fig. 5: λ = 0.001 puts RMSProp above NDGM; the text says λ = 1 where the caption says λ = 100', ({ task }) => {
    const init = TOY.init();
    const run = (lambda: number, opt = sgd({ lr: TOY.alpha })) => ndgmOnL1(lambda, TOY.alpha, init, TOY.steps, opt).loss;
    /** Steps of the last 100 where a's loss is strictly above b's. */
    const above = (a: Float64Array, b: Float64Array) => {
      let n = 0;
      for (let k = a.length - 100; k < a.length; k++) if (a[k] > b[k]) n++;
      return n;
    };
    const plain = ndgmOnL1(0.001, TOY.alpha, init, TOY.steps);
    const small = plain.loss;
    const forms = [['the paper\'s eq. (19), ε̄ inside the root', rmspropPaper({ lr: TOY.alpha })], ['PyTorch\'s RMSprop, ε outside the root', rmsprop({ lr: TOY.alpha })]] as const;
    const items: FidelityItem[] = forms.map(([form, opt]) => {
      const rms = ndgmOnL1(0.001, TOY.alpha, init, TOY.steps, opt);
      const n = above(rms.loss, small);
      const j = judge(n, 100, { kind: 'absolute', tolerance: 0 });
      return {
        paper: '001', where: 'App. B.4, Fig. 5', claim: 'rmsprop-lambda-agnostic',
        statement: `λ = 0.001: RMSProp's loss lies above vanilla NDGM's over all of the last 100 iterations (${form})`,
        paperValue: '100 of 100', measured: `${n} of 100`, comparison: j.comparison, status: j.status,
        note: `${rms.zeros[TOY.steps]} of 10 RMSProp coordinates are exactly 0 at the end (float64); vanilla NDGM has ${plain.zeros[TOY.steps]}.`,
      };
    });
    const rmsOne = run(1, rmspropPaper({ lr: TOY.alpha }));
    const vanillaOne = run(1);
    const atOne = above(vanillaOne, rmsOne);
    const atHundred = above(run(100), run(100, rmspropPaper({ lr: TOY.alpha })));
    const rmsZeros = ndgmOnL1(1, TOY.alpha, init, TOY.steps, rmspropPaper({ lr: TOY.alpha })).zeros[TOY.steps];
    const conflict = judgeConflict([{ value: 1, misfit: (100 - atOne) / 100 }, { value: 100, misfit: (100 - atHundred) / 100 }]);
    items.push({
      paper: '001', where: 'App. B.4 text vs Fig. 5 caption', claim: 'rmsprop-lambda-agnostic',
      statement: 'the large λ at which vanilla NDGM\'s loss lies above RMSProp\'s over the last 100 iterations',
      paperValue: 'λ = 1 (text) and λ = 100 (caption)',
      measured: `vanilla above on ${atOne}/100 steps at λ = 1 and ${atHundred}/100 at λ = 100; supported: ${conflict.supported ?? 'both'}`,
      comparison: 'for each stated λ, the share of the last 100 steps where vanilla NDGM\'s loss is not above RMSProp\'s',
      status: conflict.status,
      note: `Both λ put vanilla above here; at λ = 1 with ${rmsZeros} of 10 RMSProp coordinates collapsed to exact 0 in float64 (Prop. B.4 does not survive rounding). Without the collapse, eq. (21) makes RMSProp at λ = 1 the recursion of NDGM at λ = 1 up to O(γ^t), and B.6's bounds Pαλ² and Pαλ coincide at λ = 1: the paper's own argument separates the curves only at the caption's λ = 100.`,
    });
    recordAll(task, items, ['differs', 'matches', 'inconsistent']);
  });

  it('Sec. 4 and Table 2: VGG16, α = 0.003, 200 epochs: the prunable share at λ = 2 and the two λ the paper gives for the small penalty', ({ task }) => {
    const alpha = 0.003;
    const steps = 200 * Math.ceil(50_000 / 512); // 200 epochs of CIFAR-10 in batches of 512 (App. C code)
    const layers = vggLayers({ features: 512 * 7 * 7, hidden: [4096, 4096], classes: 1000, config: VGG16 });
    // λ = 2: αλ = 0.006 ≫ 1e-5. The cycle is stationary once entered, so the run stops once every sampled weight is in it.
    const wideStart = sampleVggInit(layers, 100_000, rng(2));
    const wide = finalWeightsOnL1(2, alpha, wideStart, stepsToCycle(wideStart, alpha * 2), 50);
    const atTwo = fractionBelow(wide, 1e-5);
    const closedTwo = cycleFractionBelow(1e-5, alpha, 2);
    const table = judge(atTwo, 0.0018, { kind: 'relative', tolerance: 0.15 });
    const text = judge(atTwo, 0.002, { kind: 'below' });
    // The small penalty: the fraction under 1e-5 after the paper's step count, from a start drawn like VGG16's weights.
    const start = sampleVggInit(layers, 1000, rng(3));
    const share = (lambda: number) => fractionBelow(finalWeightsOnL1(lambda, alpha, start, steps, 500), 1e-5);
    const small = { 0.0002: share(0.0002), 0.002: share(0.002) };
    const lambdaConflict = judgeConflict([
      { value: 0.0002, misfit: Math.abs(small[0.0002] - 0.9989) },
      { value: 0.002, misfit: Math.abs(small[0.002] - 0.9989) },
    ]);
    const shareConflict = judgeConflict([
      { value: '99.98%', misfit: Math.abs(small[lambdaConflict.supported === 0.0002 ? 0.0002 : 0.002] - 0.9998) },
      { value: '99.89%', misfit: Math.abs(small[lambdaConflict.supported === 0.0002 ? 0.0002 : 0.002] - 0.9989) },
    ]);
    const proxy = 'weights drawn like torchvision\'s VGG16 initialisation (Kaiming normal convolutions, N(0, 0.01²) linear layers) stand in for the pretrained weights, which are not available offline; the run has the L1 term only (the cross-entropy gradient is left out), float64';
    recordAll(task, [
      {
        paper: '001', where: 'App. C, Table 2 (SGD, λ = 2)', claim: 'l1-pruning',
        statement: 'SGD at λ = 2: 0.18% of the weights end below 1e-5 in absolute value',
        paperValue: 0.0018, measured: Number(atTwo.toPrecision(3)), comparison: `${table.comparison} (sampling: 100,000 weights)`, status: table.status,
        note: `The two-cycle closed form 1e-5/(αλ) = ${closedTwo.toPrecision(3)} predicts it without a network; ${proxy}.`,
      },
      {
        paper: '001', where: 'Sec. 4 (λ = 2)', claim: 'l1-pruning',
        statement: 'with λ = 2, less than 0.2% of the parameters at convergence are below 1e-5',
        paperValue: '< 0.002', measured: Number(atTwo.toPrecision(3)), comparison: text.comparison, status: text.status,
      },
      {
        paper: '001', where: 'Sec. 4 text vs Table 2', claim: 'l1-pruning',
        statement: 'the small penalty of the VGG16 experiment: λ = 0.0002 (Sec. 4) or λ = 0.002 (Table 2, Fig. 3, the code)',
        paperValue: 'λ = 0.0002 and λ = 0.002',
        measured: `share below 1e-5 after ${steps} steps: ${(100 * small[0.0002]).toFixed(2)}% at λ = 0.0002, ${(100 * small[0.002]).toFixed(2)}% at λ = 0.002; supported: λ = ${lambdaConflict.supported ?? 'both'}`,
        comparison: 'for each stated λ, the gap between the share of weights below 1e-5 after 200 epochs and Table 2\'s 99.89%',
        status: lambdaConflict.status,
        note: `In ${steps} steps the L1 term moves a weight by at most steps·αλ = ${(steps * alpha * 0.0002).toFixed(4)} at λ = 0.0002 and ${(steps * alpha * 0.002).toFixed(4)} at λ = 0.002: only the latter brings typical VGG16 weights into the cycle. ${proxy}.`,
      },
      {
        paper: '001', where: 'Sec. 4 text vs Table 2', claim: 'l1-pruning',
        statement: 'SGD\'s share of weights below 1e-5 at the small penalty: 99.98% (Sec. 4) or 99.89% (Table 2)',
        paperValue: '99.98% and 99.89%',
        measured: `${(100 * small[0.002]).toFixed(2)}% at λ = 0.002 (1000 sampled weights); nearer: ${shareConflict.supported ?? 'both'}`,
        comparison: 'the gap between the measured share and each stated share',
        status: shareConflict.status,
        note: 'The closed form gives 100% for any αλ < 1e-5, so it cannot separate the two; the shortfall from 100% comes from weights the cross-entropy gradient holds away from the cycle, which the run leaves out. Which of the two the sample sits nearer is not meaningful at this resolution (1/1000 = 0.1%).',
      },
    ], ['matches', 'matches', 'inconsistent', 'inconsistent']);
    expect(lambdaConflict.supported).toBe(0.002);
  });
});
