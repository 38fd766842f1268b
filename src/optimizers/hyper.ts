import { InputError, boolean, finiteNumber, nonNegative, unitInterval } from '../validate/input-error.ts';

/**
 * Reads hyperparameters with defaults, checking each one and naming the field
 * in the error. `prefix` is where the field lives in the caller's input.
 */
export class HyperReader {
  constructor(
    private readonly given: Readonly<Record<string, unknown>>,
    private readonly prefix = 'optimizer',
  ) {}

  private field(key: string): string {
    return `${this.prefix}.${key}`;
  }

  lr(fallback?: number): number {
    const v = this.given.lr ?? fallback;
    if (v === undefined) throw new InputError(this.field('lr'), v, 'expected a learning rate >= 0');
    const lr = finiteNumber(this.field('lr'), v);
    if (lr < 0) throw new InputError(this.field('lr'), v, 'expected a learning rate >= 0');
    return lr;
  }

  nonNegative(key: string, fallback: number): number {
    return nonNegative(this.field(key), this.given[key] ?? fallback);
  }

  /** A decay or momentum factor in [0, 1). */
  factor(key: string, fallback: number): number {
    return unitInterval(this.field(key), this.given[key] ?? fallback);
  }

  /** A factor in [0, 1], where 1 is meaningful (dampening). */
  closedFactor(key: string, fallback: number): number {
    return unitInterval(this.field(key), this.given[key] ?? fallback, true);
  }

  flag(key: string, fallback: boolean): boolean {
    return boolean(this.field(key), this.given[key] ?? fallback);
  }

  /** Throw on any field this optimizer does not take, so a typo is never silently ignored. */
  only(keys: readonly string[]): void {
    for (const k of Object.keys(this.given)) {
      if (!keys.includes(k)) throw new InputError(this.field(k), this.given[k], `unknown hyperparameter (allowed: ${keys.join(', ')})`);
    }
  }
}
