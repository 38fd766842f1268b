/**
 * Muon's relations: it acts on matrices (conv kernels flattened as
 * KellerJordan/Muon does), its update is orthogonally equivariant, the
 * singular values of its orthogonalised update lie in the band the quintic
 * Newton–Schulz coefficients give, and the shape scale max(1, rows/cols)^½ applies.
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import type { Hyper } from '../../optimizers/optimizer.ts';
import type { Objective } from '../../problems/objective.ts';
import { makeLayout, tensorSize, tensorView, type Layout, type LayoutTensor } from '../../optimizers/layout.ts';
import { newtonSchulz, NS_COEFFICIENTS, muonMatrices, type MuonDialect } from '../../optimizers/muon.ts';
import { rng, type Rng } from '../../random/rng.ts';
import { pass, fail, skip } from '../expectation.ts';
import { drive, guarded, seededLeastSquares, distanceTo, linear, num, maxAbs, rounding, type ModernRelation, type ModernPrecision } from './drive.ts';
import { coordinateLabel } from '../../trace/tensor.ts';

/** The configuration the relations use (not the defaults, so a hard-coded default shows). */
export const MUON_HYPER: Hyper = { lr: 0.05, momentum: 0.9, weightDecay: 0.1, nesterov: true, nsSteps: 5 };

/** A layout of the given shapes, one after another, in one group. */
export function layoutOf(shapes: Readonly<Record<string, readonly number[]>>): Layout {
  let offset = 0;
  const tensors = Object.entries(shapes).map(([name, shape]) => {
    const t = { name, offset, shape: [...shape], group: 0 };
    offset += tensorSize(shape);
    return t;
  });
  return makeLayout({ dim: offset, tensors });
}

/** The model the gate runs Muon on: a tall, a wide and a square matrix, and (KellerJordan's dialect) a conv kernel. */
export function muonModel(dialect: MuonDialect): Layout {
  return layoutOf({ 'tall.weight': [8, 2], 'wide.weight': [2, 8], 'square.weight': [3, 3], ...(dialect === 'keller' ? { 'conv.weight': [2, 1, 2, 2] } : {}) });
}

/**
 * Each parameter's shape scale √max(1, rows/cols), read from its tensor as the
 * dialect reads it (muonMatrices): how much larger than lr its update is. A
 * parameter outside every tensor (no layout) counts 1.
 */
export function shapeScaleOf(layout: Layout | undefined, dialect: MuonDialect): (j: number) => number {
  const scale = new Map<LayoutTensor, number>();
  for (const t of layout?.tensors ?? []) {
    const m = muonMatrices(t, dialect);
    scale.set(t, Math.sqrt(Math.max(1, m.scaleRows / m.scaleCols)));
  }
  return (j) => {
    for (const [t, s] of scale) if (j >= t.offset && j < t.offset + tensorSize(t.shape)) return s;
    return 1;
  };
}

/** The singular values of a row-major rows × cols matrix (ml-matrix's SVD). */
export function singularValues(values: ArrayLike<number>, rows: number, cols: number): number[] {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m.set(i, j, values[i * cols + j]);
  return new SingularValueDecomposition(m, { autoTranspose: true }).diagonal;
}

/**
 * What `steps` quintic Newton–Schulz steps make of a normalised singular value
 * s ∈ [lowest, 1]: [min, max] over a fine grid. For the published coefficients,
 * 5 steps and s ≥ 0.01 this is [0.6818, 1.1344].
 */
export function nsBand(steps = 5, lowest = 0.01, [a, b, c] = NS_COEFFICIENTS): readonly [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let s = lowest; s <= 1; s += 1e-4) {
    let t = s;
    for (let k = 0; k < steps; k++) t = a * t + b * t ** 3 + c * t ** 5;
    lo = Math.min(lo, t);
    hi = Math.max(hi, t);
  }
  return [lo, hi];
}

/** How much wider bfloat16 Newton–Schulz makes the band (measured about 0.025 each side; 8 significant bits). */
const BFLOAT16_WIDENING = 0.05;

