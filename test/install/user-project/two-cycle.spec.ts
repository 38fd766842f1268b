import { expect, it } from 'vitest';
import { l1, sgd, runTrace } from 'optspec';

it('NDGM on λ‖β‖₁ never lands on 0, keeps no zero and ends in a two-cycle', () => {
  const trace = runTrace({
    problem: l1({ lambda: 1, dim: 2 }),
    optimizer: sgd({ lr: 0.01 }),
    init: [0.5053, -0.3],
    steps: 200,
  });
  expect(trace).toNeverHitZero();
  expect(trace).not.toKeepZeros();
  expect(trace).toEnterTwoCycle(0.01); // step αλ
});
