import type { OptimizerState } from './state.ts';
import type { Layout } from './layout.ts';

export type { OptimizerState } from './state.ts';

/**
 * The optimizer interface every reference optimizer implements, and the one a
 * user's own optimizer implements to be checked by optspec.
 *
 * An optimizer is made for a parameter count P and then updates a
 * Float64Array of P parameters in place, given the gradient at those
 * parameters. It never sees the loss, so the same object runs on any problem.
 *
 * @example
 * ```ts
 * import { defineOptimizer } from 'optspec';
 *
 * // Plain gradient descent: β ← β − lr·g
 * export const myGd = (lr: number) =>
 *   defineOptimizer('my-gd', { lr }, () => ({
 *     step(params, grad) {
 *       for (let i = 0; i < params.length; i++) params[i] -= lr * grad[i];
 *     },
 *   }));
 * ```
 */
export interface Optimizer {
  /**
   * One update in place: params ← update(params, grad). `missing` holds the
   * indices (into the layout's tensors) of tensors without a gradient this
   * step, as PyTorch's `grad is None`: their parameters, state and step count
   * stay untouched, which is not the same as a zero gradient.
   */
  step(params: Float64Array, grad: Float64Array, missing?: ReadonlySet<number>): void;
  /** Live views of the optimizer's state a claim may need (buffers, moments, step count). */
  state?(): Readonly<Record<string, Float64Array | number>>;
  /** Optional: a copy of the state, so that a fresh optimizer which loads it resumes in lockstep. */
  save?(): OptimizerState;
  /** Optional: continue from a state `save` returned (by an optimizer of the same kind and size). */
  load?(state: OptimizerState): void;
  /**
   * Optional (Schedule-Free and other averaging methods): put the parameters in
   * training mode in place, the point the gradient is taken at (y).
   */
  train?(params: Float64Array): void;
  /** Optional: put the parameters in evaluation mode in place, the point a model is judged at (x). */
  eval?(params: Float64Array): void;
  /**
   * Optional: what a learning-rate scheduler does between steps, every
   * group's lr multiplied by `factor` from the next step on (PyTorch:
   * `group["lr"] *= factor` for each param group). Schedule-Free's averaging
   * weights remember the largest lr seen, so a cut shows there.
   */
  scaleLr?(factor: number): void;
}

export type Hyper = Readonly<Record<string, number | boolean>>;

/**
 * Makes a fresh optimizer for P parameters; carries the name and hyperparameters for traces.
 * A layout, when given, names the tensors the P parameters hold (see layout.ts);
 * without one the parameters are one flat vector.
 */
export interface OptimizerFactory {
  (dim: number, layout?: Layout): Optimizer;
  readonly optimizerName: string;
  readonly hyper: Hyper;
  /**
   * Takes a layout: runs per tensor, honours each group's overrides and a
   * step's missing gradients. Set by defineOptimizer when `make` takes a
   * layout argument; the gate's shaped contracts check only such optimizers.
   */
  readonly layouts?: boolean;
}

export function defineOptimizer(name: string, hyper: Hyper, make: (dim: number, layout?: Layout) => Optimizer): OptimizerFactory {
  return Object.assign((dim: number, layout?: Layout) => make(dim, layout), { optimizerName: name, hyper, layouts: make.length >= 2 });
}
