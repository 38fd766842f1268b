import { makeProblem } from '../problems/index.ts';
import { makeOptimizer as makeReference, OPTIMIZERS } from '../optimizers/index.ts';
import { commandOptimizer } from '../protocol/command.ts';
import { runTrace } from '../trace/run.ts';
import type { Trace } from '../trace/trace.ts';
import { InputError, knownKeys, nonNegativeInteger, record, vector } from '../validate/input-error.ts';
import { rng, uniformArray } from '../random/rng.ts';
import { MAX_PARAMETERS, matrixSize, parameterCount } from '../validate/limits.ts';

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
  problemSizes(spec.problem);
  const problem = makeProblem(spec.problem, given?.length);
  parameterCount('problem', problem.dim);
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

/**
 * The sizes a problem spec asks for, refused above optspec's caps before
 * anything is allocated (an l1 dim of 1e9, or generated data of 1e6 × 1e6).
 * Sizes that are not positive integers are left to makeProblem's own checks.
 */
function problemSizes(input: unknown): void {
  if (typeof input !== 'object' || input === null) return;
  const { dim, n, p } = input as Record<string, unknown>;
  parameterCount('problem.dim', dim);
  parameterCount('problem.p', p);
  if (typeof n === 'number' && Number.isFinite(n)) {
    // A missing p takes the kind's default, at most 500 (src/problems): bound the matrix with that.
    matrixSize('problem.n × problem.p', n, typeof p === 'number' && p <= MAX_PARAMETERS ? p : 500);
  } else if (typeof p === 'number' && Number.isFinite(p)) {
    matrixSize('problem.n × problem.p', 50, p);
  }
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
  if (command === undefined) {
    // An own-property look-up: `__proto__`, `constructor` or `toString` is no optimizer's name.
    if (typeof hyper.name === 'string' && !Object.hasOwn(OPTIMIZERS, hyper.name)) throw new InputError('optimizer.name', hyper.name, `expected one of ${Object.keys(OPTIMIZERS).join(', ')}`);
    return makeReference(input);
  }
  if (typeof command !== 'string' || command.trim() === '') throw new InputError('optimizer.command', command, 'expected a shell command that starts the optimizer');
  if ('name' in hyper) throw new InputError('optimizer.name', hyper.name, 'give either a name (a reference optimizer) or a command, not both');
  return commandOptimizer(command, hyper as Record<string, number | boolean>);
}
