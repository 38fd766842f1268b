import fc from 'fast-check';

/**
 * fast-check settings for claim properties: a fixed seed so CI is
 * reproducible (override with OPTSPEC_SEED to explore), and the seed and
 * counterexample path printed on failure for replay with
 * `{ seed, path }` passed back to fc.assert.
 */
export const PROPERTY_SEED = seedFromEnv(process.env.OPTSPEC_SEED);

function seedFromEnv(value: string | undefined): number {
  if (value === undefined) return 20261123;
  const seed = Number(value);
  if (!Number.isInteger(seed)) throw new Error(`OPTSPEC_SEED: expected an integer, got ${JSON.stringify(value)}`);
  return seed;
}

export function propertyOptions<T>(numRuns: number, extra: Partial<fc.Parameters<T>> = {}): fc.Parameters<T> {
  return { seed: PROPERTY_SEED, numRuns, verbose: 1, ...extra };
}

/** A seed for a generator of problem data or initialisations. */
export const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });
