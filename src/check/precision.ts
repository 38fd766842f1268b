/**
 * How closely a checked optimizer must follow the reference, for the
 * arithmetic it declares. A float64 implementation may differ from the
 * reference by rounding (an algebraically equal rearrangement moves a few
 * ulps); a float32 one rounds every operation to 24 bits.
 */
import type { Precision } from './families.ts';

/** One ulp at 1.0: the relative size of a rounding step. */
export const EPSILON: Readonly<Record<Precision, number>> = { float64: 2 ** -52, float32: 2 ** -23, bfloat16: 2 ** -7 };

/** Slack over the measured rounding sensitivity: a correct implementation may round C times worse than a 1-ulp nudge. */
export const SLACK = 256;

const MANTISSA: Readonly<Record<Precision, number>> = { float64: 52, float32: 23, bfloat16: 7 };
const MIN_NORMAL: Readonly<Record<Precision, number>> = { float64: 2 ** -1022, float32: 2 ** -126, bfloat16: 2 ** -126 };

/** The spacing of numbers of the given precision around x. */
export function ulpOf(x: number, precision: Precision): number {
  const a = Math.abs(x);
  if (!(a >= MIN_NORMAL[precision])) return MIN_NORMAL[precision] * 2 ** -MANTISSA[precision];
  return 2 ** (Math.floor(Math.log2(a)) - MANTISSA[precision]);
}

/** |actual − expected| in ulps of `expected` at the given precision (Infinity when either is not finite). */
export function ulpsBetween(actual: number, expected: number, precision: Precision): number {
  if (Object.is(actual, expected)) return 0;
  const d = Math.abs(actual - expected);
  return Number.isFinite(d) ? d / ulpOf(expected, precision) : Infinity;
}

/** n roundings of a value of the given size: n·ε·size. */
export function roundings(precision: Precision, n: number, size: number): number {
  return n * EPSILON[precision] * size;
}

/**
 * How far a correct implementation may drift from another after `steps` steps
 * on parameters of size `scale`: SLACK roundings a step, on top of `spread`, the
 * distance a one-ulp nudge of the reference moved the reference itself.
 */
export function roundingBudget(precision: Precision, steps: number, scale: number, spread = 0): number {
  return SLACK * (spread + roundings(precision, steps, scale));
}

/** The same value (NaN, ±0 and ±Infinity by identity), or within the budget. */
export function within(actual: number, expected: number, budget: number): boolean {
  return Object.is(actual, expected) || Math.abs(actual - expected) <= budget;
}
