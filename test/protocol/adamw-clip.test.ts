/**
 * The optimizer a PyTorch user actually writes, gated through `--torch`:
 * AdamWClip (test/protocol/adapters/adamw_clip.py), AdamW with each
 * coordinate's update bounded to ±lr. As a variant of adamw it keeps AdamW's
 * contracts, relations and claims; against the user's own slow version
 * (`--reference-command`) it is compared step by step; each planted bug fails.
 * test/check/plan.test.ts holds the same in TypeScript, in-process.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../scratch.ts';
import { checkTorch } from './parity.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const PYTHON = '/usr/bin/python3'; // Debian's torch; --torch finds it by itself, the reference command names it
const REFERENCE = `${PYTHON} ${join(ROOT, 'python/optspec_torch.py')} adamw_clip.AdamWClipSlow`;
const VARIANT = ['--family', 'adamw', '--skip', 'reference-parity', '--without', 'amsgrad,maximize'];
// The hyperparameters the rule has besides lr, each over two values, handed to both the candidate and the reference.
const HYPER = ['--hyper', 'beta1=0.9,0.5', '--hyper', 'beta2=0.999,0.99', '--hyper', 'eps=1e-8,1e-6', '--hyper', 'weightDecay=0.01,0.1'];
const dir = scratchDir('optspec-adamw-clip-');

let runs = 0;
const check = (cls: string, ...flags: string[]) => checkTorch(`adamw_clip.${cls}`, join(dir, `${runs++}`), ...flags);

describe('AdamWClip in PyTorch as a variant of adamw', () => {
  it('passes --family adamw --skip reference-parity --without amsgrad,maximize, with the skip listed as not checked', () => {
    const r = check('AdamWClip', ...VARIANT);
    expect(r.stdout, r.stderr).toContain('all expectations held');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}reference-parity: skipped by the user \(--skip\)$/m);
    for (const id of ['relation-adam-first-step', 'relation-adamw-decoupled-decay', 'contract-save-load-late']) expect(r.stdout).toMatch(new RegExp(`^PASS {2}${id} `, 'm'));
  }, 240_000);

  it('is not AdamW: AdamW’s reference parity, which the skip leaves out, rejects it', () => {
    const r = check('AdamWClip', '--family', 'adamw', '--only', 'reference-parity', '--without', 'amsgrad,maximize');
    expect(r.stdout).toMatch(/^ {6}first divergence from the pytorch reference on /m);
    expect(r.status).toBe(1);
  }, 240_000);

  it('still fails the planted bound at ±lr/2: AdamW’s first-step relation sees it', () => {
    const r = check('AdamWClipHalf', ...VARIANT);
    expect(r.stdout).toMatch(/^FAIL {2}relation-adam-first-step .*\n {6}the first step of coordinate \d+ went from .* not β − lr·sign\(g\)/m);
    expect(r.status).toBe(1);
  }, 240_000);
});

describe('AdamWClip against the user’s own slow version (--reference-command, no family)', () => {
  it('passes: every step of the fast version matches the slow one, the user’s hyperparameters varied', () => {
    const r = check('AdamWClip', '--reference-command', REFERENCE, ...HYPER);
    expect(r.stdout, r.stderr).toContain('all expectations held');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`matched the reference command ${REFERENCE} on 6 problems × 21 configurations`);
    expect(r.stdout).toMatch(/^PASS {2}contract-long-horizon /m);
  }, 240_000);

  it.each([
    ['AdamWClipBeforeCorrection', 'the bound applied before the bias corrections'],
    ['AdamWClipHalf', 'the bound at ±lr/2'],
  ])('fails %s (%s), the first divergence naming the reference', (cls) => {
    const r = check(cls, '--reference-command', REFERENCE, ...HYPER);
    expect(r.status).toBe(1);
    const parity = /^FAIL {2}reference-parity .*\n {6}(.*)$/m.exec(r.stdout)?.[1];
    expect(parity, r.stdout).toMatch(/^first divergence from the reference command \/usr\/bin\/python3 \S+ adamw_clip\.AdamWClipSlow on .* with \{ lr: [\d.]+, beta1: .*\}: step \d+, coordinate \d+: expected -?[\d.e+-]+, got -?[\d.e+-]+/);
    expect(parity).not.toContain('--dialect');
  }, 240_000);
});
