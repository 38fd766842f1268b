/**
 * Issue 21 item 8: the deep tiers refuse, at the start and in one line,
 * settings their verdict rules cannot judge: one seed (the ReLU-vs-GELU
 * interval is over per-seed differences) and a fine-tuning too short for the
 * L1 closed form (the weights must have reached 0).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { COLLAPSE_STEP, judgeableTier, minFineTuneSteps, tierFromEnv, TIERS } from '../../src/harness/tiers.ts';
import { PRUNING_ALPHA, PRUNING_LAMBDAS } from '../../src/harness/experiments/l1-pruning.ts';

const judged = (env: Record<string, string>) => judgeableTier(tierFromEnv(env), env);

describe('judgeable deep tiers', () => {
  it('takes the stock tiers', () => {
    expect(judged({})).toEqual(TIERS.smoke);
    expect(judged({ OPTSPEC_TIER: 'full' })).toEqual(TIERS.full);
  });

  it('refuses fewer than 2 seeds, naming the variable', () => {
    expect(() => judged({ OPTSPEC_SEEDS: '1' })).toThrow('OPTSPEC_SEEDS: expected at least 2: the ReLU-vs-GELU verdict is an interval over per-seed differences, got "1"');
    expect(judged({ OPTSPEC_SEEDS: '2' }).seeds).toBe(2);
  });

  it('refuses a fine-tuning too short for the closed form, in steps or in epochs', () => {
    const least = minFineTuneSteps(8);
    expect(judged({ OPTSPEC_FINETUNE_STEPS: String(least) }).pruning.fineTuneSteps).toBe(least);
    expect(() => judged({ OPTSPEC_FINETUNE_STEPS: String(least - 1) })).toThrow(`OPTSPEC_FINETUNE_STEPS: expected at least ${least} fine-tuning steps at width 8 (${least - 1} given)`);
    // 512 images in batches of 32: 16 steps an epoch.
    expect(() => judged({ OPTSPEC_FINETUNE_EPOCHS: '2' })).toThrow('OPTSPEC_FINETUNE_EPOCHS: expected at least 112 fine-tuning steps at width 8 (32 given)');
  });

  it('a narrower net needs longer: its convs start with larger weights', () => {
    expect(minFineTuneSteps(2)).toBeGreaterThan(minFineTuneSteps(8));
    expect(() => judged({ OPTSPEC_WIDTH: '2' })).toThrow('expected at least 223 fine-tuning steps at width 2 (150 given)');
  });

  it('counts the collapse at the pruning experiment\'s own αλ', () => {
    expect(COLLAPSE_STEP).toBe(PRUNING_ALPHA * Math.max(...PRUNING_LAMBDAS));
  });

  it('npm run claims:deep refuses before starting vitest, in one line, exit 2', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/claims-deep.ts'], { encoding: 'utf8', env: { ...process.env, OPTSPEC_SEEDS: '1' }, timeout: 60_000 });
    expect(r.stderr).toBe('optspec claims:deep: OPTSPEC_SEEDS: expected at least 2: the ReLU-vs-GELU verdict is an interval over per-seed differences, got "1"\n');
    expect(r.stdout).toBe('');
    expect(r.status).toBe(2);
  }, 60_000);
});
