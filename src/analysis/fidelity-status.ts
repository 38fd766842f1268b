/**
 * Status of a paper's number against a measurement, under a stated rule. The
 * rule is data so the report can print it beside the verdict; the verdict is
 * computed, never passed in.
 */
import { InputError } from '../validate/input-error.ts';

export type Comparison =
  /** |measured − paper| ≤ tolerance·|paper|. */
  | { readonly kind: 'relative'; readonly tolerance: number }
  /** |measured − paper| ≤ tolerance. */
  | { readonly kind: 'absolute'; readonly tolerance: number }
  /** measured < paper (the paper states an upper bound). */
  | { readonly kind: 'below' }
  /** measured > paper (the paper states "more than"). */
  | { readonly kind: 'above' }
  /** paper ≤ measured < 10·paper: "O(paper)" read as the same decade. */
  | { readonly kind: 'same decade' };

export interface Judgement {
  readonly status: 'matches' | 'differs';
  /** The rule in words, with the numbers it compared. */
  readonly comparison: string;
}

export function judge(measured: number, paper: number, rule: Comparison): Judgement {
  if (!Number.isFinite(measured)) throw new InputError('measured', measured, 'expected a finite number to compare with the paper');
  if (!Number.isFinite(paper)) throw new InputError('paperValue', paper, 'expected a finite number');
  const gap = Math.abs(measured - paper);
  switch (rule.kind) {
    case 'relative': {
      if (!(rule.tolerance >= 0)) throw new InputError('comparison.tolerance', rule.tolerance, 'expected a number >= 0');
      const rel = paper === 0 ? (gap === 0 ? 0 : Infinity) : gap / Math.abs(paper);
      return outcome(rel <= rule.tolerance, `relative gap |m − p|/|p| = ${fmt(rel)} against a tolerance of ${rule.tolerance}`);
    }
    case 'absolute':
      if (!(rule.tolerance >= 0)) throw new InputError('comparison.tolerance', rule.tolerance, 'expected a number >= 0');
      return outcome(gap <= rule.tolerance, `|m − p| = ${fmt(gap)} against a tolerance of ${rule.tolerance}`);
    case 'below':
      return outcome(measured < paper, `measured ${fmt(measured)} < ${fmt(paper)} required`);
    case 'above':
      return outcome(measured > paper, `measured ${fmt(measured)} > ${fmt(paper)} required`);
    case 'same decade':
      if (!(paper > 0)) throw new InputError('paperValue', paper, 'expected a number > 0 for an order of magnitude');
      return outcome(measured >= paper && measured < 10 * paper, `O(${fmt(paper)}) read as ${fmt(paper)} ≤ m < ${fmt(10 * paper)}; m = ${fmt(measured)}`);
    default:
      throw new InputError('comparison.kind', (rule as { kind: unknown }).kind, 'expected relative, absolute, below, above or same decade');
  }
}

export interface Reading {
  /** One of the values the paper states for the same quantity. */
  readonly value: number | string;
  /** How far the evidence (a measurement or closed form) is from what this reading predicts; ≥ 0. */
  readonly misfit: number;
}

/**
 * Where a paper states one quantity twice with different values, the item is
 * inconsistent whatever the measurement says; `supported` is the reading the
 * evidence fits better (null on a tie), so the report can give both.
 */
export function judgeConflict(readings: readonly [Reading, Reading]): { status: 'inconsistent' | 'matches'; supported: number | string | null } {
  readings.forEach((r, i) => {
    if (!(r.misfit >= 0) || !Number.isFinite(r.misfit)) throw new InputError(`readings[${i}].misfit`, r.misfit, 'expected a finite number >= 0');
  });
  const [a, b] = readings;
  const supported = a.misfit < b.misfit ? a.value : b.misfit < a.misfit ? b.value : null;
  return { status: a.value === b.value ? 'matches' : 'inconsistent', supported };
}

function outcome(pass: boolean, comparison: string): Judgement {
  return { status: pass ? 'matches' : 'differs', comparison };
}

function fmt(x: number): string {
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6 ? String(Number(x.toPrecision(4))) : x.toExponential(3);
}
