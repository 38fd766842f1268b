/**
 * 001 Sec. 3, Fig. 2: without batch norm, VGG-like CNNs train faster with the
 * smooth GELU than with ReLU, the gap widening with depth; with batch norm
 * the curves are indistinguishable. TensorFlow.js, float32.
 *
 * Metric fixed in advance: the area under the training-loss curve (mean loss
 * over all steps). Per cell (init × batch norm × depth) the paired gap
 * AUC(ReLU) − AUC(GELU) over seeds, with a 95% bootstrap interval (2000
 * resamples, seeded). Verdicts:
 *   GELU lower at depth d:   the interval of the gap lies above 0
 *   gap wider when deeper:   the interval of gap(deep) − gap(shallow) lies above 0
 *   not significant (BN):    the interval contains 0
 * At small scale the sign of the gap can depend on the initialisation (GELU
 * shrinks the signal more per layer than ReLU near zero), so every verdict
 * names its initialisation and both are shown.
 */
import { expect, it, beforeAll } from 'vitest';
import { reluVsGeluRuns, pairedGaps, type Run } from '../../src/harness/experiments/relu-vs-gelu.ts';
import type { Init } from '../../src/harness/models.ts';
import { bootstrapInterval } from '../../src/analysis/statistics.ts';
import { rng } from '../../src/random/rng.ts';
import { defineClaim, record, type ClaimStatus, type Figure, type Plot } from '../../src/report/evidence.ts';
import { describeClaim, asserts } from '../../src/report/declare.ts';
import { deepSetup, progress, band } from './support.ts';
import type { Tier } from '../../src/harness/tiers.ts';

const claim = defineClaim({
  id: 'relu-vs-gelu',
  tier: 'deep',
  title: 'GELU trains faster than ReLU without batch norm, more so when deeper',
  paper: '001',
  section: 'Sec. 3, Fig. 2, App. A.1',
  statement:
    'VGG-like CNNs without batch normalisation train faster with GELU than with ReLU, and the gap widens with depth (11 against 19 layers); with batch normalisation the ReLU and GELU training curves are indistinguishable.',
});

const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;

function interval(xs: number[], seed: number): [number, number] {
  const r = rng(seed);
  return bootstrapInterval(xs, mean, () => r.next());
}

/** The verdict rule for "lower" (and "wider"): the gap's 95% interval lies above 0. */
const above0 = (ci: [number, number]) => ci[0] > 0;

interface Verdicts {
  geluLowerDeep: boolean;
  widensWithDepth: boolean;
  bnNotSignificant: boolean;
  figures: Figure[];
}

function verdicts(runs: Run[], init: Init, tier: Tier): Verdicts {
  const [shallow, deep] = tier.depths;
  const g = (bn: boolean, d: number) => pairedGaps(runs, init, bn, d);
  const deepGap = g(false, deep);
  const diff = deepGap.map((v, i) => v - g(false, shallow)[i]);
  const ciDeep = interval(deepGap, 1);
  const ciDiff = interval(diff, 2);
  const ciBn = interval(g(true, deep), 3);
  const ciBnShallow = interval(g(true, shallow), 4);
  const fmt = (ci: [number, number], xs: number[]) => `${mean(xs).toFixed(4)} [${ci[0].toFixed(4)}, ${ci[1].toFixed(4)}]`;
  return {
    geluLowerDeep: above0(ciDeep),
    widensWithDepth: above0(ciDiff),
    bnNotSignificant: ciBn[0] <= 0 && ciBn[1] >= 0,
    figures: [
      { label: `${init}: gap AUC(ReLU) − AUC(GELU), no BN, ${deep} convs [95% CI]`, measured: fmt(ciDeep, deepGap), paper: '> 0 (GELU faster)' },
      { label: `${init}: gap(${deep} convs) − gap(${shallow} convs), no BN [95% CI]`, measured: fmt(ciDiff, diff), paper: '> 0 (widens with depth)' },
      { label: `${init}: gap with BN, ${deep} convs [95% CI]`, measured: fmt(ciBn, g(true, deep)), paper: 'indistinguishable' },
      { label: `${init}: gap with BN, ${shallow} convs [95% CI]`, measured: fmt(ciBnShallow, g(true, shallow)), paper: 'indistinguishable' },
    ],
  };
}

function plots(runs: Run[], init: Init, tier: Tier): Plot[] {
  const out: Plot[] = [];
  for (const bn of [false, true]) {
    for (const depth of tier.depths) {
      const series = (['relu', 'gelu'] as const).map((a) => {
        const b = band(runs.filter((r) => r.init === init && r.batchNorm === bn && r.depth === depth && r.activation === a).map((r) => r.loss));
        return { name: `${a.toUpperCase()} (median, 10–90%)`, points: b.median, band: b.band };
      });
      out.push({ title: `${init}, ${bn ? 'BN' : 'no BN'}, ${depth} convs`, x: 'step', y: 'training loss', series });
    }
  }
  return out;
}

