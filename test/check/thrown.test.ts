// JavaScript can throw anything: an in-process expectation that throws a
// non-Error fails with one line saying what was thrown, and the check goes on.
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/run-check.ts';
import { pass, type CheckContext, type Expectation } from '../../src/check/expectation.ts';
import { reference } from '../../src/check/families.ts';

const ctx: CheckContext = { make: (h) => reference('sgd', 'pytorch', h), family: 'sgd', dialect: 'pytorch', precision: 'float64' };
const throwing = (value: unknown): Expectation => ({ id: 'throws', kind: 'contract', title: 'throws', run: () => { throw value; } });
const after: Expectation = { id: 'after', kind: 'contract', title: 'after', run: () => pass('ran') };

describe('runCheck with a non-Error throw', () => {
  it.each([
    [null, 'threw: null (not an Error)'],
    [undefined, 'threw: undefined (not an Error)'],
    ['boom', 'threw: "boom" (a string, not an Error)'],
    [{ code: 7 }, 'threw: {"code":7} (an object, not an Error)'],
    [42, 'threw: 42 (a number, not an Error)'],
    [new Error(''), 'threw: Error with no message'],
    [Object.assign(new Error('first\nsecond'), { name: 'RangeError' }), 'threw: first'],
  ])('%j is one line, and the next expectation runs', (value, line) => {
    const [r, next] = runCheck(ctx, undefined, [throwing(value), after]);
    expect(r.outcome).toEqual({ pass: false, failure: line, success: '' });
    expect(next.outcome).toEqual(pass('ran'));
  });

  it('an object that cannot be shown as JSON still is one line', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const [r] = runCheck(ctx, undefined, [throwing(cyclic)]);
    expect(r.outcome.failure).toBe('threw: [object Object] (an object, not an Error)');
  });
});
