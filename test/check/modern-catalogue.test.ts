import { describe, expect, it } from 'vitest';
import { MODERN_FAMILIES, judge, muonFamily } from '../../src/check/modern/families.ts';
import { MODERN_CATALOGUE } from '../../catalogue/modern/catalogue.ts';
import type { ModernFamily } from '../../src/check/modern/drive.ts';

const FAMILIES = Object.keys(MODERN_FAMILIES) as ModernFamily[];

describe('the modern families judge their own references', () => {
  for (const family of FAMILIES) {
    it(`${family}: the float64 reference passes every relation and parity, judged as float64 and float32`, () => {
      const m = MODERN_FAMILIES[family];
      expect(judge(m, m.reference('float64'), 'float64')).toEqual([]);
      expect(judge(m, m.reference('float64'), 'float32')).toEqual([]);
    });
  }

  it('muon: both dialects pass in float64 and in bfloat16 Newton–Schulz (CUDA-like and torch 1.13 CPU emulations)', () => {
    const cpu = muonFamily('keller', 'torch-1.13-cpu');
    expect(judge(cpu, cpu.reference('bfloat16'), 'bfloat16')).toEqual([]);
    for (const dialect of ['keller', 'torch'] as const) {
      const m = muonFamily(dialect);
      expect(judge(m, m.reference('float64'), 'float64')).toEqual([]);
      expect(judge(m, m.reference('bfloat16'), 'bfloat16')).toEqual([]);
    }
  });

  it("muon: the other dialect's reference fails parity (the norm floor, the defaults and where the scale goes differ)", () => {
    const keller = muonFamily('keller'), torch = muonFamily('torch');
    expect(judge(keller, torch.reference('bfloat16'), 'bfloat16').join('\n')).toMatch(/muon-acts-on-matrices|parity/);
  });
});

describe('the modern catalogue', () => {
  it('has at least 5 broken and 2 correct variants per family, with unique ids and one-line descriptions', () => {
    const ids = MODERN_CATALOGUE.map((v) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const family of FAMILIES) {
      const own = MODERN_CATALOGUE.filter((v) => v.family === family);
      expect(own.filter((v) => v.broken).length).toBeGreaterThanOrEqual(5);
      expect(own.filter((v) => !v.broken).length).toBeGreaterThanOrEqual(2);
    }
    for (const v of MODERN_CATALOGUE) expect(v.description).toMatch(/^[^\n]{10,}$/);
  });

  for (const v of MODERN_CATALOGUE) {
    it(`${v.id} (${v.broken ? 'broken' : 'correct'}, ${v.precision ?? 'float64'}): ${v.description}`, () => {
      const failures = judge(MODERN_FAMILIES[v.family], v.make, v.precision ?? 'float64');
      if (v.broken) expect(failures.length, `${v.id} survived every relation and parity`).toBeGreaterThan(0);
      else expect(failures).toEqual([]);
    });
  }
});
