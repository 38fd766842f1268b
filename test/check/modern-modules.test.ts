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

describe('muon runs the contracts that hold for any rule, on its own layouts', () => {
  const muonContext = (make: unknown): CheckContext => ({ make, family: 'muon', dialect: 'keller', precision: 'bfloat16' }) as unknown as CheckContext;
  const contract = async (id: string) => {
    const { expectationsFor } = await import('../../src/check/expectations.ts');
    const e = expectationsFor('muon', 'keller').find((x) => x.id === id);
    if (!e) throw new Error(`muon has no ${id}`);
    return e;
  };

  it('lists independent instances, determinism, lr = 0 and save/load, and not the flat-only ones', async () => {
    const { expectationsFor } = await import('../../src/check/expectations.ts');
    const ids = expectationsFor('muon', 'keller').map((e) => e.id);
    expect(ids.filter((id) => id.startsWith('contract-'))).toEqual(['contract-independent-instances', 'contract-deterministic', 'contract-zero-lr', 'contract-save-load', 'contract-save-load-late']);
  });

  it('the reference passes them; a Muon whose instances share one state fails independence, one that hands out its live buffer fails save/load', async () => {
    const { muon } = await import('../../src/optimizers/muon.ts');
    const { saveState } = await import('../../src/optimizers/state.ts');
    const reference = (h: Record<string, number | boolean>) => muon({ ...(h as object), nsPrecision: 'bfloat16' } as never);
    for (const id of ['contract-independent-instances', 'contract-deterministic', 'contract-zero-lr', 'contract-save-load']) {
      const out = (await contract(id)).run(muonContext(reference));
      expect(out.pass, `${id}: ${out.failure}`).toBe(true);
    }
    // One optimizer per factory, handed to every caller.
    const shared = (h: Record<string, number | boolean>) => {
      const inner = reference(h);
      const cache = new Map<number, ReturnType<typeof inner>>();
      return Object.assign((dim: number, layout?: never) => cache.get(dim) ?? (cache.set(dim, inner(dim, layout)), cache.get(dim)!), { layouts: true });
    };
    expect((await contract('contract-independent-instances')).run(muonContext(shared)).failure).toMatch(/^stepping a second instance changed the first: step \d+, coordinate \d+: /);
    // save() returns the live momentum buffer, which the run then goes on changing.
    const live = (h: Record<string, number | boolean>) => {
      const inner = reference(h);
      return Object.assign((dim: number, layout?: never) => {
        const o = inner(dim, layout);
        const state = o.state!() as { momentumBuffer: Float64Array };
        return { ...o, save: () => ({ momentumBuffer: state.momentumBuffer }) as never, load: (s: never) => o.load!(saveState({ momentumBuffer: Float64Array.from((s as { momentumBuffer: Float64Array }).momentumBuffer) })) };
      }, { layouts: true });
    };
    expect((await contract('contract-save-load')).run(muonContext(live)).failure).toMatch(/^after save at step 7 and load into a fresh optimizer: step \d+, coordinate \d+: resumed /);
  });
});
