/** The modern families' catalogue: each broken variant must fail a relation or parity, each correct one must pass all. */
import { LION_VARIANTS } from './catalogue-lion.ts';
import { MUON_VARIANTS } from './catalogue-muon.ts';
import { SCHEDULE_FREE_VARIANTS } from './catalogue-schedule-free.ts';
import type { ModernVariant } from './variant.ts';

export type { ModernVariant } from './variant.ts';

export const MODERN_CATALOGUE: readonly ModernVariant[] = [...LION_VARIANTS, ...MUON_VARIANTS, ...SCHEDULE_FREE_VARIANTS];
