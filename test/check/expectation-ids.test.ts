import { describe, expect, it } from 'vitest';
import { CLAIMS } from '../../src/check/claims.ts';
import { CONTRACTS } from '../../src/check/contracts.ts';
import { RELATIONS } from '../../src/check/relations.ts';
import { referenceParity } from '../../src/check/parity.ts';
import { OPTION_EXPECTATIONS } from '../../src/check/options.ts';

/**
 * An expectation's id is stable (the report's claim id, the baseline's key, the
 * kill matrix's row) and a claim cites where in the papers it comes from; a
 * renamed id or a lost citation is a change a user's baseline would notice.
 */
describe('the expectations of optspec check', () => {
  const all = [referenceParity, ...CONTRACTS, ...OPTION_EXPECTATIONS, ...Object.values(CLAIMS), ...Object.values(RELATIONS), RELATIONS.adamFirstStep()].filter((e) => 'id' in e);
  const bounded = CLAIMS.bounded(0.5);

  it('keep their stable ids, kinds and sources (a regression pin of the public ids)', () => {
    expect(all.map((e) => [e.id, e.kind, e.source ?? null])).toEqual([
      ['reference-parity', 'parity', null],
      ['contract-independent-instances', 'contract', null],
      ['contract-deterministic', 'contract', null],
      ['contract-permutation-equivariance', 'contract', null],
      ['contract-zero-gradient', 'contract', null],
      ['contract-zero-lr', 'contract', null],
      ['contract-progress', 'contract', null],
      ['contract-save-load', 'contract', null],
      ['contract-save-load-late', 'contract', null],
      ['contract-gradient-untouched', 'contract', null],
      ['contract-options-matter', 'contract', null],
      ['relation-maximize', 'relation', null],
      ['contract-zero-gradient-step', 'contract', null],
      ['contract-long-horizon', 'contract', null],
      ['l1-non-sparsity-keeps-zero', 'claim', '001 eq. 11'],
      ['l1-non-sparsity', 'claim', '001 Prop. 4.1, B.2'],
      ['lambda-paradox', 'claim', '001 Table 1'],
      ['rmsprop-lambda-agnostic', 'claim', '001 Prop. B.5'],
      ['relation-gradient-scale-invariance', 'relation', null],
      ['relation-nesterov-first-step', 'relation', null],
      ['relation-adamw-decoupled-decay', 'relation', null],
      ['momentum-jump-off-zero', 'relation', '001 Prop. B.3'],
      ['relation-sign-step', 'relation', null],
      ['relation-adam-first-step', 'relation', null],
    ]);
  });

  it('the Huber claim is made per step size, naming it', () => {
    expect([bounded.id, bounded.kind, bounded.title]).toEqual(['huber-bounded-oscillation', 'claim', 'Huber 50×200 at lr = 0.5, far past the edge of stability, stays bounded']);
    expect(bounded.source).toBe('001 Prop. 5.1');
  });

  it('each say in a sentence what they expect', () => {
    for (const e of all) expect(e.title, e.id).toMatch(/^\S.{10,}/);
  });
});
