/**
 * optspec's vitest matchers. Add this entry to `setupFiles` (as
 * 'optspec/vitest') to register them and their types:
 *
 * ```ts
 * // vitest.config.ts
 * export default defineConfig({ test: { setupFiles: ['optspec/vitest'] } });
 * ```
 */
import { expect } from 'vitest';
import { toStayCaptured, type CaptureOptions } from './toStayCaptured.ts';
import { toNeverIncreaseLoss } from './toNeverIncreaseLoss.ts';
import { toNeverHitZero } from './toNeverHitZero.ts';
import { toKeepZeros } from './toKeepZeros.ts';
import { toJumpOffZero } from './toJumpOffZero.ts';
import { toEnterTwoCycle } from './toEnterTwoCycle.ts';
import { toShareCycleWith, type ShareCycleOptions } from './toShareCycleWith.ts';
import { toKeepLossBelow } from './toKeepLossBelow.ts';
import { toHaveLossAbove } from './toHaveLossAbove.ts';
import { toEndWithLargerL1NormThan } from './toEndWithLargerL1NormThan.ts';
import { toGrowSuperlinearly, type GrowthOptions } from './toGrowSuperlinearly.ts';
import { toMatchTraceSnapshot } from './toMatchTraceSnapshot.ts';

export const optspecMatchers = {
  toStayCaptured,
  toNeverIncreaseLoss,
  toNeverHitZero,
  toKeepZeros,
  toJumpOffZero,
  toEnterTwoCycle,
  toShareCycleWith,
  toKeepLossBelow,
  toHaveLossAbove,
  toEndWithLargerL1NormThan,
  toGrowSuperlinearly,
  toMatchTraceSnapshot,
};

export interface OptspecMatchers<R = unknown> {
  toStayCaptured(radius: number, options?: CaptureOptions): R;
  toNeverIncreaseLoss(tolerance?: number): R;
  toNeverHitZero(): R;
  toKeepZeros(): R;
  toJumpOffZero(eta: number): R;
  toEnterTwoCycle(step: number, tolerance?: number): R;
  toShareCycleWith(other: unknown, options?: ShareCycleOptions): R;
  toKeepLossBelow(bound: number, from?: number): R;
  toHaveLossAbove(other: unknown, last: number): R;
  toEndWithLargerL1NormThan(other: unknown): R;
  toGrowSuperlinearly(options?: GrowthOptions): R;
  toMatchTraceSnapshot(): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends OptspecMatchers<T> {}
}

expect.extend(optspecMatchers);