/** A seeded random orthogonal n × n matrix (Gram–Schmidt on normal draws), row-major. */
export function randomOrthogonal(r: Rng, n: number): Float64Array {
  const Q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const v = Array.from({ length: n }, () => r.normal());
    for (let p = 0; p < i; p++) {
      let d = 0;
      for (let j = 0; j < n; j++) d += v[j] * Q[p * n + j];
      for (let j = 0; j < n; j++) v[j] -= d * Q[p * n + j];
    }
    const norm = Math.hypot(...v);
    for (let j = 0; j < n; j++) Q[i * n + j] = v[j] / norm;
  }
  return Q;
}

/** U·M·Vᵀ for row-major U (m × m), M (m × n), V (n × n). */
export function rotate(U: Float64Array, M: ArrayLike<number>, V: Float64Array, m: number, n: number): Float64Array {
  const UM = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) { let s = 0; for (let l = 0; l < m; l++) s += U[i * m + l] * M[l * n + j]; UM[i * n + j] = s; }
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) { let s = 0; for (let l = 0; l < n; l++) s += UM[i * n + l] * V[j * n + l]; out[i * n + j] = s; }
  return out;
}

/** A gradient with chosen singular values: U·diag(s)·Vᵀ for seeded orthogonal U, V. */
function withSingularValues(r: Rng, rows: number, cols: number, s: readonly number[]): Float64Array {
  const D = new Float64Array(rows * cols);
  s.forEach((v, i) => { D[i * cols + i] = v; });
  return rotate(randomOrthogonal(r, rows), D, randomOrthogonal(r, cols), rows, cols);
}

/** Per unit of a normalised update: how far a correct implementation's entries may be from float64 Newton–Schulz. */
const DIRECTION_TOLERANCE: Readonly<Record<ModernPrecision, number>> = { float64: 1e-9, float32: 1e-5, bfloat16: 0.08 };

function normalised(v: ArrayLike<number>): Float64Array {
  const n = Math.hypot(...Array.from(v));
  return Float64Array.from(v, (x) => x / n);
}

/** The first step's update of each tensor, as the tensor itself: θ₁ − θ₀. */
function firstUpdate(rows: Float64Array[], t: LayoutTensor): Float64Array {
  const before = tensorView(rows[0], t), after = tensorView(rows[1], t);
  return Float64Array.from(after, (v, i) => v - before[i]);
}

/**
 * The first update of each tensor points along the orthogonalised gradient of
 * the matrix the reference sees: a matrix as it is, a conv kernel as out × (in·h·w).
 */
export function muonActsOnMatrices(dialect: MuonDialect): ModernRelation {
  return {
    id: 'muon-acts-on-matrices',
    family: 'muon',
    title: `each tensor's first update is its orthogonalised gradient, seen as a matrix${dialect === 'keller' ? ' (a conv kernel as out × in·h·w)' : ''}`,
    run: (make, precision) => guarded('muon', () => {
      const layout = muonModel(dialect);
      const { problem, init } = seededLeastSquares(5501, 80, layout.dim);
      // Momentum 0 makes the first step's matrix the gradient itself, so even ε's effect is the reference's.
      const hyper = { ...MUON_HYPER, weightDecay: 0, momentum: 0 };
      const { rows, grads } = drive(make(hyper), problem, init, 1, layout);
      for (const t of layout.tensors) {
        const M = muonMatrices(t, dialect);
        const g = tensorView(grads[0], t);
        const O = new Float64Array(g.length);
        for (let k = 0; k < M.count; k++) {
          const size = M.rows * M.cols;
          O.set(newtonSchulz(g.subarray(k * size, (k + 1) * size), M.rows, M.cols, { steps: num(hyper, 'nsSteps'), precision: 'float64', floor: dialect === 'torch' ? 'clamp' : 'add', eps: 1e-7 }), k * size);
        }
        const want = normalised(O.map((v) => -v));
        const got = normalised(firstUpdate(rows, t));
        for (let i = 0; i < got.length; i++) {
          if (!(Math.abs(got[i] - want[i]) <= DIRECTION_TOLERANCE[precision])) {
            return fail(`the first update of ${t.name} (shape ${t.shape.join('×')}) is not its orthogonalised gradient as a ${M.rows}×${M.cols} matrix: entry ${i} of the normalised update is ${got[i]}, not ${want[i]}`);
          }
        }
      }
      return pass(`the first update of each of ${layout.tensors.map((t) => `${t.name} ${t.shape.join('×')}`).join(', ')} is its orthogonalised gradient`);
    }),
  };
}

/** Rotating the problem by U·(·)·Vᵀ rotates the whole trajectory the same way (momentum, Newton–Schulz and decay all commute with it). */
export const muonEquivariance: ModernRelation = {
  id: 'muon-orthogonal-equivariance',
  family: 'muon',
  title: 'rotating the gradient as U·G·Vᵀ rotates the update the same way (float64 Newton–Schulz)',
  run: (make, precision) => {
    if (precision === 'bfloat16') return skip('orthogonal equivariance holds exactly only for float64 Newton–Schulz');
    return guarded('muon', () => {
      const [m, n] = [4, 3];
      const layout = layoutOf({ weight: [m, n] });
      const r = rng(5502);
      const target = Float64Array.from({ length: m * n }, () => r.normal());
      const init = Float64Array.from({ length: m * n }, () => r.normal());
      const U = randomOrthogonal(r, m), V = randomOrthogonal(r, n);
      const steps = 4;
      const base = drive(make(MUON_HYPER), distanceTo(target), init, steps, layout).rows;
      const turned = drive(make(MUON_HYPER), distanceTo(rotate(U, target, V, m, n)), rotate(U, init, V, m, n), steps, layout).rows;
      for (let k = 1; k <= steps; k++) {
        const want = rotate(U, base[k], V, m, n);
        const budget = DIRECTION_TOLERANCE[precision] * (maxAbs(want) + 1);
        for (let i = 0; i < want.length; i++) {
          if (!(Math.abs(turned[k][i] - want[i]) <= budget)) return fail(`with the problem rotated as U·(·)·Vᵀ, entry ${i} at step ${k} was ${turned[k][i]}, not the rotated ${want[i]}`);
        }
      }
      return pass(`rotating a ${m}×${n} problem by seeded orthogonal U, V rotated all ${steps} steps the same way`);
    });
  },
};

/** The singular values of one update of a tensor, divided by lr·scale. */
function updateSpectrum(make: Parameters<ModernRelation['run']>[0], layout: Layout, g: Float64Array, t: LayoutTensor): number[] {
  // Momentum 0: the first step orthogonalises g itself, whose ‖g‖_F > 1 leaves the band unless it is normalised first.
  const hyper = { ...MUON_HYPER, weightDecay: 0, momentum: 0 };
  const init = new Float64Array(layout.dim);
  const { rows } = drive(make(hyper), linear(g), init, 1, layout);
  const [r, c] = [t.shape[0], tensorSize(t.shape.slice(1))];
  return singularValues(firstUpdate(rows, t).map((v) => -v / num(hyper, 'lr')), r, c);
}

function band(precision: ModernPrecision, scale: number): readonly [number, number] {
  const [lo, hi] = nsBand(num(MUON_HYPER, 'nsSteps'));
  const widen = precision === 'bfloat16' ? BFLOAT16_WIDENING : 1e-6;
  return [scale * (lo - widen), scale * (hi + widen)];
}

/** Seeded gradients with singular values in [1, 3] (so ‖G‖_F > 1: an update that skips the normalisation leaves the band). */
function gradientsFor(r: Rng, rows: number, cols: number, count: number): Float64Array[] {
  return Array.from({ length: count }, () => withSingularValues(r, rows, cols, Array.from({ length: Math.min(rows, cols) }, () => r.uniform(1, 3))));
}

