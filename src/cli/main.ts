import { readFileSync } from 'node:fs';
import { traceFromRunSpec } from './run-file.ts';
import { traceJsonChunks } from '../trace/serialize.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { InputError } from '../validate/input-error.ts';
import { verify, VERIFY_USAGE } from './verify.ts';
import { conform, CONFORM_USAGE } from './conform.ts';

const USAGE = `usage:
  optspec trace <run.json> [--out FILE]   run an optimizer on a problem and print its trace as JSON
  optspec check --optimizer <module>[#export] --family <sgd|momentum|nesterov|rmsprop|adam|adamw|adagrad>
                [--dialect pytorch|tfjs|paper] [--precision float64|float32] [--report DIR]
                [--junit FILE] [--baseline FILE [--update-baseline]]
                                           check a user's optimizer: reference parity, contracts,
                                           metamorphic relations and the papers' claims for its family`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'trace') return trace(rest);
  if (command === 'check') {
    const { check } = await import('./check.ts');
    return check(rest);
  }
  if (command === 'verify') return verify(rest);
  if (command === 'conform') return conform(rest);
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n${VERIFY_USAGE}\n${CONFORM_USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  throw new InputError('command', command, 'expected "trace", "check", "verify" or "conform"');
}

function trace(args: readonly string[]): number {
  let file: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out') {
      out = args[++i];
      if (!out) throw new InputError('--out', out, 'expected a file path');
    } else if (file === undefined) file = args[i];
    else throw new InputError('argument', args[i], 'unexpected extra argument');
  }
  if (!file) throw new InputError('run.json', file, 'expected the path of a run file');
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
  else for (const piece of json) process.stdout.write(piece);
  return 0;
}
