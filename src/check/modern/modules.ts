/**
 * The four modern families as gate family modules (./family/module.ts's shape),
 * ready for the registry: their dialects' references, grids, options and
 * expectations (the relations of this folder, and parity on layouts, which the
 * gate's flat parity cannot do for Muon). Not registered here: the registry
 * (../families.ts) decides when they join.
 */
import type { Hyper } from '../../optimizers/optimizer.ts';
import { lion } from '../../optimizers/lion.ts';
import { muon } from '../../optimizers/muon.ts';
import { scheduleFreeAdamW, scheduleFreeSgd } from '../../optimizers/schedule-free.ts';
import type { Expectation } from '../expectation.ts';
import { defineFamily, pick, type CheckHyper, type FamilyModule, type OptionSpec } from '../family/module.ts';
import type { ModernMaker, ModernPrecision, ModernRelation } from './drive.ts';
import { LION, muonFamily, SCHEDULE_FREE_ADAMW, SCHEDULE_FREE_SGD, type ModernFamilyModule } from './families.ts';
import { muonModel } from './muon.ts';
import { seededLeastSquares } from './drive.ts';

/** The gate's makers take CheckHyper (lr always set); the relations hand them exactly such objects. */
const asModern = (make: (h: CheckHyper) => ReturnType<ModernMaker>): ModernMaker => make as unknown as ModernMaker;

/**
 * The context's maker, never sent an option declared missing (`--without`):
 * the relations here build their own hyperparameters, and an implementation
 * without `nesterov` or `nsSteps` (KellerJordan's SingleDeviceMuon takes
 * neither) refuses a keyword it does not have.
 */
function makerOf(ctx: { make: (h: CheckHyper) => ReturnType<ModernMaker>; without?: readonly string[] }): ModernMaker {
  const without = ctx.without ?? [];
  if (without.length === 0) return asModern(ctx.make);
  return asModern((h) => ctx.make(Object.fromEntries(Object.entries(h).filter(([k]) => !without.includes(k))) as CheckHyper));
}

/** The neutral value of each option the candidate lacks (`--without`): what reference and candidate both run at. */
function heldNeutral(ctx: { without?: readonly string[] }, options: Readonly<Record<string, OptionSpec>>): Hyper {
  return Object.fromEntries((ctx.without ?? []).filter((k) => k in options).map((k) => [k, options[k].neutral]));
}

/** A relation of this folder as a gate expectation. */
export function asExpectation(r: ModernRelation): Expectation {
  return { id: r.id, kind: 'relation', title: r.title, run: (ctx) => r.run(makerOf(ctx), ctx.precision as ModernPrecision) };
}

/** Parity on the family's own problems (Muon's on layouts), as a gate expectation. */
export function parityExpectation(m: ModernFamilyModule, options: Readonly<Record<string, OptionSpec>> = {}): Expectation {
  return { id: `${m.family}-parity`, kind: 'parity', title: `follows the ${m.family} reference step for step on seeded problems${m.family === 'muon' ? ' (matrices, a conv kernel)' : ''}`, run: (ctx) => m.parity(makerOf(ctx), ctx.precision as ModernPrecision, heldNeutral(ctx, options)) };
}

const expectationsOf = (m: ModernFamilyModule) => () => [...m.relations.map(asExpectation), parityExpectation(m)];

/** Muon's expectations follow the dialect being checked: torch.optim.Muon's model has no conv kernel, and its parity its own rule. */
function muonExpectations(): readonly Expectation[] {
  const byDialect = (ctx: { dialect: string }) => muonFamily(ctx.dialect === 'torch' ? 'torch' : 'keller');
  const keller = muonFamily('keller');
  return [
    ...keller.relations.map((r, i): Expectation => ({ ...asExpectation(r), run: (ctx) => byDialect(ctx).relations[i].run(makerOf(ctx), ctx.precision as ModernPrecision) })),
    { ...parityExpectation(keller), run: (ctx) => byDialect(ctx).parity(makerOf(ctx), ctx.precision as ModernPrecision, heldNeutral(ctx, MUON_OPTIONS)) },
  ];
}

// Options some implementations lack (KellerJordan's SingleDeviceMuon takes neither): declare them with --without.
const MUON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  nesterov: { neutral: true, swept: false, what: 'orthogonalise (1 − μ)·g + μ·B instead of B' },
  nsSteps: { neutral: 5, swept: 3, what: 'Newton–Schulz iterations' },
};

export const LION_FAMILY: FamilyModule = defineFamily({
  id: 'lion',
  title: 'Lion (sign of an interpolated momentum, decoupled decay)',
  torch: 'lion_pytorch.Lion (google/automl)',
  grid: { lr: [0.01, 0.003, 0.03], beta1: [0.8, 0.9, 0.5], beta2: [0.95, 0.99, 0.9], weightDecay: [0.1, 0, 0.5] },
  options: {},
  dialects: { automl: { rule: "google/automl's Lion", reference: (h) => lion(pick(h, ['lr', 'beta1', 'beta2', 'weightDecay']) as never) } },
  momentum: true,
  expectations: expectationsOf(LION),
});

