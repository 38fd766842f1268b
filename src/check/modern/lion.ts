/**
 * Lion's relations: what follows from its rule θ ← θ·(1 − lr·wd) − lr·sign(c),
 * c = β1·m + (1 − β1)·g, whatever the exact β's do to m.
 */
import type { Hyper } from '../../optimizers/optimizer.ts';
import { pass, fail } from '../expectation.ts';
import { scaled } from '../suite.ts';
import { drive, guarded, seededLeastSquares, linear, rounding, num, type ModernRelation } from './drive.ts';

/** The configuration the relations use; values away from the defaults so a hard-coded default shows. */
export const LION_HYPER: Hyper = { lr: 0.01, beta1: 0.8, beta2: 0.95, weightDecay: 0.1 };

const STEPS = 12;
const problem = () => seededLeastSquares(4401, 10, 5);

/** With weight decay 0 every coordinate moves by exactly lr at every step (the suite's gradients never make c exactly 0). */
export const lionUnitSteps: ModernRelation = {
  id: 'lion-unit-steps',
  family: 'lion',
  title: 'with weight decay 0 every coordinate whose c = β1·m + (1 − β1)·g is non-zero moves by exactly lr',
  run: (make, precision) => guarded('lion', () => {
    for (const hyper of [{ ...LION_HYPER, weightDecay: 0 }, { ...LION_HYPER, weightDecay: 0, beta1: 0.5, beta2: 0.9, lr: 0.003 }]) {
      const lr = num(hyper, 'lr');
      const { problem: p, init } = problem();
      const { rows } = drive(make(hyper), p, init, STEPS);
      for (let k = 1; k < rows.length; k++) {
        for (let j = 0; j < init.length; j++) {
          const moved = Math.abs(rows[k][j] - rows[k - 1][j]);
          if (Math.abs(moved - lr) > rounding(precision, 1, Math.abs(rows[k - 1][j]) + lr)) {
            return fail(`with weight decay 0 and lr = ${lr}, coordinate ${j} moved by ${moved} at step ${k}, not by lr`);
          }
        }
      }
    }
    return pass(`every coordinate moved by exactly lr at each of ${STEPS} steps (lr = 0.01 and 0.003, weight decay 0)`);
  }),
};

const POWERS = [2 ** -20, 2 ** 12];

/** sign() sees only the sign of c, and scaling g by 2ᵏ scales m and c exactly: the trajectory is bit-identical. */
export const lionScaleInvariance: ModernRelation = {
  id: 'lion-power-of-two-invariance',
  family: 'lion',
  title: 'the trajectory is bit-identical when the gradient is scaled by a power of two (2⁻²⁰, 2¹²)',
  run: (make) => guarded('lion', () => {
    const { problem: p, init } = problem();
    const base = drive(make(LION_HYPER), p, init, STEPS).rows;
    for (const c of POWERS) {
      const other = drive(make(LION_HYPER), scaled(p, c), init, STEPS).rows;
      for (let k = 1; k < base.length; k++) {
        for (let j = 0; j < init.length; j++) {
          if (!Object.is(other[k][j], base[k][j])) return fail(`with the gradient scaled by ${c}, coordinate ${j} was ${other[k][j]} at step ${k}, not ${base[k][j]}`);
        }
      }
    }
    return pass(`the ${STEPS}-step trajectory is bit for bit the same with the gradient scaled by 2⁻²⁰ and 2¹²`);
  }),
};

/**
 * Decay sits outside the sign. On a zero gradient m and c stay 0, so
 * θ_k = θ₀·(1 − lr·wd)^k; on a constant gradient g, sign(c) = sign(g) at every
 * step whatever the β's, so θ_k = θ_{k−1}·(1 − lr·wd) − lr·sign(g).
 */
export const lionDecoupledDecay: ModernRelation = {
  id: 'lion-decay-outside-sign',
  family: 'lion',
  title: 'decay sits outside the sign: each step is θ·(1 − lr·wd) − lr·sign(c) (zero and constant gradients)',
  run: (make, precision) => guarded('lion', () => {
    const hyper = { ...LION_HYPER, lr: 0.05, weightDecay: 0.5 };
    const lr = num(hyper, 'lr');
    const shrink = 1 - lr * num(hyper, 'weightDecay');
    const init = Float64Array.from([0.75, -1.5, 0.3, 2, -0.02]);
    const g = [0.5, 3, -1e-3, -2, 0.25];
    for (const [what, grad] of [['a zero gradient', [0, 0, 0, 0, 0]], ['a constant gradient', g]] as const) {
      const { rows } = drive(make(hyper), linear(grad), init, STEPS);
      for (let k = 1; k < rows.length; k++) {
        for (let j = 0; j < init.length; j++) {
          const want = rows[k - 1][j] * shrink - lr * Math.sign(grad[j]);
          if (Math.abs(rows[k][j] - want) > rounding(precision, 2, Math.abs(want) + lr)) {
            return fail(`on ${what} coordinate ${j} was ${rows[k][j]} at step ${k}, not θ·(1 − lr·wd) − lr·sign(g) = ${want}`);
          }
        }
      }
    }
    return pass(`on zero and constant gradients every step was θ·(1 − lr·wd) − lr·sign(c), for ${STEPS} steps`);
  }),
};

export const LION_RELATIONS: readonly ModernRelation[] = [lionUnitSteps, lionScaleInvariance, lionDecoupledDecay];
