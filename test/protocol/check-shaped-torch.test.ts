/**
 * The gate, not a hand-written comparison, on torch.optim subclasses with the
 * multi-tensor bugs that shipped (test/protocol/adapters/shaped_optim.py): the
 * unbroken Adam and AdamW pass their families through protocol 2, and each
 * planted bug fails the shaped contracts meant for it. (The same bugs in
 * TypeScript are catalogue/shaped.ts.)
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../scratch.ts';
import { checkTorch, failedIds as failed } from './parity.ts';

const dir = scratchDir('optspec-check-shaped-');
let runs = 0;
const check = (family: string, cls: string) => checkTorch(`shaped_optim.${cls}`, join(dir, `${runs++}`), '--family', family);

describe('multi-tensor bugs in torch subclasses, through optspec check', () => {
  it.each([
    ['adam', 'PlainAdam'],
    ['adamw', 'PlainAdamW'],
  ])('--family %s: the unbroken %s passes, its shaped contracts included', (family, cls) => {
    const r = check(family, cls);
    expect(r.stdout, r.stderr).toContain('all expectations held');
    for (const id of ['contract-shaped-parity', 'contract-missing-gradient', 'contract-state-follows-tensor', 'contract-group-hyperparameters']) expect(r.stdout).toMatch(new RegExp(`^PASS {2}${id} `, 'm'));
  }, 240_000);

  it.each([
    ['adam', 'AdamStateByPosition', 'state keyed by position (tfjs#4290)', ['contract-state-follows-tensor', 'contract-group-hyperparameters']],
    ['adam', 'AdamLrFromDefaults', 'a group’s lr read from the defaults', ['contract-group-hyperparameters']],
    ['adam', 'AdamStepPerGroup', 'one step count per group (apex#1615)', ['contract-missing-gradient']],
    ['adam', 'AdamNoneAsZero', 'a None gradient stepped as zero', ['contract-missing-gradient']],
    ['adamw', 'AdamWDecaysFrozen', 'decoupled decay on a tensor without a gradient', ['contract-missing-gradient']],
  ])('--family %s: %s (%s) fails %j and shaped parity', (family, cls, _bug, contracts) => {
    const r = check(family, cls);
    expect(r.status, r.stderr).toBe(1);
    const ids = failed(r.stdout);
    for (const id of [...contracts, 'contract-shaped-parity']) expect(ids).toContain(id);
    // Flat, every tensor stepped in one group, it is the textbook rule: parity on the flat suite passes.
    expect(r.stdout).toMatch(/^PASS {2}reference-parity /m);
  }, 240_000);
});
