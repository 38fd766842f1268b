import { defineOptimizer, type OptimizerFactory } from './optimizer.ts';
import { HyperReader } from './hyper.ts';
import { saveState, loadVector } from './state.ts';
import { layoutFor, perGroup, tensorSize, type Layout, type LayoutTensor } from './layout.ts';
import { bfloat16 } from './bfloat16.ts';
import { InputError, nonNegativeInteger, positiveInteger } from '../validate/input-error.ts';

/** The quintic Newton–Schulz coefficients (a, b, c) of KellerJordan/Muon and torch.optim.Muon. */
export const NS_COEFFICIENTS: readonly [number, number, number] = [3.4445, -4.775, 2.0315];

export type MuonDialect = 'keller' | 'torch';
export type NsPrecision = 'bfloat16' | 'float64';
/** torch.optim.Muon's `adjust_lr_fn`: 'original' is √max(1, A/B), 'match_rms_adamw' is 0.2·√max(A, B). */
export type MuonAdjustLr = 'original' | 'match_rms_adamw';

export interface MuonOptions {
  /** Default 0.02 (keller) or 1e-3 (torch). */
  lr?: number;
  /** Default 0.95. */
  momentum?: number;
  /** Decoupled weight decay; default 0 (keller) or 0.1 (torch). */
  weightDecay?: number;
  /** Default true. */
  nesterov?: boolean;
  /** Newton–Schulz iterations; default 5. */
  nsSteps?: number;
  /** 'keller' (KellerJordan/Muon SingleDeviceMuon, the default) or 'torch' (torch.optim.Muon). */
  dialect?: MuonDialect;
  /** The arithmetic of the Newton–Schulz iteration: 'bfloat16' (default, as every published Muon) or 'float64'. */
  nsPrecision?: NsPrecision;
  /** torch dialect: the floor of the Frobenius norm; default 1e-7. */
  eps?: number;
  /** torch dialect: how the lr is scaled by the shape; default 'original'. */
  adjustLr?: MuonAdjustLr;
  /** With bfloat16 Newton–Schulz, whose arithmetic: 'float32' (default: CUDA) or 'torch-1.13-cpu'; see NsEmulation. */
  nsEmulation?: NsEmulation;
  /** The matrix shape of the parameters when the optimizer is given no layout: [rows, cols] with rows·cols = P. */
  shape?: readonly [number, number];
}

interface MuonHyper {
  readonly lr: number;
  readonly momentum: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;
  readonly nsSteps: number;
  readonly eps: number;
}

const KELLER_KEYS = ['lr', 'momentum', 'weightDecay', 'nesterov', 'nsSteps'];
const OPTION_KEYS = [...KELLER_KEYS, 'eps', 'dialect', 'nsPrecision', 'nsEmulation', 'adjustLr', 'shape'];

function readMuon(given: Readonly<Record<string, unknown>>, field: string, fallback: MuonHyper, dialect: MuonDialect): MuonHyper {
  const h = new HyperReader(given, field);
  const nsSteps = nonNegativeInteger(`${field}.nsSteps`, given.nsSteps ?? fallback.nsSteps);
  if (dialect === 'torch' && nsSteps >= 100) throw new InputError(`${field}.nsSteps`, nsSteps, 'expected fewer than 100 steps (torch.optim.Muon refuses more)');
  return {
    lr: h.lr(fallback.lr),
    momentum: h.factor('momentum', fallback.momentum),
    weightDecay: h.nonNegative('weightDecay', fallback.weightDecay),
    nesterov: h.flag('nesterov', fallback.nesterov),
    nsSteps,
    eps: dialect === 'torch' ? h.nonNegative('eps', fallback.eps) : fallback.eps,
  };
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[], fallback: T): T {
  const v = value ?? fallback;
  if (typeof v !== 'string' || !allowed.includes(v as T)) throw new InputError(field, v, `expected one of ${allowed.join(', ')}`);
  return v as T;
}

