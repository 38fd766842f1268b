/**
 * The four modern families as modules the gate can wire in: for each, its
 * float64 reference as a maker, the configuration its relations use, its
 * relations, and parity against the reference.
 */
import type { Hyper } from '../../optimizers/optimizer.ts';
import { lion } from '../../optimizers/lion.ts';
import { muon, type MuonDialect, type NsEmulation } from '../../optimizers/muon.ts';
import { scheduleFreeAdamW, scheduleFreeSgd } from '../../optimizers/schedule-free.ts';
import type { Outcome } from '../expectation.ts';
import { paritySuite } from '../suite.ts';
import { seededLeastSquares, distanceTo, type ModernFamily, type ModernMaker, type ModernPrecision, type ModernRelation } from './drive.ts';
import { parityAgainst, type ParityProblem } from './parity.ts';
import { LION_HYPER, LION_RELATIONS } from './lion.ts';
import { MUON_HYPER, muonModel, muonRelations, shapeScaleOf } from './muon.ts';
import { SCHEDULE_FREE_HYPER, scheduleFreeRelations } from './schedule-free.ts';

export interface ModernFamilyModule {
  readonly family: ModernFamily;
  /** The float64 reference, made for the precision a candidate declares. */
  readonly reference: (precision: ModernPrecision) => ModernMaker;
  /** The configuration the relations use. */
  readonly hyper: Hyper;
  readonly relations: readonly ModernRelation[];
  /** The candidate against the reference on seeded problems (src/check/modern/parity.ts). */
  readonly parity: (make: ModernMaker, precision: ModernPrecision, hold?: Hyper) => Outcome;
}

/** Least squares at gradient scales ~1 and ~1e-6, and Huber: the gate's suite, flat. */
const elementwiseProblems = (): readonly ParityProblem[] => paritySuite().slice(0, 3);

/**
 * A bowl started within a few lr of its minimum, so that the gradient's signs
 * flip from the first steps: where Lion's momentum (and which β it decays
 * with) decides the sign of the step.
 */
function nearMinimum(): ParityProblem {
  const target = Float64Array.from([0.3, -0.7, 1.1, 0.05, -0.2, 0.6]);
  const offsets = [0.012, -0.031, 0.004, -0.018, 0.027, -0.009];
  return { label: 'a bowl started within a few steps of its minimum', problem: distanceTo(target), init: target.map((t, i) => t + offsets[i]) };
}

export const LION: ModernFamilyModule = {
  family: 'lion',
  reference: () => (h) => lion(h),
  hyper: LION_HYPER,
  relations: LION_RELATIONS,
  parity: parityAgainst({
    reference: () => (h) => lion(h),
    configs: [LION_HYPER, { lr: 0.003, beta1: 0.5, beta2: 0.9, weightDecay: 0 }],
    problems: () => [...elementwiseProblems(), nearMinimum()],
    steps: 12,
  }),
};

const ARITHMETIC: Readonly<Record<NsEmulation, string>> = {
  float32: 'bfloat16 with float32 accumulation (a GPU)',
  'torch-1.13-cpu': "torch 1.13's CPU bfloat16 (coefficients and every product rounded)",
};
const other = (e: NsEmulation): NsEmulation => (e === 'float32' ? 'torch-1.13-cpu' : 'float32');

/**
 * Muon in one of its dialects; 'keller' is the family's default. `emulation`
 * picks whose bfloat16 the reference reproduces: 'float32' (CUDA) or
 * 'torch-1.13-cpu' (the published code run on Debian's torch, as the adapter does).
 */
