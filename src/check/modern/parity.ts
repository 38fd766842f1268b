/**
 * Parity for the modern families: a candidate follows the float64 reference
 * step for step on a few seeded problems and configurations, within the
 * rounding its declared precision allows. A relation catches a bug without
 * knowing the rule; parity catches the rest (β's swapped, a missing bias
 * correction, Nesterov ignored).
 */
import type { Hyper } from '../../optimizers/optimizer.ts';
import type { Layout } from '../../optimizers/layout.ts';
import type { Objective } from '../../problems/objective.ts';
import { coordinateLabel } from '../../trace/tensor.ts';
import { pass, fail, type Outcome } from '../expectation.ts';
import { drive, guarded, rounding, maxAbs, num, type ModernMaker, type ModernPrecision } from './drive.ts';

export interface ParityProblem {
  readonly label: string;
  readonly problem: Objective;
  readonly init: Float64Array;
  readonly layout?: Layout;
}

export interface ParitySpec {
  /** The reference, made for the precision a candidate declares (Muon's bfloat16 Newton–Schulz). */
  readonly reference: (precision: ModernPrecision) => ModernMaker;
  readonly configs: readonly Hyper[];
  readonly problems: () => readonly ParityProblem[];
  readonly steps: number;
  /**
   * Extra room per step, in units of lr, for arithmetic coarser than the
   * parameters' (bfloat16 Newton–Schulz rounds each update to 8 bits); 0 when none.
   */
  readonly updateSlack?: Partial<Record<ModernPrecision, number>>;
  /**
   * How much larger than lr a coordinate's update is by construction (Muon's
   * shape scale √max(1, rows/cols) of its tensor): the slack grows with it,
   * since bfloat16 rounds the update before it is scaled. 1 when absent.
   */
  readonly updateScale?: (layout: Layout | undefined, hyper: Hyper) => (j: number) => number;
  /**
   * Other arithmetics of a precision that implementations legitimately run in,
   * each with its reference: bfloat16 is not one arithmetic (a GPU accumulates
   * a product in float32; PyTorch 1.13's CPU rounds every term).
   */
  readonly alsoAccept?: Partial<Record<ModernPrecision, readonly { readonly arithmetic: string; readonly reference: ModernMaker }[]>>;
}

/**
 * `(make, precision, hold) => Outcome`: the candidate against the reference on
 * every problem and configuration. `hold` overrides every configuration: the
 * neutral values of options the candidate lacks (`--without`), so that
 * reference and candidate run the same rule. Where the precision has other
 * arithmetics (`alsoAccept`), a problem passes when the candidate follows the
 * reference in any one of them.
 */
export function parityAgainst(spec: ParitySpec): (make: ModernMaker, precision: ModernPrecision, hold?: Hyper) => Outcome {
  return (make, precision, hold = {}) => guarded('parity', () => {
    const arithmetics = [{ arithmetic: '', reference: spec.reference(precision) }, ...(spec.alsoAccept?.[precision] ?? [])];
    const configs = distinct(spec.configs.map((h) => ({ ...h, ...hold })));
    for (const hyper of configs) {
      for (const p of spec.problems()) {
        const got = drive(make(hyper), p.problem, p.init, spec.steps, p.layout).rows;
        const gaps = arithmetics.map(({ reference }) => firstGap(spec, precision, hyper, p, drive(reference(hyper), p.problem, p.init, spec.steps, p.layout).rows, got));
        if (gaps.some((gap) => gap === null)) continue;
        const others = arithmetics.slice(1).map((a, i) => `; in ${a.arithmetic}: ${gaps[i + 1]}`).join('');
        return fail(`on ${p.label} with ${show(hyper)}, ${gaps[0]}${others}`);
      }
    }
    return pass(`followed the reference for ${spec.steps} steps on ${spec.problems().length} problems × ${configs.length} configuration${configs.length === 1 ? '' : 's'}`);
  });
}

/** Where the candidate's trajectory first leaves the reference's by more than the budget, in words; null when it never does. */
function firstGap(spec: ParitySpec, precision: ModernPrecision, hyper: Hyper, { layout }: ParityProblem, want: Float64Array[], got: Float64Array[]): string | null {
  const lr = num(hyper, 'lr');
  const scale = spec.updateScale?.(layout, hyper) ?? (() => 1);
  for (let k = 1; k <= spec.steps; k++) {
    const slack = (spec.updateSlack?.[precision] ?? 0) * k * lr;
    const budget = rounding(precision, k, maxAbs(want[k]) + lr * k);
    const allowed = (i: number) => budget + slack * scale(i);
    const j = want[k].findIndex((v, i) => !(Object.is(v, got[k][i]) || Math.abs(v - got[k][i]) <= allowed(i)));
    if (j >= 0) {
      const gap = Math.abs(got[k][j] - want[k][j]);
      return `${coordinateLabel(layout, j)} was ${got[k][j]} at step ${k}, not the reference's ${want[k][j]} (off by ${gap.toPrecision(3)} = ${(gap / lr).toPrecision(3)}·lr; allowed ${allowed(j).toPrecision(3)})`;
    }
  }
  return null;
}

/** Configurations that holding options neutral made equal are run once. */
function distinct(configs: readonly Hyper[]): Hyper[] {
  const seen = new Set<string>();
  return configs.filter((h) => {
    const key = JSON.stringify(Object.entries(h).sort(([a], [b]) => a.localeCompare(b)));
    return !seen.has(key) && (seen.add(key), true);
  });
}

function show(h: Hyper): string {
  return Object.entries(h).map(([k, v]) => `${k} = ${v}`).join(', ');
}
