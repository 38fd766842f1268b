/**
 * 001 Prop. 5.1, Fig. 4: gradient descent on a convex loss with bounded
 * gradients never diverges, however far past the edge of stability 2/η.
 * Huber regression on Z 50×200 (eq. 10, δ = 1) at α = 10 stays bounded; least
 * squares on the same data at the same α diverges; α = 0.1 converges.
 *
 * The bound asserted here (all quantities computed, float64):
 *   G  = a bound on ‖∇L‖: min((δ/N)·Σᵢ‖zᵢ‖, δ·σ_max/√N).
 *   x* = the minimiser nearest β0 (N < P, so Zx = y is solvable and L* = 0);
 *        β_k − x* stays in the row space of Z, where ‖Z(x − x*)‖ ≥ σ_min‖x − x*‖.
 *   h(r) ≥ δ|r| − δ²/2 gives L(x) ≥ (δ/N)·σ_min·‖x − x*‖ − δ²/2 there, so
 *        L(x) < αG²/2 implies ‖x − x*‖ < ρ = (αG²/2 + δ²/2)·N/(δ·σ_min).
 *   The subgradient method's distance inequality
 *        ‖β_{k+1} − x*‖² ≤ ‖β_k − x*‖² − 2α(L(β_k) − L*) + α²G²
 *   makes the distance non-increasing while L(β_k) ≥ αG²/2, and at most
 *   √(ρ² + α²G²) after a step from L(β_k) < αG²/2. By induction
 *        ‖β_k − x*‖ ≤ D = max(‖β0 − x*‖, √(ρ² + α²G²)) for all k,
 *   and L is G-Lipschitz, so L(β_k) ≤ L* + G·D =: B.
 */
import { expect, it } from 'vitest';
import { Matrix, EigenvalueDecomposition, solve } from 'ml-matrix';
import { huber } from '../src/problems/huber.ts';
import { leastSquares } from '../src/problems/least-squares.ts';
import { randomMatrix, matvec, rmatvec, type Matrix as DataMatrix } from '../src/problems/matrix.ts';
import { sgd } from '../src/optimizers/index.ts';
import { runTrace } from '../src/trace/run.ts';
import { rng, uniformArray } from '../src/random/rng.ts';
import { sharpness } from '../src/analysis/sharpness.ts';
import fc from 'fast-check';
import { defineClaim, record, downsample } from '../src/report/evidence.ts';
import { describeClaim, asserts } from '../src/report/declare.ts';
import { propertyOptions, PROPERTY_SEED } from './support.ts';

const claim = defineClaim({
  id: 'huber-bounded-oscillation',
  family: 'sgd',
  tier: 'fast',
  title: 'Huber loss stays bounded far past the edge of stability',
  paper: '001',
  section: 'Sec. 5, Prop. 5.1, Fig. 4',
  statement:
    'Gradient descent on a convex loss with bounded subgradients does not diverge for any learning rate: Huber regression on 50×200 data oscillates but stays bounded at α = 10, well past 2/η, while at α = 0.1 it converges.',
});

const N = 50;
const P = 200;
const DELTA = 1;
const STEPS = 3000;

const r = rng(2024);
const Z = randomMatrix(r, N, P, -1, 1);
const y = uniformArray(r, N, -1, 1);
const init = uniformArray(r, P, -1, 1);
const problem = huber({ Z, y, delta: DELTA });

function toMl(m: DataMatrix): Matrix {
  return new Matrix(Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols))));
}

/** The rigorous bound B of the file comment, with its ingredients. */
function huberBound(alpha: number) {
  const zm = toMl(Z);
  const gram = zm.mmul(zm.transpose()); // Z Zᵀ, N×N, invertible for N < P
  const eig = new EigenvalueDecomposition(gram, { assumeSymmetric: true }).realEigenvalues;
  const sigmaMin = Math.sqrt(Math.min(...eig));
  const sigmaMax = Math.sqrt(Math.max(...eig));
  let rowNorms = 0;
  for (let i = 0; i < N; i++) rowNorms += Math.hypot(...Z.data.subarray(i * P, (i + 1) * P));
  const G = Math.min((DELTA / N) * rowNorms, (DELTA * sigmaMax) / Math.sqrt(N));
  const residual = Float64Array.from(y, (v, i) => v - matvec(Z, init, new Float64Array(N))[i]);
  const w = solve(gram, Matrix.columnVector(Array.from(residual))).to1DArray();
  const xStar = rmatvec(Z, Float64Array.from(w), new Float64Array(P)).map((v, j) => v + init[j]);
  const d0 = Math.hypot(...xStar.map((v, j) => v - init[j]));
  const rho = ((alpha * G * G) / 2 + (DELTA * DELTA) / 2) * (N / (DELTA * sigmaMin));
  const D = Math.max(d0, Math.sqrt(rho * rho + alpha * alpha * G * G));
  return { G, sigmaMin, sigmaMax, xStar, D, bound: G * D, minimum: problem.loss(xStar) };
}

