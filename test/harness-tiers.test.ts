import { describe, expect, it } from 'vitest';
import { tierFromEnv, isStockTier, TIERS } from '../src/harness/tiers.ts';

describe('tiers', () => {
  it('defaults to the stock smoke tier', () => {
    expect(tierFromEnv({})).toEqual(TIERS.smoke);
    expect(isStockTier(tierFromEnv({}))).toBe(true);
  });
  it('applies overrides for a reduced run, which is then not stock', () => {
    const t = tierFromEnv({ OPTSPEC_TIER: 'full', OPTSPEC_STEPS: '100', OPTSPEC_DEPTHS: '3,8', OPTSPEC_BATCH: '32', OPTSPEC_ARCH: 'compact' });
    expect([t.name, t.steps, t.depths, t.batchSize]).toEqual(['full', 100, [3, 8], 32]);
    expect(isStockTier(t)).toBe(false);
  });
  it('the full tier is 001 App. A.1\'s: VGG11 and VGG19 (8 and 16 convs, width 64) on 32×32, pruning on VGG16', () => {
    const t = tierFromEnv({ OPTSPEC_TIER: 'full' });
    expect([t.architecture, t.depths, t.width, t.pad, t.downsample, t.pruning.convs]).toEqual(['vgg', [8, 16], 64, 2, 1, 13]);
  });
  it('counts steps in epochs when asked: OPTSPEC_EPOCHS × images per batch', () => {
    const t = tierFromEnv({ OPTSPEC_TIER: 'full', OPTSPEC_EPOCHS: '3', OPTSPEC_IMAGES: '1000', OPTSPEC_BATCH: '100', OPTSPEC_FINETUNE_EPOCHS: '2' });
    expect([t.steps, t.pruning.fineTuneSteps]).toEqual([30, 20]);
  });
  it('names the variable and the value on bad input', () => {
    expect(() => tierFromEnv({ OPTSPEC_TIER: 'full', OPTSPEC_DEPTHS: '3,8' })).toThrow('the VGG nets have 8, 10, 13, 16 convs (VGG11, 13, 16, 19), got 3');
    expect(() => tierFromEnv({ OPTSPEC_TIER: 'full', OPTSPEC_PAD: '0' })).toThrow('need images of at least 32×32, got 28×28');
    expect(() => tierFromEnv({ OPTSPEC_ARCH: 'resnet' })).toThrow('OPTSPEC_ARCH: expected vgg or compact, got "resnet"');
    expect(() => tierFromEnv({ OPTSPEC_EPOCHS: '2', OPTSPEC_STEPS: '5' })).toThrow('give one of them, not both');
    expect(() => tierFromEnv({ OPTSPEC_BATCH: '1000' })).toThrow('OPTSPEC_BATCH: expected at most the 512 images, got 1000');
    expect(() => tierFromEnv({ OPTSPEC_TIER: 'huge' })).toThrow('OPTSPEC_TIER: expected smoke or full, got "huge"');
    expect(() => tierFromEnv({ OPTSPEC_STEPS: '-3' })).toThrow('OPTSPEC_STEPS: expected a positive integer, got "-3"');
    expect(() => tierFromEnv({ OPTSPEC_DEPTHS: '3' })).toThrow('OPTSPEC_DEPTHS: expected two depths');
  });
});
