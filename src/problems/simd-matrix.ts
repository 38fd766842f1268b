import type { Matrix } from './matrix.ts';

/**
 * matvec and rmatvec of matrix.ts on WebAssembly SIMD, two float64 lanes at a
 * time, for the regression problems whose every step is these two products.
 *
 * Bit for bit the same as the JavaScript kernels: each lane carries one of the
 * JavaScript partial sums (matvec's s0/s1 and s2/s3 of a row; rmatvec's
 * columns j and j + 1), and every multiply and add happens in the same order
 * and with the same rounding (WebAssembly has no fused multiply-add in its
 * base SIMD, and V8 does not contract JavaScript's). What changes is only how
 * often memory is touched: matvec takes two rows per pass over x, rmatvec two
 * row pairs per pass over out, adding them as two passes would. Row pairs
 * whose weights are both zero are skipped exactly as rmatvec skips them.
 * test/problems/simd-matrix.test.ts checks the bits against matrix.ts.
 *
 * The module is assembled here, opcode by opcode, so it needs no toolchain;
 * where WebAssembly SIMD is missing, `simdMatrix` returns null and callers keep
 * the JavaScript kernels.
 */

/** A copy of a matrix in WebAssembly memory, with views for the vectors the kernels read and write. */
export interface SimdMatrix {
  /** The input of `matvec` (cols numbers). */
  readonly x: Float64Array;
  /** The output of `matvec` (rows numbers). */
  readonly z: Float64Array;
  /** The input of `rmatvec` (rows numbers). */
  readonly r: Float64Array;
  /** The output of `rmatvec` (cols numbers). */
  readonly out: Float64Array;
  /** z = M·x */
  matvec(): void;
  /** out = Mᵀ·r */
  rmatvec(): void;
}

// Opcodes (WebAssembly core spec 5.4 and the SIMD proposal).
const OP = {
  block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, br: 0x0c, brIf: 0x0d, void: 0x40,
  get: 0x20, set: 0x21,
  i32Const: 0x41, i32Add: 0x6a, i32And: 0x71, i32Or: 0x72, i32Shl: 0x74, i32GeS: 0x4e,
  f64Load: 0x2b, f64Store: 0x39, f64Ne: 0x62, f64Add: 0xa0, f64Mul: 0xa2,
} as const;
const SIMD = 0xfd;
const v128Load = (offset = 0) => [SIMD, 0x00, 3, offset];
const v128Store = (offset = 0) => [SIMD, 0x0b, 3, offset];
const f64Load = (offset = 0) => [OP.f64Load, 3, offset];
const f64Store = (offset = 0) => [OP.f64Store, 3, offset];
const f64x2Splat = [SIMD, 0x14];
const f64x2Lane = (lane: number) => [SIMD, 0x21, lane];
const f64x2Add = [SIMD, 0xf0, 0x01];
const f64x2Mul = [SIMD, 0xf2, 0x01];
const v128Zero = [SIMD, 0x0c, ...new Array(16).fill(0)];
const I32 = 0x7f, F64 = 0x7c, V128 = 0x7b;

const get = (l: number) => [OP.get, l];
const set = (l: number) => [OP.set, l];
const i32 = (n: number) => [OP.i32Const, ...sleb(n)];
/** local a += n */
const bump = (l: number, n: number) => [...get(l), ...i32(n), OP.i32Add, ...set(l)];
/** The byte address base + 8·index. */
const at = (base: number, index: number) => [...get(base), ...get(index), ...i32(3), OP.i32Shl, OP.i32Add];
/** while (!(a >= b)) { body } — a loop whose exit test comes first. */
const whileLess = (a: number[], b: number[], body: number[]) => [
  OP.block, OP.void, OP.loop, OP.void,
  ...a, ...b, OP.i32GeS, OP.brIf, 1,
  ...body,
  OP.br, 0, OP.end, OP.end,
];

