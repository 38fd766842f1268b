import type { Objective } from '../problems/objective.ts';
import type { CurvatureSamples } from './growth.ts';
import { InputError } from '../validate/input-error.ts';

/** ‖∇L‖₂ and the Frobenius norm ‖H‖_F at each point of a path, from the objective's exact Hessian. */
export function curvatureAlong(problem: Objective, points: readonly Float64Array[]): CurvatureSamples & { gradNorm: Float64Array; hessNorm: Float64Array } {
  if (!problem.hessian) throw new InputError('problem', problem.kind, 'expected an objective with an exact Hessian');
  const gradNorm = new Float64Array(points.length);
  const hessNorm = new Float64Array(points.length);
  const g = new Float64Array(problem.dim);
  points.forEach((p, i) => {
    problem.gradient(p, g);
    let s = 0;
    for (const v of g) s += v * v;
    gradNorm[i] = Math.sqrt(s);
    let h = 0;
    for (const v of problem.hessian!(p)) h += v * v;
    hessNorm[i] = Math.sqrt(h);
  });
  return { gradNorm, hessNorm };
}

/** How far (relative to ‖H‖) a sample may sit above a candidate bound and still count as under it: rounding in L0 + L1·‖∇L‖. */
export const L0L1_SLACK = 1e-12;

/**
 * An (L0, L1)-smoothness bound ‖H‖ ≤ L0 + L1·‖∇L‖ that covers the given
 * samples: among the level lines and the lines through two samples with
 * L0, L1 ≥ 0 that lie above every sample, the one lowest at the mean ‖∇L‖.
 * The linear program's other vertices, lines through the origin (L0 = 0), are
 * not tried, so where one of them is lower the bound is looser than the tightest.
 */
export function fitL0L1(samples: CurvatureSamples): { L0: number; L1: number } {
  if (samples.gradNorm.length < 1 || samples.gradNorm.length !== samples.hessNorm.length) {
    throw new InputError('samples', `${samples.gradNorm.length} and ${samples.hessNorm.length} values`, 'expected at least one ‖∇L‖, ‖H‖ pair');
  }
  const pts = Array.from({ length: samples.gradNorm.length }, (_, i) => [samples.gradNorm[i], samples.hessNorm[i]] as const);
  const mean = pts.reduce((s, [g]) => s + g, 0) / pts.length;
  let best = { L0: Infinity, L1: 0, at: Infinity };
  const consider = (L0: number, L1: number) => {
    if (L0 < 0 || L1 < 0) return;
    if (pts.some(([g, h]) => h > L0 + L1 * g + L0L1_SLACK * Math.abs(h))) return;
    const at = L0 + L1 * mean;
    if (at < best.at) best = { L0, L1, at };
  };
  for (const [, h] of pts) consider(h, 0);
  for (let i = 0; i < pts.length; i++) {
    for (let j = i + 1; j < pts.length; j++) {
      const [g1, h1] = pts[i];
      const [g2, h2] = pts[j];
      if (g1 === g2) continue;
      const L1 = (h2 - h1) / (g2 - g1);
      consider(h1 - L1 * g1, L1);
    }
  }
  return { L0: best.L0, L1: best.L1 };
}
