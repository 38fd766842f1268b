/**
 * The CLI against generated hostile input (issue 21): run.json shapes for
 * trace, JSON Lines traces for verify, and argv for every command. Whatever
 * comes in, the exit code is 0, 1 or 2 and stderr holds no stack trace.
 * In-process through main(), any throw that is not bad input (InputError,
 * ProtocolError) fails the property: the bin would only hide it behind
 * "internal error". A few samples also go through bin/optspec.js.
 *
 * Sizes are drawn small or far over the caps, never in between: an input just
 * under a cap is valid and merely slow. Commands are drawn blank only, so no
 * adapter is ever started.
 */
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JSONL_FORMAT } from '../../src/trace/jsonl.ts';
import { CHECK } from '../../src/cli/options/check.ts';
import { CONFORM, TOP, TRACE, VERIFY } from '../../src/cli/options/commands.ts';
import type { CommandSpec } from '../../src/cli/options/parse.ts';
import { scratchDir } from '../scratch.ts';
import { runBin, runMain, STACK_FRAME, type CliResult } from './run-cli.ts';

const dir = scratchDir('optspec-fuzz-');
const SEED = 21;
let files = 0;

function file(text: string): string {
  const path = join(dir, `in-${files++}`);
  writeFileSync(path, text);
  return path;
}

function wellBehaved(r: CliResult, argv: readonly string[]): boolean {
  expect([0, 1, 2]).toContain(r.status);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  // Bad input is exactly one line; a bare `optspec` prints its usage.
  if (r.status === 2 && argv.length > 0) expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  return true;
}

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '', ' '];
const number = fc.oneof(
  fc.constantFrom(0, -0, 1, 2, 3, -1, 0.5, 1.5, 1e-8, 1e9, 2 ** 40, 1e300, Number.MAX_SAFE_INTEGER + 2),
  fc.integer({ min: -3, max: 12 }),
  fc.double({ noNaN: true, min: -10, max: 10 }),
);
const scalar = fc.oneof(number, fc.constantFrom('NaN', 'Infinity', '-Infinity', '-0', 'x', true, false, null));
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** Mostly a good value, now and then a hostile one: so that the runs get past the first check and reach the later ones. */
const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>, odds = 15) => fc.oneof({ weight: odds, arbitrary: good }, { weight: 1, arbitrary: bad });
const small = fc.double({ noNaN: true, min: -2, max: 2 });
const positive = fc.double({ noNaN: true, min: 1e-4, max: 0.5 });

const problem = mostly(
  fc.oneof(
    fc.record({ kind: fc.constant('l1'), lambda: mostly(positive, scalar), dim: mostly(fc.constant(2), scalar) }, { requiredKeys: ['kind', 'lambda', 'dim'] }),
    fc.record({ kind: fc.constant('lasso'), lambda: mostly(positive, scalar), seed: mostly(fc.nat(9), scalar), n: mostly(fc.integer({ min: 1, max: 4 }), scalar), p: mostly(fc.constant(2), scalar) }, { requiredKeys: ['kind', 'lambda', 'seed', 'p'] }),
    fc.record({ kind: fc.constantFrom('relu-regression', 'huber', 'least-squares'), seed: mostly(fc.nat(9), scalar), n: mostly(fc.integer({ min: 1, max: 4 }), scalar), p: mostly(fc.constant(2), scalar) }, { requiredKeys: ['kind', 'seed', 'p'] }),
  ),
  fc.oneof(
    fc.record(
      {
        kind: fc.constantFrom('l1', 'lasso', 'relu-regression', 'huber', 'least-squares', 'ridge', ...NAMES),
        lambda: scalar, dim: scalar, seed: scalar, n: scalar, p: scalar, delta: scalar,
        W: fc.oneof(fc.array(fc.array(number, { maxLength: 3 }), { maxLength: 3 }), anyJson), y: fc.oneof(fc.array(number, { maxLength: 3 }), anyJson),
        [NAMES[0]]: anyJson,
      },
      { requiredKeys: ['kind'] },
    ),
    anyJson,
  ),
);
const optimizer = mostly(
  fc.record({
    name: mostly(fc.constantFrom('sgd', 'adam', 'adamw', 'rmsprop', 'adagrad', 'heavy-ball', 'ista', 'rmsprop-paper', 'tfjs-adam', 'tfjs-momentum', 'tfjs-rmsprop', 'tfjs-adagrad'), fc.constantFrom('lion', ...NAMES)),
    lr: mostly(positive, scalar),
  }),
  fc.oneof(
    fc.record(
      {
        name: fc.constantFrom('sgd', 'adam', 'heavy-ball', 'lion', ...NAMES),
        lr: scalar, momentum: scalar, beta1: scalar, beta2: scalar, eps: scalar, eta: scalar, alpha: scalar, weightDecay: scalar,
        command: fc.constantFrom('', '   ', 3, null),
      },
      { requiredKeys: [] },
    ),
    anyJson,
  ),
);
const runSpec = mostly(
  fc.record(
    {
      problem,
      optimizer,
      init: mostly(fc.oneof(fc.constant('zeros'), fc.record({ seed: fc.nat(9) }), fc.array(small, { minLength: 2, maxLength: 2 })), fc.oneof(fc.array(scalar, { maxLength: 4 }), anyJson)),
      steps: mostly(fc.integer({ min: 0, max: 20 }), scalar),
      coordinates: fc.option(mostly(fc.oneof(fc.constantFrom('all', 'none'), fc.array(fc.nat(1), { minLength: 1, maxLength: 2 })), anyJson), { nil: undefined }),
    },
    { requiredKeys: ['problem', 'optimizer', 'init', 'steps'] },
  ),
  fc.record({ problem, optimizer, init: anyJson, steps: scalar, coordinates: anyJson, junk: anyJson }, { requiredKeys: [] }),
);

