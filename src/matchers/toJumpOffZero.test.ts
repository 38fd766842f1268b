import { describe, expect, it } from 'vitest';
import { traceOf, summaryTraceOf, failureOf } from '../../test/helpers.ts';

// η = 0.5: 0.25 → 0 → −0.125 is the jump of Prop. B.3.
const jumps = traceOf([[0.25, 1], [0, 0.75], [-0.125, 0.5]]);
const stays = traceOf([[0.25, 1], [0, 0.75], [0, 0.5]]);
const noLanding = traceOf([[0.25], [0.125], [0.0625]]);
// Coordinate 0 jumps at step 1; coordinate 1 lands at step 2 and stays: only the second landing breaks the claim.
const secondStays = traceOf([[0.25, 1], [0, 0.5], [-0.125, 0], [0.0625, 0]]);

describe('toJumpOffZero', () => {
  it('passes when each landing jumps to −η·β_{N−1} bit for bit', () => {
    expect(jumps).toJumpOffZero(0.5);
  });
  it('fails naming the coordinate, step and values', () => {
    expect(failureOf(() => expect(stays).toJumpOffZero(0.5))).toContain(
      'coordinate 0 landed on 0 at step 1 from 0.25, then went to 0 at step 2, not −η·β_{N−1} = -0.125 (off by 0.125; compared bit for bit, no tolerance)',
    );
  });
  it('checks every landing, not only the first', () => {
    expect(failureOf(() => expect(secondStays).toJumpOffZero(0.5))).toContain(
      'coordinate 1 landed on 0 at step 2 from 0.5, then went to 0 at step 3, not −η·β_{N−1} = -0.25',
    );
  });
  it('fails on a wrong η, since the check is bit for bit', () => {
    expect(jumps).not.toJumpOffZero(0.5000001);
    expect(failureOf(() => expect(jumps).toJumpOffZero(0.5000001))).toContain('not −η·β_{N−1} = -0.125000025 (off by 2.5e-8; compared bit for bit, no tolerance)');
  });
  it('-0 is not the jump: −η·β_{N−1} is compared with its sign', () => {
    expect(traceOf([[0.25], [0], [-0]])).not.toJumpOffZero(0.5);
    expect(failureOf(() => expect(traceOf([[-0.25], [0], [-0]])).toJumpOffZero(0.5))).toContain('then went to -0 at step 2, not −η·β_{N−1} = 0.125 (off by 0.125;');
  });
  it('a landing on the last row is not judged', () => {
    expect(traceOf([[0.25, 1], [0, 0.75], [-0.125, 0]])).toJumpOffZero(0.5);
  });
  it('.not passes when a landing stays at 0', () => {
    expect(stays).not.toJumpOffZero(0.5);
  });
  it('.not fails with the landings that jumped', () => {
    expect(failureOf(() => expect(jumps).not.toJumpOffZero(0.5))).toContain('all 1 landing(s) on 0 jumped to −η·β_{N−1} bit for bit (first: coordinate 0 at step 1, 0.25 → 0 → -0.125)');
    const two = traceOf([[0.25, 0.5], [0, 0.25], [-0.125, 0], [0.0625, -0.125]]);
    expect(failureOf(() => expect(two).not.toJumpOffZero(0.5))).toContain('all 2 landing(s) on 0 jumped to −η·β_{N−1} bit for bit (first: coordinate 0 at step 1, 0.25 → 0 → -0.125)');
  });
  it('refuses, under .not too, a run that never landed, no recorded coordinates, NaN, or too few rows', () => {
    expect(() => expect(noLanding).toJumpOffZero(0.5)).toThrow('toJumpOffZero: trace: expected a coordinate landing exactly on 0 before the last step; the claim was never exercised, got "1 recorded coordinate(s) over 3 rows"');
    expect(() => expect(noLanding).not.toJumpOffZero(0.5)).toThrow('the claim was never exercised');
    expect(() => expect(summaryTraceOf([[0.25], [0], [-0.125]])).not.toJumpOffZero(0.5)).toThrow('toJumpOffZero: trace.coordinates');
    expect(() => expect(traceOf([[0.25], [0], [NaN]])).not.toJumpOffZero(0.5)).toThrow('toJumpOffZero: trace: coordinate 0 at step 2: expected a number');
    expect(() => expect(traceOf([[0.25], [0]])).not.toJumpOffZero(0.5)).toThrow('toJumpOffZero: trace.length: expected at least 3 rows');
  });
  it('throws on bad arguments', () => {
    expect(() => expect(jumps).toJumpOffZero(1)).toThrow('toJumpOffZero: eta: expected a momentum factor in (0, 1), got 1');
    expect(() => expect(jumps).toJumpOffZero(0)).toThrow('toJumpOffZero: eta: expected a momentum factor in (0, 1), got 0');
    expect(() => expect(jumps).not.toJumpOffZero(NaN)).toThrow('toJumpOffZero: eta: expected a momentum factor in (0, 1), got NaN');
    expect(() => expect(jumps).not.toJumpOffZero('0.5' as never)).toThrow('toJumpOffZero: eta');
    expect(() => expect(1).toJumpOffZero(0.5)).toThrow('toJumpOffZero: received');
  });
});
