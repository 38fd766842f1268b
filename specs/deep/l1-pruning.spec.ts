/**
 * 001 Sec. 4, Fig. 3, Table 2, App. C: L1-penalised fine-tuning at a constant
 * learning rate. The paper (VGG16 on CIFAR-10, α = 0.003, 200 epochs) finds
 * the fraction of prunable parameters (|w| < 1e-5) falls from 99.89% to
 * 0.18% for SGD and from 3.31% to 2.28% for Adam when λ grows from 0.002 to
 * 2, rises from 0.09% to 1.21% for RMSProp, and the final L1 norms differ
 * across optimizers, larger for larger λ with SGD and Adam. TensorFlow.js,
 * float32; the optimizers are tf.train's (RMSProp with decay 0.99, ε 1e-8).
 *
 * Where SGD has collapsed into the L1 two-cycle (λ far above the data
 * gradient), each |w| ends uniform on [0, αλ): the fraction below 1e-5 is
 * ≈ 1e-5/(αλ) and ‖w‖₁ ≈ n·αλ/2. The spec checks the measurement against it.
 */
import { expect, it, beforeAll } from 'vitest';
import { l1PruningRuns, PRUNING_ALPHA, type PruningRun } from '../../src/harness/experiments/l1-pruning.ts';
import { defineClaim, record, downsample } from '../../src/report/evidence.ts';
import { describeClaim, asserts } from '../../src/report/declare.ts';
import { deepSetup, progress } from './support.ts';
import type { Tier } from '../../src/harness/tiers.ts';
import type { ImageSet } from '../../src/harness/data/fashion-mnist.ts';

const claim = defineClaim({
  id: 'l1-pruning',
  tier: 'deep',
  title: 'A larger L1 penalty leaves fewer prunable weights',
  paper: '001',
  section: 'Sec. 4, Fig. 3, Table 2, App. C',
  statement:
    'Fine-tuning with cross-entropy + λ‖w‖₁ at a constant learning rate, λ = 2 leaves fewer weights with |w| < 1e-5 than λ = 0.002 for SGD (0.18% against 99.89%) and Adam (2.28% against 3.31%), more for RMSProp (1.21% against 0.09%); the final L1 norms differ across optimizers and grow with λ for SGD and Adam.',
});

const PAPER: Record<string, [number, number]> = { sgd: [99.89, 0.18], rmsprop: [0.09, 1.21], adam: [3.31, 2.28] };

