import { describe, expect, it } from 'vitest';
import { traceOf, failureOf } from '../../test/helpers.ts';

const nonzero = traceOf([[1, -1], [0.5, -0.25], [-0.01, 0.5]]);
const hits = traceOf([[1, -1], [0.5, 0], [-0.5, 0]]);

describe('toNeverHitZero', () => {
  it('passes when no coordinate is ever exactly 0', () => {
    expect(nonzero).toNeverHitZero();
  });
  it('fails naming the coordinate and step that hit 0', () => {
    expect(failureOf(() => expect(hits).toNeverHitZero())).toContain('coordinate 1 is exactly 0 at step 1 (it was -1 at step 0)');
  });
  it('.not passes on a run that hits 0', () => {
    expect(hits).not.toNeverHitZero();
  });
  it('.not fails with the closest approach to 0', () => {
    expect(failureOf(() => expect(nonzero).not.toNeverHitZero())).toContain('closest: |β| = 0.01, coordinate 0 at step 2');
  });
  it('-0 counts as a zero', () => {
    expect(traceOf([[1], [-0]])).not.toNeverHitZero();
  });
  it('a zero at the start is not a hit', () => {
    expect(traceOf([[0], [1]])).toNeverHitZero();
  });
  it('throws on bad input', () => {
    expect(() => expect(null).toNeverHitZero()).toThrow('toNeverHitZero: received: expected an optspec Trace');
    expect(() => expect(undefined).not.toNeverHitZero()).toThrow('toNeverHitZero: received: expected an optspec Trace');
  });
});
