import { describe, expect, it } from 'vitest';
import { turnRate, riseBeforeOscillation } from '../../src/analysis/oscillation.ts';
import { polynomialFit, dip, tailShare } from '../../src/analysis/curve-shape.ts';
import { cycleL1Norm, cycleFractionBelow, fractionBelow } from '../../src/analysis/cycle-closed-form.ts';
import { VGG16, vggLayers, parameterCount } from '../../src/analysis/vgg-layers.ts';

describe('turnRate', () => {
  it('counts the steps where the loss turns, both moves above the floor', () => {
    expect(turnRate([3, 2, 1, 0.5], 0)).toBe(0);
    expect(turnRate([1, 2, 1, 2, 1], 0)).toBe(1);
    // One turn (at index 2) in three interior steps.
    expect(turnRate([4, 3, 2, 3, 4], 0)).toBeCloseTo(1 / 3, 15);
    // Wobble below the floor is not oscillation.
    expect(turnRate([1, 1 + 1e-12, 1, 1 + 1e-12], 1e-9)).toBe(0);
    expect(turnRate([1, 1 + 1e-12, 1, 1 + 1e-12], 0)).toBe(1);
    // The floor applies to both sides of a turn.
    expect(turnRate([0, 1, 1 - 1e-12, 1], 1e-9)).toBe(0);
    expect(turnRate([1, 1 + 1e-12, 0], 1e-9)).toBe(0);
    expect(turnRate([1, 2, 2 - 1e-12], 1e-9)).toBe(0);
  });

  it('refuses too few steps, a non-finite loss and a negative floor', () => {
    expect(() => turnRate([1, 2], 0)).toThrow(/^loss: expected at least 3 steps, got 2/);
    expect(() => turnRate([1, NaN, 2], 0)).toThrow(/^loss\[1\]: expected a finite loss, got NaN/);
    expect(() => turnRate([1, 2, 3], -1)).toThrow(/^floor: expected a number >= 0/);
  });
});

describe('riseBeforeOscillation', () => {
  it('measures the run of rises from the first local minimum', () => {
    expect(riseBeforeOscillation([5, 3, 1, 2, 3, 4, 3.5, 4, 3.5])).toEqual({ rises: 3, from: 2, to: 5 });
    expect(riseBeforeOscillation([5, 7, 6, 7])).toEqual({ rises: 1, from: 0, to: 1 });
    expect(riseBeforeOscillation([5, 4, 3, 3])).toEqual({ rises: 0, from: -1, to: -1 });
    expect(riseBeforeOscillation([1, 2, 3])).toEqual({ rises: 2, from: 0, to: 2 });
    // A flat step ends the rise.
    expect(riseBeforeOscillation([5, 3, 4, 4, 5])).toEqual({ rises: 1, from: 1, to: 2 });
  });

  it('refuses a non-finite loss', () => {
    expect(() => riseBeforeOscillation([1, Infinity, 2])).toThrow(/^loss\[1\]: expected a finite loss, got Infinity/);
  });
});

