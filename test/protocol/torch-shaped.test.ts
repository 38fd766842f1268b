// Protocol 2 through the PyTorch adapter: one Parameter per tensor, with its
// shape, in parameter groups, and `grad = None` for a tensor without a
// gradient. torch.optim's own classes, stepped on a 3-tensor layout in 2
// groups with the first tensor frozen at steps 3 and 4, must follow optspec's
// tensorwise references to 1e-12 relative, with torch's multi-tensor
// (foreach) code and without; planted multi-tensor bugs must diverge.
import { afterAll, describe, expect, it } from 'vitest';
import { makeLayout, type Layout } from '../../src/optimizers/layout.ts';
import type { Optimizer } from '../../src/optimizers/optimizer.ts';
import { adam } from '../../src/optimizers/index.ts';
import { rng, uniformArray } from '../../src/random/rng.ts';
import { closeCommands, commandOptimizer } from '../../src/protocol/index.ts';
import { FAMILIES, baseHyper, reference, type CheckFamily } from '../../src/check/families.ts';
import { firstMismatch } from '../helpers.ts';
import { TORCH } from './parity.ts';

// One adapter process per command: closing a dozen takes a few seconds.
afterAll(closeCommands, 60_000);

/** A model's tensors: a 3×4 matrix and a 2×1×2×2 kernel in group 0, a 4-vector in group 1 with its own lr and weight decay. */
function modelLayout(group1: Record<string, number>): Layout {
  return makeLayout({
    dim: 24,
    tensors: [
      { name: 'fc.weight', offset: 0, shape: [3, 4], group: 0 },
      { name: 'fc.bias', offset: 12, shape: [4], group: 1 },
      { name: 'conv.weight', offset: 16, shape: [2, 1, 2, 2], group: 0 },
    ],
    groups: [{}, group1],
  });
}
const init = uniformArray(rng(41), 24, -1, 1);
/** The first tensor (fc.weight) has no gradient at steps 3 and 4, as PyTorch's `_compare_between` freezes a layer. */
const missingAt = (k: number): ReadonlySet<number> => new Set(k === 3 || k === 4 ? [0] : []);
/** A gradient that depends on the point, of different scales per coordinate (its frozen slice is filled too, and must be ignored). */
const gradAt = (p: Float64Array) => p.map((v, i) => Math.sin(3 * v + i) * (1 + (i % 5)) + 0.2 * v);

/** Both optimizers stepped side by side from `init`; the first step and coordinate where they part, or null. */
function divergence(expected: Optimizer, actual: Optimizer, steps: number, rtol = 1e-12): string | null {
  const a = Float64Array.from(init);
  const b = Float64Array.from(init);
  for (let k = 1; k <= steps; k++) {
    expected.step(a, gradAt(a), missingAt(k));
    actual.step(b, gradAt(b), missingAt(k));
    const m = firstMismatch(b, a, rtol, 1e-15);
    if (m) return `step ${k}, coordinate ${m.index}: expected ${m.expected}, actual ${m.actual}`;
  }
  return null;
}

/** The first step of a fresh pair leaves the frozen tensor where it was at steps 3 and 4 (checked on the adapter's side). */
function frozenStaysPut(optimizer: Optimizer, layout: Layout): void {
  const p = Float64Array.from(init);
  const n = 12;
  for (let k = 1; k <= 5; k++) {
    const before = p.slice(0, n);
    optimizer.step(p, gradAt(p), missingAt(k));
    const moved = p.slice(0, n).some((v, i) => v !== before[i]);
    expect(moved, `${layout.tensors[0].name} at step ${k}`).toBe(!missingAt(k).has(0));
  }
}

const LR: Partial<Record<CheckFamily, { lr: number }>> = {
  // As in torch-parity.test.ts: at the base 0.01 the plain families amplify every rounding.
  sgd: { lr: 0.003 },
  momentum: { lr: 0.003 },
};
const TORCH_FAMILIES: CheckFamily[] = ['sgd', 'momentum', 'rmsprop', 'adam', 'adamw', 'adagrad'];
const cases = TORCH_FAMILIES.flatMap((family) => [true, false].map((foreach) => [family, foreach] as const));

describe('torch.optim through protocol 2 on a 3-tensor layout in 2 groups, fc.weight frozen at steps 3 and 4, matches optspec’s tensorwise references (1e-12 relative)', () => {
  it.each(cases)('%s with foreach=%s', (family, foreach) => {
    const [cls, ...flags] = FAMILIES[family].torch.split(' ');
    // torch 1.13's multi-tensor Adagrad computes its step size in float32: its own dialect (src/optimizers/adagrad.ts).
    const dialect = family === 'adagrad' && foreach ? 'torch-foreach' : 'pytorch';
    const hyper = baseHyper({ family, dialect }, LR[family] ?? {}) as unknown as Record<string, number | boolean>;
    const layout = modelLayout({ lr: 2.5 * (hyper.lr as number), weightDecay: 0.05 });
    const expected = reference(family, dialect, hyper as never)(24, layout);
    const actual = commandOptimizer(TORCH(cls, ...flags, `--set foreach=${foreach}`), hyper)(24, layout);
    expect(divergence(expected, actual, 12), `${family} foreach=${foreach}`).toBeNull();
    frozenStaysPut(commandOptimizer(TORCH(cls, ...flags, `--set foreach=${foreach}`), hyper)(24, layout), layout);
  }, 60_000);

  it('is not vacuous: the same run on the flat layout (every tensor stepped, one group) is elsewhere', () => {
    const hyper = baseHyper({ family: 'adam', dialect: 'pytorch' }) as unknown as Record<string, number | boolean>;
    const shaped = commandOptimizer(TORCH('torch.optim.Adam'), hyper)(24, modelLayout({ lr: 2.5 * (hyper.lr as number), weightDecay: 0.05 }));
    expect(divergence(reference('adam', 'pytorch', hyper as never)(24), shaped, 12)).toMatch(/^step 1, /);
  }, 60_000);
});