describeClaim(claim, () => {
  const eta = sharpness((v, out) => problem.hvp!(huberBound(10).xStar, v, out), P);

  it('α = 10, many times past 2/η: the loss stays finite and under the proven bound', ({ task }) => {
    const alpha = 10;
    const b = huberBound(alpha);
    expect(b.minimum).toBeLessThan(1e-20);
    expect(eta.converged).toBe(true);
    const trace = runTrace({ problem, optimizer: sgd({ lr: alpha }), init, steps: STEPS, coordinates: 'none' });
    expect(alpha).toBeGreaterThan(2 / eta.value);
    expect(trace).toKeepLossBelow(b.bound);
    expect(trace).not.toNeverIncreaseLoss();
    const peak = Math.max(...trace.loss.subarray(100));
    record(task, {
      claim,
      optimizers: ['sgd'],
      precision: 'float64',
      figures: [
        { label: 'sharpness η at the minimiser (power iteration)', measured: Number(eta.value.toFixed(4)) },
        { label: 'edge of stability 2/η', measured: Number((2 / eta.value).toFixed(4)) },
        { label: 'α / (2/η)', measured: Number(((alpha * eta.value) / 2).toFixed(1)), paper: 'α = 10 (Fig. 4)' },
        { label: 'peak loss after step 100', measured: Number(peak.toFixed(3)) },
        { label: 'proven bound B = G·D', measured: Number(b.bound.toFixed(1)) },
      ],
      plots: [
        { title: 'Huber loss, α = 10', x: 'step', y: 'loss', series: [{ name: 'α = 10', points: downsample(trace.loss) }] },
      ],
      notes: ['The bound is loose but finite and proven; the measured loss oscillates far below it.'],
    });
  });

  it('property: for any α in [0.5, 50] the loss stays under its proven bound', ({ task }) => {
    let worst = 0;
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 50, noNaN: true }), (alpha) => {
        const b = huberBound(alpha);
        const trace = runTrace({ problem, optimizer: sgd({ lr: alpha }), init, steps: 1000, coordinates: 'none' });
        expect(trace).toKeepLossBelow(b.bound);
        worst = Math.max(worst, Math.max(...trace.loss) / b.bound);
      }),
      propertyOptions(12),
    );
    record(task, { claim, optimizers: ['sgd'], precision: 'float64', seed: PROPERTY_SEED, figures: [{ label: 'largest loss / bound over random α in [0.5, 50]', measured: worst.toFixed(4) }] });
  });

  it('α = 0.1 (below 2/η) converges', ({ task }) => {
    const trace = runTrace({ problem, optimizer: sgd({ lr: 0.1 }), init, steps: STEPS, coordinates: 'none' });
    expect(trace.loss[STEPS]).toBeLessThan(1e-8);
    // Monotone up to rounding: once converged (loss near 1e-29) it wobbles by 1e-32.
    expect(trace).toNeverIncreaseLoss(1e-24);
    expect(trace).not.toNeverIncreaseLoss(0);
    record(task, {
      claim,
      optimizers: ['sgd'],
      precision: 'float64',
      figures: [{ label: 'final loss, α = 0.1', measured: trace.loss[STEPS].toExponential(2) }],
      plots: [{ title: 'Huber loss, α = 0.1', x: 'step', y: 'loss', logY: true, series: [{ name: 'α = 0.1', points: downsample(trace.loss) }] }],
    });
  });

  it('control: least squares on the same data at α = 10 diverges, and the matcher catches it', asserts('control'), ({ task }) => {
    const ls = leastSquares({ Z, y });
    const lsEta = sharpness((v, out) => ls.hvp!(init, v, out), P);
    const trace = runTrace({ problem: ls, optimizer: sgd({ lr: 10 }), init, steps: 200, coordinates: 'none' });
    const b = huberBound(10).bound;
    expect(trace).not.toKeepLossBelow(b);
    expect(() => expect(trace).toKeepLossBelow(b)).toThrow(/the loss reached .* at step \d+, not below the bound/);
    record(task, {
      claim,
      optimizers: ['sgd'],
      precision: 'float64',
      figures: [
        { label: 'least-squares sharpness, α·η/2', measured: Number(((10 * lsEta.value) / 2).toFixed(1)) },
        { label: 'least-squares loss at step 20', measured: trace.loss[20].toExponential(2) },
        { label: 'first step with a non-finite least-squares loss', measured: trace.loss.findIndex((l) => !Number.isFinite(l)) },
      ],
    });
  });
});
