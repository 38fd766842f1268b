import type { Matrix } from './matrix.ts';

/**
 * matvec and rmatvec of matrix.ts on WebAssembly SIMD, two float64 lanes at a
 * time, for the regression problems whose every step is these two products.
 *
 * Bit for bit the same as the JavaScript kernels: each lane carries one of the
 * JavaScript partial sums (matvec's s0/s1 and s2/s3; rmatvec's column j and
 * j + 1), and every multiply and add happens in the same order and with the
 * same rounding (WebAssembly has no fused multiply-add in its base SIMD, and
 * V8 does not contract JavaScript's). Rows whose residual weights are both
 * zero are skipped exactly as rmatvec skips them. test/problems/simd-matrix.test.ts
 * checks the bits against matrix.ts.
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
  block: 0x02, loop: 0x03, if: 0x04, end: 0x0b, br: 0x0c, brIf: 0x0d, void: 0x40,
  get: 0x20, set: 0x21, tee: 0x22,
  i32Const: 0x41, i32Add: 0x6a, i32Mul: 0x6c, i32And: 0x71, i32Or: 0x72, i32Shl: 0x74, i32GeS: 0x4e,
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

// matvec(m, x, z, rows, cols): locals i, j, row, tail (i32); A, B (v128); s0 (f64).
function matvecBody(): number[] {
  const [m, x, z, rows, cols, i, j, row, tail, A, B, s0] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const dot = [
    ...v128Zero, ...set(A), ...v128Zero, ...set(B), ...i32(0), ...set(j),
    // A holds (s0, s1) and B (s2, s3): s0 += d[j]·x[j], s1 += d[j+1]·x[j+1], …
    ...whileLess(get(j), get(tail), [
      ...get(A), ...at(row, j), ...v128Load(), ...at(x, j), ...v128Load(), ...f64x2Mul, ...f64x2Add, ...set(A),
      ...get(B), ...at(row, j), ...v128Load(16), ...at(x, j), ...v128Load(16), ...f64x2Mul, ...f64x2Add, ...set(B),
      ...bump(j, 4),
    ]),
    ...get(A), ...f64x2Lane(0), ...set(s0),
    ...whileLess(get(j), get(cols), [
      ...get(s0), ...at(row, j), ...f64Load(), ...at(x, j), ...f64Load(), OP.f64Mul, OP.f64Add, ...set(s0),
      ...bump(j, 1),
    ]),
    // z[i] = s0 + s1 + (s2 + s3)
    ...at(z, i),
    ...get(s0), ...get(A), ...f64x2Lane(1), OP.f64Add,
    ...get(B), ...f64x2Lane(0), ...get(B), ...f64x2Lane(1), OP.f64Add, OP.f64Add,
    ...f64Store(),
  ];
  const code = [
    ...get(cols), ...i32(~3), OP.i32And, ...set(tail),
    ...get(m), ...set(row), ...i32(0), ...set(i),
    ...whileLess(get(i), get(rows), [
      ...dot,
      ...get(row), ...get(cols), ...i32(8), OP.i32Mul, OP.i32Add, ...set(row),
      ...bump(i, 1),
    ]),
  ];
  return fn([[4, I32], [2, V128], [1, F64]], code);
}

// rmatvec(m, r, out, rows, cols), `out` already zero: locals i, j, row0, row1, pairs (i32);
// r0, r1 (f64); R0, R1 (v128).
function rmatvecBody(): number[] {
  const [m, r, out, rows, cols, i, j, row0, row1, pairs, r0, r1, R0, R1] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const rowBytes = [...get(cols), ...i32(3), OP.i32Shl];
  /** out[j] (and out[j+1]) += the term, over all columns: two at a time, then the odd one. */
  const sweep = (vectorTerm: number[], scalarTerm: number[]) => [
    ...i32(0), ...set(j),
    ...whileLess(get(j), get(pairs), [
      ...at(out, j), ...at(out, j), ...v128Load(), ...vectorTerm, ...f64x2Add, ...v128Store(),
      ...bump(j, 2),
    ]),
    ...whileLess(get(j), get(cols), [
      ...at(out, j), ...at(out, j), ...f64Load(), ...scalarTerm, OP.f64Add, ...f64Store(),
      ...bump(j, 1),
    ]),
  ];
  const code = [
    ...get(cols), ...i32(~1), OP.i32And, ...set(pairs),
    ...get(m), ...set(row0), ...i32(0), ...set(i),
    // Two rows per sweep: out[j] += d0[j]·r0 + d1[j]·r1, skipped when r0 = r1 = 0.
    ...whileLess([...get(i), ...i32(1), OP.i32Add], get(rows), [
      ...at(r, i), ...f64Load(), ...set(r0), ...at(r, i), ...f64Load(8), ...set(r1),
      ...get(row0), ...rowBytes, OP.i32Add, ...set(row1),
      ...get(r0), ...f64Const0(), OP.f64Ne, ...get(r1), ...f64Const0(), OP.f64Ne, OP.i32Or,
      OP.if, OP.void,
      ...get(r0), ...f64x2Splat, ...set(R0), ...get(r1), ...f64x2Splat, ...set(R1),
      ...sweep(
        [...at(row0, j), ...v128Load(), ...get(R0), ...f64x2Mul, ...at(row1, j), ...v128Load(), ...get(R1), ...f64x2Mul, ...f64x2Add],
        [...at(row0, j), ...f64Load(), ...get(r0), OP.f64Mul, ...at(row1, j), ...f64Load(), ...get(r1), OP.f64Mul, OP.f64Add],
      ),
      OP.end,
      ...get(row1), ...rowBytes, OP.i32Add, ...set(row0),
      ...bump(i, 2),
    ]),
    // The odd last row: out[j] += d[j]·r[i], skipped when r[i] = 0.
    ...whileLess(get(i), get(rows), [
      ...at(r, i), ...f64Load(), ...set(r0),
      ...get(r0), ...f64Const0(), OP.f64Ne,
      OP.if, OP.void,
      ...get(r0), ...f64x2Splat, ...set(R0),
      ...sweep([...at(row0, j), ...v128Load(), ...get(R0), ...f64x2Mul], [...at(row0, j), ...f64Load(), ...get(r0), OP.f64Mul]),
      OP.end,
      ...bump(i, 1),
    ]),
  ];
  return fn([[5, I32], [2, F64], [2, V128]], code);
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
