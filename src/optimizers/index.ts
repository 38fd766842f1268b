import { sgd } from './sgd.ts';
import { rmsprop } from './rmsprop.ts';
import { adam } from './adam.ts';
import { adamw } from './adamw.ts';
import { adagrad } from './adagrad.ts';
import { heavyBall } from './heavy-ball.ts';
import { rmspropPaper } from './rmsprop-paper.ts';
import { ista } from './ista.ts';
import { tfjsMomentum } from './tfjs-momentum.ts';
import { tfjsRmsprop } from './tfjs-rmsprop.ts';
import { tfjsAdagrad } from './tfjs-adagrad.ts';
import { tfjsAdam } from './tfjs-adam.ts';
import type { OptimizerFactory } from './optimizer.ts';
import { InputError, record } from '../validate/input-error.ts';

export type { Optimizer, OptimizerFactory, Hyper, OptimizerState } from './optimizer.ts';
export { defineOptimizer } from './optimizer.ts';
export { sgd, rmsprop, adam, adamw, adagrad, heavyBall, rmspropPaper, ista, tfjsMomentum, tfjsRmsprop, tfjsAdagrad, tfjsAdam };
export { lion, type LionOptions } from './lion.ts';
export { muon, newtonSchulz, NS_COEFFICIENTS, type MuonOptions, type MuonDialect, type NsPrecision, type NsEmulation, type MuonAdjustLr } from './muon.ts';
export { scheduleFreeAdamW, scheduleFreeSgd, type ScheduleFreeAdamWOptions, type ScheduleFreeSgdOptions } from './schedule-free.ts';
export { Layout, flatLayout, makeLayout, tensorView, matrixShape, tensorSize, type LayoutTensor, type GroupOverrides } from './layout.ts';
export { bfloat16 } from './bfloat16.ts';
export { tensorwise } from './tensorwise.ts';

type Maker = (options: never) => OptimizerFactory;

/** Every optimizer by the name run.json uses. */
export const OPTIMIZERS: Readonly<Record<string, Maker>> = {
  sgd,
  rmsprop,
  adam,
  adamw,
  adagrad,
  'heavy-ball': heavyBall,
  'rmsprop-paper': rmspropPaper,
  ista,
  'tfjs-momentum': tfjsMomentum,
  'tfjs-rmsprop': tfjsRmsprop,
  'tfjs-adagrad': tfjsAdagrad,
  'tfjs-adam': tfjsAdam,
};

/** Build an optimizer from `{ name, lr, …hyperparameters }` (the `optimizer` field of run.json). */
export function makeOptimizer(input: unknown): OptimizerFactory {
  const { name, ...hyper } = record('optimizer', input);
  if (typeof name !== 'string' || !(name in OPTIMIZERS)) {
    throw new InputError('optimizer.name', name, `expected one of ${Object.keys(OPTIMIZERS).join(', ')}`);
  }
  return (OPTIMIZERS[name] as (o: unknown) => OptimizerFactory)(hyper);
}
