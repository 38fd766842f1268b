/** optspec: executable specs for optimizer behaviour. */
export * from './problems/index.ts';
export * from './optimizers/index.ts';
export * from './trace/index.ts';
export { rng, uniformArray, type Rng } from './random/rng.ts';
export { InputError } from './validate/input-error.ts';
export * from './analysis/index.ts';
export * from './report/index.ts';
export * from './protocol/index.ts';
export type { Maker, CheckHyper } from './check/family/module.ts';
export { torchCommand, findTorchPython, adapterPath } from './cli/torch-python.ts';
