/**
 * Choosing what is checked: a variant of a family (`--skip reference-parity`),
 * the user's own reference, no family at all, declared properties, --only,
 * and the not-checked list each leaves behind.
 */
import { describe, expect, it } from 'vitest';
import { planCheck, UNIVERSAL } from '../../src/check/plan.ts';
import { runCheck, allHeld } from '../../src/check/run-check.ts';
import { expectationsFor } from '../../src/check/expectations.ts';
import type { CheckContext } from '../../src/check/expectation.ts';
import { sgd } from '../../src/optimizers/sgd.ts';
import { adamwClip, slowAdamwClip, halfClip, clipBeforeCorrection } from './fixtures/adamw-clip.ts';

const failures = (results: ReturnType<typeof runCheck>) => results.filter((r) => !r.outcome.pass).map((r) => `${r.expectation.id}: ${r.outcome.failure}`);
const ids = (p: ReturnType<typeof planCheck>) => p.expectations.map((e) => e.id);

describe('a variant of a family: --family adamw --skip reference-parity', () => {
  const plan = planCheck({ family: 'adamw', dialect: 'pytorch', reference: false, skip: ['reference-parity'] });
  const ctx = (make: CheckContext['make']): CheckContext => ({ make, family: 'adamw', dialect: 'pytorch', precision: 'float64' });

  it('compares nothing with the family’s reference, long horizon included, and says so', () => {
    expect(ids(plan)).not.toContain('reference-parity');
    expect(ids(plan)).not.toContain('contract-long-horizon');
    expect(ids(plan)).not.toContain('contract-zero-gradient-step');
    expect(plan.notChecked).toEqual([
      { what: 'reference-parity', why: 'skipped by the user (--skip)' },
      { what: 'contract-zero-gradient-step', why: "compares with adamw's reference, and --skip reference-parity checks a variant of adamw" },
      { what: 'contract-long-horizon', why: "compares with adamw's reference, and --skip reference-parity checks a variant of adamw" },
      { what: 'contract-shaped-parity', why: "compares with adamw's reference, and --skip reference-parity checks a variant of adamw" },
    ]);
    // The family's contracts, relations and claims still run.
    for (const id of ['relation-adam-first-step', 'relation-adamw-decoupled-decay', 'rmsprop-lambda-agnostic', 'contract-gradient-untouched']) expect(ids(plan)).toContain(id);
  });

  it('passes AdamWClip, which AdamW’s reference parity rejects', () => {
    expect(failures(runCheck({ ...ctx(adamwClip), without: ['amsgrad', 'maximize'] }, undefined, planCheck({ family: 'adamw', dialect: 'pytorch', reference: false, skip: ['reference-parity'], without: ['amsgrad', 'maximize'] }).expectations))).toEqual([]);
    expect(failures(runCheck({ ...ctx(adamwClip), without: ['amsgrad', 'maximize'] }, undefined, expectationsFor('adamw', 'pytorch').filter((e) => e.id === 'reference-parity')))[0]).toMatch(/^reference-parity: first divergence from the pytorch reference/);
  });

  it('still fails a planted bug the family’s relations see: the clip at ±lr/2', () => {
    const out = failures(runCheck({ ...ctx(halfClip), without: ['amsgrad', 'maximize'] }, undefined, planCheck({ family: 'adamw', dialect: 'pytorch', reference: false, skip: ['reference-parity'], without: ['amsgrad', 'maximize'] }).expectations));
    expect(out.join('\n')).toMatch(/^relation-adam-first-step: the first step of coordinate \d went from .* not β − lr·sign\(g\)/m);
  });
});