describeClaim(claim, () => {
  let runs: PruningRun[] = [];
  let tier: Tier;
  let data: ImageSet;
  let backend = '';
  let backendName = '';
  let pinnedHere = false;
  const get = (o: string, l: number) => runs.find((r) => r.optimizer === o && r.lambda === l)!;

  beforeAll(async () => {
    const setup = await deepSetup();
    tier = setup.tier;
    data = setup.data;
    backend = `${setup.backend.name}: ${setup.backend.reason}`;
    backendName = setup.backend.name;
    pinnedHere = setup.pinned;
    const log = progress(`l1-pruning ${tier.name}`);
    runs = await l1PruningRuns(tier, data, (done, total, r) =>
      log(done, total, `${r.optimizer}, λ = ${r.lambda}: |w| < 1e-5 for ${(100 * r.tinyFraction).toFixed(2)}%, ‖w‖₁ = ${r.l1Norm.toFixed(2)}`),
      undefined,
      setup.checkpointDir);
  }, 1_800_000);

  it('the fraction of prunable weights and the L1 norm, beside Table 2; which directions reproduce', ({ task }) => {
    const directions = {
      'SGD: fewer prunable with λ = 2': get('sgd', 2).tinyFraction < get('sgd', 0.002).tinyFraction,
      'Adam: fewer prunable with λ = 2': get('adam', 2).tinyFraction < get('adam', 0.002).tinyFraction,
      'RMSProp: more prunable with λ = 2': get('rmsprop', 2).tinyFraction > get('rmsprop', 0.002).tinyFraction,
      'SGD: larger ‖w‖₁ with λ = 2': get('sgd', 2).l1Norm > get('sgd', 0.002).l1Norm,
      'Adam: larger ‖w‖₁ with λ = 2': get('adam', 2).l1Norm > get('adam', 0.002).l1Norm,
    };
    const reproduced = Object.values(directions).every(Boolean);
    record(task, {
      claim,
      optimizers: ['tfjs sgd', 'tfjs rmsprop', 'tfjs adam'],
      status: reproduced ? 'held' : 'not reproduced',
      precision: 'float32',
      backend: backendName,
      figures: [
        ...runs.map((r) => ({
          label: `${r.optimizer}, λ = ${r.lambda}: |w| < 1e-5, ‖w‖₁`,
          measured: `${(100 * r.tinyFraction).toFixed(2)}%, ${r.l1Norm.toFixed(2)}`,
          paper: `${PAPER[r.optimizer][r.lambda === 2 ? 1 : 0]}%`,
        })),
        ...Object.entries(directions).map(([d, ok]) => ({ label: d, measured: ok ? 'reproduced' : 'not reproduced', paper: 'yes' })),
        { label: 'tier, backend', measured: `${tier.name}; ${backend}` },
      ],
      plots: [0.002, 2].map((l) => ({
        title: `‖w‖₁ during fine-tuning, λ = ${l}`,
        x: 'step',
        y: '‖w‖₁',
        series: ['sgd', 'rmsprop', 'adam'].map((o) => ({ name: o, points: downsample(get(o, l).l1Curve) })),
      })),
      notes: [
        `Scale: a ${tier.pruning.convs}-conv VGG-like CNN of base width ${tier.width} on ${data.source}, pre-trained ${tier.pruning.pretrainSteps} steps, fine-tuned ${tier.pruning.fineTuneSteps} steps at α = ${PRUNING_ALPHA} (the paper: VGG16 on CIFAR-10, 200 epochs).`,
        'With λ = 0.002 the L1 step αλ = 6e-6 moves a weight by at most 6e-6 per step, so in a short run few weights reach |w| < 1e-5; the paper\'s 99.89% for SGD needs the long run in which every weight collapses into a two-cycle below αλ < 1e-5.',
      ],
    });
    // Pinned where this repository measured them (the smoke tier on Fashion-MNIST, wasm); other runs record what they find.
    const pinned = pinnedHere ? MEASURED[tier.name] : undefined;
    if (pinned) expect(directions).toEqual(pinned);
  });

  it('SGD with λ = 2 has collapsed into the L1 two-cycle: its end state matches the closed form', ({ task }) => {
    const r = get('sgd', 2);
    const step = PRUNING_ALPHA * 2;
    const fractionForm = 1e-5 / step;
    const normForm = (r.parameters * step) / 2;
    record(task, {
      claim,
      optimizers: ['tfjs sgd'],
      precision: 'float32',
      backend: backendName,
      figures: [
        { label: 'SGD, λ = 2: |w| < 1e-5 against 1e-5/(αλ)', measured: `${(100 * r.tinyFraction).toFixed(3)}% / ${(100 * fractionForm).toFixed(3)}%` },
        { label: 'SGD, λ = 2: ‖w‖₁ against n·αλ/2', measured: `${r.l1Norm.toFixed(3)} / ${normForm.toFixed(3)} (n = ${r.parameters})` },
      ],
    });
    // Uniform on [0, αλ) over n weights: the count below 1e-5 is binomial; allow 4 standard deviations.
    const sd = Math.sqrt(fractionForm * (1 - fractionForm) / r.parameters);
    expect(Math.abs(r.tinyFraction - fractionForm)).toBeLessThan(4 * sd + 1 / r.parameters);
    expect(Math.abs(r.l1Norm / normForm - 1)).toBeLessThan(0.1);
  });

  it('control: without the penalty nothing collapses, and the closed-form check catches it', asserts('control'), async ({ task }) => {
    const [none] = await l1PruningRuns(tier, data, undefined, [0]).then((rs) => rs.filter((r) => r.optimizer === 'sgd'));
    const step = PRUNING_ALPHA * 2;
    const normForm = (none.parameters * step) / 2;
    expect(Math.abs(none.l1Norm / normForm - 1)).toBeGreaterThan(0.1);
    record(task, { claim, optimizers: ['tfjs sgd'], precision: 'float32', backend: backendName, figures: [{ label: 'SGD, λ = 0: ‖w‖₁ against the λ = 2 closed form', measured: `${none.l1Norm.toFixed(2)} / ${normForm.toFixed(3)}` }] });
  });
});

/** Regression pin: the directions this spec measured (copied from its own output), per tier; a change in behaviour fails the spec. The verdict is computed, not read from here. */
const MEASURED: Partial<Record<Tier['name'], Record<string, boolean>>> = {
  // Smoke (wasm, float32, 150 fine-tuning steps): the SGD and RMSProp prunable-fraction directions
  // reproduce; Adam's does not, and every final L1 norm is smaller for λ = 2, not larger.
  smoke: {
    'SGD: fewer prunable with λ = 2': true,
    'Adam: fewer prunable with λ = 2': false,
    'RMSProp: more prunable with λ = 2': true,
    'SGD: larger ‖w‖₁ with λ = 2': false,
    'Adam: larger ‖w‖₁ with λ = 2': false,
  },
};
