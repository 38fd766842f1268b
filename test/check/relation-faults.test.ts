import { expectationsFor } from '../../src/check/expectations.ts';
import { describe, expect, it } from 'vitest';
import { RELATIONS } from '../../src/check/relations.ts';
import type { CheckContext } from '../../src/check/expectation.ts';
import type { CheckFamily, Maker } from '../../src/check/families.ts';
import { sgd, adam, adamw } from '../../src/optimizers/index.ts';
import { reference } from '../../src/check/families.ts';
import { defineOptimizer } from '../../src/optimizers/optimizer.ts';

/** Relations against a neighbouring reference optimizer that breaks them, and the line they fail with. */
const ctx = (family: CheckFamily, make: Maker): CheckContext => ({ make, family, dialect: 'pytorch', precision: 'float64' });
const NUM = String.raw`-?\d[\d.e+-]*`;

describe('relations fail on the neighbouring rule, naming the coordinate and the expected value', () => {
  it('plain momentum is not Nesterov: its first step does not look ahead', () => {
    const out = RELATIONS.nesterovFirstStep.run(ctx('nesterov', (h) => sgd({ lr: h.lr, momentum: h.momentum })));
    expect(out.failure).toMatch(new RegExp(`^the first step of coordinate 0 went from ${NUM} to ${NUM}, not β − lr·\\(1 \\+ 0\\.9\\)·g = ${NUM}$`));
    expect(RELATIONS.nesterovFirstStep.run(ctx('nesterov', (h) => sgd({ lr: h.lr, momentum: h.momentum, nesterov: true }))).pass).toBe(true);
  });

  it('SGD is not Adam: its first step is lr·g, not lr·sign(g)', () => {
    const out = RELATIONS.adamFirstStep().run(ctx('adam', (h) => sgd({ lr: h.lr })));
    expect(out.failure).toMatch(new RegExp(`^the first step of coordinate 0 went from ${NUM} to ${NUM}, not β − lr·sign\\(g\\) = ${NUM}$`));
    expect(RELATIONS.adamFirstStep().run(ctx('adam', (h) => adam({ lr: h.lr, eps: h.eps }))).pass).toBe(true);
  });

  it('Adam with weight decay in the gradient is not AdamW: on a zero gradient it moves by lr, not by the shrink', () => {
    const out = RELATIONS.decoupledDecay.run(ctx('adamw', (h) => adam({ lr: h.lr, weightDecay: h.weightDecay })));
    expect(out.failure).toMatch(new RegExp(`^on a zero gradient coordinate 0 was ${NUM} at step 1, not β₀·\\(1 − lr·wd\\)\\^1 = ${NUM}$`));
    expect(RELATIONS.decoupledDecay.run(ctx('adamw', (h) => adamw({ lr: h.lr, weightDecay: h.weightDecay }))).pass).toBe(true);
  });
});

/** Adam (β1 = 0.9, β2 = 0.999) with a planted change: a clip on the gradient, a √ of its own, an ε of its own. */
const adamLike = (change: { clip?: number; sqrt?: (x: number) => number; eps?: number; lrScale?: number } = {}): Maker => (h) =>
  defineOptimizer('planted', { lr: h.lr }, (dim) => {
    const m = new Float64Array(dim), v = new Float64Array(dim);
    const sqrt = change.sqrt ?? Math.sqrt;
    let t = 0;
    return {
      step(p, grad) {
        t++;
        for (let i = 0; i < dim; i++) {
          const g = change.clip ? Math.max(-change.clip, Math.min(change.clip, grad[i])) : grad[i];
          m[i] = 0.9 * m[i] + 0.1 * g;
          v[i] = 0.999 * v[i] + 0.001 * g * g;
          p[i] -= ((change.lrScale ?? 1) * h.lr / (1 - 0.9 ** t)) * m[i] / (sqrt(v[i]) / Math.sqrt(1 - 0.999 ** t) + (change.eps ?? h.eps ?? 0));
        }
      },
    };
  });
const nan: Maker = (h) => defineOptimizer('nan', { lr: h.lr }, () => ({ step: (p) => void p.fill(NaN) }));

