/**
 * What each optimizer family is expected to do on the paper's toy problems,
 * each expectation a claim from the specs, run on a user's optimizer by
 * `optspec check`. A user's optimizer is given as a maker: a function that
 * takes hyperparameters ({ lr } and, for the momentum family, { momentum })
 * and returns an OptimizerFactory (see src/optimizers/optimizer.ts).
 */
import type { OptimizerFactory } from '../optimizers/optimizer.ts';
import { l1 } from '../problems/l1.ts';
import { huber } from '../problems/huber.ts';
import { randomMatrix } from '../problems/matrix.ts';
import { runTrace } from '../trace/run.ts';
import type { Trace } from '../trace/trace.ts';
import { rng, uniformArray } from '../random/rng.ts';
import { keepsZeros, jumpsOffZero, neverHitsZero } from '../analysis/zeros.ts';
import { entersTwoCycle, sharesCycleWith } from '../analysis/two-cycle.ts';
import { type Verdict, verdict, num } from '../analysis/verdict.ts';

export type CheckFamily = 'sgd' | 'momentum' | 'rmsprop' | 'adam';
export const CHECK_FAMILIES: readonly CheckFamily[] = ['sgd', 'momentum', 'rmsprop', 'adam'];

export type Maker = (hyper: { lr: number; momentum?: number }) => OptimizerFactory;

export interface Expectation {
  /** The claim id in the report. */
  readonly claim: string;
  readonly title: string;
  readonly run: (make: Maker) => Verdict;
}

const P = 10;
const init = uniformArray(rng(5), P, -1, 1);

function runL1(factory: OptimizerFactory, lambda: number, start: ArrayLike<number>, steps: number): Trace {
  return runTrace({ problem: l1({ lambda, dim: start.length }), optimizer: factory, init: start, steps });
}

/** A run whose loss turns NaN broke the optimizer, not the claim: say so. */
function guardFinite(trace: Trace): Verdict | null {
  for (let k = 0; k < trace.length; k++) {
    if (!Number.isFinite(trace.loss[k])) return verdict(false, `the loss became ${num(trace.loss[k])} at step ${k}`, '');
  }
  return null;
}

const keepsZero: Expectation = {
  claim: 'l1-non-sparsity',
  title: 'a coordinate that lands on 0 stays at 0 (001 eq. 11)',
  run: (make) => {
    // 0.5 and 0.75 are exact multiples of lr·λ = 0.25: both land on 0 exactly.
    const trace = runL1(make({ lr: 0.25 }), 1, [0.5, 0.75, 0.3], 12);
    return guardFinite(trace) ?? keepsZeros(trace);
  },
};

const twoCycle: Expectation = {
  claim: 'l1-non-sparsity',
  title: 'from a random start no coordinate hits 0 and each ends in the γ, γ − αλ cycle (001 Prop. 4.1, B.2)',
  run: (make) => {
    const trace = runL1(make({ lr: 0.01 }), 1, init, 130);
    const finite = guardFinite(trace);
    if (finite) return finite;
    const zero = neverHitsZero(trace);
    return zero.pass ? entersTwoCycle(trace, 0.01) : zero;
  },
};

function lambdaGap(make: Maker, hyper: { lr: number; momentum?: number }): { a: Trace; b: Trace } {
  return { a: runL1(make(hyper), 1, init, 3000), b: runL1(make(hyper), 4, init, 3000) };
}

const notAgnostic: Expectation = {
  claim: 'lambda-paradox',
  title: 'the end state depends on λ (λ = 1 against λ = 4), as for vanilla NDGM (001 Table 1)',
  run: (make) => {
    const { a, b } = lambdaGap(make, { lr: 0.1 });
    const shared = sharesCycleWith(a, b, { tolerance: 1e-6 });
    return shared.pass ? verdict(false, `the end cycles do not depend on λ: ${shared.success}`, '') : verdict(true, '', `λ shapes the end state: ${shared.failure}`);
  },
};

const agnostic: Expectation = {
  claim: 'rmsprop-lambda-agnostic',
  title: 'the end state does not depend on λ (λ = 1 against λ = 4, to 1e-6) (001 Prop. B.5)',
  run: (make) => {
    const { a, b } = lambdaGap(make, { lr: 0.1 });
    return guardFinite(a) ?? guardFinite(b) ?? sharesCycleWith(a, b, { tolerance: 1e-6 });
  },
};

const jumps: Expectation = {
  claim: 'momentum-jump-off-zero',
  title: 'a coordinate that lands on 0 jumps to −η·β_{N−1} (001 Prop. B.3), η = momentum = 0.5',
  run: (make) => {
    // With lr = 0.25 and η = 0.5 the first step is 0.25 in PyTorch's form and lr(1 − η) = 0.125 in the
    // heavy-ball form (001 eq. 16): a start at each lands on 0 at step 1, whichever form the optimizer uses.
    const trace = runL1(make({ lr: 0.25, momentum: 0.5 }), 1, [0.25, 0.125, 0.5], 6);
    return guardFinite(trace) ?? jumpsOffZero(trace, 0.5);
  },
};

/** Bounded oscillation: finite everywhere, and the second half never exceeds the first half's peak by more than 1%. */
const bounded = (lr: number): Expectation => ({
  claim: 'huber-bounded-oscillation',
  title: `Huber 50×200 at lr = ${lr}, far past the edge of stability, stays bounded (001 Prop. 5.1)`,
  run: (make) => {
    const r = rng(2024);
    const Z = randomMatrix(r, 50, 200, -1, 1);
    const y = uniformArray(r, 50, -1, 1);
    const trace = runTrace({ problem: huber({ Z, y, delta: 1 }), optimizer: make({ lr, momentum: 0.5 }), init: uniformArray(r, 200, -1, 1), steps: 2000, coordinates: 'none' });
    const finite = guardFinite(trace);
    if (finite) return finite;
    const half = 1000;
    const peak1 = Math.max(...trace.loss.subarray(0, half));
    const peak2 = Math.max(...trace.loss.subarray(half));
    return peak2 <= 1.01 * peak1
      ? verdict(true, '', `peak loss ${num(peak2)} in steps 1000..2000, against ${num(peak1)} before`)
      : verdict(false, `the loss peaks at ${num(peak2)} in steps 1000..2000, above the first half's ${num(peak1)}: it is growing`, '');
  },
});

export const EXPECTATIONS: Readonly<Record<CheckFamily, readonly Expectation[]>> = {
  sgd: [keepsZero, twoCycle, notAgnostic, bounded(10)],
  momentum: [jumps, notAgnostic, bounded(10)],
  rmsprop: [agnostic, bounded(1)],
  adam: [agnostic, bounded(1)],
};
