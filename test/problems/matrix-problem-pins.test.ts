/**
 * REGRESSION PIN, recorded from relu-regression.ts and least-squares.ts before
 * their matrix products moved to WebAssembly SIMD for speed (issue 19's bench
 * item; lasso has its own pin in lasso-pin.test.ts). The loss, the gradient,
 * the smooth gradient proximal methods take, and 200 SGD steps must keep every
 * float64 bit: a change here is a change of semantics, not of speed.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeProblem } from '../../src/problems/index.ts';
import { rng, uniformArray } from '../../src/random/rng.ts';

function bits(v: Float64Array): string {
  return createHash('sha256').update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).digest('hex').slice(0, 32);
}

const PINS = [
  {
    spec: { kind: 'relu-regression', seed: 1, lambda1: 0, lambda2: 0.01 },
    loss: 442.4663170442378, gradient: '7ca64c3e6b80cec8845f03c1f527d8b9', smooth: '7ca64c3e6b80cec8845f03c1f527d8b9',
    sgd: { lossSum: 2196.149622640669, gradient: '30d11ecca3b5585d7af2b1f561f3b886', beta: '74c94f71765d75a477ea90818138e804' },
  },
  {
    spec: { kind: 'relu-regression', seed: 8, n: 9, p: 11, lambda1: 0.2, lambda2: 0.05 },
    loss: 10.64106212933762, gradient: 'ee76aa03e9e4b373eca8c820bbbe9696', smooth: '3222e7b397287ff4df75e36f79093f69',
    sgd: { lossSum: 1745.1937902838808, gradient: '6f50841e5a214ed59683b3edece79289', beta: '235f131b934c6fa917f6e296b61eb30e' },
  },
  {
    spec: { kind: 'least-squares', seed: 1 },
    loss: 19.445346660706793, gradient: 'd5a964f30da3ae558e46ecfce0d0091b', smooth: undefined,
    sgd: { lossSum: 2623.7127252745736, gradient: '88fbd00fb2db0157d870290d68b29657', beta: 'c892c876a4fb78e71569f0cc56346a50' },
  },
  {
    spec: { kind: 'least-squares', seed: 9, n: 5, p: 7 },
    loss: 0.7335366347303769, gradient: '2b5ad980cc1c2bd46701156e4356df6f', smooth: undefined,
    sgd: { lossSum: 356.6396816873622, gradient: '0927a5d9a5be53e8e02fb5f860dd9f0d', beta: '64515c0d10cff9f15f7842efd51a42a7' },
  },
];

describe('relu-regression and least-squares: regression pin of loss and gradient bits', () => {
  it.each(PINS)('$spec.kind $spec.seed: loss, gradient and smooth gradient at a point with exact zeros', (pin) => {
    const p = makeProblem(pin.spec);
    const beta = uniformArray(rng(3), p.dim, -1, 1);
    for (let j = 0; j < p.dim; j += 6) beta[j] = 0;
    const g = new Float64Array(p.dim);
    expect(p.lossAndGradient(beta, g)).toBe(pin.loss);
    expect(bits(g)).toBe(pin.gradient);
    expect(p.loss(beta)).toBe(pin.loss);
    expect(bits(p.gradient(beta))).toBe(pin.gradient);
    if (pin.smooth !== undefined) expect(bits(p.composite!.smoothGradient(beta, new Float64Array(p.dim)))).toBe(pin.smooth);
  });

  it.each(PINS)('$spec.kind $spec.seed: 200 SGD steps land on the pinned bits', (pin) => {
    const p = makeProblem(pin.spec);
    const beta = uniformArray(rng(2), p.dim, -1, 1);
    const g = p.gradient(beta);
    let lossSum = 0;
    for (let t = 0; t < 200; t++) {
      for (let j = 0; j < p.dim; j++) beta[j] -= 1e-3 * g[j];
      lossSum += p.lossAndGradient(beta, g);
    }
    expect(lossSum).toBe(pin.sgd.lossSum);
    expect(bits(g)).toBe(pin.sgd.gradient);
    expect(bits(beta)).toBe(pin.sgd.beta);
  });
});
