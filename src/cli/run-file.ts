import { makeProblem } from '../problems/index.ts';
import { makeOptimizer as makeReference } from '../optimizers/index.ts';
import { commandOptimizer } from '../protocol/command.ts';
import { runTrace } from '../trace/run.ts';
import type { Trace } from '../trace/trace.ts';
import { InputError, knownKeys, nonNegativeInteger, record, vector } from '../validate/input-error.ts';

/**
 * run.json: `{ problem, optimizer, init, steps }` (see README, "optspec trace").
 * Every field is checked before anything runs; the first bad one is reported
 * by name and value.
 */
export function traceFromRunSpec(input: unknown, onProgress?: (step: number, steps: number) => void): Trace {
  const spec = record('run', input);
  knownKeys('run', spec, ['problem', 'optimizer', 'init', 'steps']);
  if (spec.init === undefined) throw new InputError('init', undefined, 'expected an array of numbers, the starting parameters');
  const init = vector('init', spec.init);
  if (init.length === 0) throw new InputError('init', spec.init, 'expected at least one number');
  if (spec.steps === undefined) throw new InputError('steps', undefined, 'expected an integer >= 0');
  const steps = nonNegativeInteger('steps', spec.steps);
  if (spec.problem === undefined) throw new InputError('problem', undefined, 'expected an object with a kind');
  const problem = makeProblem(spec.problem, init.length);
  if (init.length !== problem.dim) {
    throw new InputError('init', `${init.length} numbers`, `expected ${problem.dim} numbers, the dimension of the ${problem.kind} problem`);
  }
  if (spec.optimizer === undefined) throw new InputError('optimizer', undefined, 'expected an object with a name and lr');
  const optimizer = makeOptimizer(spec.optimizer);
  const seed = (spec.problem as { seed?: number }).seed;
  return runTrace({ problem, optimizer, init, steps, seed, onProgress });
}

/**
 * The `optimizer` field: `{ name, …hyperparameters }` for a reference
 * optimizer, or `{ command, …hyperparameters }` for one in another language
 * speaking the stepping protocol (docs/protocol.md).
 */
function makeOptimizer(input: unknown) {
  const { command, ...hyper } = record('optimizer', input);
  if (command === undefined) return makeReference(input);
  if (typeof command !== 'string' || command.trim() === '') throw new InputError('optimizer.command', command, 'expected a shell command that starts the optimizer');
  if ('name' in hyper) throw new InputError('optimizer.name', hyper.name, 'give either a name (a reference optimizer) or a command, not both');
  return commandOptimizer(command, hyper as Record<string, number | boolean>);
}
