import { makeProblem, type Objective } from '../src/problems/index.ts';
import { makeOptimizer, type OptimizerFactory } from '../src/optimizers/index.ts';
import { rng, uniformArray } from '../src/random/rng.ts';

/** The problems the benchmarks run, at the paper's sizes. */
export const BENCH_PROBLEMS: Record<string, () => Objective> = {
  'l1 (P=500)': () => makeProblem({ kind: 'l1', lambda: 1, dim: 500 }),
  'relu-regression 20×500': () => makeProblem({ kind: 'relu-regression', seed: 1, lambda1: 0, lambda2: 0.01 }),
  'lasso 20×500': () => makeProblem({ kind: 'lasso', seed: 1, lambda: 0.01 }),
  'huber 50×200': () => makeProblem({ kind: 'huber', seed: 1, delta: 1 }),
  'least-squares 50×200': () => makeProblem({ kind: 'least-squares', seed: 1 }),
};

export const BENCH_OPTIMIZERS: Record<string, () => OptimizerFactory> = {
  sgd: () => makeOptimizer({ name: 'sgd', lr: 1e-3 }),
  'sgd momentum': () => makeOptimizer({ name: 'sgd', lr: 1e-3, momentum: 0.9 }),
  rmsprop: () => makeOptimizer({ name: 'rmsprop', lr: 1e-3 }),
  adam: () => makeOptimizer({ name: 'adam', lr: 1e-3 }),
  adamw: () => makeOptimizer({ name: 'adamw', lr: 1e-3 }),
  adagrad: () => makeOptimizer({ name: 'adagrad', lr: 1e-3 }),
};

/** One optimizer step as the trace runner takes it: update, then loss and gradient at the new point. */
export function stepper(problem: Objective, factory: OptimizerFactory): () => void {
  const opt = factory(problem.dim);
  const beta = uniformArray(rng(2), problem.dim, -1, 1);
  const grad = problem.gradient(beta);
  let sink = 0;
  return () => {
    opt.step(beta, grad);
    sink += problem.lossAndGradient(beta, grad);
    if (sink === -1) throw new Error('unreachable');
  };
}
