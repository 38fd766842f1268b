import { describe, expect, it } from 'vitest';
import { judge } from '../../src/analysis/fidelity-status.ts';
import { turnRate } from '../../src/analysis/oscillation.ts';
import { polynomialFit, tailShare } from '../../src/analysis/curve-shape.ts';
import { cycleL1Norm, cycleFractionBelow, fractionBelow } from '../../src/analysis/cycle-closed-form.ts';
import { vggLayers } from '../../src/analysis/vgg-layers.ts';

/** The edges of the fidelity helpers: the comparison each judgement prints, strict floors, and the field each refusal names. */
describe('the comparison a judgement prints', () => {
  it('states the measured gap and the rule, numbers to four significant digits', () => {
    expect(judge(1.1, 1, { kind: 'relative', tolerance: 0.2 }).comparison).toBe('relative gap |m − p|/|p| = 0.1 against a tolerance of 0.2');
    expect(judge(2.5, 2, { kind: 'absolute', tolerance: 1 }).comparison).toBe('|m − p| = 0.5 against a tolerance of 1');
    expect(judge(1, 2, { kind: 'below' }).comparison).toBe('measured 1 < 2 required');
    expect(judge(3, 2, { kind: 'above' }).comparison).toBe('measured 3 > 2 required');
    expect(judge(5, 2, { kind: 'same decade' }).comparison).toBe('O(2) read as 2 ≤ m < 20; m = 5');
    expect(judge(30, 2, { kind: 'same decade' }).status).toBe('differs');
    expect(() => judge(1, 1, { kind: 'absolute', tolerance: -1 })).toThrow(/^comparison\.tolerance: expected a number >= 0/);
  });

  it('writes numbers from 0.001 up to a million as decimals and the rest in exponent form', () => {
    const shown = (x: number) => judge(x, 1, { kind: 'above' }).comparison.replace(/^measured (\S+) > 1 required$/, '$1');
    expect([0.001, 0.000999, 123456, 999_999.4, 1e6, -0.5, -2e-7, 1.23456].map(shown)).toEqual(['0.001', '9.990e-4', '123500', '1000000', '1.000e+6', '-0.5', '-2.000e-7', '1.235']);
  });
});

describe('turnRate at its floor', () => {
  it('counts a move only when it is larger than the floor, not equal to it', () => {
    expect(turnRate([0, 1, 0], 1)).toBe(0);
    expect(turnRate([0, 1, 0], 0.999)).toBe(1);
    expect(turnRate([0, 2, 1], 1)).toBe(0);
    expect(turnRate([0, 1, -1], 1)).toBe(0);
  });
});

describe('curve shapes', () => {
  it("polynomialFit's r² is 1 − SSE/SST (a line through (0,1), (1,3), (2,2), (3,4): 0.64)", () => {
    const fit = polynomialFit([0, 1, 2, 3], [1, 3, 2, 4], 1);
    expect(fit.coefficients[0]).toBeCloseTo(1.3, 12);
    expect(fit.coefficients[1]).toBeCloseTo(0.8, 12);
    expect(fit.r2).toBeCloseTo(0.64, 12);
  });

  it('tailShare refuses a tail outside (0, 1), is 0 on a flat path, and names a non-finite point', () => {
    for (const tail of [0, 1, -0.5, NaN]) expect(() => tailShare([1, 2, 3], tail)).toThrow(/^tail: expected a fraction in \(0, 1\)/);
    expect(tailShare([2, 2, 2], 0.5)).toBe(0);
    expect(tailShare([0, 1, 3], 0.5)).toBe(2 / 3);
    expect(() => tailShare([1, Infinity, 3], 0.5)).toThrow(/^x\[1\]: expected a finite number/);
    expect(() => polynomialFit([1, 2, 3, 4], [1, NaN, 3, 4], 1)).toThrow(/^y\[1\]: expected a finite number/);
  });
});

describe('the two-cycle closed form', () => {
  it('names the field it refuses', () => {
    expect(() => cycleL1Norm(10, 0, 1)).toThrow(/^alpha: expected a number > 0/);
    expect(() => cycleL1Norm(10, 1, -1)).toThrow(/^lambda: expected a number > 0/);
    expect(() => cycleFractionBelow(1e-5, 0, 1)).toThrow(/^alpha: expected a number > 0/);
    expect(() => cycleFractionBelow(NaN, 1, 1)).toThrow(/^threshold: /);
    expect(cycleL1Norm(4, 0.5, 0.25)).toBe(0.25);
  });

  it('counts the weights strictly below the threshold', () => {
    expect(fractionBelow([0.1, -0.2, 3], 1)).toBe(2 / 3);
    expect(fractionBelow([1, -1, 0.5, 2], 1)).toBe(1 / 4);
    expect(() => fractionBelow([], 1)).toThrow(/^weights: expected at least one weight/);
  });
});

describe('VGG layers', () => {
  it('puts a batch-norm layer after each conv when asked', () => {
    const kinds = vggLayers({ config: [8, 'M', 16], inChannels: 1, features: 16, hidden: [], classes: 2, batchNorm: true }).map((l) => l.kind);
    expect(kinds).toEqual(['conv', 'batch-norm', 'conv', 'batch-norm', 'linear']);
    expect(vggLayers({ config: [8], inChannels: 1, features: 8, hidden: [], classes: 2 })[0]).toEqual({ kind: 'conv', weights: 72, biases: 8, fanIn: 9, fanOut: 72 });
  });

  it('names the field it refuses', () => {
    expect(() => vggLayers({ inChannels: 0, features: 512, hidden: [], classes: 10 })).toThrow(/^vgg\.inChannels: /);
    expect(() => vggLayers({ config: [8, 0], features: 512, hidden: [], classes: 10 })).toThrow(/^vgg\.config\[\]: /);
    expect(() => vggLayers({ config: [8], features: 0, hidden: [], classes: 10 })).toThrow(/^vgg\.features: /);
    expect(() => vggLayers({ config: [8], features: 8, hidden: [], classes: 0 })).toThrow(/^vgg\.classifier width: /);
  });
});
