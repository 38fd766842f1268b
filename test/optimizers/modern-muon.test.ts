import { describe, expect, it } from 'vitest';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { muon, newtonSchulz } from '../../src/optimizers/muon.ts';
import { bfloat16 } from '../../src/optimizers/bfloat16.ts';
import { makeLayout } from '../../src/optimizers/layout.ts';
import { rng } from '../../src/random/rng.ts';

const [a, b, c] = [3.4445, -4.775, 2.0315];
/** One quintic Newton–Schulz step on a singular value s. */
const quintic = (s: number) => a * s + b * s ** 3 + c * s ** 5;
/** What five steps make of a row or column vector of norm n: its direction times φ(n). */
function phi(n: number, steps = 5): number {
  let s = n / (n + 1e-7);
  for (let k = 0; k < steps; k++) s = quintic(s);
  return s;
}

function singularValues(O: ArrayLike<number>, rows: number, cols: number): number[] {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m.set(i, j, O[i * cols + j]);
  return new SingularValueDecomposition(m, { autoTranspose: true }).diagonal;
}

describe('Newton–Schulz (KellerJordan/Muon zeropower_via_newtonschulz5)', () => {
  it('one iteration on a 2×3 matrix, by hand', () => {
    // G = [[1, 1, 1], [1, 0, 0]]: ‖G‖_F = 2, so X₀ = G/2 (no ε here).
    // A = X₀X₀ᵀ = [[¾, ¼], [¼, ¼]];  A² = [[⅝, ¼], [¼, ⅛]]
    // B = b·A + c·A² = [[b·¾ + c·⅝, b·¼ + c·¼], [b·¼ + c·¼, b·¼ + c·⅛]]
    const B00 = b * 0.75 + c * 0.625, B01 = b * 0.25 + c * 0.25, B11 = b * 0.25 + c * 0.125;
    expect(B00).toBeCloseTo(-2.3115625, 14);
    // X₁ = a·X₀ + B·X₀
    const X1 = [
      a * 0.5 + B00 * 0.5 + B01 * 0.5, a * 0.5 + B00 * 0.5, a * 0.5 + B00 * 0.5,
      a * 0.5 + B01 * 0.5 + B11 * 0.5, B01 * 0.5, B01 * 0.5,
    ];
    expect(X1[0]).toBeCloseTo(0.22353125, 14);
    expect(X1[3]).toBeCloseTo(0.90940625, 14);
    const got = newtonSchulz([1, 1, 1, 1, 0, 0], 2, 3, { steps: 1, precision: 'float64', floor: 'add', eps: 0 });
    got.forEach((v, i) => expect(v).toBeCloseTo(X1[i], 14));
    // A tall matrix is orthogonalised through its transpose: the same numbers, transposed.
    const tall = newtonSchulz([1, 1, 1, 0, 1, 0], 3, 2, { steps: 1, precision: 'float64', floor: 'add', eps: 0 });
    expect(Array.from(tall)).toEqual([got[0], got[3], got[1], got[4], got[2], got[5]]);
  });

  it("five iterations leave the singular values in the quintic's band (ml-matrix SVD), in float64 and bfloat16", () => {
    // The band is what five quintic steps make of s ∈ [0.01, 1]: measured [0.6818, 1.1344].
    let lo = Infinity, hi = -Infinity;
    for (let s = 0.01; s <= 1; s += 1e-4) {
      const t = [0, 1, 2, 3, 4].reduce(quintic, s);
      lo = Math.min(lo, t);
      hi = Math.max(hi, t);
    }
    expect(lo).toBeGreaterThan(0.68);
    expect(hi).toBeLessThan(1.135);
    const r = rng(2024);
    const seen = { float64: [Infinity, -Infinity], bfloat16: [Infinity, -Infinity] };
    for (let n = 0; n < 60; n++) {
      const rows = 2 + r.int(4), cols = 2 + r.int(4);
      const G = Array.from({ length: rows * cols }, () => r.normal());
      const sg = singularValues(G, rows, cols);
      const fro = Math.hypot(...G);
      if (Math.min(...sg) / fro < 0.01) continue;
      for (const precision of ['float64', 'bfloat16'] as const) {
        const s = singularValues(newtonSchulz(G, rows, cols, { steps: 5, precision, floor: 'add', eps: 1e-7 }), rows, cols);
        seen[precision] = [Math.min(seen[precision][0], ...s), Math.max(seen[precision][1], ...s)];
      }
    }
    expect(seen.float64[0]).toBeGreaterThan(0.68);
    expect(seen.float64[1]).toBeLessThan(1.135);
    // bfloat16 rounding (8 significant bits) widens it by a few hundredths.
    expect(seen.bfloat16[0]).toBeGreaterThan(0.64);
    expect(seen.bfloat16[1]).toBeLessThan(1.18);
  });

  it('in bfloat16 every entry is a bfloat16 number, within a few bfloat16 ulps of float64', () => {
    const r = rng(9);
    const G = Array.from({ length: 12 }, () => r.normal());
    const lo = newtonSchulz(G, 3, 4, { steps: 5, precision: 'bfloat16', floor: 'add', eps: 1e-7 });
    const hi = newtonSchulz(G, 3, 4, { steps: 5, precision: 'float64', floor: 'add', eps: 1e-7 });
    lo.forEach((v, i) => {
      expect(bfloat16(v)).toBe(v);
      expect(Math.abs(v - hi[i])).toBeLessThan(0.05);
    });
    expect(Array.from(lo)).not.toEqual(Array.from(hi));
  });

  it('bfloat16 rounds to nearest, ties to even, on the float32 bits', () => {
    expect(bfloat16(1 + 2 ** -8)).toBe(1);
    expect(bfloat16(1 + 3 * 2 ** -8)).toBe(1 + 2 ** -6);
    expect(bfloat16(1 + 2 ** -8 + 2 ** -20)).toBe(1 + 2 ** -7);
    expect(bfloat16(-3.4445)).toBe(-3.4375);
    expect(bfloat16(3.4e38)).toBe(Infinity);
    expect(bfloat16(Number.NaN)).toBeNaN();
  });
});