export const muonSingularBand: ModernRelation = {
  id: 'muon-singular-value-band',
  family: 'muon',
  title: 'the singular values of the orthogonalised update lie in the band the quintic coefficients give (≈ [0.68, 1.13] for 5 steps)',
  run: (make, precision) => guarded('muon', () => {
    const r = rng(5503);
    const [lo, hi] = band(precision, 1);
    for (const [m, n] of [[3, 3], [4, 4], [3, 5]] as const) {
      const layout = layoutOf({ weight: [m, n] });
      for (const g of gradientsFor(r, m, n, 4)) {
        const s = updateSpectrum(make, layout, g, layout.tensors[0]);
        const out = s.find((v) => !(v >= lo && v <= hi));
        if (out !== undefined) return fail(`a ${m}×${n} update divided by lr has singular value ${out}, outside [${lo.toFixed(4)}, ${hi.toFixed(4)}]`);
      }
    }
    return pass(`the singular values of 12 updates (3×3, 4×4, 3×5) divided by lr lie in [${lo.toFixed(4)}, ${hi.toFixed(4)}]`);
  }),
};

export const muonShapeScale: ModernRelation = {
  id: 'muon-shape-scale',
  family: 'muon',
  title: 'the shape scale max(1, rows/cols)^½ applies: an 8×2 update is twice a 2×8 one',
  run: (make, precision) => guarded('muon', () => {
    const r = rng(5504);
    const layout = layoutOf({ 'tall.weight': [8, 2], 'wide.weight': [2, 8] });
    for (const t of layout.tensors) {
      const scale = Math.sqrt(Math.max(1, t.shape[0] / t.shape[1]));
      const [lo, hi] = band(precision, scale);
      for (const g of gradientsFor(r, t.shape[0], t.shape[1], 3)) {
        const full = new Float64Array(layout.dim);
        full.set(g, t.offset);
        const s = updateSpectrum(make, layout, full, t);
        const out = s.find((v) => !(v >= lo && v <= hi));
        if (out !== undefined) return fail(`the ${t.shape.join('×')} update divided by lr has singular value ${out}, outside ${scale}·band = [${lo.toFixed(4)}, ${hi.toFixed(4)}]`);
      }
    }
    return pass('the 8×2 update divided by lr lies in 2·band and the 2×8 one in the band');
  }),
};

/**
 * Weight decay is decoupled and comes first: θ ← θ·(1 − lr·wd) − lr·O. Two
 * runs on the same constant gradients, with decay and without, see the same
 * momentum and so the same orthogonalised update O, whatever arithmetic the
 * Newton–Schulz iteration uses; the run without decay measures lr·O, and the
 * run with it must be its own previous point shrunk by (1 − lr·wd), minus that,
 * to float64 rounding. Decay after the update (off by lr²·wd·O), decay not
 * scaled by lr, or decay inside the orthogonalisation fail.
 */
export function muonDecoupledDecay(dialect: MuonDialect): ModernRelation {
  return {
    id: 'muon-decoupled-decay',
    family: 'muon',
    title: 'weight decay comes first and outside the update: each step is θ·(1 − lr·wd) − lr·O, O the update without decay',
    run: (make, precision) => guarded('muon', () => {
      const layout = muonModel(dialect);
      const r = rng(5505);
      const g = Float64Array.from({ length: layout.dim }, () => r.normal());
      const init = Float64Array.from({ length: layout.dim }, () => r.normal());
      const steps = 4;
      const lr = num(MUON_HYPER, 'lr');
      const wd = num(MUON_HYPER, 'weightDecay');
      const plain = drive(make({ ...MUON_HYPER, weightDecay: 0 }), linear(g), init, steps, layout).rows;
      const decayed = drive(make(MUON_HYPER), linear(g), init, steps, layout).rows;
      for (let k = 0; k < steps; k++) {
        const want = decayed[k].map((v, i) => v * (1 - lr * wd) - (plain[k][i] - plain[k + 1][i]));
        const budget = rounding(precision, 1, maxAbs(want) + lr);
        const j = want.findIndex((v, i) => !(Math.abs(decayed[k + 1][i] - v) <= budget));
        if (j >= 0) return fail(`with weight decay ${wd} and lr ${lr}, ${coordinateLabel(layout, j)} was ${decayed[k + 1][j]} after step ${k + 1}, not θ·(1 − lr·wd) − (the step without decay) = ${want[j]}`);
      }
      return pass(`on constant gradients, ${steps} steps with decay ${wd} were each θ·(1 − lr·wd) minus the same run's step without decay`);
    }),
  };
}

