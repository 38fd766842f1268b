import { describe, expect, it } from 'vitest';
import { tierFromEnv, isStockTier, TIERS } from '../src/harness/tiers.ts';

describe('tiers', () => {
  it('defaults to the stock smoke tier', () => {
    expect(tierFromEnv({})).toEqual(TIERS.smoke);
    expect(isStockTier(tierFromEnv({}))).toBe(true);
  });
  it('applies overrides for a reduced run, which is then not stock', () => {
    const t = tierFromEnv({ OPTSPEC_TIER: 'full', OPTSPEC_STEPS: '100', OPTSPEC_DEPTHS: '3,8', OPTSPEC_BATCH: '32' });
    expect([t.name, t.steps, t.depths, t.batchSize]).toEqual(['full', 100, [3, 8], 32]);
    expect(isStockTier(t)).toBe(false);
  });
  it('names the variable and the value on bad input', () => {
    expect(() => tierFromEnv({ OPTSPEC_TIER: 'huge' })).toThrow('OPTSPEC_TIER: expected smoke or full, got "huge"');
    expect(() => tierFromEnv({ OPTSPEC_STEPS: '-3' })).toThrow('OPTSPEC_STEPS: expected a positive integer, got "-3"');
    expect(() => tierFromEnv({ OPTSPEC_DEPTHS: '3' })).toThrow('OPTSPEC_DEPTHS: expected two depths');
  });
});