describe('muon: hand-derived steps', () => {
  const step = (factory: ReturnType<typeof muon>, start: number[], grads: number[][], layout?: Parameters<ReturnType<typeof muon>>[1]) => {
    const opt = factory(start.length, layout);
    const beta = Float64Array.from(start);
    return grads.map((g) => (opt.step(beta, Float64Array.from(g)), Array.from(beta)));
  };
  const close = (got: number[], want: number[]) => got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 13));

  it('two Nesterov steps on a 1×2 matrix: B ← μB + (1 − μ)g, U = (1 − μ)g + μB, θ ← θ − lr·φ·U/‖U‖', () => {
    const f = muon({ lr: 0.5, momentum: 0.5, nsPrecision: 'float64', shape: [1, 2] });
    const [s1, s2] = step(f, [1, 1], [[3, 4], [-4, 3]]);
    // B₁ = ½·[3, 4] = [1.5, 2]; U₁ = ½·[3, 4] + ½·B₁ = [2.25, 3], ‖U₁‖ = 3.75
    const t1 = [1 - 0.5 * phi(3.75) * 0.6, 1 - 0.5 * phi(3.75) * 0.8];
    close(s1, t1);
    // B₂ = ½·B₁ + ½·[−4, 3] = [−1.25, 2.5]; U₂ = ½·[−4, 3] + ½·B₂ = [−2.625, 2.75]
    const n2 = Math.hypot(-2.625, 2.75);
    close(s2, [t1[0] + 0.5 * phi(n2) * 2.625 / n2, t1[1] - 0.5 * phi(n2) * 2.75 / n2]);
  });

  it('without Nesterov the update follows the buffer, and decay multiplies θ by 1 − lr·wd first', () => {
    const f = muon({ lr: 0.5, momentum: 0.5, nesterov: false, weightDecay: 0.5, nsPrecision: 'float64', shape: [1, 2] });
    const [, s2] = step(f, [1, 1], [[3, 4], [-4, 3]]);
    // step 1: U = B₁ = [1.5, 2] (norm 2.5); step 2: U = B₂ = [−1.25, 2.5]
    const t1 = [0.75 - 0.5 * phi(2.5) * 0.6, 0.75 - 0.5 * phi(2.5) * 0.8];
    const n2 = Math.hypot(-1.25, 2.5);
    close(s2, [t1[0] * 0.75 + 0.5 * phi(n2) * 1.25 / n2, t1[1] * 0.75 - 0.5 * phi(n2) * 2.5 / n2]);
  });

  it('scales a tall matrix by √(rows/cols); torch scales the lr instead, or by 0.2·√max(A, B)', () => {
    const g = [[3, 4]];
    const want = (scale: number) => [1 - scale * phi(5) * 0.6, 1 - scale * phi(5) * 0.8];
    close(step(muon({ lr: 1, momentum: 0, nsPrecision: 'float64', shape: [2, 1] }), [1, 1], g)[0], want(Math.SQRT2));
    close(step(muon({ lr: 1, momentum: 0, nsPrecision: 'float64', shape: [1, 2] }), [1, 1], g)[0], want(1));
    const torch = (adjustLr: 'original' | 'match_rms_adamw') => muon({ dialect: 'torch', lr: 1, momentum: 0, weightDecay: 0, eps: 0, nsPrecision: 'float64', adjustLr, shape: [2, 1] });
    const phi0 = [0, 1, 2, 3, 4].reduce(quintic, 1); // torch clamps the norm instead of adding ε
    close(step(torch('original'), [1, 1], g)[0], [1 - Math.SQRT2 * phi0 * 0.6, 1 - Math.SQRT2 * phi0 * 0.8]);
    close(step(torch('match_rms_adamw'), [1, 1], g)[0], [1 - 0.2 * Math.SQRT2 * phi0 * 0.6, 1 - 0.2 * Math.SQRT2 * phi0 * 0.8]);
  });

  it("views a conv kernel as out × (in·h·w) with the scale of its last two dimensions, and a 3-D tensor as a batch (Keller's reference)", () => {
    const G = [1, 2, 0.5, -1];
    const O = newtonSchulz(G, 2, 2, { steps: 5, precision: 'float64', floor: 'add', eps: 1e-7 });
    const kernel = (shape: number[]) => makeLayout({ dim: 4, tensors: [{ name: 'conv', offset: 0, shape, group: 0 }] });
    const f = muon({ lr: 1, momentum: 0, nsPrecision: 'float64' });
    close(step(f, [0, 0, 0, 0], [G], kernel([2, 1, 1, 2]))[0], Array.from(O, (v) => -v));
    close(step(f, [0, 0, 0, 0], [G], kernel([2, 1, 2, 1]))[0], Array.from(O, (v) => -Math.SQRT2 * v));
    const batch = step(f, [0, 0, 0, 0], [[3, 4, 0, -2]], kernel([2, 1, 2]))[0];
    close(batch, [-phi(5) * 0.6, -phi(5) * 0.8, 0, phi(2)]);
  });

  it('has the published defaults, per dialect', () => {
    expect(muon().hyper).toEqual({ lr: 0.02, momentum: 0.95, weightDecay: 0, nesterov: true, nsSteps: 5, bfloat16: true });
    expect(muon({ dialect: 'torch' }).hyper).toEqual({ lr: 1e-3, momentum: 0.95, weightDecay: 0.1, nesterov: true, nsSteps: 5, eps: 1e-7, bfloat16: true, matchRmsAdamw: false });
    expect(muon({ dialect: 'torch' }).optimizerName).toBe('torch-muon');
  });

  it('save/load resumes bit for bit', () => {
    const f = muon({ shape: [2, 2] });
    const one = f(4), two = f(4);
    const p = Float64Array.from([1, 2, 3, 4]);
    one.step(p, Float64Array.from([1, -1, 0.5, 2]));
    two.load!(one.save!());
    const x = Float64Array.from(p), y = Float64Array.from(p);
    one.step(x, Float64Array.from([0.3, 0.1, -2, 1]));
    two.step(y, Float64Array.from([0.3, 0.1, -2, 1]));
    expect(Array.from(y)).toEqual(Array.from(x));
  });

  it('refuses bad input with one line naming the field', () => {
    expect(() => muon()(4)).toThrow('layout.tensors.params.shape: Muon orthogonalises matrices: expected a tensor of 2 or more dimensions (give the optimizer a layout, or the option shape: [rows, cols]), got [4]');
    expect(() => muon({ shape: [2, 3] })(4)).toThrow('optimizer.shape: expected rows·cols = 4, the number of parameters, got [2,3]');
    expect(() => muon({ shape: [2] as never })).toThrow('optimizer.shape: expected [rows, cols], got [2]');
    expect(() => muon({ dialect: 'adam' as never })).toThrow('optimizer.dialect: expected one of keller, torch, got "adam"');
    expect(() => muon({ nsPrecision: 'float16' as never })).toThrow('optimizer.nsPrecision: expected one of bfloat16, float64, got "float16"');
    expect(() => muon({ nsEmulation: 'cuda' as never })).toThrow('optimizer.nsEmulation: expected one of float32, torch-1.13-cpu, got "cuda"');
    expect(() => muon({ eps: 1e-3 })).toThrow("optimizer.eps: only the torch dialect takes it (dialect: 'torch'), got 0.001");
    expect(() => muon({ nsSteps: 1.5 })).toThrow('optimizer.nsSteps: expected an integer >= 0, got 1.5');
    expect(() => muon({ dialect: 'torch', nsSteps: 100 })).toThrow('optimizer.nsSteps: expected fewer than 100 steps');
    expect(() => muon({ momentum: 1 })).toThrow('optimizer.momentum: expected a number in [0, 1), got 1');
    expect(() => muon({ nesterov: 1 as never })).toThrow('optimizer.nesterov: expected true or false, got 1');
    expect(() => muon({ betas: 1 } as never)).toThrow('optimizer.betas: unknown hyperparameter');
    const conv = makeLayout({ dim: 4, tensors: [{ name: 'k', offset: 0, shape: [1, 1, 2, 2], group: 0 }] });
    expect(() => muon({ dialect: 'torch' })(4, conv)).toThrow('layout.tensors.k.shape: torch.optim.Muon only supports 2-D parameters, got [1,1,2,2]');
  });
});

