import { defineOptimizer, type Hyper, type Optimizer, type OptimizerFactory } from '../src/optimizers/optimizer.ts';
import type { CheckFamily, CheckHyper, Dialect, Maker, Precision } from '../src/check/families.ts';
import type { Layout } from '../src/optimizers/layout.ts';

/** One optimizer of the catalogue: broken (it names its bug) or a correct variant. */
export interface CatalogueEntry {
  readonly name: string;
  readonly family: CheckFamily;
  readonly dialect?: Dialect;
  readonly precision?: Precision;
  /** Options of the family it lacks, declared as `--without` would. */
  readonly without?: readonly string[];
  /** The bug, in one line; absent for a correct variant. */
  readonly bug?: string;
  readonly make: Maker;
}

/** An update written against the hyperparameters; one that takes a layout runs per tensor (the shaped contracts judge it). */
type Update = (h: CheckHyper, dim: number, layout?: Layout) => Optimizer;

/** A maker from an update written against the hyperparameters. */
export function maker(name: string, make: Update): Maker {
  return (h): OptimizerFactory =>
    make.length >= 3
      ? defineOptimizer(name, h as unknown as Hyper, (dim, layout) => make(h, dim, layout))
      : defineOptimizer(name, h as unknown as Hyper, (dim) => make(h, dim));
}

export const mutant = (name: string, family: CheckFamily, bug: string, make: Update): CatalogueEntry => ({ name, family, bug, make: maker(name, make) });

export const correct = (name: string, family: CheckFamily, make: Update, options: { dialect?: Dialect; precision?: Precision; without?: readonly string[] } = {}): CatalogueEntry => ({ name, family, ...options, make: maker(name, make) });

/** The hyperparameters a family always receives, read without a default. */
export const hp = (h: CheckHyper, key: keyof CheckHyper): number => h[key] as number;
