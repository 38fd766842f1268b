/**
 * The papers' claims as a user's optimizer must reproduce them, each guarded
 * so that an optimizer which does nothing, or returns NaN, cannot pass.
 */
import { l1 } from '../problems/l1.ts';
import { huber } from '../problems/huber.ts';
import { randomMatrix } from '../problems/matrix.ts';
import { runTrace } from '../trace/run.ts';
import type { Trace } from '../trace/trace.ts';
import { rng, uniformArray } from '../random/rng.ts';
import { keepsZeros, neverHitsZero } from '../analysis/zeros.ts';
import { entersTwoCycle, sharesCycleWith, cycleEnvelope } from '../analysis/two-cycle.ts';
import { num, type Verdict } from '../analysis/verdict.ts';
import { baseHyper, type CheckHyper } from './families.ts';
import { type Expectation, type CheckContext, type Outcome, pass, fail, run, firstNonFinite } from './expectation.ts';

const P = 10;
const init = uniformArray(rng(5), P, -1, 1);

function onL1(ctx: CheckContext, hyper: Partial<CheckHyper>, lambda: number, start: ArrayLike<number>, steps: number): Trace {
  return run(ctx.make(baseHyper(ctx, hyper)), l1({ lambda, dim: start.length }), start, steps);
}

const finite = (trace: Trace): Outcome | null => {
  const bad = firstNonFinite(trace);
  return bad ? fail(bad) : null;
};

const keepsZero: Expectation = {
  id: 'l1-non-sparsity-keeps-zero',
  kind: 'claim',
  source: '001 eq. 11',
  title: 'a coordinate that lands on 0 stays at 0',
  run: (ctx) => {
    // 0.5 and 0.75 are exact multiples of lr·λ = 0.25: both land on 0 exactly.
    const trace = onL1(ctx, { lr: 0.25 }, 1, [0.5, 0.75, 0.3], 12);
    return finite(trace) ?? keepsZeros(trace);
  },
};

const twoCycle: Expectation = {
  id: 'l1-non-sparsity',
  kind: 'claim',
  source: '001 Prop. 4.1, B.2',
  title: 'from a random start no coordinate hits 0 and each ends in the γ, γ − αλ cycle',
  run: (ctx) => {
    const trace = onL1(ctx, { lr: 0.01 }, 1, init, 130);
    const bad = finite(trace);
    if (bad) return bad;
    const zero = neverHitsZero(trace);
    // A float32 optimizer steps by fround(0.01), not 0.01: judge the cycle at its resolution.
    return zero.pass ? entersTwoCycle(trace, 0.01, ctx.precision === 'float32' ? 1e-6 : 1e-14) : zero;
  },
};

/** Runs on λ‖β‖₁ at λ = 1 and λ = 4, or the failure when either is not finite. */
function lambdaGap(ctx: CheckContext): { a: Trace; b: Trace; bad: Outcome | null } {
  const a = onL1(ctx, { lr: 0.1 }, 1, init, 3000);
  const b = onL1(ctx, { lr: 0.1 }, 4, init, 3000);
  return { a, b, bad: finite(a) ?? finite(b) };
}

const notAgnostic: Expectation = {
  id: 'lambda-paradox',
  kind: 'claim',
  source: '001 Table 1',
  title: 'the end state depends on λ (λ = 1 against λ = 4), as for vanilla NDGM',
  run: (ctx) => {
    const { a, b, bad } = lambdaGap(ctx);
    if (bad) return bad;
    const shared = sharesCycleWith(a, b, { tolerance: 1e-6 });
    return shared.pass ? fail(`the end cycles do not depend on λ: ${shared.success}`) : pass(`λ shapes the end state: ${shared.failure}`);
  },
};

