import { describe, expect, it } from 'vitest';
import { matvec, products, randomMatrix, rmatvec } from '../../src/problems/matrix.ts';
import { simdMatrix } from '../../src/problems/simd-matrix.ts';
import { rng, uniformArray } from '../../src/random/rng.ts';

/** Every bit equal, −0 against +0 included. */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

// Odd and even rows (rmatvec's lone last row), columns off a multiple of 4 (matvec's tail) and of 2 (rmatvec's).
const SHAPES: [rows: number, cols: number][] = [
  [1, 1], [1, 5], [2, 3], [3, 2], [5, 7], [7, 13], [20, 500], [21, 501], [50, 200], [4, 1030],
];

describe('WebAssembly SIMD products: the bits of matvec and rmatvec', () => {
  it('is available on this Node, so the tests below run the SIMD kernels and not the fallback', () => {
    expect(simdMatrix(randomMatrix(rng(1), 2, 2, -1, 1))).not.toBeNull();
  });

  it.each(SHAPES)('%i×%i: matvec and rmatvec give the same bits as matrix.ts', (rows, cols) => {
    const r = rng(rows * 1000 + cols);
    const m = randomMatrix(r, rows, cols, -1, 1);
    const k = simdMatrix(m)!;
    for (let t = 0; t < 3; t++) {
      const x = uniformArray(r, cols, -2, 2);
      const w = uniformArray(r, rows, -2, 2);
      // Zero weights: both rows of every third pair (skipped, between pairs taken one or two at a
      // time), then lone −0s, whose products must not change a sum.
      if (t === 1) for (let i = 0; i < rows; i++) if ((i >> 1) % 3 === 1 || i === rows - 1) w[i] = 0;
      if (t === 2) for (let i = 0; i < rows; i += 3) w[i] = -0;
      if (t === 2) x.fill(-0, 0, Math.min(cols, 5));
      k.x.set(x);
      k.matvec();
      expect(sameBits(k.z, matvec(m, x, new Float64Array(rows)))).toBe(true);
      k.r.set(w);
      k.rmatvec();
      expect(sameBits(k.out, rmatvec(m, w, new Float64Array(cols)))).toBe(true);
    }
  });

  it('products: all-zero weights give +0 everywhere, as rmatvec does, after an earlier nonzero product', () => {
    const m = randomMatrix(rng(4), 20, 500, -1, 1);
    const p = products(m);
    const out = p.rmatvec(uniformArray(rng(5), 20, -1, 1), new Float64Array(500));
    p.rmatvec(new Float64Array(20), out);
    expect(sameBits(out, new Float64Array(500))).toBe(true);
  });

  it('products: small matrices and vectors of the wrong length take the JavaScript kernels, with their results', () => {
    const small = randomMatrix(rng(6), 3, 4, -1, 1);
    const x = uniformArray(rng(7), 4, -1, 1);
    expect(sameBits(products(small).matvec(x, new Float64Array(3)), matvec(small, x, new Float64Array(3)))).toBe(true);
    const big = randomMatrix(rng(8), 20, 500, -1, 1);
    const short = uniformArray(rng(9), 499, -1, 1);
    expect(sameBits(products(big).matvec(short, new Float64Array(20)), matvec(big, short, new Float64Array(20)))).toBe(true);
  });
});