const muonHyper = (h: CheckHyper) => pick(h, ['lr', 'momentum', 'weightDecay', 'nesterov', 'nsSteps', 'eps']);

/**
 * Muon's dialect references compute Newton–Schulz in float64, the exact rule
 * (`--precision float64`). The published implementations run it in bfloat16:
 * judging one needs the precision 'bfloat16' in the context, which makes the
 * relations and parity of this module use bfloat16 references and tolerances
 * (muonFamily(dialect).reference('bfloat16')).
 */

export const MUON_FAMILY: FamilyModule = defineFamily({
  id: 'muon',
  title: 'Muon (momentum orthogonalised by Newton–Schulz, per matrix)',
  torch: 'muon.SingleDeviceMuon (KellerJordan/Muon); torch.optim.Muon (2.9)',
  grid: { lr: [0.05, 0.02, 0.1], momentum: [0.9, 0.95, 0.8], weightDecay: [0.1, 0] },
  options: MUON_OPTIONS,
  dialects: {
    keller: { rule: "KellerJordan's SingleDeviceMuon (bfloat16 Newton–Schulz, update scaled by √max(1, rows/cols))", reference: (h) => muon({ ...(muonHyper(h) as Hyper), dialect: 'keller', nsPrecision: 'float64' }) },
    torch: { rule: 'torch.optim.Muon (norm clamped at eps, lr scaled by √max(1, A/B))', reference: (h) => muon({ ...(muonHyper(h) as Hyper), dialect: 'torch', nsPrecision: 'float64' }) },
  },
  momentum: true,
  // Muon acts on matrices: the gate's flat-vector parity and contracts cannot run it; its relations and layout parity do,
  // and the contracts that hold for any rule run on these layouts.
  flat: false,
  suite: (dialect) => {
    const layout = muonModel(dialect === 'torch' ? 'torch' : 'keller');
    const named = (label: string, seed: number, scale = 1) => {
      const { problem, init } = seededLeastSquares(seed, 80, layout.dim, scale);
      return { label: `${label} on ${layout.tensors.map((t) => t.shape.join('×')).join(', ')}`, problem: { ...problem, layout }, init };
    };
    return [named('least squares', 7801), named('least squares', 7802), named('least squares (gradients ~1e-6)', 7803, 1e-3), named('least squares', 7804)];
  },
  precision: 'bfloat16',
  expectations: muonExpectations,
});

export const SCHEDULE_FREE_ADAMW_FAMILY: FamilyModule = defineFamily({
  id: 'schedule-free-adamw',
  title: 'Schedule-Free AdamW (y/z/x interpolation and averaging, train()/eval())',
  torch: 'AdamWScheduleFreeReference (facebookresearch/schedule_free)',
  grid: { lr: [0.05, 0.0025, 0.01], beta1: [0.8, 0.9, 0.5], beta2: [0.95, 0.999, 0.99], eps: [1e-8, 1e-3], weightDecay: [0.1, 0], warmupSteps: [3, 0], r: [0.5, 0], weightLrPower: [2, 0] },
  options: {},
  dialects: { published: { rule: "facebookresearch's Schedule-Free AdamW reference", reference: (h) => scheduleFreeAdamW(pick(h, ['lr', 'beta1', 'beta2', 'eps', 'weightDecay', 'warmupSteps', 'r', 'weightLrPower']) as never) } },
  momentum: true,
  // The reference's step count k is its group's: a tensor without a gradient still sees k advance.
  perTensor: false,
  expectations: expectationsOf(SCHEDULE_FREE_ADAMW),
});

export const SCHEDULE_FREE_SGD_FAMILY: FamilyModule = defineFamily({
  id: 'schedule-free-sgd',
  title: 'Schedule-Free SGD (y/z/x interpolation and averaging, train()/eval())',
  torch: 'SGDScheduleFreeReference (facebookresearch/schedule_free)',
  grid: { lr: [0.05, 0.1, 0.01], momentum: [0.8, 0.9, 0.5], weightDecay: [0.1, 0], warmupSteps: [3, 0], r: [1, 0], weightLrPower: [2, 0] },
  options: {},
  dialects: {
    published: {
      rule: "facebookresearch's Schedule-Free SGD reference",
      reference: (h) => scheduleFreeSgd(pick(h, ['lr', 'momentum', 'weightDecay', 'warmupSteps', 'r', 'weightLrPower']) as never),
      // Both of its SGDs decay through the gradient in place; the AdamW reference does not.
      gradientWrite: {
        what: "the published reference's g + wd·y (sgd_schedulefree_reference.py's grad.add_(y, alpha=weight_decay), as its SGDScheduleFree does)",
        expected: (h, g, y) => g + (h.weightDecay as number) * y,
      },
    },
  },
  momentum: true,
  perTensor: false,
  expectations: expectationsOf(SCHEDULE_FREE_SGD),
});

export const MODERN_MODULES: readonly FamilyModule[] = [LION_FAMILY, MUON_FAMILY, SCHEDULE_FREE_ADAMW_FAMILY, SCHEDULE_FREE_SGD_FAMILY];
