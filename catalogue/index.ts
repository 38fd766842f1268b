/**
 * The mutant catalogue: realistic broken optimizers over all seven families,
 * each named for its bug, and correct variants. The gate's worth is measured
 * on it: the fraction of broken ones it kills and of correct ones it accepts.
 */
import { PLAIN } from './plain.ts';
import { ADAPTIVE } from './adaptive.ts';
import { ADAM } from './adam.ts';
import { CORRECT as CLASSIC } from './correct.ts';
import { SHIPPED, FULL_OPTIONS } from './shipped.ts';
import { SHAPED, SHAPED_CORRECT } from './shaped.ts';
import { MODERN_CATALOGUE } from './modern/catalogue.ts';
import type { CatalogueEntry } from './entry.ts';
import { runCheck, allHeld, type CheckResult } from '../src/check/run-check.ts';
import { FAMILIES } from '../src/check/families.ts';

export type { CatalogueEntry } from './entry.ts';
/**
 * The first catalogue's optimizers implement their family's textbook rule
 * without its options: they declare every option missing, as `--without`
 * would, so each is killed by the expectation its own bug breaks.
 */
const textbook = (entries: readonly CatalogueEntry[]): CatalogueEntry[] => entries.map((e) => ({ ...e, without: e.without ?? Object.keys(FAMILIES[e.family].options) }));

/** The modern families' variants (Lion, Muon, Schedule-Free), as catalogue entries. */
const MODERN: readonly CatalogueEntry[] = MODERN_CATALOGUE.map((v) => ({
  name: v.id,
  family: v.family,
  ...(v.precision ? { precision: v.precision } : {}),
  ...(v.broken ? { bug: v.description } : {}),
  make: v.make as CatalogueEntry['make'],
}));

export const MUTANTS: readonly CatalogueEntry[] = [...textbook([...PLAIN, ...ADAPTIVE, ...ADAM]), ...SHIPPED, ...SHAPED, ...MODERN.filter((e) => e.bug)];
export const CORRECT: readonly CatalogueEntry[] = [...CLASSIC, ...FULL_OPTIONS, ...SHAPED_CORRECT, ...MODERN.filter((e) => !e.bug)];

export interface Judged {
  readonly entry: CatalogueEntry;
  readonly results: readonly CheckResult[];
  /** Did the gate pass it? */
  readonly accepted: boolean;
}

/** Check one catalogue entry in its declared family, dialect and precision. */
export function judge(entry: CatalogueEntry): Judged {
  const module = FAMILIES[entry.family];
  const ctx = { make: entry.make, family: entry.family, dialect: entry.dialect ?? Object.keys(module.dialects)[0], precision: entry.precision ?? module.precision ?? 'float64', without: entry.without };
  const results = runCheck(ctx);
  return { entry, results, accepted: allHeld(results) };
}