// matvec(m, x, z, rows, cols): locals i, j, row, tail, row1 (i32); A, B, A1, B1, X, Y (v128); s0, t0 (f64).
function matvecBody(): number[] {
  const [m, x, z, rows, cols, i, j, row, tail, row1, A, B, A1, B1, X, Y, s0, t0] =
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
  const rowBytes = [...get(cols), ...i32(3), OP.i32Shl];
  /** acc += v128 at row + 8j + offset, times `factor` */
  const accumulate = (acc: number, rowStart: number, offset: number, factor: number) =>
    [...get(acc), ...at(rowStart, j), ...v128Load(offset), ...get(factor), ...f64x2Mul, ...f64x2Add, ...set(acc)];
  /** s += d[j]·x[j] over the columns past the last multiple of 4 */
  const tailOf = (s: number, rowStart: number) =>
    [...get(s), ...at(rowStart, j), ...f64Load(), ...at(x, j), ...f64Load(), OP.f64Mul, OP.f64Add, ...set(s)];
  /** z[index] = s0 + s1 + (s2 + s3), with s0 in `s`, s1 in lane 1 of `a`, s2 and s3 in `b`. */
  const store = (index: number[], s: number, a: number, b: number) => [
    ...get(z), ...index, ...i32(3), OP.i32Shl, OP.i32Add,
    ...get(s), ...get(a), ...f64x2Lane(1), OP.f64Add,
    ...get(b), ...f64x2Lane(0), ...get(b), ...f64x2Lane(1), OP.f64Add, OP.f64Add,
    ...f64Store(),
  ];
  // Two rows at a time share the loads of x; each row's sums are those of matrix.ts's matvec:
  // A holds (s0, s1) and B (s2, s3), with s0 += d[j]·x[j], s1 += d[j+1]·x[j+1], …
  const twoRows = [
    ...get(row), ...rowBytes, OP.i32Add, ...set(row1),
    ...v128Zero, ...set(A), ...v128Zero, ...set(B), ...v128Zero, ...set(A1), ...v128Zero, ...set(B1), ...i32(0), ...set(j),
    ...whileLess(get(j), get(tail), [
      ...at(x, j), ...v128Load(), ...set(X), ...at(x, j), ...v128Load(16), ...set(Y),
      ...accumulate(A, row, 0, X), ...accumulate(B, row, 16, Y),
      ...accumulate(A1, row1, 0, X), ...accumulate(B1, row1, 16, Y),
      ...bump(j, 4),
    ]),
    ...get(A), ...f64x2Lane(0), ...set(s0), ...get(A1), ...f64x2Lane(0), ...set(t0),
    ...whileLess(get(j), get(cols), [...tailOf(s0, row), ...tailOf(t0, row1), ...bump(j, 1)]),
    ...store(get(i), s0, A, B),
    ...store([...get(i), ...i32(1), OP.i32Add], t0, A1, B1),
    ...get(row1), ...rowBytes, OP.i32Add, ...set(row),
    ...bump(i, 2),
  ];
  const oneRow = [
    ...v128Zero, ...set(A), ...v128Zero, ...set(B), ...i32(0), ...set(j),
    ...whileLess(get(j), get(tail), [
      ...at(x, j), ...v128Load(), ...set(X), ...at(x, j), ...v128Load(16), ...set(Y),
      ...accumulate(A, row, 0, X), ...accumulate(B, row, 16, Y),
      ...bump(j, 4),
    ]),
    ...get(A), ...f64x2Lane(0), ...set(s0),
    ...whileLess(get(j), get(cols), [...tailOf(s0, row), ...bump(j, 1)]),
    ...store(get(i), s0, A, B),
    ...get(row), ...rowBytes, OP.i32Add, ...set(row),
    ...bump(i, 1),
  ];
  const code = [
    ...get(cols), ...i32(~3), OP.i32And, ...set(tail),
    ...get(m), ...set(row), ...i32(0), ...set(i),
    ...whileLess([...get(i), ...i32(1), OP.i32Add], get(rows), twoRows),
    ...whileLess(get(i), get(rows), oneRow),
  ];
  return fn([[5, I32], [6, V128], [2, F64]], code);
}

