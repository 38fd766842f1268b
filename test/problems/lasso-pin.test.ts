/**
 * REGRESSION PIN, recorded from lasso.ts before its loss and gradient were
 * fused for speed (issue 19's bench item). The fused code must give the same
 * float64 bits as the two-pass code it replaced: the same loss, the same
 * gradient, and at an exact zero of β the same subgradient sign(0) = 0, i.e.
 * the smooth gradient alone. Any change to these numbers is a change of
 * semantics, not of speed.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { lasso, makeProblem, type Objective } from '../../src/problems/index.ts';
import { randomMatrix } from '../../src/problems/matrix.ts';
import { rng, uniformArray } from '../../src/random/rng.ts';

/** The bytes of a float64 vector, hashed: equal hashes mean equal bits (−0 and NaN payloads included). */
function bits(v: Float64Array): string {
  return createHash('sha256').update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).digest('hex').slice(0, 32);
}

/** A seeded point with an exact zero at every `every`-th coordinate, where |β| has its kink. */
function pointWithZeros(seed: number, dim: number, every: number): Float64Array {
  const beta = uniformArray(rng(seed), dim, -1, 1);
  for (let j = 0; j < dim; j += every) beta[j] = 0;
  return beta;
}

interface Pin {
  name: string;
  problem: () => Objective;
  beta: () => Float64Array;
  loss: number;
  gradient: string;
}

const PINS: Pin[] = [
  {
    name: 'the bench problem, 20×500, λ = 0.01',
    problem: () => makeProblem({ kind: 'lasso', seed: 1, lambda: 0.01 }),
    beta: () => pointWithZeros(2, 500, 7),
    loss: 44.44120723832888,
    gradient: 'd73e044c462b59a59f56b11c29c0a221',
  },
  {
    name: 'an odd number of rows and columns, 7×13, λ = 0.3',
    problem: () => makeProblem({ kind: 'lasso', seed: 3, n: 7, p: 13, lambda: 0.3 }),
    beta: () => pointWithZeros(4, 13, 5),
    loss: 3.6072574354453066,
    gradient: '517d5d2acfad3736340f98d22946679a',
  },
  {
    name: 'λ = 0, plain least squares, 6×10',
    problem: () => makeProblem({ kind: 'lasso', seed: 5, n: 6, p: 10, lambda: 0 }),
    beta: () => pointWithZeros(6, 10, 3),
    loss: 0.5257619361498205,
    gradient: '991e03bbc99e87ec7a55df16e6fc1333',
  },
  {
    // y = 0 on rows 0, 1 and 4 and β = 0: their residuals are exactly 0, so those rows add nothing.
    name: 'rows with a zero residual, 5×9, λ = 0.2',
    problem: () => {
      const r = rng(7);
      const W = randomMatrix(r, 5, 9, -1, 1);
      const y = uniformArray(r, 5, -1, 1);
      y[0] = y[1] = y[4] = 0;
      return lasso({ W, y, lambda: 0.2 });
    },
    beta: () => new Float64Array(9),
    loss: 0.01694626979104806,
    gradient: 'b68aba83fcfa3cb2f32683897e051486',
  },
];

describe('lasso: regression pin of loss and gradient bits', () => {
  it.each(PINS)('$name: lossAndGradient, loss and gradient give the pinned bits', (pin) => {
    const p = pin.problem();
    const beta = pin.beta();
    const g = new Float64Array(p.dim);
    expect(p.lossAndGradient(beta, g)).toBe(pin.loss);
    expect(bits(g)).toBe(pin.gradient);
    expect(p.loss(beta)).toBe(pin.loss);
    expect(bits(p.gradient(beta))).toBe(pin.gradient);
  });

  it.each(PINS)('$name: at an exact zero of β the subgradient is the smooth gradient (sign(0) = 0)', (pin) => {
    const p = pin.problem();
    const beta = pin.beta();
    const g = p.gradient(beta);
    const smooth = p.composite!.smoothGradient(beta, new Float64Array(p.dim));
    let zeros = 0;
    for (let j = 0; j < p.dim; j++) {
      if (beta[j] !== 0) continue;
      zeros++;
      // `+ 0` as in g = smooth + λ·sign(0): a smooth −0 comes out +0.
      expect(Object.is(g[j], smooth[j] + 0), `coordinate ${j}: ${g[j]} vs ${smooth[j]}`).toBe(true);
    }
    expect(zeros).toBeGreaterThan(0);
  });

  it('the bench problem: the subgradient at every 10th exact zero, value by value', () => {
    const p = PINS[0].problem();
    const g = p.gradient(PINS[0].beta());
    const atZeros = [];
    for (let j = 0; j < p.dim; j += 70) atZeros.push(g[j]);
    expect(atZeros).toEqual([
      -0.37772203290853124, 0.9622979221683516, 0.6742718235546339, -0.7761901959966032, -1.805700855641728,
      -2.0079106462324683, -1.3684368033171845, -0.2852051505961285,
    ]);
  });

  it('the bench problem: 200 SGD steps reuse the scratch buffers and land on the pinned bits', () => {
    const p = PINS[0].problem();
    const beta = uniformArray(rng(2), p.dim, -1, 1);
    const g = p.gradient(beta);
    let lossSum = 0;
    for (let t = 0; t < 200; t++) {
      for (let j = 0; j < p.dim; j++) beta[j] -= 1e-3 * g[j];
      lossSum += p.lossAndGradient(beta, g);
    }
    expect(lossSum).toBe(2710.3921205330776);
    expect(bits(g)).toBe('2db90c2a8555fc6702d66aa5f0e12abd');
    expect(bits(beta)).toBe('a0cf59f7b3a858efa91500359f1f0e2d');
  });
});
