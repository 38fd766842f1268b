/**
 * The registry of the families `optspec check` knows: one module each under
 * ./family/. Everything else (the family list, the CLI usage, the README's
 * family table, the hyperparameters handed to a maker, the option sweep and
 * the references) derives from those modules.
 */
import fc from 'fast-check';
import type { OptimizerFactory } from '../optimizers/optimizer.ts';
import { InputError } from '../validate/input-error.ts';
import { PLAIN_LR, type CheckHyper, type DialectSpec, type FamilyModule, type HyperValue } from './family/module.ts';
import sgd from './family/sgd.ts';
import momentum from './family/momentum.ts';
import nesterov from './family/nesterov.ts';
import rmsprop from './family/rmsprop.ts';
import adam from './family/adam.ts';
import adamw from './family/adamw.ts';
import adagrad from './family/adagrad.ts';
import { MODERN_MODULES } from './modern/modules.ts';

export type { CheckHyper, Maker, Precision, FamilyModule, DialectSpec, OptionSpec, HyperValue } from './family/module.ts';

const MODULES: readonly FamilyModule[] = [sgd, momentum, nesterov, rmsprop, adam, adamw, adagrad, ...MODERN_MODULES];

/** A family's id: one of CHECK_FAMILIES. */
export type CheckFamily = string;
/** A dialect's id: one of dialectsOf(family); the first is the default. */
export type Dialect = string;

export const CHECK_FAMILIES: readonly CheckFamily[] = MODULES.map((m) => m.id);
export const FAMILIES: Readonly<Record<CheckFamily, FamilyModule>> = Object.freeze(Object.fromEntries(MODULES.map((m) => [m.id, m])));

/** The module of a family, by own property only (so `__proto__` or `toString` is no family). */
export function familyModule(family: CheckFamily): FamilyModule {
  if (!Object.hasOwn(FAMILIES, family)) throw new InputError('--family', family, `expected one of ${CHECK_FAMILIES.join(', ')}`);
  return FAMILIES[family];
}

export function dialectsOf(family: CheckFamily): Dialect[] {
  return Object.keys(familyModule(family).dialects);
}

export function dialectSpec(family: CheckFamily, dialect: Dialect): DialectSpec {
  const dialects = familyModule(family).dialects;
  if (!Object.hasOwn(dialects, dialect)) throw new RangeError(`${family} has no ${dialect} dialect`);
  return dialects[dialect];
}

/**
 * What a hyperparameter object is judged in: the family (none when the user
 * brings their own reference or only declares properties), the dialect, the
 * options the optimizer lacks, and the user's own hyperparameters.
 */
export interface HyperScope {
  readonly family?: CheckFamily;
  readonly dialect: Dialect;
  /** Options declared missing (`--without`): never sent, held at their neutral value by the reference. */
  readonly without?: readonly string[];
  /** `--hyper name=v1,v2,…`: hyperparameters the gate varies and hands to both makers; a family's own list is replaced. */
  readonly hyper?: Readonly<Record<string, readonly HyperValue[]>>;
}

/** Without a family the gate still varies lr, over the plain families' grid. */
const NO_FAMILY_GRID: Readonly<Record<string, readonly HyperValue[]>> = { lr: PLAIN_LR };

export function gridOf(scope: HyperScope): Readonly<Record<string, readonly HyperValue[]>> {
  const own = scope.family === undefined ? NO_FAMILY_GRID : { ...familyModule(scope.family).grid, ...dialectSpec(scope.family, scope.dialect).grid };
  return { ...own, ...scope.hyper };
}

/** The options of the family that the dialect's rule has, less those declared missing. */
export function optionsOf(scope: HyperScope): string[] {
  if (scope.family === undefined) return [];
  const module = familyModule(scope.family);
  const has = dialectSpec(scope.family, scope.dialect).options ?? Object.keys(module.options);
  return has.filter((o) => !scope.without?.includes(o));
}

/**
 * The configuration contracts and claims use unless they say otherwise: the
 * first value of every grid list, the dialect's fixed keywords, and every
 * option at its neutral value, sent explicitly.
 */