describe('gradient-scale invariance', () => {
  const relation = RELATIONS.scaleInvariance;
  it('holds for Adam with eps = 0, and for a rearranged Adam whose rounding moves with the scale', () => {
    expect(relation.run(ctx('adam', adamLike()))).toEqual({ pass: true, failure: '', success: 'the 20-step trajectory on least squares is the same with the loss scaled by 9.5367431640625e-7 and 1024' });
    // √v as exp(½·ln v): a few ulps off, differently at each scale, inside the rounding budget.
    expect(relation.run(ctx('adam', adamLike({ sqrt: (x) => Math.exp(0.5 * Math.log(x)) }))).pass).toBe(true);
  });
  it('fails SGD at the first scale, naming step, coordinate and both values', () => {
    expect(relation.run(ctx('sgd', (h) => reference('sgd', 'pytorch', h))).failure).toBe(
      'scaling the loss by 9.5367431640625e-7 changed the trajectory at step 1, coordinate 0: -0.9395850898429836 against -0.9344804658422254',
    );
  });
  it('fails an Adam that ignores eps = 0, at the small scale', () => {
    expect(relation.run(ctx('adam', adamLike({ eps: 1e-8 }))).failure).toMatch(new RegExp(`^scaling the loss by 9\\.5367431640625e-7 changed the trajectory at step 1, coordinate \\d: ${NUM} against ${NUM}$`));
  });
  it('fails an Adam that clips its gradient at 50, only at the large scale', () => {
    expect(relation.run(ctx('adam', adamLike({ clip: 50 }))).failure).toMatch(new RegExp(`^scaling the loss by 1024 changed the trajectory at step \\d+, coordinate \\d: ${NUM} against ${NUM}$`));
  });
  it('fails a step 1e-10 larger on the scaled runs: far inside a loose tolerance, far outside rounding', () => {
    let calls = 0;
    const drifting: Maker = (h) => adamLike({ lrScale: calls++ === 0 ? 1 : 1 + 1e-10 })(h);
    expect(relation.run(ctx('adam', drifting)).failure).toMatch(/^scaling the loss by 9\.5367431640625e-7 changed the trajectory at step 1, /);
  });
  it('fails a run that is not finite with eps = 0', () => {
    expect(relation.run(ctx('adam', nan)).failure).toBe('with eps = 0 on least squares the loss became NaN at step 1');
  });
  it('hands the maker eps = 0 and the family\'s other base values', () => {
    const seen: unknown[] = [];
    relation.run(ctx('rmsprop', (h) => (seen.push(h), reference('rmsprop', 'pytorch', h))));
    expect(seen[0]).toEqual({ lr: 0.01, alpha: 0.99, eps: 0, momentum: 0, centered: false, weightDecay: 0, maximize: false });
    expect(seen).toHaveLength(3);
  });
});