// rmatvec(m, r, out, rows, cols), `out` already zero: locals i, j, row0, row1, pairs, row2, row3 (i32);
// r0, r1, r2, r3 (f64); R0, R1, R2, R3 (v128).
function rmatvecBody(): number[] {
  const [m, r, out, rows, cols, i, j, row0, row1, pairs, row2, row3, r0, r1, r2, r3, R0, R1, R2, R3] =
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  const rowBytes = [...get(cols), ...i32(3), OP.i32Shl];
  /** out[j] = (out[j] + term₁) + term₂ …, over all columns: two at a time, then the odd one. */
  const sweep = (terms: { vector: number[]; scalar: number[] }[]) => [
    ...i32(0), ...set(j),
    ...whileLess(get(j), get(pairs), [
      ...at(out, j), ...at(out, j), ...v128Load(), ...terms.flatMap((t) => [...t.vector, ...f64x2Add]), ...v128Store(),
      ...bump(j, 2),
    ]),
    ...whileLess(get(j), get(cols), [
      ...at(out, j), ...at(out, j), ...f64Load(), ...terms.flatMap((t) => [...t.scalar, OP.f64Add]), ...f64Store(),
      ...bump(j, 1),
    ]),
  ];
  /** d[j]·r, or d[j]·r + e[j]·s for a pair of rows: the terms of matrix.ts's rmatvec. */
  const term = (rowsAndWeights: [row: number, splat: number, weight: number][]) => ({
    vector: rowsAndWeights.flatMap(([row, R], k) => [...at(row, j), ...v128Load(), ...get(R), ...f64x2Mul, ...(k > 0 ? f64x2Add : [])]),
    scalar: rowsAndWeights.flatMap(([row, , w], k) => [...at(row, j), ...f64Load(), ...get(w), OP.f64Mul, ...(k > 0 ? [OP.f64Add] : [])]),
  });
  const first = term([[row0, R0, r0], [row1, R1, r1]]);
  const second = term([[row2, R2, r2], [row3, R3, r3]]);
  /** Does the pair of weights at r + 8·i + offset have a nonzero? Loads them into a and b. */
  const pairActive = (offset: number, a: number, b: number) => [
    ...at(r, i), ...f64Load(offset), ...set(a), ...at(r, i), ...f64Load(offset + 8), ...set(b),
    ...get(a), ...f64Const0(), OP.f64Ne, ...get(b), ...f64Const0(), OP.f64Ne, OP.i32Or,
  ];
  const code = [
    ...get(cols), ...i32(~1), OP.i32And, ...set(pairs),
    ...get(m), ...set(row0), ...i32(0), ...set(i),
    // Rows two by two: out[j] += d0[j]·r0 + d1[j]·r1, a pair skipped when r0 = r1 = 0. When the
    // next pair is not skipped either, one sweep takes both, (out[j] + pair₁) + pair₂, halving
    // the loads and stores of `out` with the same additions in the same order.
    ...whileLess([...get(i), ...i32(1), OP.i32Add], get(rows), [
      ...get(row0), ...rowBytes, OP.i32Add, ...set(row1),
      ...get(row1), ...rowBytes, OP.i32Add, ...set(row2),
      ...get(row2), ...rowBytes, OP.i32Add, ...set(row3),
      ...pairActive(0, r0, r1),
      OP.if, OP.void,
      ...get(r0), ...f64x2Splat, ...set(R0), ...get(r1), ...f64x2Splat, ...set(R1),
      ...get(i), ...i32(3), OP.i32Add, ...get(rows), OP.i32GeS,
      OP.if, I32, ...i32(0), OP.else, ...pairActive(16, r2, r3), OP.end,
      OP.if, OP.void,
      ...get(r2), ...f64x2Splat, ...set(R2), ...get(r3), ...f64x2Splat, ...set(R3),
      ...sweep([first, second]),
      ...bump(i, 2), ...get(row2), ...set(row0), ...get(row3), ...rowBytes, OP.i32Add, ...set(row2),
      OP.else,
      ...sweep([first]),
      OP.end,
      OP.end,
      ...get(row2), ...set(row0),
      ...bump(i, 2),
    ]),
    // The odd last row: out[j] += d[j]·r[i], skipped when r[i] = 0.
    ...whileLess(get(i), get(rows), [
      ...at(r, i), ...f64Load(), ...set(r0),
      ...get(r0), ...f64Const0(), OP.f64Ne,
      OP.if, OP.void,
      ...get(r0), ...f64x2Splat, ...set(R0),
      ...sweep([term([[row0, R0, r0]])]),
      OP.end,
      ...bump(i, 1),
    ]),
  ];
  return fn([[7, I32], [4, F64], [4, V128]], code);
}

