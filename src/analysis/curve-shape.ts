/**
 * Numbers that describe the shape of a curve y(x) sampled along a path, so a
 * paper's words about a plotted curve ("approximately quadratic", "U-shaped",
 * "grows quickly at the end") can be checked against a stated threshold.
 */
import { Matrix, solve } from 'ml-matrix';
import { InputError } from '../validate/input-error.ts';

/** Least squares y ≈ Σ c_d·x^d (d = 0..degree) and its R². */
export function polynomialFit(x: ArrayLike<number>, y: ArrayLike<number>, degree: 1 | 2): { coefficients: number[]; r2: number } {
  checkCurve(x, y, degree + 2);
  const n = x.length;
  const design = new Matrix(n, degree + 1);
  for (let i = 0; i < n; i++) for (let d = 0; d <= degree; d++) design.set(i, d, x[i] ** d);
  const target = Matrix.columnVector(Array.from(y));
  const coefficients = solve(design, target).to1DArray();
  const fitted = design.mmul(Matrix.columnVector(coefficients)).to1DArray();
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    sse += (y[i] - fitted[i]) ** 2;
    sst += (y[i] - mean) ** 2;
  }
  // A constant y leaves nothing to explain: the intercept alone fits it.
  return { coefficients, r2: sst === 0 ? 1 : 1 - sse / sst };
}

/**
 * With the points ordered by x: where y is lowest, and how far y rises from
 * there to each end, as shares of y's range. A U has both rises well above 0.
 */
export function dip(x: ArrayLike<number>, y: ArrayLike<number>): { at: number; leftRise: number; rightRise: number } {
  checkCurve(x, y, 3);
  const order = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const ys = order.map((i) => y[i]);
  const lo = Math.min(...ys);
  const range = Math.max(...ys) - lo;
  const at = ys.indexOf(lo);
  return { at: x[order[at]], leftRise: range === 0 ? 0 : (ys[0] - lo) / range, rightRise: range === 0 ? 0 : (ys[ys.length - 1] - lo) / range };
}

/** The share of y's total change along the path made over its last `tail` fraction of points. */
export function tailShare(y: ArrayLike<number>, tail: number): number {
  if (!(tail > 0 && tail < 1)) throw new InputError('tail', tail, 'expected a fraction in (0, 1)');
  checkCurve(y, y, 3);
  const n = y.length;
  const start = Math.floor((n - 1) * (1 - tail));
  const total = y[n - 1] - y[0];
  return total === 0 ? 0 : (y[n - 1] - y[start]) / total;
}

function checkCurve(x: ArrayLike<number>, y: ArrayLike<number>, min: number): void {
  if (x.length !== y.length) throw new InputError('y', y.length, `expected ${x.length} values, one per x`);
  if (x.length < min) throw new InputError('x', x.length, `expected at least ${min} points`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new InputError(`x[${i}]`, x[i], 'expected a finite number');
    if (!Number.isFinite(y[i])) throw new InputError(`y[${i}]`, y[i], 'expected a finite number');
  }
}
