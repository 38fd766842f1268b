import { describe, expect, it } from 'vitest';
import { traceOf, failureOf } from '../../test/helpers.ts';

// η = 0.5: 0.25 → 0 → −0.125 is the jump of Prop. B.3.
const jumps = traceOf([[0.25, 1], [0, 0.75], [-0.125, 0.5]]);
const stays = traceOf([[0.25, 1], [0, 0.75], [0, 0.5]]);
const noLanding = traceOf([[0.25], [0.125], [0.0625]]);

describe('toJumpOffZero', () => {
  it('passes when each landing jumps to −η·β_{N−1} bit for bit', () => {
    expect(jumps).toJumpOffZero(0.5);
  });
  it('fails naming the coordinate, step and values', () => {
    expect(failureOf(() => expect(stays).toJumpOffZero(0.5))).toContain(
      'coordinate 0 landed on 0 at step 1 from 0.25, then went to 0 at step 2, not −η·β_{N−1} = -0.125',
    );
  });
  it('fails on a wrong η, since the check is bit for bit', () => {
    expect(jumps).not.toJumpOffZero(0.5000001);
  });
  it('fails when nothing landed on 0', () => {
    expect(failureOf(() => expect(noLanding).toJumpOffZero(0.5))).toContain('no coordinate landed exactly on 0');
  });
  it('.not passes when a landing stays at 0', () => {
    expect(stays).not.toJumpOffZero(0.5);
  });
  it('.not fails with the landings that jumped', () => {
    expect(failureOf(() => expect(jumps).not.toJumpOffZero(0.5))).toContain('all 1 landing(s) on 0 jumped to −η·β_{N−1} bit for bit (first: coordinate 0 at step 1, 0.25 → 0 → -0.125)');
  });
  it('throws on bad input', () => {
    expect(() => expect(jumps).toJumpOffZero(1)).toThrow('toJumpOffZero: eta: expected a momentum factor in (0, 1), got 1');
    expect(() => expect(jumps).not.toJumpOffZero(NaN)).toThrow('toJumpOffZero: eta: expected a momentum factor in (0, 1), got NaN');
    expect(() => expect(1).toJumpOffZero(0.5)).toThrow('toJumpOffZero: received');
  });
});
