/**
 * What `optspec check` expects of each optimizer family: reference parity in
 * the declared dialect, the contracts every optimizer keeps, then the
 * family's own relations and claims (its module lists them, with the
 * dialects they do not hold for).
 */
import { referenceParity } from './parity.ts';
import { CONTRACTS, LAYOUT_CONTRACTS, zeroGradient } from './contracts.ts';
import { OPTION_EXPECTATIONS, maximizeIsNegatedGradient } from './options.ts';
import { SHAPED } from './shaped.ts';
import { familyModule, dialectSpec, type CheckFamily, type Dialect } from './families.ts';
import type { Expectation } from './expectation.ts';

export { CHECK_FAMILIES, type CheckFamily, type Maker, type CheckHyper, type Dialect, type Precision } from './families.ts';
export type { Expectation, CheckContext, Outcome } from './expectation.ts';

/** Everything checked for a family in a dialect, parity first (without a family: src/check/plan.ts). */
export function expectationsFor(family: CheckFamily, dialect: Dialect): readonly Expectation[] {
  const module = familyModule(family);
  const exempt = dialectSpec(family, dialect).exempt ?? {};
  // A family that acts on matrices has its own expectations, which run on layouts, and the contracts that hold for any rule, on its own layouts.
  if (module.flat === false) return [...(module.suite ? LAYOUT_CONTRACTS : []), ...module.expectations()].filter((e) => !Object.hasOwn(exempt, e.id));
  // Momentum, or a first moment, may move the parameters on a zero gradient.
  const contracts = module.momentum ? CONTRACTS.filter((c) => c !== zeroGradient) : CONTRACTS;
  // maximize's relation only where the family has the option.
  const options = OPTION_EXPECTATIONS.filter((e) => e !== maximizeIsNegatedGradient || Object.hasOwn(module.options, 'maximize'));
  const shaped = module.perTensor === false ? [] : SHAPED;
  return [referenceParity, ...contracts, ...options, ...shaped, ...module.expectations()].filter((e) => !Object.hasOwn(exempt, e.id));
}
