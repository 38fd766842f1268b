/**
 * Muon variants, each in bfloat16 Newton–Schulz (as every published Muon) and
 * in float64: the bugs that shipped (no Frobenius normalisation, no shape
 * scale, Nesterov ignored) and their neighbours, and two correct rearrangements.
 */
import { defineOptimizer, type Hyper, type Optimizer } from '../../src/optimizers/optimizer.ts';
import { layoutFor, tensorSize, type Layout } from '../../src/optimizers/layout.ts';
import { bfloat16 } from '../../src/optimizers/bfloat16.ts';
import { num } from '../../src/check/modern/drive.ts';
import type { ModernVariant } from './variant.ts';

interface MuonBugs {
  noNormalisation?: boolean;
  noShapeScale?: boolean;
  /** max(1, cols/rows)^½ instead of max(1, rows/cols)^½. */
  scaleInverted?: boolean;
  ignoreNesterov?: boolean;
  coefficients?: readonly [number, number, number];
  /** Orthogonalises the gradient itself: no momentum. */
  noMomentum?: boolean;
  /** Shrinks θ by 1 − wd instead of 1 − lr·wd. */
  decayWithoutLr?: boolean;
  /** Shrinks θ after the update instead of before: (θ − lr·O)·(1 − lr·wd). */
  decayAfterUpdate?: boolean;
  /** Orthogonalises a conv kernel per (h × w) slice instead of as out × (in·h·w). */
  convPerSlice?: boolean;
  /** Normalises each row of the update to unit length instead of orthogonalising the matrix. */
  rowNormalised?: boolean;
  /** Correct: iterates with the Gram matrix XᵀX on the right, never transposing. */
  gramOnTheRight?: boolean;
  /** Correct: the momentum and Nesterov blend written as μB + (1 − μ)g and g + μ(B − g). */
  plainBlend?: boolean;
}

type Round = (x: number) => number;

/** C = A·B (n × k times k × m), each entry rounded. */
function mul(A: ArrayLike<number>, B: ArrayLike<number>, n: number, k: number, m: number, round: Round): Float64Array {
  const C = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
    let s = 0;
    for (let l = 0; l < k; l++) s += A[i * k + l] * B[l * m + j];
    C[i * m + j] = round(s);
  }
  return C;
}

function trans(A: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const T = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) T[j * rows + i] = A[i * cols + j];
  return T;
}

/** The variant's own quintic Newton–Schulz on a rows × cols matrix. */
function orthogonalise(G: ArrayLike<number>, rows: number, cols: number, steps: number, round: Round, o: MuonBugs): Float64Array {
  if (o.rowNormalised) {
    const out = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const row = Array.from({ length: cols }, (_, j) => G[i * cols + j]);
      const n = Math.hypot(...row) + 1e-7;
      row.forEach((v, j) => { out[i * cols + j] = round(v / n); });
    }
    return out;
  }
  const [a, b, c] = o.coefficients ?? [3.4445, -4.775, 2.0315];
  let X: Float64Array = Float64Array.from(G, round);
  let n = rows, m = cols;
  const flip = !o.gramOnTheRight && rows > cols;
  if (flip) [X, n, m] = [trans(X, rows, cols), cols, rows];
  if (!o.noNormalisation) {
    const norm = round(Math.hypot(...X));
    const d = round(norm + 1e-7);
    X = X.map((v) => round(v / d));
  }
  for (let s = 0; s < steps; s++) {
    if (o.gramOnTheRight) {
      const A = mul(trans(X, n, m), X, m, n, m, round);
      const AA = mul(A.map((v) => round(c * v)), A, m, m, m, round);
      const B = A.map((v, i) => round(round(b * v) + AA[i]));
      const XB = mul(X, B, n, m, m, round);
      X = X.map((v, i) => round(round(a * v) + XB[i]));
    } else {
      const A = mul(X, trans(X, n, m), n, m, n, round);
      const AA = mul(A.map((v) => round(c * v)), A, n, n, n, round);
      const B = A.map((v, i) => round(round(b * v) + AA[i]));
      const BX = mul(B, X, n, n, m, round);
      X = X.map((v, i) => round(round(a * v) + BX[i]));
    }
  }
  return flip ? trans(X, n, m) : X;
}

