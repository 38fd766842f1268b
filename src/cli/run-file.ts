import { makeProblem } from '../problems/index.ts';
import { makeOptimizer as makeReference } from '../optimizers/index.ts';
import { commandOptimizer } from '../protocol/command.ts';
import { runTrace } from '../trace/run.ts';
import type { Trace } from '../trace/trace.ts';
import { InputError, knownKeys, nonNegativeInteger, record, vector } from '../validate/input-error.ts';
import { rng, uniformArray } from '../random/rng.ts';

/**
 * run.json: `{ problem, optimizer, init, steps, coordinates? }` (see README,
 * "optspec trace"). Every field is checked before anything runs; the first
 * bad one is reported by name and value. `init` is an array of numbers,
 * `"zeros"`, or `{ "seed": n }` for U[−1, 1) draws from that seed; the last
 * two take the dimension from the problem. `coordinates` lowers the recorded
 * detail: `"all"` (default), `"none"` (loss and norms only) or a list of indices.
 */
export function traceFromRunSpec(input: unknown, onProgress?: (step: number, steps: number) => void): Trace {
  const spec = record('run', input);
  knownKeys('run', spec, ['problem', 'optimizer', 'init', 'steps', 'coordinates']);
  if (spec.init === undefined) throw new InputError('init', undefined, 'expected an array of numbers, "zeros" or { "seed": n }');
  const given = Array.isArray(spec.init) ? vector('init', spec.init) : null;
  if (given && given.length === 0) throw new InputError('init', spec.init, 'expected at least one number');
  if (spec.steps === undefined) throw new InputError('steps', undefined, 'expected an integer >= 0');
  const steps = nonNegativeInteger('steps', spec.steps);
  if (spec.problem === undefined) throw new InputError('problem', undefined, 'expected an object with a kind');
  const problem = makeProblem(spec.problem, given?.length);
  const init = given ?? initShorthand(spec.init, problem.dim);
  if (init.length !== problem.dim) {
    throw new InputError('init', `${init.length} numbers`, `expected ${problem.dim} numbers, the dimension of the ${problem.kind} problem`);
  }
  if (spec.optimizer === undefined) throw new InputError('optimizer', undefined, 'expected an object with a name and lr');
  const optimizer = makeOptimizer(spec.optimizer);
  const coordinates = recordedCoordinates(spec.coordinates);
  const seed = (spec.problem as { seed?: number }).seed;
  return runTrace({ problem, optimizer, init, steps, seed, coordinates, onProgress });
}

function initShorthand(value: unknown, dim: number): Float64Array {
  if (value === 'zeros') return new Float64Array(dim);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const init = record('init', value);
    knownKeys('init', init, ['seed']);
    if (!Number.isSafeInteger(init.seed)) throw new InputError('init.seed', init.seed, 'expected an integer');
    return uniformArray(rng(init.seed as number), dim, -1, 1);
  }
  throw new InputError('init', value, 'expected an array of numbers, "zeros" or { "seed": n }');
}

function recordedCoordinates(value: unknown): 'all' | 'none' | number[] | undefined {
  if (value === undefined || value === 'all' || value === 'none') return value;
  if (Array.isArray(value) && value.length > 0) return value as number[]; // each index is checked by runTrace
  throw new InputError('coordinates', value, 'expected "all", "none" or a non-empty list of parameter indices');
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
