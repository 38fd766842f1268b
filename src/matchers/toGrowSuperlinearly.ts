import type { MatcherState } from 'vitest';
import { growsSuperlinearly, type CurvatureSamples, type GrowthOptions } from '../analysis/growth.ts';
import { fromVerdict } from './support/result.ts';

export type { GrowthOptions } from '../analysis/growth.ts';

/**
 * `expect({ gradNorm, hessNorm }).toGrowSuperlinearly(options?)`: the Hessian
 * norm grows faster than linearly in the gradient norm along the sampled path
 * (003 Sec. 3): the confidence interval of the log–log slope lies above 1.
 * Throws, under `.not` too, when ‖∇L‖ spans too few decades to decide.
 */
export function toGrowSuperlinearly(this: MatcherState, received: unknown, options: GrowthOptions = {}) {
  return fromVerdict(this, 'toGrowSuperlinearly', growsSuperlinearly(received as CurvatureSamples, options));
}