/** torch's lerp: start + w·(end − start) for |w| < ½, end − (end − start)·(1 − w) otherwise (ATen's Lerp.h). */
export function lerp(start: number, end: number, w: number): number {
  const diff = end - start;
  return Math.abs(w) < 0.5 ? start + w * diff : end - diff * (1 - w);
}

const exact = (x: number): number => x;

/**
 * How a matrix product accumulates: 'once' sums exactly and rounds once (a
 * float32 accumulator); 'sums' rounds each partial sum to bfloat16; 'terms'
 * rounds each product too (PyTorch 1.13's CPU bfloat16 gemm, by operand layout).
 */
type Accumulate = 'once' | 'sums' | 'terms';

/** C = A·B for row-major A (n × k) and B (k × m), every entry rounded by `round`. */
function matmul(A: Float64Array, B: Float64Array, n: number, k: number, m: number, round: (x: number) => number, accumulate: Accumulate = 'once'): Float64Array {
  const C = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      if (accumulate === 'once') for (let l = 0; l < k; l++) s += A[i * k + l] * B[l * m + j];
      else if (accumulate === 'sums') for (let l = 0; l < k; l++) s = bfloat16(s + A[i * k + l] * B[l * m + j]);
      else for (let l = 0; l < k; l++) s = bfloat16(s + bfloat16(A[i * k + l] * B[l * m + j]));
      C[i * m + j] = round(s);
    }
  }
  return C;
}

function transpose(A: Float64Array, rows: number, cols: number): Float64Array {
  const T = new Float64Array(A.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) T[j * rows + i] = A[i * cols + j];
  return T;
}

/** X·Xᵀ for row-major X (n × m). */
const gram = (X: Float64Array, n: number, m: number, round: (x: number) => number, accumulate: Accumulate) => matmul(X, transpose(X, n, m), n, m, n, round, accumulate);

export interface NewtonSchulzOptions {
  readonly steps: number;
  readonly precision: NsPrecision;
  /** How the Frobenius norm is kept off zero: KellerJordan adds 1e-7, torch.optim.Muon clamps to at least eps. */
  readonly floor: 'add' | 'clamp';
  readonly eps: number;
  readonly coefficients?: readonly [number, number, number];
  /** In 'bfloat16': whose bfloat16 arithmetic to emulate (see NsEmulation); default 'float32'. */
  readonly emulation?: NsEmulation;
}

/**
 * Two bfloat16 arithmetics the references meet. 'float32': a Python scalar
 * stays float32 and a matrix product accumulates in float32 before its one
 * rounding (CUDA; here the sum is accumulated in float64). 'torch-1.13-cpu':
 * PyTorch 1.13's CPU kernels round the scalar to bfloat16 first (a = 3.4445
 * becomes 3.4375), and a matrix product accumulates by the layout of its
 * operands: both row-major rounds every product and partial sum to bfloat16,
 * and so does X·Xᵀ with X the transposed view of a tall matrix; B·X with X
 * that view sums in float32 (measured against Debian's torch 1.13 op by op,
 * over five iterations on an 8×2 matrix, and read from its cpublas gemm). Each
 * iteration of KellerJordan's muon.py on torch 1.13 is then reproduced bit for
 * bit; a trajectory can still part, where torch's float64 `p.mul_(…)` and
 * `p.add_(…)` round the last bit differently and a later bfloat16 rounding flips.
 */
export type NsEmulation = 'float32' | 'torch-1.13-cpu';

