import type { Objective } from './objective.ts';
import { makeLayout } from '../optimizers/layout.ts';
import { InputError, positiveInteger } from '../validate/input-error.ts';

export type MlpLoss = 'l2' | 'cross-entropy';

export interface MlpOptions {
  /** Layer widths [d_in, c_1, …, c_ℓ, d_out]; tanh on every hidden layer, the output is affine. */
  widths: readonly number[];
  loss: MlpLoss;
  /** Inputs, one row of d_in numbers per sample. */
  x: readonly (readonly number[])[];
  /** Targets, one row of d_out numbers per sample (one-hot rows for cross-entropy). */
  y: readonly (readonly number[])[];
}

/**
 * A small fully connected tanh network as a float64 objective, with exact
 * gradient, exact Hessian and Hessian-vector products (003 App. A.3).
 *
 *   a_0 = x,  z_i = M^i a_{i−1} + b^i,  a_i = tanh(z_i) (i < L),  f = z_L
 *   L2:            L(ρ) = Σ_s ‖f(x_s) − y_s‖²                         (003 eq. 11)
 *   cross-entropy: L(ρ) = −Σ_s Σ_j y_sj log softmax(f(x_s))_j         (003 eq. 12)
 *
 * Parameter layout ρ = (w, b): all weights first, layer by layer, each M^i
 * row-major (n_i rows × n_{i−1} columns), then all biases layer by layer.
 *
 * Curvature is forward-over-reverse: the backward pass is differentiated in
 * forward mode along m directions at once (the columns of D), giving H·D
 * exactly in float64; D = I gives the whole Hessian. TensorFlow.js's second
 * derivatives are not used: they are wrong or throw for tanh and softmax.
 */
export interface Mlp extends Objective {
  readonly widths: readonly number[];
  /** H·D for m directions: D and the result are P×m, row-major. */
  hessianTimes(beta: Float64Array, D: Float64Array, m: number, out?: Float64Array): Float64Array;
  /** The network output for one input (for checks and for choosing the line of 003 App. B). */
  output(beta: Float64Array, x: readonly number[]): Float64Array;
}

export function mlp(options: MlpOptions): Mlp {
  const widths = options.widths.map((w, i) => positiveInteger(`problem.widths[${i}]`, w));
  if (widths.length < 2) throw new InputError('problem.widths', options.widths, 'expected at least an input and an output width');
  const L = widths.length - 1;
  const loss = options.loss;
  if (loss !== 'l2' && loss !== 'cross-entropy') throw new InputError('problem.loss', loss, 'expected "l2" or "cross-entropy"');
  const n = options.x.length;
  if (n === 0 || options.y.length !== n) throw new InputError('problem.y', options.y.length, `expected ${n} rows, one per row of x`);
  const X = options.x.map((row, s) => {
    if (row.length !== widths[0]) throw new InputError(`problem.x[${s}]`, row, `expected ${widths[0]} numbers`);
    return Float64Array.from(row);
  });
  const Y = options.y.map((row, s) => {
    if (row.length !== widths[L]) throw new InputError(`problem.y[${s}]`, row, `expected ${widths[L]} numbers`);
    return Float64Array.from(row);
  });

  const offW: number[] = [0];
  const offB: number[] = [0];
  let P = 0;
  for (let i = 1; i <= L; i++) {
    offW[i] = P;
    P += widths[i] * widths[i - 1];
  }
  for (let i = 1; i <= L; i++) {
    offB[i] = P;
    P += widths[i];
  }

  // Work space, reused across calls: activations a_i (a_0 = x) and pre-activations z_i.
  const a = widths.map((w) => new Float64Array(w));
  const z = widths.map((w) => new Float64Array(w));
  const delta = widths.map((w) => new Float64Array(w));
  const dOut = new Float64Array(widths[L]);
  const soft = new Float64Array(widths[L]);

  function forward(beta: Float64Array, x: Float64Array): void {
    a[0].set(x);
    for (let i = 1; i <= L; i++) {
      const nin = widths[i - 1];
      const nout = widths[i];
      const ai = a[i - 1];
      const zi = z[i];
      for (let j = 0; j < nout; j++) {
        let s = beta[offB[i] + j];
        const row = offW[i] + j * nin;
        for (let k = 0; k < nin; k++) s += beta[row + k] * ai[k];
        zi[j] = s;
        a[i][j] = i < L ? Math.tanh(s) : s;
      }
    }
  }

  /** Per-sample loss; writes ∂ℓ/∂f into dOut. */
  function outputLoss(y: Float64Array): number {
    const f = z[L];
    const d = widths[L];
    if (loss === 'l2') {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const r = f[k] - y[k];
        s += r * r;
        dOut[k] = 2 * r;
      }
      return s;
    }
    let max = -Infinity;
    for (let k = 0; k < d; k++) if (f[k] > max) max = f[k];
    let sum = 0;
    for (let k = 0; k < d; k++) sum += Math.exp(f[k] - max);
    const logZ = max + Math.log(sum);
    let ys = 0;
    let l = 0;
    for (let k = 0; k < d; k++) {
      soft[k] = Math.exp(f[k] - logZ);
      ys += y[k];
      l -= y[k] * (f[k] - logZ);
    }
    for (let k = 0; k < d; k++) dOut[k] = ys * soft[k] - y[k];
    return l;
  }

  function backward(beta: Float64Array, out: Float64Array): void {
    delta[L].set(dOut);
    for (let i = L; i >= 1; i--) {
      const nin = widths[i - 1];
      const nout = widths[i];
      const di = delta[i];
      const ai = a[i - 1];
      for (let j = 0; j < nout; j++) {
        const row = offW[i] + j * nin;
        for (let k = 0; k < nin; k++) out[row + k] += di[j] * ai[k];
        out[offB[i] + j] += di[j];
      }
      if (i > 1) {
        const dp = delta[i - 1];
        for (let k = 0; k < nin; k++) {
          let u = 0;
          for (let j = 0; j < nout; j++) u += beta[offW[i] + j * nin + k] * di[j];
          dp[k] = u * (1 - ai[k] * ai[k]);
        }
      }
    }
  }

  function lossAndGradient(beta: Float64Array, out: Float64Array): number {
    out.fill(0);
    let total = 0;
    for (let s = 0; s < n; s++) {
      forward(beta, X[s]);
      total += outputLoss(Y[s]);
      backward(beta, out);
    }
    return total;
  }

  // Tangent work space for m directions, grown on demand.
  let cap = 0;
  let ad: Float64Array[] = [];
  let zd: Float64Array[] = [];
  let dd: Float64Array[] = [];
  function ensure(m: number): void {
    if (m <= cap) return;
    cap = m;
    ad = widths.map((w) => new Float64Array(w * m));
    zd = widths.map((w) => new Float64Array(w * m));
    dd = widths.map((w) => new Float64Array(w * m));
  }

  /** Forward tangents of layer i: ż_i = M^i ȧ_{i−1} + Ṁ^i a_{i−1} + ḃ^i, ȧ_i = (1 − a_i²) ż_i. */
  function forwardTangent(i: number, beta: Float64Array, D: Float64Array, m: number, unit: boolean): void {
    const nin = widths[i - 1];
    const nout = widths[i];
    const aPrev = a[i - 1];
    const adPrev = ad[i - 1];
    const zi = zd[i];
    const adi = ad[i];
    const ai = a[i];
    const hidden = i < L;
    for (let j = 0; j < nout; j++) {
      const zrow = j * m;
      const wrow = offW[i] + j * nin;
      if (unit) {
        zi.fill(0, zrow, zrow + m);
        zi[zrow + offB[i] + j] = 1;
      } else {
        const brow = (offB[i] + j) * m;
        for (let c = 0; c < m; c++) zi[zrow + c] = D[brow + c];
      }
      for (let k = 0; k < nin; k++) {
        const ak = aPrev[k];
        if (i > 1) {
          const w = beta[wrow + k];
          const arow = k * m;
          if (unit) {
            // Only parameters of earlier layers move a_{i−1}: weights [0, offW[i]) and biases [offB[1], offB[i]).
            for (let c = 0; c < offW[i]; c++) zi[zrow + c] += w * adPrev[arow + c];
            for (let c = offB[1]; c < offB[i]; c++) zi[zrow + c] += w * adPrev[arow + c];
          } else for (let c = 0; c < m; c++) zi[zrow + c] += w * adPrev[arow + c];
        }
        if (unit) zi[zrow + wrow + k] += ak;
        else {
          const drow = (wrow + k) * m;
          for (let c = 0; c < m; c++) zi[zrow + c] += D[drow + c] * ak;
        }
      }
      if (hidden) {
        const sp = 1 - ai[j] * ai[j];
        for (let c = 0; c < m; c++) adi[zrow + c] = sp * zi[zrow + c];
      }
    }
  }

  /** δ̇_L = ℓ''(f)·ḟ for the output layer. */
  function outputTangent(y: Float64Array, m: number): void {
    const dL = widths[L];
    const fd = zd[L];
    const ddL = dd[L];
    if (loss === 'l2') {
      for (let q = 0; q < dL * m; q++) ddL[q] = 2 * fd[q];
      return;
    }
    let ys = 0;
    for (let k = 0; k < dL; k++) ys += y[k];
    for (let c = 0; c < m; c++) {
      let sf = 0;
      for (let k = 0; k < dL; k++) sf += soft[k] * fd[k * m + c];
      for (let k = 0; k < dL; k++) ddL[k * m + c] = ys * soft[k] * (fd[k * m + c] - sf);
    }
  }

  /**
   * The tangent of layer i's gradient, added to `out`. With `upper` (the full
   * Hessian, D = I) only columns c ≥ row are accumulated; the caller mirrors
   * the rest, since H is symmetric.
   */
  function gradientTangent(i: number, m: number, out: Float64Array, upper: boolean): void {
    const nin = widths[i - 1];
    const nout = widths[i];
    const di = delta[i];
    const ddi = dd[i];
    const aPrev = a[i - 1];
    const adPrev = ad[i - 1];
    for (let j = 0; j < nout; j++) {
      const dj = di[j];
      const jrow = j * m;
      const wrow = offW[i] + j * nin;
      for (let k = 0; k < nin; k++) {
        const q = wrow + k;
        const orow = q * m;
        const ak = aPrev[k];
        const arow = k * m;
        if (upper) {
          for (let c = q; c < m; c++) out[orow + c] += ddi[jrow + c] * ak;
          // ȧ_{i−1} is zero except in columns of earlier layers; at or above this row those are biases.
          if (i > 1) for (let c = Math.max(q, offB[1]); c < offB[i]; c++) out[orow + c] += dj * adPrev[arow + c];
        } else if (i > 1) for (let c = 0; c < m; c++) out[orow + c] += ddi[jrow + c] * ak + dj * adPrev[arow + c];
        else for (let c = 0; c < m; c++) out[orow + c] += ddi[jrow + c] * ak;
      }
      const q = offB[i] + j;
      const brow = q * m;
      for (let c = upper ? q : 0; c < m; c++) out[brow + c] += ddi[jrow + c];
    }
  }

  /**
   * u = (M^i)ᵀ δ_i, u̇ = (M^i)ᵀ δ̇_i + (Ṁ^i)ᵀ δ_i; δ_{i−1} = u (1 − a²), δ̇_{i−1} = u̇ (1 − a²) − 2 u a ȧ.
   * δ̇_{i−1} is accumulated in place: it starts at −2ua·ȧ and each term of u̇ arrives already scaled by 1 − a².
   */
  function deltaTangent(i: number, beta: Float64Array, D: Float64Array, m: number, unit: boolean): void {
    const nin = widths[i - 1];
    const nout = widths[i];
    const di = delta[i];
    const ddi = dd[i];
    const aPrev = a[i - 1];
    const adPrev = ad[i - 1];
    const dp = delta[i - 1];
    const ddp = dd[i - 1];
    for (let k = 0; k < nin; k++) {
      const krow = k * m;
      const ak = aPrev[k];
      const sp = 1 - ak * ak;
      let u = 0;
      for (let j = 0; j < nout; j++) u += beta[offW[i] + j * nin + k] * di[j];
      dp[k] = u * sp;
      const t = -2 * u * ak;
      for (let c = 0; c < m; c++) ddp[krow + c] = t * adPrev[krow + c];
      for (let j = 0; j < nout; j++) {
        const col = offW[i] + j * nin + k;
        const ws = beta[col] * sp;
        const ds = di[j] * sp;
        const jrow = j * m;
        for (let c = 0; c < m; c++) ddp[krow + c] += ws * ddi[jrow + c];
        if (unit) ddp[krow + col] += ds;
        else {
          const drow = col * m;
          for (let c = 0; c < m; c++) ddp[krow + c] += D[drow + c] * ds;
        }
      }
    }
  }

  /**
   * H·D. `unit` says D is the identity (m = P): its terms then touch one
   * column each and are added directly instead of swept over all m columns.
   */
  function hessianTimes(beta: Float64Array, D: Float64Array, m: number, out: Float64Array = new Float64Array(P * m), unit = false): Float64Array {
    if (!unit && D.length !== P * m) throw new InputError('D', D.length, `expected ${P}×${m} = ${P * m} numbers`);
    ensure(m);
    out.fill(0);
    for (let s = 0; s < n; s++) {
      forward(beta, X[s]);
      outputLoss(Y[s]);
      ad[0].fill(0, 0, widths[0] * m);
      for (let i = 1; i <= L; i++) forwardTangent(i, beta, D, m, unit);
      outputTangent(Y[s], m);
      delta[L].set(dOut);
      for (let i = L; i >= 1; i--) {
        gradientTangent(i, m, out, unit);
        if (i > 1) deltaTangent(i, beta, D, m, unit);
      }
    }
    if (unit) for (let p = 0; p < P; p++) for (let q = p + 1; q < P; q++) out[q * P + p] = out[p * P + q];
    return out;
  }

  // The weight matrices (out × in, row-major: weight j·nin + k is W[j, k]) and biases per layer, in one group.
  const layout = makeLayout({
    dim: P,
    tensors: [
      ...widths.slice(1).map((w, i) => ({ name: `fc${i + 1}.weight`, offset: offW[i + 1], shape: [w, widths[i]] })),
      ...widths.slice(1).map((w, i) => ({ name: `fc${i + 1}.bias`, offset: offB[i + 1], shape: [w] })),
    ],
  });

  const self: Mlp = {
    kind: `mlp(${widths.join(',')}) ${loss}`,
    dim: P,
    widths,
    layout,
    facts: { differentiable: true, smooth: false, convex: false },
    loss(beta) {
      let total = 0;
      for (let s = 0; s < n; s++) {
        forward(beta, X[s]);
        total += outputLoss(Y[s]);
      }
      return total;
    },
    lossAndGradient,
    gradient(beta, out = new Float64Array(P)) {
      lossAndGradient(beta, out);
      return out;
    },
    hessianTimes,
    hessian(beta) {
      return hessianTimes(beta, new Float64Array(0), P, new Float64Array(P * P), true);
    },
    hvp(beta, v, out = new Float64Array(P)) {
      return hessianTimes(beta, v, 1, out);
    },
    output(beta, x) {
      forward(beta, Float64Array.from(x));
      return Float64Array.from(z[L]);
    },
  };
  return self;
}
