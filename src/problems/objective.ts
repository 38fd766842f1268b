import type { Layout } from '../optimizers/layout.ts';

/**
 * An objective is a float64 loss with its gradient, the thing an optimizer
 * runs on. At a kink the gradient is the one PyTorch and TensorFlow.js return
 * (d|x|/dx = 0 and relu'(x) = 0 at x = 0), since that is the gradient an
 * optimizer in the wild actually sees.
 */
export interface ObjectiveFacts {
  /** A minimiser, where it is known in closed form. */
  readonly minimiser?: Float64Array;
  /** The minimum value, where it is known. */
  readonly minimum?: number;
  /** A bound G with ‖g‖₂ ≤ G for every (sub)gradient g: the Lipschitz constant of the loss. */
  readonly gradientBound?: number;
  /** Is the loss differentiable everywhere, and is its gradient Lipschitz? */
  readonly differentiable: boolean;
  readonly smooth: boolean;
  readonly convex: boolean;
}

export interface Objective {
  readonly kind: string;
  /** The number of parameters P. */
  readonly dim: number;
  readonly facts: ObjectiveFacts;
  loss(beta: Float64Array): number;
  /** Writes the gradient into `out` (allocated when absent) and returns it. */
  gradient(beta: Float64Array, out?: Float64Array): Float64Array;
  /** The loss, with the gradient written into `out`: one pass over the data for both. */
  lossAndGradient(beta: Float64Array, out: Float64Array): number;
  /** Dense P×P Hessian, row-major, where the loss is twice differentiable at beta. */
  hessian?(beta: Float64Array): Float64Array;
  /**
   * For losses f(β) + λ‖β‖₁: λ and the gradient of the smooth part f, which
   * proximal methods (ISTA) take in place of the whole gradient.
   */
  readonly composite?: { readonly l1: number; smoothGradient(beta: Float64Array, out: Float64Array): Float64Array };
  /** Hessian-vector product H(beta)·v, written into `out`. */
  hvp?(beta: Float64Array, v: Float64Array, out?: Float64Array): Float64Array;
  /** The tensors the parameters hold (a model's weights and biases, in groups); absent: one flat vector. */
  readonly layout?: Layout;
  /** The tensors without a gradient at step k (1, 2, …), as PyTorch's `grad is None` for a frozen layer; absent: none. */
  missing?(step: number): ReadonlySet<number> | undefined;
}

/** sign with sign(0) = 0, the subgradient autograd picks for |x| at 0. */
export function sign0(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}
