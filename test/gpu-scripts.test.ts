import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

describe('scripts/gpu-run.sh and scripts/gpu-bundle.sh', () => {
  it('parse as bash', () => {
    for (const s of ['scripts/gpu-run.sh', 'scripts/gpu-bundle.sh']) expect(spawnSync('bash', ['-n', s]).status, s).toBe(0);
  });
  it('gpu-run.sh refuses an unknown option in one line naming it, before building anything', () => {
    const r = spawnSync('bash', ['scripts/gpu-run.sh', '--tiers', 'full'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('gpu-run: --tiers: unknown option (see the head of scripts/gpu-run.sh)\n');
    const lone = spawnSync('bash', ['scripts/gpu-run.sh', '--seeds'], { encoding: 'utf8' });
    expect(lone.stderr).toBe('gpu-run: --seeds: expected a value after it\n');
  });
});
