import { describe, expect, it } from 'vitest';
import { MODERN_MODULES } from '../../src/check/modern/modules.ts';
import { MODERN_CATALOGUE } from '../../catalogue/modern/catalogue.ts';
import type { CheckContext } from '../../src/check/expectation.ts';

const context = (make: unknown, dialect: string, precision = 'float64'): CheckContext => ({ make, dialect, precision }) as unknown as CheckContext;

describe('the modern families as gate family modules', () => {
  for (const module of MODERN_MODULES) {
    for (const [dialect, spec] of Object.entries(module.dialects)) {
      it(`${module.id} (${dialect}): the dialect's reference meets every expectation`, () => {
        const failures = module.expectations().map((e) => [e.id, e.run(context(spec.reference, dialect))] as const).filter(([, o]) => !o.pass);
        expect(failures.map(([id, o]) => `${id}: ${o.failure}`)).toEqual([]);
      });
    }

    if (module.id === 'muon') {
      it('muon: with the precision bfloat16, the published arithmetic (bfloat16 Newton–Schulz) passes in both dialects', async () => {
        const { muon } = await import('../../src/optimizers/muon.ts');
        for (const dialect of ['keller', 'torch'] as const) {
          const make = (h: Record<string, number | boolean>) => muon({ lr: h.lr as number, momentum: h.momentum as number, weightDecay: h.weightDecay as number, nesterov: h.nesterov as boolean, nsSteps: h.nsSteps as number, dialect });
          const failures = module.expectations().map((e) => [e.id, e.run(context(make, dialect, 'bfloat16'))] as const).filter(([, o]) => !o.pass);
          expect(failures.map(([id, o]) => `${id}: ${o.failure}`)).toEqual([]);
        }
      });
    }

    it(`${module.id}: every broken float64 variant of the catalogue fails an expectation`, () => {
      const dialect = Object.keys(module.dialects)[0];
      for (const v of MODERN_CATALOGUE.filter((c) => c.family === module.id && c.broken && (c.precision ?? 'float64') === 'float64')) {
        expect(module.expectations().some((e) => !e.run(context(v.make, dialect)).pass), v.id).toBe(true);
      }
    });
  }
});
