import { describe, expect, it, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { leastSquares } from '../../src/problems/least-squares.ts';
import { randomMatrix } from '../../src/problems/matrix.ts';
import { rng, uniformArray } from '../../src/random/rng.ts';
import { tfjsMomentum, tfjsRmsprop, tfjsAdagrad, tfjsAdam, type OptimizerFactory } from '../../src/optimizers/index.ts';
import { firstMismatch } from '../helpers.ts';

// TensorFlow.js runs in float32, optspec's dialects in float64: they agree to float32 rounding.
const RTOL = 2e-4;
const ATOL = 1e-5;
const STEPS = 30;

const r = rng(7);
const problem = leastSquares({ Z: randomMatrix(r, 6, 4, -1, 1), y: uniformArray(r, 6, -1, 1) });
const init = uniformArray(r, 4, -1, 1);

function runTfjs(optimizer: tf.Optimizer): Float64Array[] {
  const x = tf.variable(tf.tensor1d(Array.from(init), 'float32'));
  const rows: Float64Array[] = [Float64Array.from(x.dataSync())];
  for (let k = 0; k < STEPS; k++) {
    const grad = problem.gradient(Float64Array.from(x.dataSync()));
    tf.tidy(() => optimizer.applyGradients({ [x.name]: tf.tensor1d(Array.from(grad), 'float32') }));
    rows.push(Float64Array.from(x.dataSync()));
  }
  x.dispose();
  optimizer.dispose();
  return rows;
}

function runOptspec(factory: OptimizerFactory): Float64Array[] {
  const opt = factory(problem.dim);
  const beta = Float64Array.from(init);
  const rows = [Float64Array.from(beta)];
  for (let k = 0; k < STEPS; k++) {
    opt.step(beta, problem.gradient(beta));
    rows.push(Float64Array.from(beta));
  }
  return rows;
}

const cases: [string, () => tf.Optimizer, OptimizerFactory][] = [
  ['momentum', () => tf.train.momentum(0.05, 0.9), tfjsMomentum({ lr: 0.05, momentum: 0.9 })],
  ['momentum, Nesterov', () => tf.train.momentum(0.05, 0.8, true), tfjsMomentum({ lr: 0.05, momentum: 0.8, useNesterov: true })],
  ['rmsprop', () => tf.train.rmsprop(0.01), tfjsRmsprop({ lr: 0.01 })],
  ['rmsprop, momentum', () => tf.train.rmsprop(0.01, 0.95, 0.5), tfjsRmsprop({ lr: 0.01, decay: 0.95, momentum: 0.5 })],
  ['rmsprop, centered', () => tf.train.rmsprop(0.01, 0.9, 0.3, 1e-6, true), tfjsRmsprop({ lr: 0.01, momentum: 0.3, epsilon: 1e-6, centered: true })],
  ['adagrad', () => tf.train.adagrad(0.1), tfjsAdagrad({ lr: 0.1 })],
  ['adagrad, accumulator 1', () => tf.train.adagrad(0.1, 1), tfjsAdagrad({ lr: 0.1, initialAccumulatorValue: 1 })],
  ['adam', () => tf.train.adam(0.02), tfjsAdam({ lr: 0.02 })],
  ['adam, betas', () => tf.train.adam(0.02, 0.8, 0.99, 1e-5), tfjsAdam({ lr: 0.02, beta1: 0.8, beta2: 0.99, epsilon: 1e-5 })],
];

describe('TensorFlow.js dialects agree with tf.train optimizers (float32 tolerance)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  it.each(cases)('%s', (_name, makeTf, factory) => {
    const expected = runTfjs(makeTf());
    const actual = runOptspec(factory);
    for (let k = 0; k <= STEPS; k++) {
      const bad = firstMismatch(actual[k], expected[k], RTOL, ATOL);
      if (bad) expect.fail(`step ${k}, coordinate ${bad.index}: optspec ${bad.actual}, TensorFlow.js ${bad.expected}`);
    }
    // The run moved: agreement at the start alone would prove nothing.
    expect(Math.abs(actual[STEPS][0] - actual[0][0])).toBeGreaterThan(1e-3);
  });

  it('the adagrad dialect differs from PyTorch (accumulator starts at 0.1, not 0)', async () => {
    const { adagrad } = await import('../../src/optimizers/index.ts');
    const a = runOptspec(tfjsAdagrad({ lr: 0.1 }));
    const b = runOptspec(adagrad({ lr: 0.1 }));
    expect(firstMismatch(a[1], b[1], 1e-3)).not.toBeNull();
  });
});