export function baseHyper(scope: HyperScope, overrides: Partial<CheckHyper> = {}): CheckHyper {
  const out: Record<string, HyperValue> = {};
  for (const [k, values] of Object.entries(gridOf(scope))) out[k] = values[0];
  if (scope.family !== undefined) {
    const module = familyModule(scope.family);
    Object.assign(out, dialectSpec(scope.family, scope.dialect).fixed);
    for (const o of optionsOf(scope)) out[o] = module.options[o].neutral;
  }
  // The user's own values win over the dialect's fixed keywords too.
  for (const [k, values] of Object.entries(scope.hyper ?? {})) out[k] = values[0];
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) out[k] = v;
  return out as unknown as CheckHyper;
}

/** One setting of the options: each alone at its swept value, then the pairs where shipped bugs lived; `{}` is the base. */
export type OptionConfig = Readonly<Record<string, HyperValue>>;

/** The option sweep, PyTorch's way (OptimizerInfo.optim_inputs_func): the base, each option alone, then the listed pairs. */
export function optionConfigs(scope: HyperScope): OptionConfig[] {
  if (scope.family === undefined) return [{}];
  const module = familyModule(scope.family);
  const available = optionsOf(scope);
  const swept = (o: string) => module.options[o].swept;
  const singles = available.map((o) => ({ [o]: swept(o) }));
  const pairs = (module.pairs ?? []).filter(([a, b]) => available.includes(a) && available.includes(b)).map(([a, b]) => ({ [a]: swept(a), [b]: swept(b) }));
  return [{}, ...singles, ...pairs];
}

/** An option setting as messages name it: "base", "amsgrad: true", "maximize: true + weightDecay: 0.1". */
export function showOptions(config: OptionConfig): string {
  const entries = Object.entries(config);
  return entries.length === 0 ? 'the base options' : entries.map(([k, v]) => `${k}: ${v}`).join(' + ');
}

/** "1 option setting", "3 option settings". */
export const settingCount = (n: number): string => `${n} option setting${n === 1 ? '' : 's'}`;

/** The grid's base values: the first of every list. */
export function baseGrid(scope: HyperScope): Record<string, HyperValue> {
  return Object.fromEntries(Object.entries(gridOf(scope)).map(([k, v]) => [k, v[0]]));
}

/** The grid as a fast-check arbitrary; each field shrinks towards its first value. */
export function gridArbitrary(scope: HyperScope): fc.Arbitrary<Record<string, HyperValue>> {
  const fields: Record<string, fc.Arbitrary<HyperValue>> = {};
  for (const [k, values] of Object.entries(gridOf(scope))) fields[k] = fc.constantFrom(...values);
  return fc.record(fields);
}

/** Option settings × grid: shrinks towards the base settings and the first grid values. */
export function hyperArbitrary(scope: HyperScope): fc.Arbitrary<CheckHyper> {
  return fc.tuple(fc.constantFrom(...optionConfigs(scope)), gridArbitrary(scope)).map(([config, grid]) => baseHyper(scope, { ...grid, ...config }));
}

export function reference(family: CheckFamily, dialect: Dialect, hyper: CheckHyper): OptimizerFactory {
  return dialectSpec(family, dialect).reference(hyper);
}

export function showHyper(h: CheckHyper): string {
  return `{ ${Object.entries(h).map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
}

/** The option names an optimizer may declare missing for a family (`--without`), checked: one line for a name it does not have. */
export function checkWithout(family: CheckFamily, without: readonly string[]): readonly string[] {
  const options = Object.keys(familyModule(family).options);
  for (const o of without) {
    if (!options.includes(o)) throw new InputError('--without', o, options.length ? `expected options of ${family}: ${options.join(', ')}` : `${family} has no options`);
  }
  return without;
}

/** The README's family table, one row per module (test/readme.test.ts keeps the README's copy equal to it). */
export function familyTable(): string {
  const rows = MODULES.map((m) => {
    const hyper = Object.keys(m.grid).join(', ');
    const options = Object.keys(m.options).join(', ') || '—';
    return `| \`${m.id}\` | ${m.title} | ${hyper} | ${options} | ${Object.keys(m.dialects).join(', ')} | \`${m.torch}\` |`;
  });
  return ['| `--family` | what | hyperparameters (grid) | options (swept) | dialects | PyTorch class |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** The usage text's list of families and their dialects. */
export function familyUsage(): string {
  const width = Math.max(...MODULES.map((m) => m.id.length));
  return MODULES.map((m) => `  ${m.id.padEnd(width)}  ${m.title}; dialects ${Object.keys(m.dialects).join(', ')}; options ${Object.keys(m.options).join(', ') || 'none'}`).join('\n');
}
