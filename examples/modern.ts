/**
 * The modern families' references as makers, to try `optspec check` on:
 *
 *   npx optspec check --optimizer examples/modern.ts#lion --family lion
 *   npx optspec check --optimizer examples/modern.ts#muon --family muon --precision float64
 *   npx optspec check --optimizer examples/modern.ts#scheduleFreeAdamW --family schedule-free-adamw
 */
import { reference, type CheckHyper } from '../src/check/families.ts';
import type { OptimizerFactory } from '../src/optimizers/optimizer.ts';

export const lion = (h: CheckHyper): OptimizerFactory => reference('lion', 'automl', h);
export const muon = (h: CheckHyper): OptimizerFactory => reference('muon', 'keller', h);
export const scheduleFreeAdamW = (h: CheckHyper): OptimizerFactory => reference('schedule-free-adamw', 'reference', h);
export const scheduleFreeSgd = (h: CheckHyper): OptimizerFactory => reference('schedule-free-sgd', 'reference', h);
import { muon as muonOptimizer } from '../src/optimizers/muon.ts';

/** Muon as every published one computes it: Newton–Schulz in bfloat16 (the family's default precision). */
export const muonBfloat16 = (h: CheckHyper): OptimizerFactory =>
  muonOptimizer({ lr: h.lr, momentum: h.momentum, weightDecay: h.weightDecay, nesterov: h.nesterov, nsSteps: h.nsSteps as number, nsPrecision: 'bfloat16' });
