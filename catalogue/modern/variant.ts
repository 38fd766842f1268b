import type { ModernFamily, ModernMaker, ModernPrecision } from '../../src/check/modern/drive.ts';

/** One optimizer of the modern catalogue: a realistic bug (broken) or an algebraic rearrangement that must pass (correct). */
export interface ModernVariant {
  readonly id: string;
  readonly family: ModernFamily;
  /** The bug, or the rearrangement, in one line. */
  readonly description: string;
  readonly broken: boolean;
  /** The arithmetic it declares, and is judged at; float64 when absent. */
  readonly precision?: ModernPrecision;
  readonly make: ModernMaker;
}
