import fc from 'fast-check';

/**
 * fast-check settings for claim properties: a fixed seed so CI is
 * reproducible (override with OPTSPEC_SEED to explore), and the seed and
 * counterexample path printed on failure for replay with
 * `{ seed, path }` passed back to fc.assert.
 */
export const PROPERTY_SEED = Number(process.env.OPTSPEC_SEED ?? 20261123);

export function propertyOptions<T>(numRuns: number, extra: Partial<fc.Parameters<T>> = {}): fc.Parameters<T> {
  return { seed: PROPERTY_SEED, numRuns, verbose: 1, ...extra };
}

/** A seed for a generator of problem data or initialisations. */
export const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });
