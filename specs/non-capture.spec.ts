/**
 * 001 Sec. 3, Prop. 3.1, Fig. 1: NDGM is not GD. The capture theorem says GD
 * on a smooth function with non-increasing loss, started inside the unit ball
 * around an isolated minimum, stays in that ball. NDGM on the ReLU regression
 * of eq. (3) with λ1 = 0, λ2 = 0.01 (y ≤ 0, so β* = 0 is the unique minimiser)
 * has a loss that never increases while ‖β_k‖∞ leaves the unit ball.
 *
 * Data as in the paper: Z 20×500 ~ U[−1,1], q 20 ~ U[−1,0], β0 ~ U[−1,1].
 * The paper gives no learning rate; the spec scans one and states the range
 * where the claim held on every seed tried.
 */
import { expect, it } from 'vitest';
import fc from 'fast-check';
import { makeProblem, leastSquares } from '../src/problems/index.ts';
import { sgd } from '../src/optimizers/index.ts';
import { runTrace } from '../src/trace/run.ts';
import { rng, uniformArray } from '../src/random/rng.ts';
import { randomMatrix, matvec } from '../src/problems/matrix.ts';
import { staysCaptured } from '../src/analysis/capture.ts';
import { lossNeverIncreases } from '../src/analysis/monotone.ts';
import { defineClaim, record, downsample } from '../src/report/evidence.ts';
import { describeClaim, asserts } from '../src/report/declare.ts';
import { propertyOptions, seedArb, PROPERTY_SEED } from './support.ts';

const claim = defineClaim({
  id: 'non-capture',
  title: 'NDGM escapes the capture ball while its loss decreases',
  paper: '001',
  section: 'Sec. 3, Prop. 3.1, Fig. 1',
  statement:
    'NDGM on the ReLU regression (λ1 = 0, λ2 = 0.01, Z 20×500, y ≤ 0) started inside the unit ∞-ball around the minimiser 0 has a monotonically decreasing loss, yet ‖β_k‖∞ exceeds 1: the capture theorem for GD does not carry over.',
});

const LR = 0.01;
const STEPS = 1000;

function ndgmRun(seed: number, lr: number, steps = STEPS) {
  const problem = makeProblem({ kind: 'relu-regression', seed, lambda1: 0, lambda2: 0.01 });
  const init = uniformArray(rng(seed + 1_000_003), problem.dim, -1, 1);
  return runTrace({ problem, optimizer: sgd({ lr }), init, steps, coordinates: 'none' });
}

interface ScanRow {
  lr: number;
  /** Seeds where the loss never rose and ‖β‖∞ left the unit ball. */
  held: number;
  /** The first seed whose loss rose, with where and by how much. */
  exception?: string;
}

function scan(rates: number[], seeds: number): ScanRow[] {
  return rates.map((lr) => {
    let held = 0;
    let exception: string | undefined;
    for (let s = 0; s < seeds; s++) {
      const t = ndgmRun(s, lr);
      const m = lossNeverIncreases(t);
      if (m.pass && !staysCaptured(t, 1).pass) held++;
      else exception ??= `seed ${s}: ${m.failure}`;
    }
    return { lr, held, exception };
  });
}

describeClaim(claim, () => {
  it('for every seed, ‖β_k‖∞ leaves the unit ball it started in while the loss ends lower (property over seeds, α = 0.01)', ({ task }) => {
    const escapes: number[] = [];
    fc.assert(
      fc.property(seedArb, (seed) => {
        const trace = ndgmRun(seed, LR);
        expect(trace.linfNorm[0]).toBeLessThan(1);
        expect(trace).not.toStayCaptured(1);
        expect(trace.loss[STEPS]).toBeLessThan(trace.loss[0]);
        escapes.push(Number(/step (\d+)/.exec(staysCaptured(trace, 1).failure)![1]));
      }),
      propertyOptions(12),
    );
    const example = ndgmRun(0, LR);
    expect(example).toNeverIncreaseLoss();
    record(task, {
      claim,
      optimizers: ['sgd'],
      status: 'held with caveat',
      precision: 'float64',
      seed: PROPERTY_SEED,
      figures: [
        { label: 'random seeds tried', measured: escapes.length },
        { label: 'latest first escape from the unit ball', measured: `step ${Math.max(...escapes)}` },
        { label: 'final ‖β‖∞ (seed 0)', measured: Number(example.linfNorm[STEPS].toFixed(4)), paper: '> 1 (Fig. 1)' },
        { label: 'loss (seed 0)', measured: `${example.loss[0].toFixed(2)} → ${example.loss[STEPS].toFixed(4)}`, paper: 'monotone decrease' },
      ],
      plots: [
        { title: 'Loss, seed 0, α = 0.01', x: 'step', y: 'loss', logY: true, series: [{ name: 'NDGM', points: downsample(example.loss) }] },
        { title: '‖β_k‖∞, seed 0, α = 0.01', x: 'step', y: '‖β‖∞', series: [{ name: 'NDGM', points: downsample(example.linfNorm) }, { name: 'unit ball', points: [[0, 1], [STEPS, 1]] }] },
      ],
    });
  });

  it('the loss never rises on most seeds, not all: the learning-rate scan', ({ task }) => {
    const rows = scan([1e-5, 1e-4, 1e-3, 3e-3, 1e-2, 2e-2, 3e-2], 20);
    // Measured (float64, 1000 steps, seeds 0..19): escape happens on every seed at every α;
    // the loss never rises on all 20 seeds except at α = 0.01 (seed 5 rises once) and α = 0.03
    // (several seeds). The spec asserts these counts so a change in behaviour shows up.
    expect(rows.map((r) => r.held)).toEqual([20, 20, 20, 20, 19, 20, 17]);
    record(task, {
      claim,
      optimizers: ['sgd'],
      status: 'held with caveat',
      precision: 'float64',
      figures: rows.map((r) => ({ label: `α = ${r.lr}: seeds where it held`, measured: `${r.held}/20` })),
      notes: [
        'The escape from the unit ball held on every seed and learning rate tried. The monotone loss did not always: a subgradient step across a ReLU kink can raise the loss, as the subgradient method is not a descent method.',
        ...rows.filter((r) => r.exception).map((r) => `α = ${r.lr}, ${r.exception}`),
      ],
    });
  });
  it('control: GD on a smooth strongly convex quadratic stays captured, and the matcher says so', asserts('control'), ({ task }) => {
    // Least squares with N > P has the isolated minimiser x*; y = Z·x* places it exactly.
    const r = rng(42);
    const Z = randomMatrix(r, 50, 20, -1, 1);
    const xStar = uniformArray(r, 20, -1, 1);
    const problem = leastSquares({ Z, y: matvec(Z, xStar, new Float64Array(50)) });
    const u = uniformArray(r, 20, -1, 1);
    const scale = 0.99 / Math.hypot(...u);
    const init = xStar.map((x, j) => x + scale * u[j]);
    const trace = runTrace({ problem, optimizer: sgd({ lr: 0.05 }), init, steps: STEPS });
    expect(trace).toNeverIncreaseLoss();
    expect(trace).toStayCaptured(1, { center: xStar, norm: '2' });
    expect(() => expect(trace).not.toStayCaptured(1, { center: xStar, norm: '2' })).toThrow(/stayed inside the 2-norm ball/);
    record(task, { claim, optimizers: ['sgd'], status: 'held with caveat', precision: 'float64', notes: ['Smooth control: GD stays within distance 1 of x* as the capture theorem says.'] });
  });
});
