import { describe, expect, it } from 'vitest';
import { failureOf } from '../../test/helpers.ts';

const g = Array.from({ length: 20 }, (_, i) => 10 ** (i / 5)); // 1 .. ~6300, almost 4 decades
const quadratic = { gradNorm: g, hessNorm: g.map((x, i) => x * x * (1 + 0.01 * Math.sin(i))) };
const linear = { gradNorm: g, hessNorm: g.map((x) => 3 + 2 * x) };

describe('toGrowSuperlinearly', () => {
  it('passes for ‖H‖ ∝ ‖∇L‖²', () => {
    expect(quadratic).toGrowSuperlinearly();
  });
  it('fails for an (L0, L1)-smooth path, with the slope and its interval', () => {
    expect(failureOf(() => expect(linear).toGrowSuperlinearly())).toMatch(/does not grow superlinearly in ‖∇L‖: log–log slope 0\.9\d+ \(95% interval/);
  });
  it('.not passes for linear growth', () => {
    expect(linear).not.toGrowSuperlinearly();
  });
  it('.not fails with the evidence', () => {
    expect(failureOf(() => expect(quadratic).not.toGrowSuperlinearly())).toMatch(/grows superlinearly in ‖∇L‖: log–log slope 1\.99\d+ \(95% interval 1\.99\d\.\.2\.00\d\)/);
  });
  it('refuses to decide on too narrow a range of ‖∇L‖, under .not too', () => {
    const narrow = { gradNorm: g.slice(0, 4).concat([1.2]), hessNorm: [1, 2, 3, 4, 5] };
    expect(() => expect(narrow).toGrowSuperlinearly()).toThrow('expected a range of at least 1 decade(s) before deciding on growth');
    expect(() => expect(narrow).not.toGrowSuperlinearly()).toThrow('before deciding on growth');
  });
  it('throws on bad samples', () => {
    expect(() => expect({ gradNorm: [1, 2], hessNorm: [1] }).toGrowSuperlinearly()).toThrow('expected { gradNorm, hessNorm } of equal length');
    expect(() => expect({ gradNorm: [1, -2, 3, 4, 5], hessNorm: [1, 2, 3, 4, 5] }).toGrowSuperlinearly()).toThrow('samples.gradNorm[1]: expected a finite number > 0, got -2');
  });
});