describe('your own reference', () => {
  const reference = { make: slowAdamwClip, name: 'the reference slow-adamw-clip.ts#slowAdamwClip' };
  const hyper = { beta1: [0.9, 0.5], beta2: [0.999, 0.99], eps: [1e-8, 1e-6], weightDecay: [0.01, 0.1] };
  const ctx = (make: CheckContext['make']): CheckContext => ({ make, dialect: 'pytorch', precision: 'float64', reference, hyper });
  const plan = planCheck({ dialect: 'pytorch', reference: true });

  it('without a family: parity against it, the universal contracts and the reference-comparing ones', () => {
    expect(ids(plan)).toEqual(['reference-parity', ...UNIVERSAL, 'contract-options-matter', 'contract-zero-gradient-step', 'contract-long-horizon']);
  });

  it('passes the fast AdamWClip against the slow one, the user’s hyperparameters varied and handed to both', () => {
    const results = runCheck(ctx(adamwClip), undefined, plan.expectations);
    expect(failures(results)).toEqual([]);
    expect(results[0].outcome.success).toMatch(/^matched the reference slow-adamw-clip\.ts#slowAdamwClip on 6 problems × 21 configurations/);
    expect(results.find((r) => r.expectation.id === 'contract-options-matter')!.outcome.success).toMatch(/moving each of lr 0\.1 \(against 0\.01\), beta1 0\.5 \(against 0\.9\), beta2 0\.999 \(against [\d.]+\), eps 0\.000001 \(against [\d.e-]+\), weightDecay 0\.1 \(against [\d.]+\) changed/);
  });

  it('fails each planted bug with the first divergence naming the reference', () => {
    for (const bug of [halfClip, clipBeforeCorrection]) {
      const [parity] = failures(runCheck(ctx(bug), undefined, plan.expectations));
      expect(parity).toMatch(/^reference-parity: first divergence from the reference slow-adamw-clip\.ts#slowAdamwClip on .* with \{ lr: [\d.]+, beta1: .*\}: step \d+, coordinate \d+: expected -?[\d.e-]+, got -?[\d.e-]+/);
      expect(parity).not.toContain('--dialect');
    }
  });
});

describe('no family, no reference', () => {
  it('runs the contracts every optimizer keeps, and the relations of declared properties', () => {
    expect(ids(planCheck({ dialect: 'pytorch', reference: false }))).toEqual([...UNIVERSAL]);
    expect(ids(planCheck({ dialect: 'pytorch', reference: false, declare: ['elementwise', 'scale-invariant', 'sign-based'] }))).toEqual([
      ...UNIVERSAL, 'contract-permutation-equivariance', 'relation-gradient-scale-invariance', 'relation-sign-step',
    ]);
    const ctx: CheckContext = { make: (h) => sgd({ lr: h.lr }), dialect: 'pytorch', precision: 'float64' };
    expect(allHeld(runCheck(ctx, undefined, planCheck({ dialect: 'pytorch', reference: false, declare: ['elementwise'] }).expectations))).toBe(true);
    // SGD is not sign-based: the declared relation catches the false claim.
    expect(failures(runCheck(ctx, undefined, planCheck({ dialect: 'pytorch', reference: false, declare: ['sign-based'], only: ['relation-sign-step'] }).expectations))[0]).toMatch(/^relation-sign-step: step 1 moved coordinate 0 by [\d.e-]+, not lr = 0\.01$/);
  });
});

describe('--only, --skip and --declare refuse what they do not know, in one line', () => {
  it('names the id and the ids there are', () => {
    expect(() => planCheck({ family: 'sgd', dialect: 'pytorch', reference: false, skip: ['reference-parity', 'parity'] })).toThrow(/^--skip: expected expectation ids of this check: reference-parity, contract-independent-instances, .*, got "parity"$/);
    expect(() => planCheck({ family: 'sgd', dialect: 'pytorch', reference: false, only: ['__proto__'] })).toThrow('--only: expected expectation ids');
    expect(() => planCheck({ dialect: 'pytorch', reference: false, declare: ['toString'] })).toThrow('--declare: expected one of elementwise, scale-invariant, sign-based, got "toString"');
    expect(() => planCheck({ family: 'sgd', dialect: 'pytorch', reference: false, skip: expectationsFor('sgd', 'pytorch').map((e) => e.id) })).toThrow('leaves nothing to check');
  });
  it('--only keeps the named ones and lists the rest as not checked', () => {
    const p = planCheck({ family: 'sgd', dialect: 'pytorch', reference: false, only: ['contract-deterministic'], without: ['maximize'] });
    expect(ids(p)).toEqual(['contract-deterministic']);
    expect(p.notChecked[0]).toEqual({ what: 'option maximize', why: 'declared missing (--without): not sent, held at its neutral value' });
    expect(p.notChecked).toContainEqual({ what: 'reference-parity', why: 'not named by --only' });
  });
});
