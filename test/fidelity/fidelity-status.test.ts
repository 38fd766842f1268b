import { describe, expect, it } from 'vitest';
import { judge, judgeConflict } from '../../src/analysis/fidelity-status.ts';
import { recordAll } from '../../specs/fidelity/items.ts';
import type { FidelityItem } from '../../src/report/fidelity.ts';

describe('judge: a paper number against a measurement under a stated rule', () => {
  it('relative: inside and outside the tolerance, and a paper value of 0', () => {
    expect(judge(1.7575, 1.62, { kind: 'relative', tolerance: 0.1 }).status).toBe('matches');
    expect(judge(1.7575, 1.62, { kind: 'relative', tolerance: 0.08 }).status).toBe('differs');
    // The tolerance is inclusive, on either side.
    expect(judge(2, 1, { kind: 'relative', tolerance: 1 }).status).toBe('matches');
    expect(judge(0.5, 1, { kind: 'relative', tolerance: 0.5 }).status).toBe('matches');
    expect(judge(2, 1, { kind: 'relative', tolerance: 0.999 }).status).toBe('differs');
    expect(judge(0, 0, { kind: 'relative', tolerance: 0 }).status).toBe('matches');
    expect(judge(1e-300, 0, { kind: 'relative', tolerance: 1 }).status).toBe('differs');
    expect(judge(1.7575, 1.62, { kind: 'relative', tolerance: 0.1 }).comparison).toMatch(/relative gap .* = 0\.08488 against a tolerance of 0\.1/);
  });

  it('absolute: the gap on either side', () => {
    expect(judge(0.0106, 0.0106, { kind: 'absolute', tolerance: 0 }).status).toBe('matches');
    expect(judge(0.0107, 0.0106, { kind: 'absolute', tolerance: 1e-5 }).status).toBe('differs');
    expect(judge(0.0105, 0.0106, { kind: 'absolute', tolerance: 1e-5 }).status).toBe('differs');
    expect(judge(0.0105, 0.0106, { kind: 'absolute', tolerance: 2e-4 }).status).toBe('matches');
    expect(judge(3, 1, { kind: 'absolute', tolerance: 2 }).status).toBe('matches');
  });

  it('below and above are strict: equal is neither', () => {
    expect(judge(14.28, 15, { kind: 'above' }).status).toBe('differs');
    expect(judge(15.7, 15, { kind: 'above' }).status).toBe('matches');
    expect(judge(15, 15, { kind: 'above' }).status).toBe('differs');
    expect(judge(9548, 10_000, { kind: 'below' }).status).toBe('matches');
    expect(judge(10_000, 10_000, { kind: 'below' }).status).toBe('differs');
    expect(judge(10_001, 10_000, { kind: 'below' }).status).toBe('differs');
    expect(judge(14.28, 15, { kind: 'above' }).comparison).toBe('measured 14.28 > 15 required');
  });

  it('same decade: [p, 10p)', () => {
    expect(judge(4.317e-5, 1e-5, { kind: 'same decade' }).status).toBe('matches');
    expect(judge(1e-5, 1e-5, { kind: 'same decade' }).status).toBe('matches');
    expect(judge(1e-4, 1e-5, { kind: 'same decade' }).status).toBe('differs');
    expect(judge(9.9e-6, 1e-5, { kind: 'same decade' }).status).toBe('differs');
  });

  it('refuses what it cannot judge, naming the field', () => {
    expect(() => judge(NaN, 1, { kind: 'above' })).toThrow(/^measured: expected a finite number.*got NaN/);
    expect(() => judge(1, Infinity, { kind: 'below' })).toThrow(/^paperValue: expected a finite number/);
    expect(() => judge(1, 1, { kind: 'relative', tolerance: -1 })).toThrow(/^comparison\.tolerance: expected a number >= 0, got -1/);
    expect(() => judge(1, 1, { kind: 'absolute', tolerance: NaN })).toThrow(/^comparison\.tolerance/);
    expect(() => judge(1, 0, { kind: 'same decade' })).toThrow(/^paperValue: expected a number > 0/);
    expect(() => judge(1, 1, { kind: 'nearly' } as never)).toThrow(/^comparison\.kind: expected relative, absolute, below, above or same decade, got "nearly"/);
  });
});

describe('judgeConflict: a quantity the paper states twice', () => {
  it('is inconsistent when the stated values differ, and names the reading the evidence fits', () => {
    expect(judgeConflict([{ value: 0.01, misfit: 0.137 }, { value: 0.1, misfit: 0.168 }])).toEqual({ status: 'inconsistent', supported: 0.01 });
    expect(judgeConflict([{ value: 0.01, misfit: 0.2 }, { value: 0.1, misfit: 0.1 }])).toEqual({ status: 'inconsistent', supported: 0.1 });
    expect(judgeConflict([{ value: 1, misfit: 0 }, { value: 100, misfit: 0 }])).toEqual({ status: 'inconsistent', supported: null });
  });

  it('is no conflict when both readings are the same value', () => {
    expect(judgeConflict([{ value: 'λ = 1', misfit: 0 }, { value: 'λ = 1', misfit: 1 }]).status).toBe('matches');
  });

  it('refuses a misfit it cannot compare', () => {
    expect(() => judgeConflict([{ value: 1, misfit: NaN }, { value: 2, misfit: 0 }])).toThrow(/^readings\[0\]\.misfit: expected a finite number >= 0, got NaN/);
    expect(() => judgeConflict([{ value: 1, misfit: 0 }, { value: 2, misfit: -1 }])).toThrow(/^readings\[1\]\.misfit/);
  });
});

describe('recordAll: evidence first, then the expected statuses', () => {
  const item = (status: FidelityItem['status']): FidelityItem => ({ paper: '001', where: 'App. B.2', statement: 'more than 15-fold', paperValue: 15, measured: 14.28, comparison: 'above', status });

  it('a planted wrong status fails the test, and the item is still recorded', () => {
    const task = { meta: {} as { optspecFidelity?: FidelityItem[] } };
    const derived = item(judge(14.28, 15, { kind: 'above' }).status);
    expect(() => recordAll(task, [derived], ['matches'])).toThrow(/more than 15-fold \(measured 14\.28\): expected 'differs' to be 'matches'/);
    expect(task.meta.optspecFidelity).toEqual([derived]);
    expect(() => recordAll(task, [derived], ['differs'])).not.toThrow();
  });

  it('fails when an item is missing or extra', () => {
    expect(() => recordAll({ meta: {} }, [item('matches')], [])).toThrow(/one expected status each/);
    expect(() => recordAll({ meta: {} }, [], ['matches'])).toThrow(/one expected status each/);
    expect(() => recordAll({ meta: {} }, [], [])).toThrow(/fidelity items checked/);
  });
});
