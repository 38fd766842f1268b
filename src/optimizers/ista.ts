import { defineOptimizer, type OptimizerFactory } from './optimizer.ts';
import { HyperReader } from './hyper.ts';

export interface IstaOptions {
  lr: number;
}

/**
 * Proximal gradient (ISTA) for f(β) + λ‖β‖₁: the method that does reach exact
 * zeros, used as the control for the L1 claims.
 *
 *   β ← S_{αλ}(β − α·∇f(β)),   S_t(x) = sign(x)·max(|x| − t, 0)
 *
 * It is given the gradient of the smooth part f only, and reads λ from the
 * problem, so the trace runner hands it `problem.composite` (see
 * `Objective.composite`); it refuses a problem without an L1 term.
 */
/** ISTA before it knows λ: the trace runner calls withL1 with the problem's L1 weight. */
export interface ProximalFactory extends OptimizerFactory {
  readonly proximal: true;
  withL1(lambda: number): OptimizerFactory;
}

export function ista(options: IstaOptions): ProximalFactory {
  const h = new HyperReader(options as unknown as Record<string, unknown>);
  h.only(['lr']);
  const lr = h.lr();
  return Object.assign(
    defineOptimizer('ista', { lr }, () => {
      throw new Error('ista needs the L1 weight of the problem: run it through runTrace, or call ista.withL1(lambda)');
    }),
    {
      proximal: true as const,
      /** The optimizer for a known L1 weight λ; its step takes the smooth part's gradient. */
      withL1: (lambda: number) =>
        defineOptimizer('ista', { lr, lambda }, () => ({
          step(params, smoothGrad) {
            const t = lr * lambda;
            for (let i = 0; i < params.length; i++) {
              const x = params[i] - lr * smoothGrad[i];
              params[i] = x > t ? x - t : x < -t ? x + t : 0;
            }
          },
          // Stateless: nothing to carry across a save.
          save: () => ({}),
          load: () => {},
        })),
    },
  );
}

export function isProximal(f: unknown): f is ProximalFactory {
  return typeof f === 'function' && (f as { proximal?: boolean }).proximal === true;
}