export function muonFamily(dialect: MuonDialect = 'keller', emulation: NsEmulation = 'float32'): ModernFamilyModule {
  const reference = (precision: ModernPrecision): ModernMaker => (h) => muon({ ...h, dialect, nsPrecision: precision === 'bfloat16' ? 'bfloat16' : 'float64', ...(precision === 'bfloat16' ? { nsEmulation: emulation } : {}) });
  const problems = (): readonly ParityProblem[] => {
    const layout = muonModel(dialect);
    return [
      { label: `least squares on ${layout.tensors.map((t) => t.shape.join('×')).join(', ')}`, ...seededLeastSquares(7702, 80, layout.dim), layout },
      { label: 'the same scaled by 1e-3 (gradients ~1e-6)', ...seededLeastSquares(7703, 80, layout.dim, 1e-3), layout },
    ];
  };
  return {
    family: 'muon',
    reference,
    hyper: MUON_HYPER,
    relations: muonRelations(dialect),
    parity: parityAgainst({
      reference,
      configs: [MUON_HYPER, { lr: 0.02, momentum: 0.8, weightDecay: 0, nesterov: false, nsSteps: 5 }, { lr: 0.1, momentum: 0.95, weightDecay: 0.05, nesterov: true, nsSteps: 3 }],
      problems,
      steps: 6,
      // Measured on these problems: the correct bfloat16 rearrangements of the catalogue need 0.05–0.1·lr a step,
      // and every broken one is caught up to 0.2·lr (Nesterov ignored and the cubic iteration slip through at 0.4).
      // The slack is in units of the update, lr·√max(1, rows/cols): bfloat16 rounds the update before the scale
      // multiplies it, so a tall matrix's rounding is twice a wide one's (KellerJordan's muon.py on torch 1.13's
      // CPU arithmetic is 0.066 off float64 Newton–Schulz on the 8×2 matrix's first update, 0.13·lr once scaled).
      updateSlack: { bfloat16: 0.1 },
      updateScale: (layout) => shapeScaleOf(layout, dialect),
      // A correct Muon run on a CPU (torch 1.13's bfloat16 kernels) and one run on a GPU part by more than that slack
      // on gradients ~1e-6 (0.13·lr at step 1 for KellerJordan's muon.py): either arithmetic passes.
      alsoAccept: { bfloat16: [{ arithmetic: ARITHMETIC[other(emulation)], reference: (h) => muon({ ...h, dialect, nsPrecision: 'bfloat16', nsEmulation: other(emulation) }) }] },
    }),
  };
}

export const MUON: ModernFamilyModule = muonFamily('keller');

export const SCHEDULE_FREE_ADAMW: ModernFamilyModule = {
  family: 'schedule-free-adamw',
  reference: () => (h) => scheduleFreeAdamW(h),
  hyper: SCHEDULE_FREE_HYPER.adamw,
  relations: scheduleFreeRelations('adamw'),
  parity: parityAgainst({
    reference: () => (h) => scheduleFreeAdamW(h),
    configs: [SCHEDULE_FREE_HYPER.adamw, { lr: 0.02, beta1: 0.9, beta2: 0.99, eps: 1e-3, weightDecay: 0, warmupSteps: 0, r: 0, weightLrPower: 2 }],
    problems: elementwiseProblems,
    steps: 10,
  }),
};

export const SCHEDULE_FREE_SGD: ModernFamilyModule = {
  family: 'schedule-free-sgd',
  reference: () => (h) => scheduleFreeSgd(h),
  hyper: SCHEDULE_FREE_HYPER.sgd,
  relations: scheduleFreeRelations('sgd'),
  parity: parityAgainst({
    reference: () => (h) => scheduleFreeSgd(h),
    configs: [SCHEDULE_FREE_HYPER.sgd, { lr: 0.02, momentum: 0.9, weightDecay: 0, warmupSteps: 0, r: 0, weightLrPower: 2 }],
    problems: elementwiseProblems,
    steps: 10,
  }),
};

export const MODERN_FAMILIES: Readonly<Record<ModernFamily, ModernFamilyModule>> = {
  lion: LION,
  muon: MUON,
  'schedule-free-adamw': SCHEDULE_FREE_ADAMW,
  'schedule-free-sgd': SCHEDULE_FREE_SGD,
};

/** Every relation and the parity check of a family on a maker: the failures, one line each (empty when all pass). */
export function judge(module: ModernFamilyModule, make: ModernMaker, precision: ModernPrecision = 'float64'): string[] {
  const failures: string[] = [];
  for (const r of module.relations) {
    const o = r.run(make, precision);
    if (!o.pass) failures.push(`${r.id}: ${o.failure}`);
  }
  const p = module.parity(make, precision);
  if (!p.pass) failures.push(`parity: ${p.failure}`);
  return failures;
}
