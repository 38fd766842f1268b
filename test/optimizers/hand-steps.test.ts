import { describe, expect, it } from 'vitest';
import {
  sgd, rmsprop, adam, adamw, adagrad, heavyBall, rmspropPaper, ista, tfjsRmsprop, tfjsAdagrad, type OptimizerFactory,
} from '../../src/optimizers/index.ts';
import { l1 } from '../../src/problems/l1.ts';
import { runTrace } from '../../src/trace/run.ts';

/** Apply the optimizer to the given gradients in turn, from `start`; returns β after each step. */
function steps(factory: OptimizerFactory, start: number[], grads: number[][]): number[][] {
  const opt = factory(start.length);
  const beta = Float64Array.from(start);
  return grads.map((g) => {
    opt.step(beta, Float64Array.from(g));
    return Array.from(beta);
  });
}

describe('hand-derived steps', () => {
  it('sgd: β − lr·g', () => {
    expect(steps(sgd({ lr: 0.5 }), [1], [[2], [4]])).toEqual([[0], [-2]]);
  });

  it('sgd momentum: buffer starts at the first gradient, dampening applies from step 2', () => {
    // b1 = 2; β1 = 1 − 0.1·2 = 0.8; b2 = 0.5·2 + 0.75·4 = 4; β2 = 0.8 − 0.4 = 0.4
    const [s1, s2] = steps(sgd({ lr: 0.1, momentum: 0.5, dampening: 0.25 }), [1], [[2], [4]]);
    expect(s1[0]).toBeCloseTo(0.8, 15);
    expect(s2[0]).toBeCloseTo(0.4, 15);
  });

  it('sgd Nesterov: step along g + momentum·b', () => {
    // b1 = 2, d = 2 + 0.5·2 = 3, β1 = 1 − 0.3
    expect(steps(sgd({ lr: 0.1, momentum: 0.5, nesterov: true }), [1], [[2]])[0][0]).toBeCloseTo(0.7, 15);
  });

  it('sgd weight decay adds weightDecay·β to the gradient', () => {
    expect(steps(sgd({ lr: 0.1, weightDecay: 0.5 }), [2], [[1]])[0][0]).toBeCloseTo(2 - 0.1 * 2, 15);
  });

  it('rmsprop: ε outside the root', () => {
    // v = 0.01·4 = 0.04, s = 0.2 + 0.1, β = 1 − 0.1·2/0.3
    expect(steps(rmsprop({ lr: 0.1, alpha: 0.99, eps: 0.1 }), [1], [[2]])[0][0]).toBeCloseTo(1 - 0.2 / 0.3, 14);
  });

  it('rmsprop centered subtracts the squared mean gradient', () => {
    // v = 0.5·4 = 2, m = 0.5·2 = 1, s = √(2 − 1) = 1, β = 1 − 0.1·2
    expect(steps(rmsprop({ lr: 0.1, alpha: 0.5, eps: 0, centered: true }), [1], [[2]])[0][0]).toBeCloseTo(0.8, 15);
  });

  it('rmsprop-paper: ε inside the root', () => {
    expect(steps(rmspropPaper({ lr: 0.1, gamma: 0.99, eps: 0.1 }), [1], [[2]])[0][0]).toBeCloseTo(1 - 0.2 / Math.sqrt(0.04 + 0.1), 14);
  });

  it('tfjs-rmsprop: ε inside the root, learning rate inside the momentum buffer', () => {
    // b1 = 0.1·2/√(0.4+0.6) = 0.2; b2 = 0.5·0.2 + 0.1·2/√(0.9·0.4 + 0.4 + 0.6)
    const [s1, s2] = steps(tfjsRmsprop({ lr: 0.1, decay: 0.9, momentum: 0.5, epsilon: 0.6 }), [1], [[2], [2]]);
    expect(s1[0]).toBeCloseTo(0.8, 15);
    expect(s2[0]).toBeCloseTo(0.8 - (0.1 + 0.2 / Math.sqrt(0.36 + 0.4 + 0.6)), 14);
  });

  it('adam: the first step is lr·sign(g) when ε = 0', () => {
    expect(steps(adam({ lr: 0.1, eps: 0 }), [1, 1], [[3, -0.5]])[0]).toEqual([0.9, 1.1]);
  });

  it('adam amsgrad keeps the largest second moment', () => {
    // After a big then a small gradient, amsgrad divides by the larger history.
    const plain = steps(adam({ lr: 0.1, eps: 0 }), [0], [[10], [0.1], [0.1]])[2][0];
    const ams = steps(adam({ lr: 0.1, eps: 0, amsgrad: true }), [0], [[10], [0.1], [0.1]])[2][0];
    expect(ams).not.toBe(plain);
  });

  it('adamw decays the parameters before the Adam step', () => {
    expect(steps(adamw({ lr: 0.1, eps: 0, weightDecay: 0.5 }), [2], [[1]])[0][0]).toBeCloseTo(2 * 0.95 - 0.1, 15);
  });

  it('adagrad: lr decay and initial accumulator', () => {
    // s = 1 + 4 = 5: β1 = 1 − 0.1·2/√5; step 2: clr = 0.1/(1 + 0.5), s = 9
    const [s1, s2] = steps(adagrad({ lr: 0.1, lrDecay: 0.5, eps: 0, initialAccumulatorValue: 1 }), [1], [[2], [2]]);
    expect(s1[0]).toBeCloseTo(1 - 0.2 / Math.sqrt(5), 15);
    expect(s2[0]).toBeCloseTo(s1[0] - (0.1 / 1.5) * (2 / 3), 15);
  });

  it('tfjs-adagrad: accumulator starts at 0.1, ε inside the root', () => {
    expect(steps(tfjsAdagrad({ lr: 0.1 }), [1], [[2]])[0][0]).toBeCloseTo(1 - 0.2 / Math.sqrt(4.1 + 1e-7), 15);
  });

  it('heavy ball, eq. (16): first step scaled by (1 − η), then momentum from the last move', () => {
    // β1 = 1 − 0.1·0.5·2 = 0.9; β2 = 0.9 − 0.1·0.5·2 + 0.5·(0.9 − 1) = 0.75
    const [s1, s2] = steps(heavyBall({ lr: 0.1, eta: 0.5 }), [1], [[2], [2]]);
    expect(s1[0]).toBeCloseTo(0.9, 15);
    expect(s2[0]).toBeCloseTo(0.75, 15);
  });

  it('ista soft-thresholds and lands on exact zeros', () => {
    const trace = runTrace({ problem: l1({ lambda: 1, dim: 3 }), optimizer: ista({ lr: 0.3 }), init: [0.5, -0.2, 1], steps: 4 });
    expect(Array.from(trace.row(1))).toEqual([0.2, 0, 0.7]);
    expect(Array.from(trace.row(4))).toEqual([0, 0, 0]);
  });
});