describe('first-step relations at their tolerance', () => {
  it("fail an Adam whose first step is off by eps = 1e-8 (relative ~1e-8), and name Adam's rule", () => {
    const out = RELATIONS.adamFirstStep().run(ctx('adam', adamLike({ eps: 1e-8 })));
    expect(out.failure).toMatch(new RegExp(`^the first step of coordinate \\d went from ${NUM} to ${NUM}, not β − lr·sign\\(g\\) = ${NUM}$`));
    expect(RELATIONS.adamFirstStep().run(ctx('adam', adamLike())).success).toBe('every coordinate\'s first step is β − lr·sign(g)');
  });
  it('hand AdamW weight decay 0 and eps 0 for its first step', () => {
    const seen: unknown[] = [];
    // AdamW's module turns its decay off for this relation; Adam's default is already 0.
    const adamwFirstStep = expectationsFor('adamw', 'pytorch').find((e) => e.id === 'relation-adam-first-step')!;
    adamwFirstStep.run(ctx('adamw', (h) => (seen.push(h), adamw({ lr: h.lr, eps: h.eps, weightDecay: h.weightDecay }))));
    expect(seen).toEqual([{ lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 0, weightDecay: 0, amsgrad: false, maximize: false }]);
    RELATIONS.adamFirstStep().run(ctx('adam', (h) => (seen.push(h), adam({ lr: h.lr, eps: h.eps }))));
    expect(seen[1]).toEqual({ lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 0, amsgrad: false, weightDecay: 0, maximize: false });
    expect(adamwFirstStep.run(ctx('adamw', (h) => adamw({ lr: h.lr, eps: h.eps, weightDecay: h.weightDecay }))).pass).toBe(true);
  });
  it('fail a Nesterov that looks ahead only for μ = 0.9, at μ = 0.5', () => {
    const fixed: Maker = (h) => sgd({ lr: h.lr, momentum: h.momentum, nesterov: h.momentum === 0.9 });
    expect(RELATIONS.nesterovFirstStep.run(ctx('nesterov', fixed)).failure).toMatch(/^the first step of coordinate 0 went from .*, not β − lr·\(1 \+ 0\.5\)·g = /);
    expect(RELATIONS.nesterovFirstStep.run(ctx('nesterov', (h) => sgd({ lr: h.lr, momentum: h.momentum, nesterov: true }))).success).toBe('the first step is β − lr·(1 + μ)·g for μ = 0.9 and 0.5');
  });
  it('fail an AdamW whose decay is off by one part in 1e-12, and pin the shrink it passes with', () => {
    const off: Maker = (h) => adamw({ lr: h.lr, weightDecay: (h.weightDecay as number) * (1 + 1e-12) });
    expect(RELATIONS.decoupledDecay.run(ctx('adamw', off)).failure).toMatch(/^on a zero gradient coordinate 0 was .* at step 1, not β₀·\(1 − lr·wd\)\^1 = /);
    expect(RELATIONS.decoupledDecay.run(ctx('adamw', (h) => adamw({ lr: h.lr, weightDecay: h.weightDecay }))).success).toBe('on a zero gradient every coordinate shrank by exactly 1 − lr·wd = 0.95 per step for 5 steps');
  });
});

describe('momentum-jump-off-zero', () => {
  const relation = RELATIONS.jumpOffZero;
  it("holds for PyTorch's momentum and the paper's heavy ball at η = 0.5 and 0.25 (regression pins)", () => {
    expect(relation.run(ctx('momentum', (h) => reference('momentum', 'pytorch', h))).success).toBe(
      'η = 0.5: all 2 landing(s) on 0 jumped to −η·β_{N−1} bit for bit (first: coordinate 0 at step 1, 0.25 → 0 → -0.125); η = 0.25: all 1 landing(s) on 0 jumped to −η·β_{N−1} bit for bit (first: coordinate 0 at step 1, 0.25 → 0 → -0.0625)',
    );
    expect(relation.run({ ...ctx('momentum', (h) => reference('momentum', 'paper', h)), dialect: 'paper' }).success).toBe(
      'η = 0.5: all 1 landing(s) on 0 jumped to −η·β_{N−1} bit for bit (first: coordinate 1 at step 1, 0.125 → 0 → -0.0625); η = 0.25: all 1 landing(s) on 0 jumped to −η·β_{N−1} bit for bit (first: coordinate 1 at step 1, 0.1875 → 0 → -0.046875)',
    );
  });
  it('fails SGD without momentum: it stays at 0', () => {
    expect(relation.run(ctx('sgd', (h) => sgd({ lr: h.lr }))).failure).toBe('η = 0.5: coordinate 0 landed on 0 at step 1 from 0.25, then went to 0 at step 2, not −η·β_{N−1} = -0.125 (off by 0.125; compared bit for bit, no tolerance)');
  });
  it('fails a momentum that keeps η = 0.5 whatever it is given, at η = 0.25', () => {
    expect(relation.run(ctx('momentum', (h) => sgd({ lr: h.lr, momentum: 0.5 }))).failure).toMatch(/^η = 0\.25: coordinate 0 landed on 0 at step 1 from 0\.25, then went to -0\.125 at step 2, not −η·β_\{N−1\} = -0\.0625 \(off by 0\.0625; compared bit for bit, no tolerance\)$/);
  });
  it('fails a run that is not finite', () => {
    expect(relation.run(ctx('momentum', nan)).failure).toBe('η = 0.5: the loss became NaN at step 1');
  });
});
