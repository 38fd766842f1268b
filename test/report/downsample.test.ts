import { describe, expect, it } from 'vitest';
import { downsample } from '../../src/report/evidence.ts';

describe('downsample (drawing only)', () => {
  it('keeps short curves whole', () => {
    expect(downsample([3, 1, 2])).toEqual([[0, 3], [1, 1], [2, 2]]);
  });
  it('keeps the envelope of a two-cycle instead of aliasing it flat', () => {
    const ys = Array.from({ length: 3000 }, (_, i) => (i % 2 === 0 ? 7.4 : 12));
    const pts = downsample(ys, 100);
    expect(pts.length).toBeLessThanOrEqual(102);
    expect(new Set(pts.map(([, y]) => y))).toEqual(new Set([7.4, 12]));
  });
  it('keeps non-finite points so the chart can count them', () => {
    const ys = Array.from({ length: 1000 }, (_, i) => (i === 500 ? Infinity : i));
    expect(downsample(ys, 50).some(([, y]) => y === Infinity)).toBe(true);
  });
});