/**
 * A loss whose gradient is g₁ at θ₀ and g₂ anywhere else: a scripted pair of
 * gradients for a two-step run (the first step always leaves θ₀).
 */
function gradientsThen(theta0: Float64Array, g1: Float64Array, g2: Float64Array): Objective {
  const first = linear(g1), rest = linear(g2);
  const at0 = (b: Float64Array) => b.every((v, i) => Object.is(v, theta0[i]));
  const pick = (b: Float64Array) => (at0(b) ? first : rest);
  return { ...rest, kind: 'scripted', loss: (b) => pick(b).loss(b), gradient: (b, out) => pick(b).gradient(b, out), lossAndGradient: (b, out) => pick(b).lossAndGradient(b, out) };
}

/**
 * Nesterov's blend is what is orthogonalised. After gradients g₁, g₂ the
 * matrix is U₂ = lerp(g₂, B₂, μ) = (1 − μ)·((1 + μ)·g₂ + μ²·g₁); a fresh run
 * given g = ((1 + μ)·g₂ + μ²·g₁)/(1 + μ) once orthogonalises U₁ = (1 − μ)(1 + μ)·g,
 * the same matrix. So the second update of the one run is the first of the
 * other, within the precision's rounding of the same matrix, in any arithmetic;
 * the momentum alone (B₂ ∝ g₂ + μ·g₁) points elsewhere.
 */
export const muonNesterov: ModernRelation = {
  id: 'muon-nesterov',
  family: 'muon',
  title: "with Nesterov, the matrix orthogonalised after g₁, g₂ is (1 + μ)·g₂ + μ²·g₁ (the momentum alone is g₂ + μ·g₁)",
  run: (make, precision) => guarded('muon', () => {
    const r = rng(5506);
    const hyper = { ...MUON_HYPER, weightDecay: 0, nesterov: true };
    const mu = num(hyper, 'momentum');
    for (const [m, n] of [[4, 4], [3, 5]] as const) {
      const layout = layoutOf({ weight: [m, n] });
      const [g1, g2] = gradientsFor(r, m, n, 2);
      const init = Float64Array.from({ length: m * n }, () => r.normal());
      const two = drive(make(hyper), gradientsThen(init, g1, g2), init, 2, layout).rows;
      const blend = g2.map((v, i) => ((1 + mu) * v + mu * mu * g1[i]) / (1 + mu));
      const one = drive(make(hyper), linear(blend), init, 1, layout).rows;
      const second = normalised(two[2].map((v, i) => v - two[1][i]));
      const first = normalised(one[1].map((v, i) => v - one[0][i]));
      const j = second.findIndex((v, i) => !(Math.abs(v - first[i]) <= DIRECTION_TOLERANCE[precision]));
      if (j >= 0) return fail(`on a ${m}×${n} matrix, entry ${j} of the normalised second update after g₁, g₂ is ${second[j]}, but a first update on ((1 + μ)·g₂ + μ²·g₁)/(1 + μ) gives ${first[j]}: the matrix orthogonalised is not Nesterov's blend`);
    }
    return pass('on a 4×4 and a 3×5 matrix, the second update after g₁, g₂ is the first update on Nesterov’s blend ((1 + μ)·g₂ + μ²·g₁)/(1 + μ)');
  }),
};

export function muonRelations(dialect: MuonDialect = 'keller'): readonly ModernRelation[] {
  return [muonActsOnMatrices(dialect), muonEquivariance, muonSingularBand, muonShapeScale, muonDecoupledDecay(dialect), muonNesterov];
}