/**
 * The quintic Newton–Schulz iteration of KellerJordan/Muon's
 * `zeropower_via_newtonschulz5` (and torch.optim.Muon's
 * `_zeropower_via_newtonschulz`), on a row-major rows × cols matrix G:
 *
 *   X₀ = G / (‖G‖_F + 1e-7)          (torch: G / max(‖G‖_F, eps)), on Gᵀ when rows > cols
 *   A = X·Xᵀ,  B = b·A + (c·A)·A,  X ← a·X + B·X      (nsSteps times; (a, b, c) = NS_COEFFICIENTS)
 *
 * and transposed back. In 'bfloat16' every tensor op's result is rounded to
 * bfloat16, as `X = G.bfloat16()` makes every op in the reference; a product's
 * sum is accumulated in float64 before its one rounding (GPUs accumulate in
 * float32). `c·A@A` is (c·A)@A: Python's `*` and `@` bind left to right.
 */
export function newtonSchulz(G: ArrayLike<number>, rows: number, cols: number, o: NewtonSchulzOptions): Float64Array {
  const round = o.precision === 'bfloat16' ? bfloat16 : exact;
  const cpu = o.precision === 'bfloat16' && o.emulation === 'torch-1.13-cpu';
  const scalar = cpu ? bfloat16 : exact;
  // torch 1.13's CPU gemm, by the layout of its operands: a tall G is iterated as the
  // transposed view G.mT, which every elementwise op keeps, so its products take other paths.
  const [gramSum, squareSum, applySum]: Accumulate[] = !cpu ? ['once', 'once', 'once'] : rows > cols ? ['terms', 'terms', 'once'] : ['once', 'terms', 'terms'];
  const [a, b, c] = (o.coefficients ?? NS_COEFFICIENTS).map(scalar);
  const tall = rows > cols;
  let X: Float64Array = Float64Array.from(G, round);
  if (tall) X = transpose(X, rows, cols);
  const n = tall ? cols : rows;
  const m = tall ? rows : cols;
  let sq = 0;
  for (let i = 0; i < X.length; i++) sq += X[i] * X[i];
  const norm = round(Math.sqrt(sq));
  const divisor = o.floor === 'add' ? round(norm + scalar(o.eps)) : Math.max(norm, round(o.eps));
  for (let i = 0; i < X.length; i++) X[i] = round(X[i] / divisor);
  for (let s = 0; s < o.steps; s++) {
    const A = gram(X, n, m, round, gramSum);
    const cA = A.map((v) => round(c * v));
    const AA = matmul(cA, A, n, n, n, round, squareSum);
    const B = A.map((v, i) => round(round(b * v) + AA[i]));
    const BX = matmul(B, X, n, n, m, round, applySum);
    X = X.map((v, i) => round(round(a * v) + BX[i]));
  }
  return tall ? transpose(X, n, m) : X;
}

/** The matrices Muon orthogonalises in a tensor, and the shape its scale is read from. */
export interface MuonMatrices {
  /** How many matrices the tensor holds, one after another. */
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** The last two dimensions of the tensor as given: max(1, scaleRows/scaleCols)^½ is the shape scale. */
  readonly scaleRows: number;
  readonly scaleCols: number;
}

/**
 * How each dialect sees a tensor. KellerJordan/Muon: a 4-D conv kernel is
 * viewed as out × (in·h·w); any other tensor of 2 or more dimensions as a batch
 * of matrices over its last two; the shape scale is always read from the
 * tensor's own last two dimensions (`grad.size(-2) / grad.size(-1)`, so a conv
 * kernel's scale comes from h/w). torch.optim.Muon: 2-D tensors only. A 1-D or
 * 0-D tensor is refused with one line, as `assert G.ndim >= 2` does.
 */
export function muonMatrices(tensor: LayoutTensor, dialect: MuonDialect): MuonMatrices {
  const s = tensor.shape;
  const field = `layout.tensors.${tensor.name}.shape`;
  if (s.length < 2) throw new InputError(field, s, 'Muon orthogonalises matrices: expected a tensor of 2 or more dimensions (give the optimizer a layout, or the option shape: [rows, cols])');
  if (dialect === 'torch' && s.length !== 2) throw new InputError(field, s, 'torch.optim.Muon only supports 2-D parameters');
  const scaleRows = s[s.length - 2];
  const scaleCols = s[s.length - 1];
  if (s.length === 4) return { count: 1, rows: s[0], cols: s[1] * s[2] * s[3], scaleRows, scaleCols };
  return { count: tensorSize(s.slice(0, -2)), rows: scaleRows, cols: scaleCols, scaleRows, scaleCols };
}