function f64Const0(): number[] {
  return [0x44, 0, 0, 0, 0, 0, 0, 0, 0];
}

/** A function body: its local declarations, its code and `end`, prefixed by its size. */
function fn(locals: [count: number, type: number][], code: number[]): number[] {
  const body = [...uleb(locals.length), ...locals.flatMap(([n, t]) => [...uleb(n), t]), ...code, OP.end];
  return [...uleb(body.length), ...body];
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

const name = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

function moduleBytes(): Uint8Array {
  const kernels = [matvecBody(), rmatvecBody()];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    // one type: (i32 × 5) → ()
    ...section(1, [1, 0x60, 5, I32, I32, I32, I32, I32, 0]),
    // import env.memory, at least one page
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 1]),
    ...section(3, [2, 0, 0]),
    ...section(7, [2, ...name('matvec'), 0x00, 0, ...name('rmatvec'), 0x00, 1]),
    ...section(10, [2, ...kernels.flat()]),
  ];
  return Uint8Array.from(bytes);
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

/** The little of the WebAssembly API used here (the project's TypeScript lib has no DOM or WebAssembly types). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is not available. */
function kernelModule(): object | null {
  if (compiled === undefined) {
    try {
      const bytes = moduleBytes();
      compiled = wasm !== undefined && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

const PAGE = 65536;

/**
 * A SIMD copy of `m`, or null where WebAssembly SIMD is missing. The copy is
 * taken now: the problems never change their data after construction.
 */
export function simdMatrix(m: Matrix): SimdMatrix | null {
  const module = kernelModule();
  if (module === null) return null;
  const { rows, cols } = m;
  // Float64 offsets of the matrix, x, z, r and out in one memory.
  const X = rows * cols;
  const Z = X + cols;
  const R = Z + rows;
  const O = R + rows;
  const bytes = (O + cols) * 8;
  if (bytes > 2 ** 31) return null;
  let memory: { buffer: ArrayBuffer };
  let instance: { exports: Record<string, unknown> };
  try {
    memory = new wasm!.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)) });
    instance = new wasm!.Instance(module, { env: { memory } });
  } catch {
    // Out of address space for another memory (many live problems at once): the JavaScript kernels still work.
    return null;
  }
  const exports = instance.exports as { matvec: (...a: number[]) => void; rmatvec: (...a: number[]) => void };
  const heap = new Float64Array(memory.buffer);
  heap.set(m.data, 0);
  const out = heap.subarray(O, O + cols);
  return {
    x: heap.subarray(X, X + cols),
    z: heap.subarray(Z, Z + rows),
    r: heap.subarray(R, R + rows),
    out,
    matvec: () => exports.matvec(0, X * 8, Z * 8, rows, cols),
    rmatvec: () => {
      out.fill(0);
      exports.rmatvec(0, R * 8, O * 8, rows, cols);
    },
  };
}
