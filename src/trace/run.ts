import type { Objective } from '../problems/objective.ts';
import type { OptimizerFactory } from '../optimizers/optimizer.ts';
import { isProximal } from '../optimizers/ista.ts';
import { Trace } from './trace.ts';
import { layoutFor, type Layout } from '../optimizers/layout.ts';
import { isFlatLayout } from './tensor.ts';
import { InputError, vector, nonNegativeInteger } from '../validate/input-error.ts';

export interface RunOptions {
  problem: Objective;
  optimizer: OptimizerFactory;
  init: ArrayLike<number>;
  steps: number;
  /** Which coordinates to keep per step: 'all' (default), a list of indices, or 'none' (summaries only). */
  coordinates?: 'all' | 'none' | readonly number[];
  /** Optimizer state vectors to record per step (names from the optimizer's `state()`). */
  state?: readonly string[];
  /** Upper bound on the bytes the trace may hold; checked before the run starts. Default 512 MiB. */
  maxBytes?: number;
  /** The seed the data or init came from, kept in the trace for replay. */
  seed?: number;
  /** Called every `progressEvery` steps (default steps/20) with the step reached. */
  onProgress?: (step: number, steps: number) => void;
  progressEvery?: number;
  /** The tensors the parameters hold; default the problem's own `layout`, if it has one. Recorded in the trace's meta. */
  layout?: Layout;
}

const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

/**
 * Run an optimizer on a problem from `init` for `steps` updates, recording
 * every row. Row k holds β_k, L(β_k) and ‖∇L(β_k)‖; row 0 is the start.
 */
export function runTrace(options: RunOptions): Trace {
  const { problem } = options;
  const P = problem.dim;
  const steps = nonNegativeInteger('steps', options.steps);
  const beta = vector('init', Array.from(options.init), P);
  const coordinates = resolveCoordinates(options.coordinates ?? 'all', P);
  const stateNames = options.state ?? [];
  const width = coordinates ? coordinates.length : P;
  const bytes = Trace.bytes(steps, width, stateNames.length);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes > maxBytes) {
    throw new InputError('steps', steps, `a trace of ${steps} steps × ${width} recorded coordinates needs ${bytes} bytes, over the bound of ${maxBytes}; record fewer coordinates or raise maxBytes`);
  }

  const given = options.optimizer;
  let factory = given;
  // A proximal method is fed the gradient of the smooth part instead of the whole gradient.
  let smoothGradient: ((b: Float64Array, out: Float64Array) => Float64Array) | null = null;
  if (isProximal(given)) {
    const composite = problem.composite;
    if (!composite) throw new InputError('optimizer.name', 'ista', `proximal gradient needs a problem with an L1 term; ${problem.kind} has none`);
    factory = given.withL1(composite.l1);
    smoothGradient = (b, out) => composite.smoothGradient(b, out);
  }
  // A problem that names its tensors hands its layout to the optimizer (Muon's matrices, parameter groups).
  const tensors = options.layout ?? problem.layout;
  const layout = layoutFor(P, tensors);
  const optimizer = factory(P, tensors);
  // The flat layout is what no layout means: it is left out of the trace, so such a trace reads and serializes as before.
  const named = isFlatLayout(layout) ? {} : { layout };
  const trace = new Trace(
    { problem: problem.kind, optimizer: factory.optimizerName, hyper: factory.hyper, dim: P, steps, precision: 'float64', seed: options.seed, ...named },
    { coordinates, state: stateNames },
  );
  const grad = new Float64Array(P);
  const step = new Float64Array(P);
  const every = options.progressEvery ?? Math.max(1, Math.floor(steps / 20));

  // The optimizer's state is only asked for when the trace records some of it.
  const state = stateNames.length > 0 ? () => optimizer.state?.() : () => undefined;
  trace.record(beta, problem.lossAndGradient(beta, grad), grad, state());
  for (let k = 1; k <= steps; k++) {
    optimizer.step(beta, smoothGradient ? smoothGradient(beta, step) : grad, problem.missing?.(k));
    trace.record(beta, problem.lossAndGradient(beta, grad), grad, state());
    if (options.onProgress && (k % every === 0 || k === steps)) options.onProgress(k, steps);
  }
  return trace;
}

function resolveCoordinates(spec: 'all' | 'none' | readonly number[], P: number): Int32Array | null {
  if (spec === 'all') return null;
  if (spec === 'none') return new Int32Array(0);
  return Int32Array.from(spec, (j, i) => {
    if (!Number.isInteger(j) || j < 0 || j >= P) throw new InputError(`coordinates[${i}]`, j, `expected an index in 0..${P - 1}`);
    return j;
  });
}