describe('muon through the flat runTrace and with groups', () => {
  it('runs on a flat problem with the option shape, and a group overrides lr', async () => {
    const { runTrace } = await import('../../src/trace/run.ts');
    const { paritySuite } = await import('../../src/check/suite.ts');
    const { problem, init } = paritySuite()[0];
    const trace = runTrace({ problem, optimizer: muon({ shape: [2, 3] }), init, steps: 5 });
    expect(trace.loss[5]).toBeLessThan(trace.loss[0]);
    const two = makeLayout({ dim: 8, tensors: [{ name: 'a', offset: 0, shape: [2, 2], group: 0 }, { name: 'b', offset: 4, shape: [2, 2], group: 1 }], groups: [{}, { lr: 0.5 }] });
    const f = muon({ lr: 0.1, momentum: 0, nsPrecision: 'float64' });
    const p = new Float64Array(8);
    f(8, two).step(p, Float64Array.from([1, 2, 3, 4, 1, 2, 3, 4]));
    p.slice(0, 4).forEach((v, i) => expect(p[4 + i]).toBeCloseTo(5 * v, 14));
    expect(() => f(8, makeLayout({ ...two, groups: [{}, { betas: 1 }] }))).toThrow('layout.groups[1].betas: unknown hyperparameter');
  });
});

