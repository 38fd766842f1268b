/**
 * Lion and Muon written as torch.optim classes (test/protocol/adapters/
 * modern_optim.py: torch 1.13 has neither), gated through `--torch` and
 * protocol 2: each correct class passes its family, Muon with its matrices and
 * conv kernel sent in their shapes and its Newton–Schulz run in torch's own
 * bfloat16; each class with one planted bug fails the expectations meant for it.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../scratch.ts';
import { checkTorch, failedIds as failed } from './parity.ts';

const dir = scratchDir('optspec-check-modern-');
let runs = 0;
const check = (family: string, cls: string) => checkTorch(`modern_optim.${cls}`, join(dir, `${runs++}`), '--family', family);


describe('Lion and Muon in PyTorch through the adapter', () => {
  it.each([
    ['lion', 'Lion', /^PASS {2}contract-missing-gradient /m],
    ['muon', 'Muon', /^PASS {2}muon-acts-on-matrices +each tensor's first update is its orthogonalised gradient/m],
  ])('--family %s: %s passes', (family, cls, shaped) => {
    const r = check(family, cls);
    expect(r.stdout, r.stderr).toContain('all expectations held');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^PASS {2}${family}-parity `, 'm'));
    // Its tensors went through protocol 2 in their shapes.
    expect(r.stdout).toMatch(shaped);
  }, 240_000);

  it.each([
    ['lion', 'LionDecayInsideSign', ['lion-decay-outside-sign', 'lion-power-of-two-invariance', 'lion-parity']],
    ['lion', 'LionDecayWithoutLr', ['contract-zero-lr', 'lion-decay-outside-sign', 'lion-parity']],
    ['muon', 'MuonNoShapeScale', ['muon-shape-scale', 'muon-parity']],
    ['muon', 'MuonNesterovIgnored', ['muon-nesterov']],
    ['muon', 'MuonDecayAfterUpdate', ['muon-decoupled-decay']],
    ['muon', 'MuonNoNormalisation', ['muon-acts-on-matrices', 'muon-singular-value-band', 'muon-parity']],
    ['muon', 'MuonScaleInverted', ['muon-singular-value-band', 'muon-shape-scale', 'muon-parity']],
  ])('--family %s: %s fails %j', (family, cls, expected) => {
    const r = check(family, cls);
    expect(r.status, r.stderr).toBe(1);
    for (const id of expected) expect(failed(r.stdout)).toContain(id);
  }, 240_000);

  it('options a class does not take (its signature) are held neutral and listed as not checked, without --without', () => {
    const r = check('muon', 'MuonWithoutSwitches');
    expect(r.stdout, r.stderr).toContain('all expectations held');
    expect(r.stdout).toMatch(/^ {2}option nesterov: not a keyword of .*modern_optim\.MuonWithoutSwitches \(its signature\): not sent, held at its neutral value$/m);
    expect(r.stdout).toMatch(/^ {2}option nsSteps: not a keyword of /m);
    // Held, not ignored: the same signature with the shape scale forgotten still fails.
    expect(failed(check('muon', 'MuonWithoutSwitchesNoScale').stdout)).toEqual(['muon-shape-scale', 'muon-parity']);
  }, 240_000);

  it('a Muon parity failure names the tensor and element, the gap in units of lr and the allowance', () => {
    const r = check('muon', 'MuonNoShapeScale');
    expect(r.stdout).toMatch(/FAIL {2}muon-parity .*\n +on .* with lr = [\d.]+, .*, (tall|wide|square|conv)\.weight\[[\d,]+\] was -?[\d.e-]+ at step \d+, not the reference's -?[\d.e-]+ \(off by [\d.e+-]+ = [\d.e+-]+·lr; allowed [\d.e+-]+\); in torch 1\.13's CPU bfloat16 .*: .*weight\[[\d,]+\] was /);
  }, 240_000);
});
