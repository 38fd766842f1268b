import { describe, expect, it } from 'vitest';
import { failureOf } from '../../test/helpers.ts';

const g = Array.from({ length: 20 }, (_, i) => 10 ** (i / 5)); // 1 .. ~6300, almost 4 decades
const quadratic = { gradNorm: g, hessNorm: g.map((x, i) => x * x * (1 + 0.01 * Math.sin(i))) };
const linear = { gradNorm: g, hessNorm: g.map((x) => 3 + 2 * x) };
// Slope 1.14 but with a factor-9 zig-zag: its 95% interval (0.93..1.34) reaches below 1.
// The digits asserted below are fitLine's own output on these samples (a regression pin).
const noisy = { gradNorm: g, hessNorm: g.map((x, i) => x ** 1.1 * (i % 2 ? 3 : 1 / 3)) };
// Slope 1.05 with a tight interval (1.048..1.052): just superlinear, and decidably so.
const barely = { gradNorm: g, hessNorm: g.map((x, i) => x ** 1.05 * (i % 2 ? 1.01 : 1 / 1.01)) };

describe('toGrowSuperlinearly', () => {
  it('passes for ‖H‖ ∝ ‖∇L‖², and for a slope just above 1 with a tight interval', () => {
    expect(quadratic).toGrowSuperlinearly();
    expect(barely).toGrowSuperlinearly();
  });
  it('fails for an (L0, L1)-smooth path, with the slope and its interval', () => {
    expect(failureOf(() => expect(linear).toGrowSuperlinearly())).toMatch(/does not grow superlinearly in ‖∇L‖: log–log slope 0\.9\d+ \(95% interval/);
  });
  it('fails when the slope is above 1 but its interval is not', () => {
    expect(failureOf(() => expect(noisy).toGrowSuperlinearly())).toContain('log–log slope 1.1358737785503508 (95% interval 0.932..1.340, the default confidence) over ‖∇L‖ from 1 to 6309.57344480193, 20 samples; the interval must lie above 1, and its lower end is 0.0682 short of it');
  });
  it('a lower confidence narrows the interval', () => {
    expect(noisy).toGrowSuperlinearly({ confidence: 0.5 });
    expect(failureOf(() => expect(noisy).not.toGrowSuperlinearly({ confidence: 0.5 }))).toContain('(50% interval 1.069..1.203)');
  });
  it('.not passes for linear growth', () => {
    expect(linear).not.toGrowSuperlinearly();
    expect(noisy).not.toGrowSuperlinearly();
  });
  it('.not fails with the evidence', () => {
    expect(failureOf(() => expect(quadratic).not.toGrowSuperlinearly())).toMatch(/grows superlinearly in ‖∇L‖: log–log slope 1\.99\d+ \(95% interval 1\.99\d\.\.2\.00\d, the default confidence\).*; the interval's lower end is 0\.99\d above 1$/);
  });
  it('refuses to decide on too narrow a range of ‖∇L‖, under .not too, unless told a smaller range will do', () => {
    const narrow = { gradNorm: [1, 1.5, 2, 3, 4, 5, 6], hessNorm: [1, 2.25, 4, 9, 16, 25, 36] };
    expect(() => expect(narrow).toGrowSuperlinearly()).toThrow('toGrowSuperlinearly: samples.gradNorm: expected a range of at least 1 decade(s) before deciding on growth (got 0.78), got "1..6"');
    expect(() => expect(narrow).not.toGrowSuperlinearly()).toThrow('before deciding on growth');
    expect(narrow).toGrowSuperlinearly({ minDecades: 0.5 });
  });
  it('refuses bad samples, under .not too', () => {
    expect(() => expect(null).toGrowSuperlinearly()).toThrow('toGrowSuperlinearly: samples: expected { gradNorm, hessNorm } of equal length, got null');
    expect(() => expect(undefined).not.toGrowSuperlinearly()).toThrow('toGrowSuperlinearly: samples: expected { gradNorm, hessNorm } of equal length');
    expect(() => expect({ hessNorm: [1] }).not.toGrowSuperlinearly()).toThrow('toGrowSuperlinearly: samples: expected { gradNorm, hessNorm }');
    expect(() => expect({ gradNorm: [1] }).not.toGrowSuperlinearly()).toThrow('toGrowSuperlinearly: samples: expected { gradNorm, hessNorm }');
    expect(() => expect({ gradNorm: [1, 2], hessNorm: [1] }).toGrowSuperlinearly()).toThrow('expected { gradNorm, hessNorm } of equal length');
    expect(() => expect({ gradNorm: [1, -2, 3, 4, 5], hessNorm: [1, 2, 3, 4, 5] }).toGrowSuperlinearly()).toThrow('toGrowSuperlinearly: samples.gradNorm[1]: expected a finite number > 0, got -2');
    expect(() => expect({ gradNorm: [1, 2, 3, 4, Infinity], hessNorm: [1, 2, 3, 4, 5] }).not.toGrowSuperlinearly()).toThrow('samples.gradNorm[4]: expected a finite number > 0, got Infinity');
    expect(() => expect({ gradNorm: [1, 2, 3, 4, 50], hessNorm: [1, 2, NaN, 4, 5] }).not.toGrowSuperlinearly()).toThrow('samples.hessNorm[2]: expected a finite number > 0, got NaN');
    expect(() => expect({ gradNorm: [1, 2, 3, 4, 50], hessNorm: [1, 2, 0, 4, 5] }).not.toGrowSuperlinearly()).toThrow('samples.hessNorm[2]: expected a finite number > 0, got 0');
    expect(() => expect({ gradNorm: [1, 2, 3, 4, 50], hessNorm: [1, 2, 3, 4, Infinity] }).not.toGrowSuperlinearly()).toThrow('samples.hessNorm[4]');
    expect(() => expect({ gradNorm: [1, 10, 100, 1000], hessNorm: [1, 2, 3, 4] }).not.toGrowSuperlinearly()).toThrow('toGrowSuperlinearly: samples: expected at least 5 samples, got "4 samples"');
  });
  it('refuses bad options', () => {
    expect(() => expect(quadratic).toGrowSuperlinearly({ confidence: 1 })).toThrow('toGrowSuperlinearly: options.confidence: expected a level in (0, 1), got 1');
    expect(() => expect(quadratic).not.toGrowSuperlinearly({ confidence: 0 })).toThrow('toGrowSuperlinearly: options.confidence');
    expect(() => expect(quadratic).not.toGrowSuperlinearly({ confidence: NaN })).toThrow('toGrowSuperlinearly: options.confidence');
    expect(() => expect(quadratic).toGrowSuperlinearly({ minDecades: -1 })).toThrow('toGrowSuperlinearly: options.minDecades: expected a finite number >= 0, got -1');
    expect(() => expect(quadratic).toGrowSuperlinearly({ minDecades: Infinity })).toThrow('toGrowSuperlinearly: options.minDecades');
    expect(quadratic).toGrowSuperlinearly({ minDecades: 0 });
  });
});
