/**
 * The modern families (Lion, Muon, Schedule-Free AdamW and SGD) for the gate:
 * family modules (reference, relations, parity), the catalogue of broken and
 * correct variants, and the pieces a family module is built from.
 */
export { MODERN_FAMILIES, LION, MUON, SCHEDULE_FREE_ADAMW, SCHEDULE_FREE_SGD, muonFamily, judge, type ModernFamilyModule } from './families.ts';
export { parityAgainst, type ParitySpec, type ParityProblem } from './parity.ts';
export { LION_RELATIONS, LION_HYPER, lionUnitSteps, lionScaleInvariance, lionDecoupledDecay } from './lion.ts';
export { muonRelations, muonActsOnMatrices, muonEquivariance, muonSingularBand, muonShapeScale, muonModel, MUON_HYPER, nsBand, singularValues } from './muon.ts';
export { scheduleFreeRelations, averagingWeights, SCHEDULE_FREE_HYPER, type ScheduleFreeKind } from './schedule-free.ts';
export { LION_FAMILY, MUON_FAMILY, SCHEDULE_FREE_ADAMW_FAMILY, SCHEDULE_FREE_SGD_FAMILY, MODERN_MODULES, asExpectation, parityExpectation } from './modules.ts';
export { drive, type ModernMaker, type ModernPrecision, type ModernFamily, type ModernRelation } from './drive.ts';
