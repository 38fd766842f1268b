/**
 * What `optspec check` expects of each optimizer family: reference parity in
 * the declared dialect, the contracts every optimizer keeps, the family's
 * metamorphic relations, and the papers' claims that apply to it.
 */
import { referenceParity } from './parity.ts';
import { CONTRACTS, zeroGradient } from './contracts.ts';
import { RELATIONS } from './relations.ts';
import { CLAIMS } from './claims.ts';
import { FAMILIES, type CheckFamily, type Dialect } from './families.ts';
import type { Expectation } from './expectation.ts';

export { CHECK_FAMILIES, type CheckFamily, type Maker, type CheckHyper, type Dialect, type Precision } from './families.ts';
export type { Expectation, CheckContext, Outcome } from './expectation.ts';

const { scaleInvariance, adamFirstStep, nesterovFirstStep, decoupledDecay, jumpOffZero } = RELATIONS;
const { keepsZero, twoCycle, notAgnostic, agnostic, bounded } = CLAIMS;

const FAMILY_EXPECTATIONS: Readonly<Record<CheckFamily, readonly Expectation[]>> = {
  sgd: [keepsZero, twoCycle, notAgnostic, bounded(10)],
  momentum: [jumpOffZero, notAgnostic, bounded(10)],
  nesterov: [nesterovFirstStep, notAgnostic, bounded(10)],
  rmsprop: [scaleInvariance, agnostic, bounded(1)],
  adam: [scaleInvariance, adamFirstStep, agnostic, bounded(1)],
  adamw: [scaleInvariance, adamFirstStep, decoupledDecay, agnostic, bounded(1)],
  adagrad: [scaleInvariance, bounded(1)],
};

/** Everything checked for a family in a dialect, parity first. */
export function expectationsFor(family: CheckFamily, dialect: Dialect): readonly Expectation[] {
  // TF.js's Adagrad starts its accumulator at 0.1, so its steps do depend on the gradient's scale.
  const own = FAMILY_EXPECTATIONS[family].filter((e) => !(e === scaleInvariance && family === 'adagrad' && dialect === 'tfjs'));
  // Momentum, or a first moment, may move the parameters on a zero gradient.
  const contracts = FAMILIES[family].momentum ? CONTRACTS.filter((c) => c !== zeroGradient) : CONTRACTS;
  return [referenceParity, ...contracts, ...own];
}