describe('muon on a problem that names its tensors: runTrace hands it the layout, traces and matchers read it', () => {
  it('steps two matrices, trace.tensor reads each, and toKeepLossBelow judges the run', async () => {
    const { runTrace } = await import('../../src/trace/run.ts');
    const { seededLeastSquares } = await import('../../src/check/modern/drive.ts');
    const { expect: vexpect } = await import('vitest');
    const layout = makeLayout({ dim: 14, tensors: [{ name: 'fc1.weight', offset: 0, shape: [2, 4], group: 0 }, { name: 'fc2.weight', offset: 8, shape: [3, 2], group: 0 }] });
    const { problem, init } = seededLeastSquares(31, 40, 14);
    const trace = runTrace({ problem: { ...problem, layout }, optimizer: muon({ lr: 0.01, nsPrecision: 'float64' }), init, steps: 20 });
    expect(trace.tensor('fc2.weight').shape).toEqual([3, 2]);
    // The first update of fc1.weight is lr times an orthogonalised 2×4 matrix: its rows are orthonormal, up to the quintic's band.
    const w0 = trace.tensor('fc1.weight').row(0), w1 = trace.tensor('fc1.weight').row(1);
    const d = Array.from(w1, (v, i) => (w0[i] - v) / 0.01);
    const rowNorm = (r: number) => Math.hypot(...d.slice(4 * r, 4 * r + 4));
    for (const r of [0, 1]) expect(rowNorm(r)).toBeGreaterThan(0.6);
    // From step 1 on the loss stays below where it started (a matcher on a shaped optimizer's trace), and not below half of it.
    vexpect(trace).toKeepLossBelow(trace.loss[0], 1);
    vexpect(trace).not.toKeepLossBelow(trace.loss[0] / 2, 1);
    // Without the layout, Muon has no matrix to orthogonalise: one line, naming the tensor.
    expect(() => runTrace({ problem, optimizer: muon(), init, steps: 1 })).toThrow(/layout\.tensors\.params\.shape: Muon orthogonalises matrices/);
  });
});