/**
 * Muon, "MomentUm Orthogonalized by Newton–Schulz" (Jordan et al. 2024), in
 * two dialects, per tensor of 2 or more dimensions:
 *
 * 'keller' follows KellerJordan/Muon `muon.py` (commit
 * 857d1adc159e098212f828d927460782d3da59e9): `SingleDeviceMuon` with
 * `muon_update`; defaults lr 0.02, momentum μ 0.95, weight decay 0, Nesterov
 * on, 5 Newton–Schulz steps (the reference fixes the last two; optspec lets
 * them be set):
 *
 *   B ← lerp(B, g, 1 − μ) = μ·B + (1 − μ)·g
 *   U = lerp(g, B, μ) = (1 − μ)·g + μ·B   (Nesterov; else U = B)
 *   O = NS₅(U)·max(1, rows/cols)^½        (see newtonSchulz and muonMatrices)
 *   θ ← θ·(1 − lr·wd);  θ ← θ − lr·O
 *
 * 'torch' follows torch.optim.Muon, pytorch/pytorch `torch/optim/_muon.py`
 * (PyTorch 2.9; read at commit 098e03f91de9384cc3afdf5c8b9a6bbc442bd66a).
 * Where it differs: defaults lr 1e-3 and weight decay 0.1; the norm is clamped
 * to at least eps (1e-7) instead of having 1e-7 added; 2-D tensors only; the
 * shape scale multiplies the lr (in float64), not the bfloat16 update:
 *
 *   θ ← θ·(1 − lr·wd);  θ ← θ − lr·s·NS₅(U),  s = √max(1, A/B) ('original') or 0.2·√max(A, B) ('match_rms_adamw')
 *
 * Both references compute Newton–Schulz in bfloat16; `nsPrecision: 'float64'`
 * computes it exactly instead. The references overwrite `p.grad` with the
 * Nesterov blend (keller) — optspec never writes to the gradient it is handed.
 * Without a layout the parameters are one matrix of the option `shape`.
 * Groups of a layout may override lr, momentum, weightDecay, nesterov, nsSteps (and eps).
 */
