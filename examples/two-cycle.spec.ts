// The example from the README, run as a test so the documentation stays true.
import { expect, it } from 'vitest';
import { l1, sgd, runTrace } from 'optspec';

it('NDGM on λ‖β‖₁ never lands on 0, ends in a two-cycle and stays below its starting loss', () => {
  const trace = runTrace({
    problem: l1({ lambda: 1, dim: 2 }),
    optimizer: sgd({ lr: 0.01 }),
    init: [0.5053, -0.3],
    steps: 200,
  });
  expect(trace).toNeverHitZero();
  expect(trace).toEnterTwoCycle(0.01); // step αλ
  expect(trace).toKeepLossBelow(0.81); // the start's loss is 0.8053
});
