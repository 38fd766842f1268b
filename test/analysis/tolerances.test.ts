/**
 * How messages state tolerances and gaps, and README's table of defaults held
 * to the constants the code uses, so neither can drift from the other.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gapNum, toleranceText, gapAgainst } from '../../src/analysis/verdict.ts';
import { entersTwoCycle, TWO_CYCLE_RELATIVE_TOLERANCE, SHARED_CYCLE_TOLERANCE } from '../../src/analysis/two-cycle.ts';
import { MONOTONE_LOSS_TOLERANCE } from '../../src/analysis/monotone.ts';
import { GROWTH_CONFIDENCE, GROWTH_MIN_DECADES } from '../../src/analysis/growth.ts';
import { optspecMatchers } from '../../src/matchers/index.ts';
import { VERIFY_NOTES } from '../../src/cli/verify.ts';
import { nextUp } from '../../src/analysis/ulp.ts';
import { traceOf } from '../helpers.ts';

const README = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
const section = README.slice(README.indexOf('### Tolerances'), README.indexOf('\n## ', README.indexOf('### Tolerances')));
const rows = section
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .map((line) => line.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim()));

describe('gapNum', () => {
  it('is short, yet compares with the tolerance as the exact gap does', () => {
    expect(gapNum(0.0625, 0)).toBe('0.0625');
    expect(gapNum(9.999999960041972e-11, 1e-14)).toBe('1e-10');
    expect(gapNum(0.1 + 0.2 - 0.3, 1)).toBe('5.55e-17');
    // One ulp over the tolerance must not read as the tolerance itself, nor one under it.
    expect(gapNum(nextUp(1e-12), 1e-12)).toBe('1.0000000000000002e-12');
    expect(gapNum(-nextUp(-1e-12), 1e-12)).toBe('9.999999999999998e-13');
    expect(gapNum(1e-12, 1e-12)).toBe('1e-12');
  });
  it('keeps the sign, zero and what is not finite', () => {
    expect(gapNum(-0.5, 0)).toBe('-0.5');
    expect(gapNum(0, 0)).toBe('0');
    expect(gapNum(Infinity, 0)).toBe('Infinity');
    expect(gapNum(NaN, 0)).toBe('NaN');
  });
});

describe('toleranceText and gapAgainst', () => {
  it('tell a chosen tolerance from a default one, and the default by its rule', () => {
    expect(toleranceText(0.01)).toBe('the tolerance 0.01');
    expect(toleranceText(1e-9, '1e-9')).toBe('the default tolerance 1e-9');
    expect(toleranceText(2.5e-13, '1e-12·step')).toBe('the tolerance 2.5e-13 (default 1e-12·step)');
  });
  it('put the gap beside the tolerance; a gap equal to it is within', () => {
    expect(gapAgainst(0.5, 0.25)).toBe('0.5, over the tolerance 0.25');
    expect(gapAgainst(0.25, 0.25)).toBe('0.25, within the tolerance 0.25');
    expect(gapAgainst(1e-13, 2.5e-13, '1e-12·step')).toBe('1e-13, within the tolerance 2.5e-13 (default 1e-12·step)');
  });
});

describe("README's table of tolerances", () => {
  it('lists every matcher and every verify claim', () => {
    const firstColumn = rows.map((r) => r[0]).join(' ');
    for (const matcher of Object.keys(optspecMatchers)) expect(firstColumn, matcher).toContain(`\`${matcher}(`);
    const claims = [...VERIFY_NOTES.matchAll(/^ {2}([a-z][a-z-]+) /gm)].map((m) => m[1]);
    expect(claims.length).toBeGreaterThan(5);
    for (const claim of claims) expect(firstColumn, claim).toMatch(new RegExp(`(--claim |\`)${claim}\\b`));
  });
  it("gives the defaults the code uses, by the constants' names", () => {
    const defaults = Object.fromEntries(rows.filter((r) => r[2].includes('(`')).map((r) => [r[2].match(/\(`(\w+)`\)/)![1], r[2].match(/^`([^`]+)`/)![1]]));
    expect(defaults).toEqual({
      TWO_CYCLE_RELATIVE_TOLERANCE: `${TWO_CYCLE_RELATIVE_TOLERANCE}·step`,
      SHARED_CYCLE_TOLERANCE: String(SHARED_CYCLE_TOLERANCE),
      MONOTONE_LOSS_TOLERANCE: String(MONOTONE_LOSS_TOLERANCE),
      GROWTH_CONFIDENCE: String(GROWTH_CONFIDENCE),
      GROWTH_MIN_DECADES: String(GROWTH_MIN_DECADES),
    });
  });
  it("quotes AdamW's two-cycle failure as the predicate words it", () => {
    const quoted = section.match(/fails with "… ([^"]+)"/)![1].replace(/\s+/g, ' ');
    const adamw = traceOf([[0.02], [0.005300005], [-0.0046999949], [0.005300005]]);
    expect(entersTwoCycle(adamw, 0.01).failure).toContain(quoted);
  });
});