const FIXTURES = (cls: string) => `PYTHONPATH=test/protocol/adapters ${TORCH(`shaped_optim.${cls}`)}`;
const adamHyper = { lr: 0.02, beta1: 0.8, beta2: 0.99, eps: 1e-8 };

describe('torch subclasses with planted multi-tensor bugs diverge from the reference', () => {
  const layout = modelLayout({ lr: 0.05, weightDecay: 0.05 });
  const expectedAdam = () => adam(adamHyper)(24, layout);

  it('the unbroken fixture (an Adam written out with hooks) matches, so each divergence below is its bug', () => {
    expect(divergence(expectedAdam(), commandOptimizer(FIXTURES('PlainAdam'), adamHyper)(24, layout), 12)).toBeNull();
  }, 60_000);

  it.each([
    ['a missing gradient treated as zero (its moments decay, it keeps moving)', 'AdamNoneAsZero', /^step 3, coordinate 0: /],
    ['one step count per group (apex): fc.weight resumes with conv.weight’s count', 'AdamStepPerGroup', /^step 5, coordinate 0: /],
    ['a group’s lr read from the defaults', 'AdamLrFromDefaults', /^step 1, coordinate 12: /],
  ])('%s', (_what, cls, where) => {
    expect(divergence(expectedAdam(), commandOptimizer(FIXTURES(cls), adamHyper)(24, layout), 12)).toMatch(where);
  }, 60_000);
});

describe('save/load through state_dict() on a shaped layout', () => {
  it('an instance loaded after steps 1–4 (fc.weight frozen at 3 and 4) steps in lockstep with the uninterrupted one', () => {
    const hyper = { lr: 0.02, beta1: 0.8, beta2: 0.99, eps: 1e-8 };
    const layout = modelLayout({ lr: 0.05, weightDecay: 0.05 });
    const factory = commandOptimizer(TORCH('torch.optim.Adam'), hyper);
    const whole = factory(24, layout);
    const p = Float64Array.from(init);
    for (let k = 1; k <= 4; k++) whole.step(p, gradAt(p), missingAt(k));
    const resumed = factory(24, layout);
    resumed.load!(whole.save!());
    const q = Float64Array.from(p);
    for (let k = 5; k <= 8; k++) {
      whole.step(p, gradAt(p), missingAt(k));
      resumed.step(q, gradAt(q), missingAt(k));
    }
    expect(Array.from(q)).toEqual(Array.from(p));
    // Not vacuous: a fresh instance from the same point goes elsewhere (its moments start at zero).
    const fresh = factory(24, layout);
    const s = Float64Array.from(q);
    fresh.step(s, gradAt(s));
    resumed.step(q, gradAt(q));
    expect(Array.from(s)).not.toEqual(Array.from(q));
  }, 60_000);
});

describe('a gradient the optimizer changed in place comes back, per tensor, in the flat gradient', () => {
  // torch 1.13's multi-tensor Adam (like its Adagrad and RMSprop) adds the weight decay into p.grad in place
  // (`_foreach_add_(grads, params, alpha=weight_decay)`); its per-parameter code does not.
  const layout = modelLayout({ lr: 0.05, weightDecay: 0.05 });
  const hyper = { lr: 0.02, beta1: 0.8, beta2: 0.99, eps: 1e-8, weightDecay: 0 };

  it.each([true, false])('Adam with foreach=%s: fc.bias (group 1, decay 0.05) comes back as g + 0.05·θ with foreach, the rest as sent', (foreach) => {
    const opt = commandOptimizer(TORCH('torch.optim.Adam', `--set foreach=${foreach}`), hyper)(24, layout);
    const p = Float64Array.from(init);
    const g = gradAt(p);
    const sent = g.slice();
    const before = p.slice();
    // fc.weight has no gradient at this step: its slice of the gradient must come back as it was sent.
    opt.step(p, g, new Set([0]));
    for (let j = 0; j < 24; j++) {
      const decayed = foreach && j >= 12 && j < 16;
      const expected = decayed ? sent[j] + 0.05 * before[j] : sent[j];
      if (decayed) expect(Math.abs(g[j] - expected), `coordinate ${j}`).toBeLessThanOrEqual(1e-15 * Math.abs(expected));
      else expect(g[j], `coordinate ${j}`).toBe(expected);
    }
    expect(g.some((v, j) => v !== sent[j])).toBe(foreach);
  }, 60_000);
});
