import { readFileSync } from 'node:fs';
import { traceFromRunSpec } from './run-file.ts';
import { traceJsonChunks } from '../trace/serialize.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { InputError } from '../validate/input-error.ts';
import { shallowJson } from '../validate/limits.ts';
import { asksForHelp, commandList, parseCommand, usage, type CommandSpec } from './options/parse.ts';
import { TOP, TRACE, VERIFY, CONFORM } from './options/commands.ts';
import { checkOutputPath } from './output-paths.ts';
import { verify, VERIFY_NOTES } from './verify.ts';
import { conform } from './conform.ts';

/**
 * `optspec <command> …`: the exit code is 0 when all held, 1 when a check
 * failed, and 2 on bad input (thrown as InputError and printed as one line by
 * bin/optspec.js).
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'trace') return helpOr(TRACE, rest, () => trace(rest));
  if (command === 'check') {
    // check's table lists the families, whose module loads every reference rule: only for check.
    const [{ check }, { CHECK }, { familyUsage }] = await Promise.all([import('./check.ts'), import('./options/check.ts'), import('../check/families.ts')]);
    return helpOr(CHECK, rest, () => check(rest), `families (from the registry, src/check/families.ts):\n${familyUsage()}`);
  }
  if (command === 'verify') return helpOr(VERIFY, rest, () => verify(rest), VERIFY_NOTES);
  if (command === 'conform') return helpOr(CONFORM, rest, () => conform(rest));
  if (command === undefined) {
    process.stderr.write(await topUsage());
    return 2;
  }
  if (command.startsWith('-')) {
    const { values, help } = parseCommand(TOP, argv);
    if (help) return print(await topUsage());
    if (values.version) return print(`${version()}\n`);
  }
  throw new InputError('command', command, 'expected "trace", "check", "verify" or "conform" (optspec --help lists them)');
}

function helpOr(spec: CommandSpec, args: readonly string[], run: () => number | Promise<number>, notes?: string): number | Promise<number> {
  return asksForHelp(args) ? print(usage(spec, notes)) : run();
}

/** The top-level usage: its own options and every command's usage line, from their tables. */
async function topUsage(): Promise<string> {
  const { CHECK } = await import('./options/check.ts');
  return usage(TOP, commandList([TRACE, CHECK, VERIFY, CONFORM]));
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

/** The version in optspec's package.json, found from this file, whether it runs from src/ or dist/. */
export function version(): string {
  // src/cli/main.ts and dist/cli/main.js both sit two folders below the package root.
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function trace(args: readonly string[]): number {
  const { values, positionals: [file] } = parseCommand(TRACE, args);
  const out = values.out;
  // Checked before the run, so a bad --out does not cost the whole trace first.
  if (out !== undefined) checkOutputPath('--out', out, 'file');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError('run.json', file, `could not be read (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch (err) {
    throw new InputError('run.json', file, `is not valid JSON (${(err as Error).message})`);
  }
  shallowJson('run.json', spec);
  const progress = process.stderr.isTTY
    ? (k: number, n: number) => process.stderr.write(`\roptspec trace: step ${k}/${n}`)
    : undefined;
  const trace = traceFromRunSpec(spec, progress);
  if (progress) process.stderr.write('\n');
  // Streamed: a long trace's JSON does not fit in one string.
  const json = (function* () {
    yield* traceJsonChunks(trace);
    yield '\n';
  })();
  if (out) writeFileAtomic(out, json);
  else {
    for (const piece of json) {
      // The reader went away (`| head -c 50`): bin/optspec.js exits quietly; stop producing.
      if (process.stdout.destroyed) break;
      process.stdout.write(piece);
    }
  }
  return 0;
}
