import { describe, expect, it } from 'vitest';
import { normalQuantile, tQuantile, fitLine, bootstrapInterval } from '../../src/analysis/statistics.ts';
import { rng } from '../../src/random/rng.ts';

describe('normalQuantile', () => {
  it('matches the standard normal table in the centre and both tails', () => {
    // Φ⁻¹ from the table: 0.5 → 0, 0.975 → 1.959964, 0.3 → −0.524401, 0.01 → −2.326348, 0.999 → 3.090232.
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.3)).toBeCloseTo(-0.524401, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 6);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232, 6);
    expect(normalQuantile(0.02)).toBeCloseTo(-2.053749, 6);
    expect(normalQuantile(0.98)).toBeCloseTo(2.053749, 6);
  });
  it('is continuous where the approximation changes branch (p = 0.02425)', () => {
    expect(normalQuantile(0.02425 - 1e-12)).toBeCloseTo(normalQuantile(0.02425 + 1e-12), 8);
    expect(normalQuantile(1 - 0.02425 - 1e-12)).toBeCloseTo(normalQuantile(1 - 0.02425 + 1e-12), 8);
    expect(normalQuantile(0.02425)).toBeCloseTo(-1.972961, 6);
    expect(normalQuantile(1 - 0.02425)).toBeCloseTo(1.972961, 6);
  });
  it('refuses p outside (0, 1)', () => {
    expect(() => normalQuantile(0)).toThrow('p: expected a probability in (0, 1), got 0');
    expect(() => normalQuantile(1)).toThrow('p: expected a probability in (0, 1), got 1');
    expect(() => normalQuantile(NaN)).toThrow('p: expected a probability in (0, 1), got NaN');
  });
});

describe('tQuantile', () => {
  // Two-sided critical values from a printed t table.
  it.each([
    [0.975, 3, 3.182446, 4e-3],
    [0.975, 4, 2.776445, 9e-4],
    [0.975, 5, 2.570582, 3e-4],
    [0.975, 10, 2.228139, 1e-5],
    [0.995, 10, 3.169273, 1e-4],
    [0.025, 12, -2.178813, 5e-6],
    [0.95, 20, 1.724718, 5e-7],
    [0.975, 30, 2.042272, 1e-6],
    [0.9, 60, 1.295821, 5e-7],
  ])('t(%s, df = %s) = %s within %s', (p, df, table, tolerance) => {
    expect(Math.abs(tQuantile(p, df) - table)).toBeLessThanOrEqual(tolerance);
  });
  it('tends to the normal quantile as df grows', () => {
    expect(tQuantile(0.975, 1e9)).toBeCloseTo(normalQuantile(0.975), 8);
  });
  it('refuses df below 1 and bad p', () => {
    expect(() => tQuantile(0.975, 0.5)).toThrow('df: expected degrees of freedom >= 1, got 0.5');
    expect(() => tQuantile(0.975, NaN)).toThrow('df: expected degrees of freedom >= 1, got NaN');
    expect(tQuantile(0.975, 1)).toBeGreaterThan(3);
    expect(() => tQuantile(1.5, 5)).toThrow('p: expected a probability in (0, 1)');
  });
});

