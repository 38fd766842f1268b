import type { MatcherState } from 'vitest';
import { growsSuperlinearly, type CurvatureSamples, type GrowthOptions } from '../analysis/growth.ts';
import { fromVerdict } from './support/result.ts';
import { InputError } from '../validate/input-error.ts';

export type { GrowthOptions } from '../analysis/growth.ts';

/**
 * `expect({ gradNorm, hessNorm }).toGrowSuperlinearly(options?)`: the Hessian
 * norm grows faster than linearly in the gradient norm along the sampled path
 * (003 Sec. 3): the confidence interval of the log–log slope lies above 1.
 * Throws, under `.not` too, when ‖∇L‖ spans too few decades to decide.
 */
export function toGrowSuperlinearly(this: MatcherState, received: unknown, options: GrowthOptions = {}) {
  const { minDecades, confidence } = options;
  if (minDecades !== undefined && !(minDecades >= 0 && Number.isFinite(minDecades))) {
    throw new InputError('toGrowSuperlinearly: options.minDecades', minDecades, 'expected a finite number >= 0');
  }
  if (confidence !== undefined && !(confidence > 0 && confidence < 1)) {
    throw new InputError('toGrowSuperlinearly: options.confidence', confidence, 'expected a level in (0, 1)');
  }
  return fromVerdict(this, 'toGrowSuperlinearly', () => growsSuperlinearly(received as CurvatureSamples, options));
}
