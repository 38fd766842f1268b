import { describe, expect, it } from 'vitest';
import { runCheck, allHeld } from '../../src/check/run-check.ts';
import { expectationsFor } from '../../src/check/expectations.ts';
import { pass, fail, skip, type CheckContext, type Expectation, type Outcome } from '../../src/check/expectation.ts';
import { reference } from '../../src/check/families.ts';
import { EPSILON, SLACK, roundingBudget, roundings, ulpOf, ulpsBetween, within } from '../../src/check/precision.ts';

const ctx: CheckContext = { make: (h) => reference('sgd', 'pytorch', h), family: 'sgd', dialect: 'pytorch', precision: 'float64' };
const expectation = (id: string, run: () => Outcome): Expectation => ({ id, kind: 'contract', title: id, run });

describe('runCheck', () => {
  it("runs the family's expectations in order, announcing each before it runs", () => {
    const started: string[] = [];
    const results = runCheck(ctx, (e) => started.push(e.id));
    const ids = expectationsFor('sgd', 'pytorch').map((e) => e.id);
    expect(started).toEqual(ids);
    expect(results.map((r) => r.expectation.id)).toEqual(ids);
    expect(results.every((r) => r.ms >= 0 && Number.isFinite(r.ms))).toBe(true);
    expect(allHeld(results)).toBe(true);
  });

  it('fails an expectation that throws with the first line of its message, and goes on to the next', () => {
    const order: string[] = [];
    const results = runCheck(ctx, (e) => order.push(e.id), [
      expectation('throws', () => { throw new Error('bad state\nat somewhere'); }),
      expectation('after', () => pass('ran')),
    ]);
    expect(order).toEqual(['throws', 'after']);
    expect(results[0].outcome).toEqual({ pass: false, failure: 'threw: bad state', success: '' });
    expect(results[1].outcome).toEqual(pass('ran'));
    expect(allHeld(results)).toBe(false);
  });

  it('times each expectation', () => {
    const busy = () => { const t = performance.now(); while (performance.now() - t < 15); return pass('slow'); };
    const [r] = runCheck(ctx, undefined, [expectation('slow', busy)]);
    expect(r.ms).toBeGreaterThanOrEqual(15);
    expect(r.ms).toBeLessThan(60_000);
  });

  it('counts a skipped expectation as held and any failure as not', () => {
    const of = (...outcomes: Outcome[]) => runCheck(ctx, undefined, outcomes.map((o, i) => expectation(`e${i}`, () => o)));
    expect(allHeld(of(pass('a'), skip('no save()')))).toBe(true);
    expect(allHeld(of(pass('a'), fail('b'), pass('c')))).toBe(false);
    expect(allHeld(of())).toBe(true);
  });
});

describe('precision', () => {
  it('has one ulp at 1.0 of each precision, and a slack of 256 roundings', () => {
    expect(EPSILON).toEqual({ float64: 2 ** -52, float32: 2 ** -23, bfloat16: 2 ** -7 });
    expect(SLACK).toBe(256);
  });

  it('spaces numbers by the power of two below them, at either precision and either sign', () => {
    expect(ulpOf(1, 'float64')).toBe(2 ** -52);
    expect(ulpOf(1.5, 'float64')).toBe(2 ** -52);
    expect(ulpOf(-3, 'float64')).toBe(2 ** -51);
    expect(ulpOf(1024, 'float32')).toBe(2 ** -13);
    expect(ulpOf(0.75, 'float32')).toBe(2 ** -24);
    expect(ulpOf(2 ** -1022, 'float64')).toBe(2 ** -1074);
    expect(ulpOf(2 ** -126, 'float32')).toBe(2 ** -149);
  });

  it('gives the smallest subnormal spacing below the smallest normal, at 0 and for NaN', () => {
    for (const x of [0, -0, 2 ** -1030, NaN]) expect(ulpOf(x, 'float64')).toBe(2 ** -1074);
    for (const x of [0, 2 ** -127, -(2 ** -130), NaN]) expect(ulpOf(x, 'float32')).toBe(2 ** -149);
  });

  it('counts ulps of the expected value, zero for the same value (−0 and ±Infinity too), Infinity when not finite', () => {
    expect(ulpsBetween(1 + 3 * 2 ** -52, 1, 'float64')).toBe(3);
    expect(ulpsBetween(1 - 2 ** -52, 1, 'float64')).toBe(1);
    expect(ulpsBetween(2, 2 + 2 ** -22, 'float32')).toBe(1);
    expect(ulpsBetween(0, -0, 'float64')).toBe(0);
    expect(ulpsBetween(Infinity, Infinity, 'float64')).toBe(0);
    expect(ulpsBetween(NaN, NaN, 'float32')).toBe(0);
    expect(ulpsBetween(Infinity, 1, 'float64')).toBe(Infinity);
    expect(ulpsBetween(1, -Infinity, 'float64')).toBe(Infinity);
    expect(ulpsBetween(NaN, 1, 'float32')).toBe(Infinity);
  });

  it('budgets n roundings of a value as n·ε·size, at the declared precision', () => {
    expect(roundings('float64', 16, 0.5)).toBe(16 * 2 ** -52 * 0.5);
    expect(roundings('float32', 3, 4)).toBe(3 * 2 ** -23 * 4);
    expect(roundings('float64', 0, 4)).toBe(0);
  });

  it('budgets a run SLACK roundings a step of its scale, on top of the spread of the nudged reference', () => {
    expect(roundingBudget('float64', 5, 2)).toBe(256 * 5 * 2 ** -52 * 2);
    expect(roundingBudget('float64', 5, 2, 1e-10)).toBe(256 * (1e-10 + 5 * 2 ** -52 * 2));
    expect(roundingBudget('float32', 1, 0.5)).toBe(256 * 2 ** -23 * 0.5);
  });

  it('takes identical values as within any budget, NaN and infinities included, and nothing else that is not finite', () => {
    expect(within(1, 1 + 2 ** -30, 2 ** -30)).toBe(true);
    expect(within(1 + 2 ** -30, 1, 2 ** -30)).toBe(true);
    expect(within(1, 1 + 2 ** -29, 2 ** -30)).toBe(false);
    expect(within(-1, 1, 1.5)).toBe(false);
    expect(within(NaN, NaN, 0)).toBe(true);
    expect(within(Infinity, Infinity, 0)).toBe(true);
    expect(within(NaN, 1, Infinity)).toBe(false);
    expect(within(Infinity, 1, 1e300)).toBe(false);
    expect(within(0, -0, 0)).toBe(true);
  });
});
