import { describe, expect, it } from 'vitest';
import { RELATIONS } from '../../src/check/relations.ts';
import type { CheckContext } from '../../src/check/expectation.ts';
import type { CheckFamily, Maker } from '../../src/check/families.ts';
import { sgd, adam, adamw } from '../../src/optimizers/index.ts';

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
    const out = RELATIONS.adamFirstStep.run(ctx('adam', (h) => sgd({ lr: h.lr })));
    expect(out.failure).toMatch(new RegExp(`^the first step of coordinate 0 went from ${NUM} to ${NUM}, not β − lr·sign\\(g\\) = ${NUM}$`));
    expect(RELATIONS.adamFirstStep.run(ctx('adam', (h) => adam({ lr: h.lr, eps: h.eps }))).pass).toBe(true);
  });

  it('Adam with weight decay in the gradient is not AdamW: on a zero gradient it moves by lr, not by the shrink', () => {
    const out = RELATIONS.decoupledDecay.run(ctx('adamw', (h) => adam({ lr: h.lr, weightDecay: h.weightDecay })));
    expect(out.failure).toMatch(new RegExp(`^on a zero gradient coordinate 0 was ${NUM} at step 1, not β₀·\\(1 − lr·wd\\)\\^1 = ${NUM}$`));
    expect(RELATIONS.decoupledDecay.run(ctx('adamw', (h) => adamw({ lr: h.lr, weightDecay: h.weightDecay }))).pass).toBe(true);
  });
});