const agnostic: Expectation = {
  id: 'rmsprop-lambda-agnostic',
  kind: 'claim',
  source: '001 Prop. B.5',
  title: 'the end state does not depend on λ (λ = 1 against λ = 4, to 1e-6), once it has moved towards 0',
  run: (ctx) => {
    const { a, b, bad } = lambdaGap(ctx);
    if (bad) return bad;
    // An optimizer that never moves is trivially λ-agnostic: the claim is about the cycle it reaches near 0.
    const start = a.l1Norm[0];
    const end = a.l1Norm[a.length - 1];
    if (!(end < 0.5 * start)) return fail(`‖β‖₁ went from ${num(start)} to ${num(end)} on λ‖β‖₁: it never reached the end cycle near 0`);
    return ctx.precision === 'float32' ? sharesCycleUpToAStep(a, b, 0.1, 1e-4) : sharesCycleWith(a, b, { tolerance: 1e-6 });
  },
};

/**
 * In float32 a coordinate whose cycle point γ sits within rounding of 0 may
 * settle on either side of it, so λ = 1 and λ = 4 can end in the same cycle
 * shifted by one step: compare the envelopes up to a shift of ±step.
 */
export function sharesCycleUpToAStep(a: Trace, b: Trace, step: number, tolerance: number): Verdict {
  const ea = cycleEnvelope(a), eb = cycleEnvelope(b);
  let worst = 0, at = 0;
  // A NaN gap is the worst there is: it stops the scan.
  for (let j = 0; j < a.width && !Number.isNaN(worst); j++) {
    const d = Math.min(...[-step, 0, step].map((s) => Math.max(Math.abs(ea.low[j] - eb.low[j] - s), Math.abs(ea.high[j] - eb.high[j] - s))));
    if (!(d <= worst)) (worst = d), (at = j);
  }
  const where = `coordinate ${at}: [${num(ea.low[at])}, ${num(ea.high[at])}] against [${num(eb.low[at])}, ${num(eb.high[at])}]`;
  return worst <= tolerance
    ? { pass: true, failure: '', success: `the end cycles agree to ${num(worst)}, up to a shift of one step (largest gap at ${where})` }
    : { pass: false, failure: `the end cycles differ by ${num(worst)} > ${num(tolerance)}, even up to a shift of one step, at ${where}`, success: '' };
}

/** Bounded oscillation: finite everywhere, and the second half never exceeds the first half's peak by more than 1%. */
const bounded = (lr: number, extra: Partial<CheckHyper> = {}): Expectation => ({
  id: 'huber-bounded-oscillation',
  kind: 'claim',
  source: '001 Prop. 5.1',
  title: `Huber 50×200 at lr = ${lr}, far past the edge of stability, stays bounded`,
  run: (ctx) => {
    const r = rng(2024);
    const Z = randomMatrix(r, 50, 200, -1, 1);
    const y = uniformArray(r, 50, -1, 1);
    const start = uniformArray(r, 200, -1, 1);
    // `extra`: momentum 0.5 for the families that have one.
    const factory = ctx.make(baseHyper(ctx, { lr, ...extra }));
    const trace = runTrace({ problem: huber({ Z, y, delta: 1 }), optimizer: factory, init: start, steps: 2000, coordinates: 'none' });
    const bad = finite(trace);
    if (bad) return bad;
    // A constant loss is bounded too: the claim is about an optimizer that moves.
    if (trace.l1Norm[trace.length - 1] === trace.l1Norm[0] && trace.loss[trace.length - 1] === trace.loss[0]) return fail('the parameters never moved in 2000 steps');
    const half = 1000;
    const peak1 = Math.max(...trace.loss.subarray(0, half));
    const peak2 = Math.max(...trace.loss.subarray(half));
    return peak2 <= 1.01 * peak1
      ? pass(`peak loss ${num(peak2)} in steps 1000..2000, against ${num(peak1)} before`)
      : fail(`the loss peaks at ${num(peak2)} in steps 1000..2000, above the first half's ${num(peak1)}: it is growing`);
  },
});

export const CLAIMS = { keepsZero, twoCycle, notAgnostic, agnostic, bounded };