export function muon(options: MuonOptions = {}): OptimizerFactory {
  const given = options as Record<string, unknown>;
  new HyperReader(given).only(OPTION_KEYS);
  const dialect = oneOf('optimizer.dialect', given.dialect, ['keller', 'torch'] as const, 'keller');
  const precision = oneOf('optimizer.nsPrecision', given.nsPrecision, ['bfloat16', 'float64'] as const, 'bfloat16');
  const emulation = oneOf('optimizer.nsEmulation', given.nsEmulation, ['float32', 'torch-1.13-cpu'] as const, 'float32');
  const cpu113 = precision === 'bfloat16' && emulation === 'torch-1.13-cpu';
  const adjustLr = oneOf('optimizer.adjustLr', given.adjustLr, ['original', 'match_rms_adamw'] as const, 'original');
  if (dialect === 'keller' && (given.eps !== undefined || given.adjustLr !== undefined)) {
    throw new InputError(given.eps !== undefined ? 'optimizer.eps' : 'optimizer.adjustLr', given.eps ?? given.adjustLr, "only the torch dialect takes it (dialect: 'torch')");
  }
  const shape = given.shape === undefined ? undefined : readShape(given.shape);
  const defaults: MuonHyper = dialect === 'torch'
    ? { lr: 1e-3, momentum: 0.95, weightDecay: 0.1, nesterov: true, nsSteps: 5, eps: 1e-7 }
    : { lr: 0.02, momentum: 0.95, weightDecay: 0, nesterov: true, nsSteps: 5, eps: 1e-7 };
  const own = readMuon(given, 'optimizer', defaults, dialect);
  const name = dialect === 'torch' ? 'torch-muon' : 'muon';
  const { eps, ...shared } = own;
  const hyper = dialect === 'torch'
    ? { ...shared, eps, bfloat16: precision === 'bfloat16', matchRmsAdamw: adjustLr === 'match_rms_adamw', ...(cpu113 ? { torch113Cpu: true } : {}) }
    : { ...shared, bfloat16: precision === 'bfloat16', ...(cpu113 ? { torch113Cpu: true } : {}) };
  return defineOptimizer(name, hyper, (dim, givenLayout) => {
    const layout = givenLayout ?? shapedLayout(dim, shape);
    layoutFor(dim, layout); // refuses a layout made for another number of parameters
    const groups = perGroup(layout, (g, field) => {
      new HyperReader(g, field).only(dialect === 'torch' ? [...KELLER_KEYS, 'eps'] : KELLER_KEYS);
      return readMuon(g, field, own, dialect);
    });
    const matrices = layout.tensors.map((t) => muonMatrices(t, dialect));
    const momentumBuffer = new Float64Array(dim);
    return {
      step(params, grad) {
        layout.tensors.forEach((t, ti) => {
          const h = groups[t.group];
          const M = matrices[ti];
          const size = M.rows * M.cols;
          const U = new Float64Array(M.count * size);
          for (let i = 0; i < U.length; i++) {
            const j = t.offset + i;
            momentumBuffer[j] = lerp(momentumBuffer[j], grad[j], 1 - h.momentum);
            U[i] = h.nesterov ? lerp(grad[j], momentumBuffer[j], h.momentum) : momentumBuffer[j];
          }
          const ns: NewtonSchulzOptions = { steps: h.nsSteps, precision, floor: dialect === 'torch' ? 'clamp' : 'add', eps: h.eps, emulation };
          const shrink = 1 - h.lr * h.weightDecay;
          const ratio = Math.sqrt(Math.max(1, M.scaleRows / M.scaleCols));
          const round = precision === 'bfloat16' ? bfloat16 : exact;
          // keller scales the (bfloat16) update; torch scales the lr.
          const lr = dialect === 'torch' ? h.lr * (adjustLr === 'original' ? ratio : 0.2 * Math.sqrt(Math.max(M.rows, M.cols))) : h.lr;
          const scale = dialect === 'torch' ? 1 : ratio;
          for (let k = 0; k < M.count; k++) {
            const O = newtonSchulz(U.subarray(k * size, (k + 1) * size), M.rows, M.cols, ns);
            for (let i = 0; i < size; i++) {
              const j = t.offset + k * size + i;
              const o = scale === 1 ? O[i] : round(O[i] * (cpu113 ? round(scale) : scale));
              params[j] = params[j] * shrink - lr * o;
            }
          }
        });
      },
      state: () => ({ momentumBuffer }),
      save: () => saveState({ momentumBuffer }),
      load(s) {
        loadVector(s, 'momentumBuffer', momentumBuffer);
      },
    };
  });
}

function readShape(value: unknown): readonly [number, number] {
  if (!Array.isArray(value) || value.length !== 2) throw new InputError('optimizer.shape', value, 'expected [rows, cols]');
  return [positiveInteger('optimizer.shape[0]', value[0]), positiveInteger('optimizer.shape[1]', value[1])];
}

/** The layout of one matrix of the option `shape`, or the flat vector (which Muon then refuses) without one. */
function shapedLayout(dim: number, shape: readonly [number, number] | undefined): Layout {
  if (shape === undefined) return layoutFor(dim, undefined);
  if (shape[0] * shape[1] !== dim) throw new InputError('optimizer.shape', shape, `expected rows·cols = ${dim}, the number of parameters`);
  return { dim, tensors: [{ name: 'params', offset: 0, shape, group: 0 }], groups: [{}] };
}
