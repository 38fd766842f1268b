import { describe, expect, it } from 'vitest';
import { fromVerdict, asTrace, positiveArg, countArg } from './result.ts';
import { held, broken } from '../../analysis/verdict.ts';
import { stripVTControlCharacters } from 'node:util';
import { traceOf, failureOf as rawFailureOf } from '../../../test/helpers.ts';
import { Trace } from '../../trace/trace.ts';

const failureOf = (thunk: () => void) => stripVTControlCharacters(rawFailureOf(thunk));

describe('matcher messages', () => {
  it('name the matcher, the received trace and the argument, under .not too', () => {
    const a = traceOf([[0], [1]], [2, 1]);
    const b = traceOf([[0], [0]], [1, 0]);
    expect(failureOf(() => expect(b).toHaveLossAbove(a, 1))).toContain('expect(trace).toHaveLossAbove(other)');
    expect(failureOf(() => expect(a).not.toHaveLossAbove(b, 1))).toContain('expect(trace).not.toHaveLossAbove(other)');
    expect(failureOf(() => expect(b).toEndWithLargerL1NormThan(a))).toContain('expect(trace).toEndWithLargerL1NormThan(other)');
    expect(failureOf(() => expect(a).toShareCycleWith(b))).toContain('expect(trace).toShareCycleWith(other)');
    expect(failureOf(() => expect(traceOf([[2]])).toStayCaptured(1))).toContain('expect(trace).toStayCaptured(1)');
    expect(failureOf(() => expect(traceOf([[1], [0]])).toNeverHitZero())).toContain('expect(trace).toNeverHitZero()');
    expect(failureOf(() => expect(traceOf([[1], [0]])).toNeverHitZero())).toContain('Claim broken: coordinate 0 is exactly 0 at step 1');
    expect(failureOf(() => expect(traceOf([[1], [2]])).not.toNeverHitZero())).toContain('Expected the claim not to hold, but no coordinate was exactly 0');
  });
});

describe('fromVerdict', () => {
  const state = { isNot: false, utils: { matcherHint: (name: string) => `hint ${name}` } } as never;
  it('puts the matcher name in front of an InputError only', () => {
    const refused = () => fromVerdict(state, 'toX', () => { throw asTrace(null, 'inner'); });
    expect(refused).toThrow(/^toX: inner: received: expected an optspec Trace/);
    const other = () => fromVerdict(state, 'toX', () => { throw new TypeError('a bug'); });
    expect(other).toThrow(/^a bug$/);
  });
  it('passes the verdict through', () => {
    expect(fromVerdict(state, 'toX', () => held('evidence')).pass).toBe(true);
    expect(fromVerdict(state, 'toX', () => broken('reason')).message()).toBe('hint .toX\n\nClaim broken: reason');
  });
});

describe('asTrace', () => {
  it('takes a trace with rows', () => {
    const t = traceOf([[1]]);
    expect(asTrace(t, 'toX')).toBe(t);
  });
  it('refuses anything else, naming the matcher and the field', () => {
    const row = () => new Float64Array(0);
    expect(() => asTrace(Object.assign(() => 0, { loss: new Float64Array(1), row, meta: {} }), 'toX')).toThrow('toX: received: expected an optspec Trace');
    expect(() => asTrace({ loss: new Float64Array(1), row, length: 1 }, 'toX', 'other')).toThrow('toX: other: expected an optspec Trace');
    expect(() => asTrace({ loss: [1], row, meta: {}, length: 1 }, 'toX')).toThrow('toX: received: expected an optspec Trace');
    expect(() => asTrace({ loss: new Float64Array(1), row: 1, meta: {}, length: 1 }, 'toX')).toThrow('toX: received: expected an optspec Trace');
    expect(() => asTrace(0, 'toX')).toThrow('toX: received: expected an optspec Trace (from runTrace or traceFromJson), got 0');
  });
  it('refuses a trace with no rows', () => {
    const empty = new Trace({ problem: 'p', optimizer: 'o', hyper: {}, dim: 1, steps: 2, precision: 'float64' }, { coordinates: null, state: [] });
    expect(() => asTrace(empty, 'toX')).toThrow(/^toX: received: expected a trace with at least one row, got "\{\\"problem\\":\\"p\\".* with 0 rows"$/);
  });
});

describe('argument checks', () => {
  it('positiveArg takes a finite number above 0', () => {
    expect(positiveArg('toX', 'r', 0.5)).toBe(0.5);
    for (const bad of [0, -1, Infinity, NaN, '1', null]) expect(() => positiveArg('toX', 'r', bad)).toThrow('toX: r: expected a finite number > 0');
  });
  it('countArg takes an integer from 1', () => {
    expect(countArg('toX', 'n', 1)).toBe(1);
    for (const bad of [0, 1.5, -2, Infinity, '2']) expect(() => countArg('toX', 'n', bad)).toThrow('toX: n: expected a positive integer');
  });
});
