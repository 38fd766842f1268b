/**
 * One quantitative statement of a paper checked against a measurement: the
 * rows of the report's fidelity section. A spec computes the item (status
 * included) from its own run and attaches it to the test with `recordFidelity`;
 * like claim evidence it travels in task meta, so shards merge.
 */
import type { Paper } from './evidence.ts';

/**
 * matches: measured agrees with the paper within the stated tolerance.
 * differs: it does not. inconsistent: the paper contradicts itself here (the
 * note says where). garbled: the paper's text cannot be read for this value.
 */
export type FidelityStatus = 'matches' | 'differs' | 'inconsistent' | 'garbled';

export interface FidelityItem {
  readonly paper: Paper;
  /** Where in the paper: "Sec. 4", "App. B.2", "Fig. 4 caption", "eq. (9)". */
  readonly where: string;
  /** The statement in our words. */
  readonly statement: string;
  readonly paperValue: number | string;
  readonly measured: number | string;
  /** How measured and paper value were compared (tolerance, ratio, direction). */
  readonly comparison: string;
  /** Derived from the measured numbers, never written as a constant. */
  readonly status: FidelityStatus;
  /** The claim id this statement belongs to, when one does. */
  readonly claim?: string;
  readonly note?: string;
}

declare module '@vitest/runner' {
  interface TaskMeta {
    optspecFidelity?: FidelityItem[];
  }
}

/** Attach a checked paper statement to the running test; call it with the test context's `task`. */
export function recordFidelity(task: { meta: { optspecFidelity?: FidelityItem[] } }, item: FidelityItem): void {
  (task.meta.optspecFidelity ??= []).push(item);
}