describe('fitLine', () => {
  it('recovers an exact line with a zero-width interval', () => {
    const x = [0, 1, 2, 3, 4];
    const fit = fitLine(x, x.map((v) => 2 + 3 * v));
    expect(fit).toEqual({ slope: 3, intercept: 2, slopeError: 0, slopeInterval: [3, 3], n: 5 });
  });
  it('matches the worked least-squares example x = 1..5, y = 2, 4, 5, 4, 5', () => {
    // Hand computation: x̄ = 3, ȳ = 4, Sxx = 10, Sxy = 6, so b = 0.6, a = 2.2;
    // residuals −0.8, 0.6, 1, −0.6, −0.2, SSE = 2.4, se(b) = √(2.4 / 3 / 10) = √0.08.
    const fit = fitLine([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
    expect(fit.slope).toBeCloseTo(0.6, 12);
    expect(fit.intercept).toBeCloseTo(2.2, 12);
    expect(fit.slopeError).toBeCloseTo(Math.sqrt(0.08), 12);
    expect(fit.n).toBe(5);
    const t = tQuantile(0.975, 3);
    expect(fit.slopeInterval[0]).toBeCloseTo(0.6 - t * Math.sqrt(0.08), 12);
    expect(fit.slopeInterval[1]).toBeCloseTo(0.6 + t * Math.sqrt(0.08), 12);
  });
  it('a higher confidence gives a wider interval, centred on the slope', () => {
    const x = [1, 2, 3, 4, 5, 6, 7];
    const y = [1.1, 1.9, 3.2, 3.8, 5.1, 6.2, 6.8];
    const at90 = fitLine(x, y, 0.9);
    const at99 = fitLine(x, y, 0.99);
    expect(at99.slopeInterval[0]).toBeLessThan(at90.slopeInterval[0]);
    expect(at99.slopeInterval[1]).toBeGreaterThan(at90.slopeInterval[1]);
    expect((at90.slopeInterval[0] + at90.slopeInterval[1]) / 2).toBeCloseTo(at90.slope, 12);
    expect(at90.slopeInterval[1] - at90.slope).toBeCloseTo(tQuantile(0.95, 5) * at90.slopeError, 12);
  });
  it('refuses what it cannot fit', () => {
    expect(() => fitLine([1, 2], [1, 2])).toThrow('x: expected at least 3 points to fit a line with an interval, got "2 points"');
    expect(() => fitLine([1, 2, 3], [1, 2])).toThrow('y: expected one per x (3), got "2 values"');
    expect(() => fitLine([2, 2, 2], [1, 2, 3])).toThrow('x: expected values that are not all equal, got 2');
    expect(() => fitLine([1, NaN, 3], [1, 2, 3])).toThrow('x[1]: expected a finite number, got NaN');
    expect(() => fitLine([1, 2, 3], [1, 2, Infinity])).toThrow('y[2]: expected a finite number, got Infinity');
    expect(() => fitLine([1, 2, 3], [1, 2, 3], 1)).toThrow('confidence: expected a level in (0, 1), got 1');
    expect(() => fitLine([1, 2, 3], [1, 2, 3], 0)).toThrow('confidence: expected a level in (0, 1), got 0');
  });
});

describe('bootstrapInterval', () => {
  const mean = (xs: Float64Array) => xs.reduce((s, v) => s + v, 0) / xs.length;

  it('takes the percentiles of the sorted resampled statistics', () => {
    // Resample r starts with element order[r]; the statistic is that first element.
    // Statistics 4, 1, 3, 2 sort to 1, 2, 3, 4; the central 50% is [2, 3].
    const order = [3, 0, 2, 1];
    let call = 0;
    const next = () => {
      const r = Math.floor(call / 4);
      const first = call % 4 === 0;
      call++;
      return first ? (order[r] + 0.5) / 4 : 0;
    };
    expect(bootstrapInterval([1, 2, 3, 4], (xs) => xs[0], next, 4, 0.5)).toEqual([2, 3]);
    expect(call).toBe(16);
  });
  it('one resample gives a point interval; a constant sample gives a point interval', () => {
    expect(bootstrapInterval([1, 2, 3], mean, () => 0, 1)).toEqual([1, 1]);
    const r = rng(1);
    expect(bootstrapInterval([5, 5, 5, 5], mean, () => r.next(), 100)).toEqual([5, 5]);
  });
  it('the 95% interval of a mean matches the normal approximation', () => {
    // 0..99: mean 49.5, sd 28.87, so the mean's 95% interval is about 49.5 ± 1.96·28.87/√100 = [43.8, 55.2].
    const sample = Array.from({ length: 100 }, (_, i) => i);
    const r = rng(11);
    const [lo, hi] = bootstrapInterval(sample, mean, () => r.uniform(0, 1), 2000);
    expect(lo).toBeGreaterThan(42.8);
    expect(lo).toBeLessThan(44.8);
    expect(hi).toBeGreaterThan(54.2);
    expect(hi).toBeLessThan(56.2);
  });
  it('refuses what it cannot resample', () => {
    expect(() => bootstrapInterval([], mean, () => 0)).toThrow('sample: expected at least one value to resample, got "no values"');
    expect(() => bootstrapInterval([1], mean, () => 0, 0)).toThrow('resamples: expected a positive integer, got 0');
    expect(() => bootstrapInterval([1], mean, () => 0, 2.5)).toThrow('resamples: expected a positive integer, got 2.5');
    expect(() => bootstrapInterval([1], mean, () => 0, 10, 1)).toThrow('confidence: expected a level in (0, 1), got 1');
    expect(() => bootstrapInterval([1], mean, () => 0, 10, 0)).toThrow('confidence: expected a level in (0, 1), got 0');
  });
});
