/**
 * `optspec check`'s option table, and the shapes of its values: lists,
 * `name=v1,v2` grids, `key=json` settings, seconds and `<module>[#export]`.
 * What the values mean is check's business; here they are only read and
 * refused when malformed, each in one line naming the flag.
 */
import { CHECK_FAMILIES } from '../../check/families.ts';
import { InputError, show } from '../../validate/input-error.ts';
import { shallowJson } from '../../validate/limits.ts';
import type { CommandSpec } from './parse.ts';

export const CHECK = {
  command: 'check',
  synopsis: '--optimizer <module>[#export] | --command "<cmd>" | --torch <module.Class> [options]',
  brief: "check a user's optimizer: reference parity, contracts, metamorphic relations and the papers' claims",
  summary: "check a user's optimizer: reference parity, contracts, metamorphic relations and the papers' claims for its family;\nexit 1 when an expectation is violated, 2 on bad input",
  positionals: [],
  options: {
    optimizer: { type: 'string', value: '<module>[#export]', help: 'the maker to check: a .ts/.js module exporting (hyper) => OptimizerFactory' },
    command: { type: 'string', value: '"<cmd>"', help: 'an optimizer in another language: the shell command that starts its adapter (docs/protocol.md)' },
    torch: { type: 'string', value: '<module.Class>', help: "a PyTorch optimizer class, run through optspec's adapter" },
    'torch-set': { type: 'string', multiple: true, value: 'key=json', help: 'a constructor argument passed through to the PyTorch class' },
    family: { type: 'string', value: '<family>', help: `the textbook rule it follows: ${CHECK_FAMILIES.join(', ')}` },
    dialect: { type: 'string', value: 'pytorch|tfjs|paper', help: "whose version of the family's rule (default pytorch)" },
    precision: { type: 'string', value: 'float64|float32|bfloat16', help: "the arithmetic the optimizer computes in (default float64; the family's own where it has one: muon bfloat16)" },
    reference: { type: 'string', value: '<module>[#export]', help: 'your own reference implementation to compare with, instead of the textbook rule' },
    'reference-command': { type: 'string', value: '"<cmd>"', help: 'your own reference, in another language, started by this command' },
    hyper: { type: 'string', multiple: true, value: 'name=v1,v2,…', help: 'a hyperparameter and the values the gate varies it over (numbers, true, false)' },
    without: { type: 'string', value: '<option,…>', help: "options of the family the optimizer does not have" },
    skip: { type: 'string', value: '<id,…>', help: 'expectations not to run (listed as not checked)' },
    only: { type: 'string', value: '<id,…>', help: 'run only these expectations' },
    declare: { type: 'string', value: '<property,…>', help: 'properties the optimizer has (elementwise, scale-invariant, sign-based, …), each turning on its relations' },
    'step-timeout': { type: 'string', value: '<seconds>', help: 'the time one step may take before it counts as a hang' },
    'start-timeout': { type: 'string', value: '<seconds>', help: 'the time an adapter may take to start and answer hello' },
    report: { type: 'string', value: 'DIR', help: 'the folder of the HTML report and summary.json (default reports/check)' },
    junit: { type: 'string', value: 'FILE', help: 'also write JUnit XML to FILE' },
    baseline: { type: 'string', value: 'FILE', help: 'compare the traces with the ones recorded in FILE (written when missing, outside CI)' },
    'update-baseline': { type: 'boolean', help: 'rewrite the --baseline FILE with the traces of this run' },
  },
} as const satisfies CommandSpec;

/** `a,b,c` as a list of non-empty names. */
export function nameList(flag: string, text: string): string[] {
  const names = text.split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) throw new InputError(flag, text, 'expected a comma-separated list of names, none empty');
  return names;
}

/** `<module>[#export]`, the export defaulting to `default`. */
export function moduleExport(flag: string, text: string): { module: string; exportName: string } {
  const hash = text.indexOf('#');
  const module = hash < 0 ? text : text.slice(0, hash);
  const exportName = hash < 0 ? 'default' : text.slice(hash + 1);
  if (module.trim() === '' || exportName === '' || exportName.includes('#')) throw new InputError(flag, text, 'expected <module>[#export]');
  return { module, exportName };
}

/** Repeated `name=v1,v2,…` into one grid; each value a finite number, true or false, each name once. */
export function hyperGrid(flag: string, texts: readonly string[]): Record<string, (number | boolean)[]> {
  const grid = new Map<string, (number | boolean)[]>();
  for (const text of texts) {
    const eq = text.indexOf('=');
    const name = text.slice(0, eq).trim();
    if (eq < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new InputError(flag, text, 'expected name=v1,v2,… with a name of letters, digits and _');
    // Object machinery is no hyperparameter: `__proto__` would silently vanish into a prototype.
    if (name.startsWith('__') || name === 'constructor' || name === 'prototype') throw new InputError(flag, text, `expected a hyperparameter name; ${show(name)} is a name of JavaScript's object machinery`);
    if (grid.has(name)) throw new InputError(flag, text, `expected each hyperparameter once; ${name} is given twice`);
    grid.set(name, text.slice(eq + 1).split(',').map((raw) => hyperValue(flag, text, raw.trim())));
  }
  return Object.fromEntries(grid);
}

function hyperValue(flag: string, text: string, raw: string): number | boolean {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  const v = Number(raw);
  if (raw === '' || !Number.isFinite(v)) throw new InputError(flag, text, `expected finite numbers, true or false after =; ${show(raw)} is not`);
  return v;
}

/** Repeated `key=json`, each key once; the value is any JSON. */
export function jsonSettings(flag: string, texts: readonly string[]): Record<string, unknown> {
  const settings = new Map<string, unknown>();
  for (const text of texts) {
    const eq = text.indexOf('=');
    const key = text.slice(0, eq).trim();
    if (eq < 0 || key === '') throw new InputError(flag, text, 'expected key=json');
    if (settings.has(key)) throw new InputError(flag, text, `expected each key once; ${key} is given twice`);
    try {
      settings.set(key, JSON.parse(text.slice(eq + 1)));
    } catch (err) {
      throw new InputError(flag, text, `expected JSON after = (${(err as Error).message})`);
    }
    shallowJson(flag, settings.get(key));
  }
  return Object.fromEntries(settings);
}

/** A time in seconds: a positive finite number. */
export function seconds(flag: string, text: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v <= 0) throw new InputError(flag, text, 'expected a positive number of seconds');
  return v;
}