/** A JSON Lines trace of two parameters (or hostile): a header and rows of the right or the wrong shape, then maybe a line that is not JSON. */
const rare = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
const goodRow = fc.record({ loss: mostly(small, scalar), params: mostly(fc.array(fc.oneof(small, fc.constant(0)), { minLength: 2, maxLength: 2 }), fc.oneof(fc.array(scalar, { maxLength: 3 }), anyJson)), gradNorm: rare(mostly(positive, scalar)), zeros: rare(fc.oneof(fc.nat(2), scalar)), accuracy: rare(mostly(small, scalar)) }, { requiredKeys: ['loss', 'params'] });
const wildRow = fc.record({ step: scalar, loss: scalar, params: anyJson, zeros: scalar, l1Norm: scalar, linfNorm: scalar, gradNorm: scalar, [NAMES[0]]: anyJson }, { requiredKeys: [] });
const jsonlTrace = fc
  .tuple(
    mostly(
      fc.record({ format: fc.constant(JSONL_FORMAT), dim: fc.constant(2), problem: fc.constantFrom('l1', 'lasso'), precision: fc.constantFrom('float64', 'float32') }),
      fc.record(
        {
          format: fc.constantFrom(JSONL_FORMAT, 'optspec-trace/1', ...NAMES),
          dim: fc.oneof(fc.integer({ min: 0, max: 3 }), scalar),
          coordinates: fc.oneof(fc.array(scalar, { maxLength: 3 }), anyJson),
          precision: fc.constantFrom('float64', 'float32', 'float16'),
          small: scalar,
          [NAMES[1]]: anyJson,
        },
        { requiredKeys: ['format', 'dim'] },
      ),
      10,
    ),
    fc.array(mostly(goodRow, wildRow, 30), { minLength: 1, maxLength: 8 }),
    fc.oneof({ weight: 5, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('{', '[]', 'null', '"x"', '{"step":', '\u0000') }),
  )
  .map(([header, rows, garbage]) => `${[header, ...rows.map((r, k) => ('step' in r ? r : { step: k, ...r }))].map((l) => JSON.stringify(l)).join('\n')}\n${garbage}\n`);

const claim = mostly(
  fc.constantFrom('never-hits-zero', 'keeps-zeros', 'two-cycle=0.01', 'jumps-off-zero=0.5', 'loss-never-increases', 'loss-never-increases=1e-9', 'loss-below=10', 'stays-captured=1'),
  fc.tuple(fc.constantFrom('two-cycle', 'stays-captured', 'loss-below', 'never-hits-zero', ...NAMES), fc.constantFrom('', '=', '=0', '=-1', '=x', '=1e999', '=0.1')).map(([n, v]) => n + v),
  10,
);