describe('curve shape', () => {
  const x = Array.from({ length: 20 }, (_, i) => i + 1);
  it('polynomialFit recovers a line and a parabola exactly, and tells them apart', () => {
    const line = polynomialFit(x, x.map((v) => 2 + 3 * v), 1);
    expect(line.coefficients[0]).toBeCloseTo(2, 9);
    expect(line.coefficients[1]).toBeCloseTo(3, 9);
    expect(line.r2).toBeCloseTo(1, 12);
    const parabola = x.map((v) => 1 + v * v);
    expect(polynomialFit(x, parabola, 2).coefficients[2]).toBeCloseTo(1, 9);
    expect(polynomialFit(x, parabola, 2).r2).toBeCloseTo(1, 12);
    expect(polynomialFit(x, parabola, 1).r2).toBeLessThan(0.96);
    expect(polynomialFit(x, x.map(() => 4), 1).r2).toBe(1);
  });

  it('dip finds a U and a one-sided curve, in x order whatever the path order', () => {
    const u = dip(x, x.map((v) => (v - 10) ** 2));
    expect(u.at).toBe(10);
    expect(u.leftRise).toBeCloseTo(81 / 100, 12);
    expect(u.rightRise).toBe(1);
    // Walked from x = 20 down to 1 with y rising: ordered by x, y falls to its lowest at x = 20.
    expect(dip([...x].reverse(), x.map((v) => v))).toEqual({ at: 20, leftRise: 1, rightRise: 0 });
    expect(dip([1, 2, 3], [5, 5, 5])).toEqual({ at: 1, leftRise: 0, rightRise: 0 });
  });

  it('tailShare is the share of the change made at the end', () => {
    expect(tailShare([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10], 0.1)).toBe(1);
    expect(tailShare(x, 0.5)).toBeCloseTo(10 / 19, 12);
    expect(() => tailShare(x, 1)).toThrow(/^tail: expected a fraction in \(0, 1\), got 1/);
  });

  it('refuses mismatched, short and non-finite input', () => {
    expect(() => polynomialFit([1, 2, 3], [1, 2], 1)).toThrow(/^y: expected 3 values, one per x, got 2/);
    expect(() => polynomialFit([1, 2, 3], [1, 2, 3], 2)).toThrow(/^x: expected at least 4 points, got 3/);
    expect(() => dip([1, 2, NaN], [1, 2, 3])).toThrow(/^x\[2\]: expected a finite number, got NaN/);
    expect(() => dip([1, 2, 3], [1, Infinity, 3])).toThrow(/^y\[1\]/);
  });
});

describe('two-cycle closed form', () => {
  it('n·αλ/2 and min(1, τ/(αλ))', () => {
    expect(cycleL1Norm(138_357_544, 0.01, 0.1)).toBeCloseTo(69_178.772, 3);
    expect(cycleFractionBelow(1e-5, 0.01, 0.1)).toBeCloseTo(0.01, 15);
    expect(cycleFractionBelow(1e-5, 0.01, 0.001)).toBe(1);
    expect(cycleFractionBelow(1e-5, 0.003, 2)).toBeCloseTo(1 / 600, 15);
  });

  it('fractionBelow is strict, like torch.abs(p) < threshold', () => {
    expect(fractionBelow([1e-5, -1e-5, 9e-6, -2e-6], 1e-5)).toBe(0.5);
    expect(() => fractionBelow([], 1e-5)).toThrow(/^weights: expected at least one weight, got 0/);
  });

  it('refuses non-positive inputs', () => {
    expect(() => cycleL1Norm(0, 0.01, 0.1)).toThrow(/^n: expected a number > 0/);
    expect(() => cycleFractionBelow(1e-5, 0.01, NaN)).toThrow(/^lambda: expected a finite number, got NaN/);
    expect(() => cycleFractionBelow(-1, 0.01, 1)).toThrow(/^threshold: expected a number >= 0/);
  });
});

describe('VGG parameter counts', () => {
  it('torchvision vgg16: 138,357,544 (its documented count)', () => {
    expect(parameterCount(vggLayers({ config: VGG16, features: 512 * 7 * 7, hidden: [4096, 4096], classes: 1000 }))).toBe(138_357_544);
  });

  it('a CIFAR-10 VGG16 with batch norm and a 512→10 classifier: 14,728,266 (kuangliu/pytorch-cifar)', () => {
    const layers = vggLayers({ features: 512, hidden: [], classes: 10, batchNorm: true });
    expect(parameterCount(layers)).toBe(14_728_266);
    expect(layers.filter((l) => l.kind === 'conv')).toHaveLength(13);
    expect(layers[0]).toEqual({ kind: 'conv', weights: 1728, biases: 64, fanIn: 27, fanOut: 576 });
  });

  it('refuses a classifier input that is not a multiple of the last conv width', () => {
    expect(() => vggLayers({ features: 500, hidden: [], classes: 10 })).toThrow(/^vgg\.features: expected a multiple of the last conv width 512, got 500/);
    expect(() => vggLayers({ features: 512, hidden: [0], classes: 10 })).toThrow(/^vgg\.classifier width/);
  });
});
