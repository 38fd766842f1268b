import { describe, expect, it } from 'vitest';
import { expectationsFor } from '../../src/check/expectations.ts';
import { pass, fail, skip, run, firstNonFinite } from '../../src/check/expectation.ts';
import { sgd } from '../../src/optimizers/sgd.ts';
import { l1 } from '../../src/problems/l1.ts';
import { traceOf } from '../helpers.ts';

const OPTIONS = ['contract-options-matter', 'relation-maximize', 'contract-zero-gradient-step', 'contract-long-horizon', 'contract-shaped-parity', 'contract-missing-gradient', 'contract-state-follows-tensor', 'contract-group-hyperparameters', 'contract-per-tensor-equals-flat'];
const GENERAL = ['contract-independent-instances', 'contract-deterministic', 'contract-permutation-equivariance', 'contract-zero-gradient', 'contract-zero-lr', 'contract-progress', 'contract-save-load', 'contract-save-load-late', 'contract-gradient-untouched'];
const CONTRACTS = [...GENERAL, ...OPTIONS];
const MOVING = CONTRACTS.filter((c) => c !== 'contract-zero-gradient');
const ids = (family: Parameters<typeof expectationsFor>[0], dialect: Parameters<typeof expectationsFor>[1] = 'pytorch') => expectationsFor(family, dialect).map((e) => e.id);

describe('what optspec check expects of each family', () => {
  it('is parity first, the contracts, then the family\'s relations and claims', () => {
    expect(ids('sgd')).toEqual(['reference-parity', ...CONTRACTS, 'l1-non-sparsity-keeps-zero', 'l1-non-sparsity', 'lambda-paradox', 'huber-bounded-oscillation']);
    expect(ids('momentum')).toEqual(['reference-parity', ...MOVING, 'momentum-jump-off-zero', 'lambda-paradox', 'huber-bounded-oscillation']);
    expect(ids('nesterov')).toEqual(['reference-parity', ...MOVING, 'relation-nesterov-first-step', 'lambda-paradox', 'huber-bounded-oscillation']);
    expect(ids('rmsprop')).toEqual(['reference-parity', ...CONTRACTS, 'relation-gradient-scale-invariance', 'rmsprop-lambda-agnostic', 'huber-bounded-oscillation']);
    expect(ids('adam')).toEqual(['reference-parity', ...MOVING, 'relation-gradient-scale-invariance', 'relation-adam-first-step', 'rmsprop-lambda-agnostic', 'huber-bounded-oscillation']);
    expect(ids('adamw')).toEqual(['reference-parity', ...MOVING, 'relation-gradient-scale-invariance', 'relation-adam-first-step', 'relation-adamw-decoupled-decay', 'rmsprop-lambda-agnostic', 'huber-bounded-oscillation']);
    expect(ids('adagrad')).toEqual(['reference-parity', ...CONTRACTS, 'relation-gradient-scale-invariance', 'huber-bounded-oscillation']);
  });

  it('runs the Huber claim far past the edge of stability: lr = 10 for the plain and momentum families, 1 for the adaptive ones', () => {
    const lrOf = (f: Parameters<typeof expectationsFor>[0]) => expectationsFor(f, 'pytorch').find((e) => e.id === 'huber-bounded-oscillation')!.title.match(/lr = (\d+)/)![1];
    expect(['sgd', 'momentum', 'nesterov', 'rmsprop', 'adam', 'adamw', 'adagrad'].map((f) => lrOf(f as never))).toEqual(['10', '10', '10', '1', '1', '1', '1']);
  });

  it("leaves out scale invariance for TF.js's Adagrad only (its accumulator starts at 0.1)", () => {
    expect(ids('adagrad', 'tfjs')).toEqual(['reference-parity', ...CONTRACTS, 'huber-bounded-oscillation']);
    expect(ids('rmsprop', 'tfjs')).toContain('relation-gradient-scale-invariance');
    expect(ids('adam', 'tfjs')).toContain('relation-gradient-scale-invariance');
  });
});

describe('the verdict helpers of an expectation', () => {
  it('build a pass, a failure and a skip', () => {
    expect(pass('ok')).toEqual({ pass: true, failure: '', success: 'ok' });
    expect(fail('no')).toEqual({ pass: false, failure: 'no', success: '' });
    expect(skip('none')).toEqual({ pass: true, failure: '', success: 'none', skipped: true });
  });

  it('run an optimizer recording every coordinate of every step', () => {
    const t = run(sgd({ lr: 0.25 }), l1({ lambda: 1, dim: 2 }), [0.5, -0.3], 3);
    expect(t.length).toBe(4);
    expect(t.width).toBe(2);
    expect(Array.from(t.row(1))).toEqual([0.25, -0.04999999999999999]);
  });

  it('name the first loss or coordinate that is not finite, loss first, or null', () => {
    expect(firstNonFinite(traceOf([[1, 2], [3, 4]], [1, 2]))).toBeNull();
    expect(firstNonFinite(traceOf([[1, 2], [3, 4]], [1, Infinity]))).toBe('the loss became Infinity at step 1');
    expect(firstNonFinite(traceOf([[1, 2], [3, NaN], [NaN, NaN]], [1, 2, 3]))).toBe('coordinate 1 became NaN at step 1');
    expect(firstNonFinite(traceOf([[1, -Infinity], [NaN, 0]], [1, NaN]))).toBe('coordinate 1 became -Infinity at step 0');
    expect(firstNonFinite(traceOf([[1, 2], [3, 4], [5, -Infinity]], [0, 0, 0]))).toBe('coordinate 1 became -Infinity at step 2');
  });
});

describe('a dialect exempts what its rule does not keep', () => {
  it("Loshchilov & Hutter's AdamW decays at lr = 0 and by 1 − weightDecay: those two are left out, the rest kept", () => {
    const paper = ids('adamw', 'paper');
    expect(paper).not.toContain('contract-zero-lr');
    expect(paper).not.toContain('relation-adamw-decoupled-decay');
    expect(ids('adamw', 'pytorch').filter((id) => !paper.includes(id))).toEqual(['contract-zero-lr', 'relation-adamw-decoupled-decay']);
  });
});