function muonLike(h: Hyper, dim: number, layout: Layout, round: Round, o: MuonBugs): Optimizer {
  const lr = num(h, 'lr'), mu = num(h, 'momentum'), wd = num(h, 'weightDecay'), steps = num(h, 'nsSteps');
  const nesterov = h.nesterov === true && !o.ignoreNesterov;
  const buf = new Float64Array(dim);
  return {
    step(p, g) {
      for (const t of layout.tensors) {
        const s = t.shape;
        if (s.length < 2) throw new Error(`${t.name}: Muon needs a matrix`);
        const size = tensorSize(s);
        const U = new Float64Array(size);
        for (let i = 0; i < size; i++) {
          const j = t.offset + i;
          if (o.plainBlend) {
            buf[j] = mu * buf[j] + (1 - mu) * g[j];
            U[i] = nesterov ? g[j] + mu * (buf[j] - g[j]) : buf[j];
          } else {
            buf[j] += (1 - mu) * (g[j] - buf[j]);
            U[i] = o.noMomentum ? g[j] : nesterov ? buf[j] - (buf[j] - g[j]) * (1 - mu) : buf[j];
          }
        }
        // A conv kernel is one out × (in·h·w) matrix; anything else a batch over its last two dimensions.
        const [count, rows, cols] = s.length === 4 && !o.convPerSlice ? [1, s[0], size / s[0]] : [size / (s.at(-2)! * s.at(-1)!), s.at(-2)!, s.at(-1)!];
        const [r, c] = [s.at(-2)!, s.at(-1)!];
        const scale = o.noShapeScale ? 1 : Math.sqrt(Math.max(1, o.scaleInverted ? c / r : r / c));
        for (let k = 0; k < count; k++) {
          const O = orthogonalise(U.subarray(k * rows * cols, (k + 1) * rows * cols), rows, cols, steps, round, o);
          for (let i = 0; i < O.length; i++) {
            const j = t.offset + k * rows * cols + i;
            const update = scale === 1 ? O[i] : round(O[i] * scale);
            const shrink = o.decayWithoutLr ? 1 - wd : 1 - lr * wd;
            p[j] = o.decayAfterUpdate ? (p[j] - lr * update) * shrink : p[j] * shrink - lr * update;
          }
        }
      }
    },
  };
}

/** Both precisions of one variant: `${id}` in bfloat16 Newton–Schulz and `${id}@float64`. */
function variants(id: string, description: string, broken: boolean, o: MuonBugs): ModernVariant[] {
  return (['bfloat16', 'float64'] as const).map((precision) => {
    const name = precision === 'bfloat16' ? id : `${id}@float64`;
    const round: Round = precision === 'bfloat16' ? bfloat16 : (x) => x;
    return {
      id: name,
      family: 'muon',
      description,
      broken,
      precision,
      make: (h: Hyper) => defineOptimizer(name, h, (dim, layout) => muonLike(h, dim, layoutFor(dim, layout), round, o)),
    };
  });
}

export const MUON_VARIANTS: readonly ModernVariant[] = [
  ...variants('muon-no-frobenius-normalisation', 'starts Newton–Schulz from G itself, not G/‖G‖_F', true, { noNormalisation: true }),
  ...variants('muon-no-shape-scale', 'leaves out the scale max(1, rows/cols)^½', true, { noShapeScale: true }),
  ...variants('muon-shape-scale-inverted', 'scales by max(1, cols/rows)^½', true, { scaleInverted: true }),
  ...variants('muon-nesterov-ignored', 'orthogonalises the buffer even when Nesterov is on', true, { ignoreNesterov: true }),
  ...variants('muon-cubic-newton-schulz', 'iterates the cubic Newton–Schulz (1.5, −0.5, 0) instead of the quintic', true, { coefficients: [1.5, -0.5, 0] }),
  ...variants('muon-no-momentum', 'orthogonalises the gradient, never the momentum', true, { noMomentum: true }),
  ...variants('muon-decay-without-lr', 'shrinks θ by 1 − wd instead of 1 − lr·wd', true, { decayWithoutLr: true }),
  ...variants('muon-decay-after-update', 'shrinks θ by 1 − lr·wd after the update instead of before', true, { decayAfterUpdate: true }),
  ...variants('muon-conv-per-slice', 'orthogonalises each h × w slice of a conv kernel instead of out × (in·h·w)', true, { convPerSlice: true }),
  ...variants('muon-row-normalised', 'normalises each row of the update instead of orthogonalising the matrix', true, { rowNormalised: true }),
  ...variants('muon-gram-on-the-right', 'iterates X ← a·X + X·(b·XᵀX + c·(XᵀX)²), never transposing', false, { gramOnTheRight: true }),
  ...variants('muon-plain-blend', 'writes the momentum as μB + (1 − μ)g and Nesterov as g + μ(B − g)', false, { plainBlend: true }),
];
