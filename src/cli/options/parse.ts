/**
 * One typed option table per command: the parser and the usage text both
 * read it, so a flag cannot be accepted without being documented or
 * documented without being accepted. Tokens come from node's util.parseArgs
 * (non-strict, so every problem is reported here, in optspec's one-line
 * form, instead of as parseArgs' own TypeError).
 */
import { parseArgs } from 'node:util';
import { InputError, show } from '../../validate/input-error.ts';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** May be given more than once; the values are collected in order. */
  readonly multiple?: boolean;
  /** The value's placeholder in the usage text, e.g. `<module>[#export]`. */
  readonly value?: string;
  readonly help: string;
}

export interface PositionalSpec {
  /** The field an error names, e.g. `run.json`. */
  readonly name: string;
  /** What an error says is expected when it is missing. */
  readonly expect: string;
}

export type OptionTable = Readonly<Record<string, OptionSpec>>;

export interface CommandSpec<O extends OptionTable = OptionTable> {
  /** `trace`, `check`, …; empty for the top level. */
  readonly command: string;
  /** What follows `optspec <command>` in the usage line. */
  readonly synopsis: string;
  /** What the command does, in one line: the top-level usage lists it. */
  readonly brief: string;
  /** What the command does, at the head of its own usage. */
  readonly summary: string;
  readonly positionals: readonly PositionalSpec[];
  readonly options: O;
}

type ValueOf<S extends OptionSpec> = S['type'] extends 'boolean' ? boolean : S['multiple'] extends true ? string[] : string | undefined;
export type OptionValues<O extends OptionTable> = { -readonly [K in keyof O]: ValueOf<O[K]> };

export interface ParsedCommand<O extends OptionTable> {
  readonly values: OptionValues<O>;
  readonly positionals: string[];
  /** --help or -h was given: the caller prints usage(spec) and exits 0, whatever else was given. */
  readonly help: boolean;
}

/** Parse argv against a command's table; any unknown flag, missing value or stray argument is one InputError. */
export function parseCommand<O extends OptionTable>(spec: CommandSpec<O>, argv: readonly string[]): ParsedCommand<O> {
  const names = Object.keys(spec.options);
  const { tokens } = parseArgs({
    args: [...argv],
    options: { ...Object.fromEntries(names.map((n) => [n, { type: spec.options[n].type, multiple: true }])), help: { type: 'boolean', short: 'h', multiple: true } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help')) return { values: {} as OptionValues<O>, positionals: [], help: true };
  const values: Record<string, unknown> = {};
  for (const n of names) values[n] = spec.options[n].type === 'boolean' ? false : spec.options[n].multiple ? [] : undefined;
  const positionals: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'option-terminator') continue;
    if (t.kind === 'positional') {
      if (positionals.length >= spec.positionals.length) throw new InputError('argument', t.value, unexpected(spec));
      positionals.push(t.value);
      continue;
    }
    const option = Object.hasOwn(spec.options, t.name) ? spec.options[t.name] : undefined;
    if (!option) throw new InputError('argument', t.rawName, unexpected(spec));
    const flag = `--${t.name}`;
    if (option.type === 'boolean') {
      if (t.value !== undefined) throw new InputError(flag, t.value, 'takes no value');
      values[t.name] = true;
      continue;
    }
    // A flag followed by another flag has lost its value (`--junit --baseline b`); `--flag=-x` still passes a dash.
    if (t.value === undefined || (!t.inlineValue && t.value.startsWith('-'))) throw new InputError(flag, t.value, `expected a value${option.value ? ` ${option.value}` : ''}`);
    if (option.multiple) (values[t.name] as string[]).push(t.value);
    else if (values[t.name] !== undefined) throw new InputError(flag, t.value, `given twice (first ${show(values[t.name])})`);
    else values[t.name] = t.value;
  }
  for (const [i, p] of spec.positionals.entries()) if (positionals[i] === undefined) throw new InputError(p.name, undefined, p.expect);
  return { values: values as OptionValues<O>, positionals, help: false };
}

function unexpected(spec: CommandSpec): string {
  const flags = Object.keys(spec.options).map((n) => `--${n}`);
  return `not an option of optspec${spec.command ? ` ${spec.command}` : ''} (${flags.length > 0 ? `options: ${flags.join(', ')}; ` : ''}see optspec ${spec.command ? `${spec.command} ` : ''}--help)`;
}

const COLUMN = 34;

/** The usage text of a command, from its table. */
export function usage(spec: CommandSpec, notes = ''): string {
  const rows: [string, string][] = Object.entries(spec.options).map(([n, o]) => [`--${n}${o.value ? ` ${o.value}` : ''}${o.multiple ? ' …' : ''}`, o.help]);
  rows.push(['-h, --help', `print this text and exit`]);
  const lines = rows.map(([flag, help]) => (flag.length + 2 < COLUMN ? `  ${flag.padEnd(COLUMN - 2)}${help}` : `  ${flag}\n${' '.repeat(COLUMN)}${help}`));
  return `usage: optspec ${spec.command ? `${spec.command} ` : ''}${spec.synopsis}\n\n${spec.summary}\n\noptions:\n${lines.join('\n')}\n${notes ? `\n${notes}\n` : ''}`;
}

/** True when argv asks for help (-h or --help before any `--`), whatever else it holds. */
export function asksForHelp(argv: readonly string[]): boolean {
  const { tokens } = parseArgs({ args: [...argv], options: { help: { type: 'boolean', short: 'h', multiple: true } }, strict: false, allowPositionals: true, tokens: true });
  return tokens.some((t) => t.kind === 'option' && t.name === 'help');
}

/** The top-level list of commands, each with its usage line and what it does. */
export function commandList(specs: readonly CommandSpec[]): string {
  return `commands (optspec <command> --help prints a command's options):\n${specs.map((c) => `  ${c.command} ${c.synopsis}\n      ${c.brief}`).join('\n')}`;
}
