import { Matrix, EigenvalueDecomposition } from 'ml-matrix';
import { rng } from '../random/rng.ts';

/** The default tolerance of the power iteration: ρ is then good to about 1e-10·|ρ|. */
export const SHARPNESS_TOLERANCE = 1e-10;
/** The default cap on power iterations. */
export const SHARPNESS_MAX_ITERATIONS = 20_000;

export interface Sharpness {
  /** The eigenvalue of largest magnitude of H (the largest eigenvalue for a PSD Hessian). */
  readonly value: number;
  readonly iterations: number;
  /** Whether successive Rayleigh quotients agreed to the tolerance before the iteration cap. */
  readonly converged: boolean;
  readonly tolerance: number;
}

/**
 * Sharpness by power iteration on Hessian-vector products: v ← Hv/‖Hv‖ until
 * the residual ‖Hv − ρv‖ of the Rayleigh quotient ρ = vᵀHv is at most
 * √tolerance·|ρ|; the error of ρ is then of order tolerance·|ρ| (it is
 * quadratic in the residual). The start vector is seeded. For a PSD Hessian this is the largest
 * eigenvalue η, and 2/η is the edge of stability for gradient descent.
 */
export function sharpness(
  hvp: (v: Float64Array, out: Float64Array) => Float64Array,
  dim: number,
  options: { tolerance?: number; maxIterations?: number; seed?: number } = {},
): Sharpness {
  const tolerance = options.tolerance ?? SHARPNESS_TOLERANCE;
  const maxIterations = options.maxIterations ?? SHARPNESS_MAX_ITERATIONS;
  const r = rng(options.seed ?? 1);
  let v = new Float64Array(dim);
  for (let i = 0; i < dim; i++) v[i] = r.normal();
  normalise(v);
  let hv = new Float64Array(dim);
  let previous = NaN;
  const residualBound = Math.sqrt(tolerance);
  for (let it = 1; it <= maxIterations; it++) {
    hvp(v, hv);
    let rq = 0;
    for (let i = 0; i < dim; i++) rq += v[i] * hv[i];
    let res = 0;
    for (let i = 0; i < dim; i++) res += (hv[i] - rq * v[i]) ** 2;
    if (Math.sqrt(res) <= residualBound * Math.abs(rq)) return { value: rq, iterations: it, converged: true, tolerance };
    // Hv = 0 has converged above (ρ = 0, residual 0), so hv is never normalised from 0.
    previous = rq;
    normalise(hv);
    [v, hv] = [hv, v];
  }
  return { value: previous, iterations: maxIterations, converged: false, tolerance };
}

function normalise(v: Float64Array): void {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const n = Math.sqrt(s);
  for (let i = 0; i < v.length; i++) v[i] /= n;
}

/** All eigenvalues of a dense symmetric P×P matrix (row-major), ascending; ml-matrix does the work. */
export function symmetricEigenvalues(h: Float64Array, dim: number): number[] {
  const m = new Matrix(dim, dim);
  for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) m.set(i, j, h[i * dim + j]);
  return new EigenvalueDecomposition(m, { assumeSymmetric: true }).realEigenvalues.slice().sort((a, b) => a - b);
}