describe('bad hyperparameters name the field and the value', () => {
  it.each([
    [() => sgd({ lr: -1 }), 'optimizer.lr: expected a learning rate >= 0, got -1'],
    [() => sgd({ lr: NaN }), 'optimizer.lr: expected a finite number, got NaN'],
    [() => sgd({ lr: 0.1, momentum: 1 }), 'optimizer.momentum: expected a number in [0, 1), got 1'],
    [() => sgd({ lr: 0.1, nesterov: true }), 'optimizer.nesterov: Nesterov momentum requires momentum > 0 and dampening = 0, got true'],
    [() => rmsprop({ lr: 0.1, alpha: -0.5 }), 'optimizer.alpha: expected a number in [0, 1), got -0.5'],
    [() => adam({ lr: 0.1, beta2: 1.5 }), 'optimizer.beta2: expected a number in [0, 1), got 1.5'],
    [() => adagrad({ lr: 0.1, eps: -1 }), 'optimizer.eps: expected a number >= 0, got -1'],
    [() => sgd({ lr: 0.1, momentun: 0.9 } as never), 'optimizer.momentun: unknown hyperparameter (allowed: lr, momentum, dampening, nesterov, weightDecay, maximize), got 0.9'],
    [() => heavyBall({} as never), 'optimizer.lr: expected a learning rate >= 0, got nothing (the field is missing)'],
  ])('%#', (make, message) => {
    expect(make).toThrow(message);
  });
});
