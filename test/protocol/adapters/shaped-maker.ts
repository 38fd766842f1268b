// An in-process maker for `optspec check --optimizer`, as a user writes one:
// optspec's own Adam, which honours a layout's groups and a step's missing tensors.
import { adam } from '../../../src/optimizers/adam.ts';

export const adamMaker = (h: { lr: number }) => adam({ lr: h.lr, beta1: 0.8, beta2: 0.99 });
