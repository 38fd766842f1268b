/**
 * The runs the fidelity specs measure, set up as the claim specs set them up
 * (same data seeds, starts, α, λ and step counts), so a fidelity number and a
 * claim figure come from the same experiment.
 */
import { l1 } from '../../src/problems/l1.ts';
import { huber } from '../../src/problems/huber.ts';
import { makeProblem } from '../../src/problems/index.ts';
import { randomMatrix } from '../../src/problems/matrix.ts';
import { sgd, type OptimizerFactory } from '../../src/optimizers/index.ts';
import { runTrace } from '../../src/trace/run.ts';
import { rng, uniformArray, type Rng } from '../../src/random/rng.ts';
import type { WeightLayer } from '../../src/analysis/vgg-layers.ts';

/** specs/lambda-paradox.spec.ts: LASSO 20×500 (eq. 15) from data seed `seed`, start U[−1, 1] from seed + 77, α = 0.01, 20,000 steps. */
export const LASSO = { alpha: 0.01, steps: 20_000 } as const;

export function lassoRun(seed: number, lambda: number, optimizer: OptimizerFactory = sgd({ lr: LASSO.alpha }), steps: number = LASSO.steps) {
  const problem = makeProblem({ kind: 'lasso', seed, lambda });
  return runTrace({ problem, optimizer, init: uniformArray(rng(seed + 77), problem.dim, -1, 1), steps, coordinates: 'none' });
}

/** specs/huber-bounded-oscillation.spec.ts: Huber regression (eq. 10), Z 50×200 and y, β0 all from seed 2024, δ = 1. */
export function huberSetup() {
  const r = rng(2024);
  const Z = randomMatrix(r, 50, 200, -1, 1);
  const y = uniformArray(r, 50, -1, 1);
  const init = uniformArray(r, 200, -1, 1);
  return { Z, y, init, delta: 1, problem: huber({ Z, y, delta: 1 }) };
}

/** NDGM (plain gradient descent, or the optimizer given) on λ‖β‖₁ (001 eq. 7), recording the named optimizer state. */
export function ndgmOnL1(lambda: number, alpha: number, init: ArrayLike<number>, steps: number, optimizer: OptimizerFactory = sgd({ lr: alpha }), state: readonly string[] = []) {
  return runTrace({ problem: l1({ lambda, dim: init.length }), optimizer, init, steps, state });
}

/** 001 Sec. 4, App. B.3: the toy LASSO with P = 10, α = 0.1, start U[−1, 1] from seed 5 (specs/rmsprop-lambda-agnostic.spec.ts). */
export const TOY = { P: 10, alpha: 0.1, steps: 12_000, init: () => uniformArray(rng(5), 10, -1, 1) } as const;

/** The largest loss over the last `last` rows of a trace. */
export function peakOfLast(loss: Float64Array, last: number): number {
  return Math.max(...loss.subarray(loss.length - last));
}

/**
 * `count` weights drawn like torchvision's VGG initialisation: a layer picked
 * with probability ∝ its weight count, then Kaiming normal (fan_out, ReLU
 * gain: std √(2/fan_out)) for convolutions and N(0, 0.01²) for linear layers.
 */
export function sampleVggInit(layers: readonly WeightLayer[], count: number, r: Rng): Float64Array {
  const weighted = layers.filter((l) => l.kind !== 'batch-norm');
  const total = weighted.reduce((n, l) => n + l.weights, 0);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let u = r.next() * total;
    const layer = weighted.find((l) => (u -= l.weights) < 0) ?? weighted[weighted.length - 1];
    out[i] = r.normal() * (layer.kind === 'conv' ? Math.sqrt(2 / layer.fanOut) : 0.01);
  }
  return out;
}

/**
 * The weights after `steps` of NDGM on λ‖w‖₁, run through the trace runner in
 * chunks so a long run over many weights stays within memory. Exact for plain
 * gradient descent, which keeps no state between steps.
 */
export function finalWeightsOnL1(lambda: number, alpha: number, init: Float64Array, steps: number, chunk = 250): Float64Array {
  let w = init;
  for (let done = 0; done < steps; done += chunk) {
    const n = Math.min(chunk, steps - done);
    w = ndgmOnL1(lambda, alpha, w, n).row(n).slice();
  }
  return w;
}

/** Steps after which every coordinate of `init` is in its two-cycle of step αλ: max|w₀|/(αλ), plus two. */
export function stepsToCycle(init: Float64Array, alphaLambda: number): number {
  let max = 0;
  for (const w of init) max = Math.max(max, Math.abs(w));
  return Math.ceil(max / alphaLambda) + 2;
}
