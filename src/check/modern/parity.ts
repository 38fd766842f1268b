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
}

/** `(make, precision) => Outcome`: the candidate against the reference on every problem and configuration. */
export function parityAgainst(spec: ParitySpec): (make: ModernMaker, precision: ModernPrecision) => Outcome {
  return (make, precision) => guarded('parity', () => {
    for (const hyper of spec.configs) {
      const lr = num(hyper, 'lr');
      for (const { label, problem, init, layout } of spec.problems()) {
        const want = drive(spec.reference(precision)(hyper), problem, init, spec.steps, layout).rows;
        const got = drive(make(hyper), problem, init, spec.steps, layout).rows;
        for (let k = 1; k <= spec.steps; k++) {
          const slack = (spec.updateSlack?.[precision] ?? 0) * k * lr;
          const budget = rounding(precision, k, maxAbs(want[k]) + lr * k) + slack;
          const j = want[k].findIndex((v, i) => !(Object.is(v, got[k][i]) || Math.abs(v - got[k][i]) <= budget));
          if (j >= 0) return fail(`on ${label} with ${show(hyper)}, coordinate ${j} was ${got[k][j]} at step ${k}, not the reference's ${want[k][j]}`);
        }
      }
    }
    return pass(`followed the reference for ${spec.steps} steps on ${spec.problems().length} problems × ${spec.configs.length} configurations`);
  });
}

function show(h: Hyper): string {
  return Object.entries(h).map(([k, v]) => `${k} = ${v}`).join(', ');
}
