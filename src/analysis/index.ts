export type { Verdict } from './verdict.ts';
export { staysCaptured, distance, type NormKind } from './capture.ts';
export { lossNeverIncreases } from './monotone.ts';
export { neverHitsZero, keepsZeros, jumpsOffZero, landings, type Landing } from './zeros.ts';
export { entersTwoCycle, cycleEnvelope, envelopeDistance, sharesCycleWith } from './two-cycle.ts';
export { lossStaysBelow, lossAbove, finalL1Norm, endsWithLargerL1Norm } from './loss.ts';
export { fitGrowth, growsSuperlinearly, type CurvatureSamples, type GrowthOptions } from './growth.ts';
export { fitLine, bootstrapInterval, normalQuantile, tQuantile } from './statistics.ts';
export { nextUp } from './ulp.ts';