describeClaim(claim, () => {
  let runs: Run[] = [];
  let tier: Tier;
  let backend = '';
  let backendName = '';
  let pinnedHere = false;

  beforeAll(async () => {
    const setup = await deepSetup();
    tier = setup.tier;
    pinnedHere = setup.pinned;
    backend = `${setup.backend.name}: ${setup.backend.reason}`;
    backendName = setup.backend.name;
    const log = progress(`relu-vs-gelu ${tier.name}`);
    runs = await reluVsGeluRuns(tier, setup.data, (done, total, r) =>
      log(done, total, `${r.init}, ${r.batchNorm ? 'BN' : 'no BN'}, ${r.depth} convs, ${r.activation}, seed ${r.seed}: AUC ${r.auc.toFixed(4)}`),
    setup.checkpointDir);
  }, 1_800_000);

  for (const init of ['he', 'lsuv'] as const) {
    it(`under ${init === 'he' ? 'He' : 'LSUV'} initialisation: the verdicts at this scale`, ({ task }) => {
      const v = verdicts(runs, init, tier);
      const all = v.geluLowerDeep && v.widensWithDepth && v.bnNotSignificant;
      const status: ClaimStatus = all ? 'held' : 'not reproduced';
      record(task, {
        claim,
        optimizers: ['tfjs sgd'],
        status,
        precision: 'float32',
        backend: backendName,
        figures: [...v.figures, { label: 'tier, backend', measured: `${tier.name}; ${backend}` }],
        plots: plots(runs, init, tier),
        notes: [
          `${init}: GELU lower without BN at ${tier.depths[1]} convs: ${v.geluLowerDeep ? 'yes' : 'no'}; gap wider when deeper: ${v.widensWithDepth ? 'yes' : 'no'}; BN gap not significant: ${v.bnNotSignificant ? 'yes' : 'no'}.`,
          `Scale: ${tier.trainImages} images of ${28 / tier.downsample}×${28 / tier.downsample}, batch ${tier.batchSize}, ${tier.steps} SGD steps at lr ${tier.lr}, ${tier.seeds} seeds per cell, conv depths ${tier.depths.join(' and ')} of base width ${tier.width} (the paper: VGG11 and VGG19 on CIFAR-10).`,
        ],
      });
      // Recorded first, so the report shows the evidence even when the verdicts changed. Pinned where
      // this repository measured them (the smoke tier on Fashion-MNIST, wasm); other runs record what they find.
      const pinned = pinnedHere ? MEASURED[tier.name]?.[init] : undefined;
      if (pinned) expect({ geluLowerDeep: v.geluLowerDeep, widensWithDepth: v.widensWithDepth, bnNotSignificant: v.bnNotSignificant }).toEqual(pinned);
    });
  }

  it('control: the verdict rule finds no gap between GELU runs of different seeds, and finds a planted one', asserts('control'), ({ task }) => {
    const gelu = runs
      .filter((r) => r.init === 'he' && !r.batchNorm && r.depth === tier.depths[1] && r.activation === 'gelu')
      .sort((a, b) => a.seed - b.seed)
      .map((r) => r.auc);
    // Each seed against the next (cyclically): real, noisy gaps between different runs whose mean is 0.
    const noGap = gelu.map((a, i) => a - gelu[(i + 1) % gelu.length]);
    // An offset of twice the largest such gap, planted on one side, makes every paired gap positive.
    const offset = 2 * Math.max(...noGap.map(Math.abs));
    const planted = noGap.map((g) => g + offset);
    const ciNone = interval(noGap, 5);
    const ciPlanted = interval(planted, 6);
    record(task, {
      claim,
      optimizers: ['tfjs sgd'],
      precision: 'float32',
      backend: backendName,
      figures: [
        { label: 'GELU against GELU of the next seed, gap [95% CI]', measured: `${mean(noGap).toExponential(2)} [${ciNone[0].toFixed(4)}, ${ciNone[1].toFixed(4)}]`, paper: 'no gap' },
        { label: `the same with ${offset.toFixed(4)} planted, gap [95% CI]`, measured: `${mean(planted).toFixed(4)} [${ciPlanted[0].toFixed(4)}, ${ciPlanted[1].toFixed(4)}]`, paper: 'a gap (above 0)' },
      ],
    });
    expect(gelu.length).toBeGreaterThanOrEqual(2);
    expect(offset).toBeGreaterThan(0); // the runs differ, so neither case is degenerate
    expect(above0(ciNone)).toBe(false);
    expect(above0(ciPlanted)).toBe(true);
  });
});

/** Regression pin: what this spec measured (copied from its own output), per tier and initialisation; a change in behaviour fails the spec. The verdict is computed, not read from here. */
const MEASURED: Partial<Record<Tier['name'], Record<Init, { geluLowerDeep: boolean; widensWithDepth: boolean; bnNotSignificant: boolean }>>> = {
  // Smoke (wasm, float32): under LSUV GELU is lower at 6 convs and the gap widens with depth;
  // under He the gap widens but is not significant at 6 convs; with BN the gap stays significant.
  smoke: {
    he: { geluLowerDeep: false, widensWithDepth: true, bnNotSignificant: false },
    lsuv: { geluLowerDeep: true, widensWithDepth: true, bnNotSignificant: false },
  },
};
