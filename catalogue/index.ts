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

export const MUTANTS: readonly CatalogueEntry[] = [...textbook([...PLAIN, ...ADAPTIVE, ...ADAM]), ...SHIPPED];
export const CORRECT: readonly CatalogueEntry[] = [...CLASSIC, ...FULL_OPTIONS];

export interface Judged {
  readonly entry: CatalogueEntry;
  readonly results: readonly CheckResult[];
  /** Did the gate pass it? */
  readonly accepted: boolean;
}

/** Check one catalogue entry in its declared family, dialect and precision. */
export function judge(entry: CatalogueEntry): Judged {
  const results = runCheck({ make: entry.make, family: entry.family, dialect: entry.dialect ?? 'pytorch', precision: entry.precision ?? 'float64', without: entry.without });
  return { entry, results, accepted: allHeld(results) };
}