/** Values a flag may get: paths good and bad, names that are Object's, numbers, and no value at all. */
const value = fc.oneof(
  fc.constantFrom(join(dir, 'out'), join(dir, 'out', 'x.json'), dir, '/proc/version', '/proc/x/y', 'nope.ts', 'nope.ts#make', 'm.ts#', '#', '  ', '', '-', '--', ...NAMES),
  fc.constantFrom('sgd', 'adamw', 'pytorch', 'tfjs', 'float32', 'float16', 'lr=0.1,1', 'lr=NaN', 'a,,b', 'k={"a":[1]}', 'k={', '0', '-1', '1e999', 'torch.optim.SGD', 'never-hits-zero', 'two-cycle=0'),
  fc.string({ maxLength: 12 }),
);

/** argv for a command: its own flags (with and without values, joined by = or not), strangers and positionals. */
function argv(spec: CommandSpec): fc.Arbitrary<string[]> {
  const flags = Object.keys(spec.options).map((n) => `--${n}`);
  const token = fc.oneof(
    fc.tuple(fc.constantFrom(...flags), value).map(([f, v]) => [f, v]),
    fc.tuple(fc.constantFrom(...flags), value).map(([f, v]) => [`${f}=${v}`]),
    fc.constantFrom(...flags).map((f) => [f]),
    fc.constantFrom('--bogus', '-x', '--', '--proto', '--__proto__', '--constructor', '-').map((f) => [f]),
    value.map((v) => [v]),
  );
  return fc.array(token, { maxLength: 6 }).map((ts) => ts.flat().filter((t) => !/^--help$|^-h$/.test(t)));
}

/** No command or PyTorch class that could start a process gets through: those flags get blank or malformed values only. */
function spawnsNothing(args: string[]): boolean {
  const harmless = (flag: string, v: string) => v.trim() === '' || v.startsWith('-') || (flag === '--torch' && !v.includes('.'));
  return args.every((a, i) => {
    const joined = /^(--command|--reference-command|--torch)=(.*)$/s.exec(a);
    if (joined) return harmless(joined[1], joined[2]);
    return !/^--(command|reference-command|torch)$/.test(args[i - 1] ?? '') || harmless(args[i - 1], a);
  });
}

describe('fuzzing the CLI', () => {
  it('trace: any run.json exits 0 or 2 without a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(runSpec, async (spec) => {
        const args = ['trace', file(JSON.stringify(spec))];
        return wellBehaved(await runMain(args), args);
      }),
      { seed: SEED, numRuns: 300 },
    );
  }, 60_000);

  it('verify: any JSON Lines trace and claims exit 0, 1 or 2 without a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(jsonlTrace, fc.array(claim, { minLength: 1, maxLength: 2 }), async (text, claims) => {
        const args = ['verify', file(text), ...claims.flatMap((c) => ['--claim', c])];
        return wellBehaved(await runMain(args), args);
      }),
      { seed: SEED, numRuns: 300 },
    );
  }, 60_000);

  it.each([
    ['trace', TRACE],
    ['verify', VERIFY],
    ['conform', CONFORM],
    ['check', CHECK],
    ['', TOP],
  ] as [string, CommandSpec][])('argv of optspec %s exits 0, 1 or 2 without a stack trace', async (command, spec) => {
    await fc.assert(
      fc.asyncProperty(argv(spec).filter(spawnsNothing), async (args) => {
        const full = command ? [command, ...args] : args;
        return wellBehaved(await runMain(full), full);
      }),
      { seed: SEED, numRuns: 150 },
    );
  }, 60_000);

  it('through bin/optspec.js too', () => {
    const runs = [
      ...fc.sample(runSpec, { seed: SEED, numRuns: 1 }).map((s) => ['trace', file(JSON.stringify(s))]),
      ...fc.sample(jsonlTrace, { seed: SEED, numRuns: 1 }).map((t) => ['verify', file(t), '--claim', 'never-hits-zero']),
      ...fc.sample(argv(CHECK).filter(spawnsNothing), { seed: SEED, numRuns: 2 }).map((a) => ['check', ...a]),
    ];
    for (const args of runs) wellBehaved(runBin(args), args);
  }, 120_000);
});
