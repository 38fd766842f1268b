import { InputError, finiteNumber } from '../validate/input-error.ts';
import type { Rng } from '../random/rng.ts';
import { simdMatrix, type SimdMatrix } from './simd-matrix.ts';

/** A dense row-major float64 matrix: the data of a regression problem. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** Build a matrix from an array of rows, checking shape and finiteness. */
export function fromRows(field: string, value: unknown): Matrix {
  if (value instanceof Object && 'data' in (value as object) && (value as Matrix).data instanceof Float64Array) return value as Matrix;
  if (!Array.isArray(value) || value.length === 0) throw new InputError(field, value, 'expected a non-empty array of rows');
  const first = value[0];
  if (!Array.isArray(first) || first.length === 0) throw new InputError(`${field}[0]`, first, 'expected a non-empty array of numbers');
  const cols = first.length;
  const data = new Float64Array(value.length * cols);
  value.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== cols) {
      throw new InputError(`${field}[${i}]`, row, `expected a row of ${cols} numbers like row 0`);
    }
    for (let j = 0; j < cols; j++) data[i * cols + j] = finiteNumber(`${field}[${i}][${j}]`, row[j]);
  });
  return { rows: value.length, cols, data };
}

export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

export function randomMatrix(r: Rng, rows: number, cols: number, lo: number, hi: number): Matrix {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = r.uniform(lo, hi);
  return { rows, cols, data };
}

/** out = M·x */
export function matvec(m: Matrix, x: Float64Array, out: Float64Array): Float64Array {
  const { rows, cols, data } = m;
  // Four partial sums: independent additions pipeline, and V8 does not reassociate on its own.
  const tail = cols & ~3;
  for (let i = 0; i < rows; i++) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    const base = i * cols;
    let j = 0;
    for (; j < tail; j += 4) {
      s0 += data[base + j] * x[j];
      s1 += data[base + j + 1] * x[j + 1];
      s2 += data[base + j + 2] * x[j + 2];
      s3 += data[base + j + 3] * x[j + 3];
    }
    for (; j < cols; j++) s0 += data[base + j] * x[j];
    out[i] = s0 + s1 + (s2 + s3);
  }
  return out;
}

/** out = Mᵀ·r, accumulated row by row so the matrix is read in storage order. */
export function rmatvec(m: Matrix, r: Float64Array, out: Float64Array): Float64Array {
  const { rows, cols, data } = m;
  out.fill(0);
  // Two rows per sweep halve the loads and stores of `out`.
  let i = 0;
  for (; i + 1 < rows; i += 2) {
    const r0 = r[i];
    const r1 = r[i + 1];
    if (r0 === 0 && r1 === 0) continue;
    const b0 = i * cols;
    const b1 = b0 + cols;
    for (let j = 0; j < cols; j++) out[j] += data[b0 + j] * r0 + data[b1 + j] * r1;
  }
  if (i < rows && r[i] !== 0) {
    const ri = r[i];
    const base = i * cols;
    for (let j = 0; j < cols; j++) out[j] += data[base + j] * ri;
  }
  return out;
}

/** matvec and rmatvec bound to one matrix, the two products a regression problem's step takes. */
export interface Products {
  matvec(x: Float64Array, out: Float64Array): Float64Array;
  rmatvec(r: Float64Array, out: Float64Array): Float64Array;
}

/** Below this many entries the products stay in JavaScript: copying in and out would cost what SIMD saves. */
const SIMD_MIN_ENTRIES = 1024;

/**
 * The products of `m`, on WebAssembly SIMD where available, with the same bits
 * as matvec and rmatvec above (simd-matrix.ts). The SIMD copy of `m` is made on
 * the first product, so it holds the data as it is then.
 */
export function products(m: Matrix): Products {
  const js: Products = { matvec: (x, out) => matvec(m, x, out), rmatvec: (r, out) => rmatvec(m, r, out) };
  if (m.rows * m.cols < SIMD_MIN_ENTRIES) return js;
  let simd: SimdMatrix | null | undefined;
  const kernels = (): SimdMatrix | null => {
    if (simd === undefined) simd = simdMatrix(m);
    return simd;
  };
  return {
    matvec(x, out) {
      const k = kernels();
      if (k === null || x.length !== m.cols) return matvec(m, x, out);
      k.x.set(x);
      k.matvec();
      out.set(k.z);
      return out;
    },
    rmatvec(r, out) {
      const k = kernels();
      if (k === null || r.length !== m.rows) return rmatvec(m, r, out);
      k.r.set(r);
      k.rmatvec();
      out.set(k.out);
      return out;
    },
  };
}

/** The Gram-type matrix Mᵀ·diag(w)·M, dense P×P row-major. */
export function weightedGram(m: Matrix, w: Float64Array): Float64Array {
  const { rows, cols, data } = m;
  const out = new Float64Array(cols * cols);
  for (let i = 0; i < rows; i++) {
    const wi = w[i];
    if (wi === 0) continue;
    const base = i * cols;
    for (let a = 0; a < cols; a++) {
      const za = data[base + a] * wi;
      if (za === 0) continue;
      const rowA = a * cols;
      for (let b = 0; b < cols; b++) out[rowA + b] += za * data[base + b];
    }
  }
  return out;
}

export function checkResponse(field: string, y: Float64Array, m: Matrix, matrixField: string): void {
  if (y.length !== m.rows) {
    throw new InputError(field, Array.from(y), `expected ${m.rows} numbers, one per row of ${matrixField} (found ${y.length})`);
  }
}
