/**
 * The seven optimizer families `optspec check` knows, the hyperparameters it
 * hands a user's maker (in optspec's names), the grid it varies them over, and
 * the reference update rule of each dialect the family has.
 */
import fc from 'fast-check';
import type { OptimizerFactory } from '../optimizers/optimizer.ts';
import { sgd } from '../optimizers/sgd.ts';
import { heavyBall } from '../optimizers/heavy-ball.ts';
import { tfjsMomentum } from '../optimizers/tfjs-momentum.ts';
import { rmsprop } from '../optimizers/rmsprop.ts';
import { tfjsRmsprop } from '../optimizers/tfjs-rmsprop.ts';
import { rmspropPaper } from '../optimizers/rmsprop-paper.ts';
import { adam } from '../optimizers/adam.ts';
import { tfjsAdam } from '../optimizers/tfjs-adam.ts';
import { adamw } from '../optimizers/adamw.ts';
import { adagrad } from '../optimizers/adagrad.ts';
import { tfjsAdagrad } from '../optimizers/tfjs-adagrad.ts';

export const CHECK_FAMILIES = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adam', 'adamw', 'adagrad'] as const;
export type CheckFamily = (typeof CHECK_FAMILIES)[number];
export type Dialect = 'pytorch' | 'tfjs' | 'paper';
export type Precision = 'float64' | 'float32';

/** What the gate hands a maker: always lr, and the family's hyperparameters. */
export interface CheckHyper {
  readonly lr: number;
  readonly momentum?: number;
  readonly alpha?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
  readonly weightDecay?: number;
}

/** A user's optimizer: hyperparameters in, an OptimizerFactory out. Makers of `{ lr, momentum }` fit this type. */
export type Maker = (hyper: CheckHyper) => OptimizerFactory;

type Values = Readonly<Record<keyof CheckHyper, readonly number[]>>;

/**
 * Each list starts with the value the contracts and claims use; fast-check
 * shrinks a failing configuration towards the start of every list. The values
 * avoid the common defaults elsewhere, so a maker that hard-codes one is caught.
 */
const PLAIN: Partial<Values> = { lr: [0.01, 0.1, 0.003, 0.05] };
const MOMENTUM: Partial<Values> = { ...PLAIN, momentum: [0.9, 0.5, 0.25, 0.75, 0.99] };
const ADAPTIVE_LR = [0.01, 0.001, 0.05];
const EPS = [1e-8, 1e-3, 1e-6];
const ADAM: Partial<Values> = { lr: ADAPTIVE_LR, beta1: [0.9, 0.5, 0.8], beta2: [0.999, 0.9, 0.99], eps: EPS };

interface FamilySpec {
  readonly grid: Partial<Values>;
  /** Grid overrides for a dialect whose rule fixes a hyperparameter (TF.js's Adagrad ε). */
  readonly dialectGrid?: Partial<Record<Dialect, Partial<Values>>>;
  readonly dialects: Partial<Record<Dialect, (h: CheckHyper) => OptimizerFactory>>;
  /** Has a velocity or first moment, so a zero gradient may still move it. */
  readonly momentum: boolean;
}

const n = (v: number | undefined): number => v as number;

export const FAMILIES: Readonly<Record<CheckFamily, FamilySpec>> = {
  sgd: {
    grid: PLAIN,
    momentum: false,
    // The paper's vanilla NDGM (001 eq. 2) is PyTorch's SGD without momentum.
    dialects: { pytorch: (h) => sgd({ lr: h.lr }), paper: (h) => sgd({ lr: h.lr }) },
  },
  momentum: {
    grid: MOMENTUM,
    momentum: true,
    dialects: {
      pytorch: (h) => sgd({ lr: h.lr, momentum: n(h.momentum) }),
      tfjs: (h) => tfjsMomentum({ lr: h.lr, momentum: n(h.momentum) }),
      paper: (h) => heavyBall({ lr: h.lr, eta: n(h.momentum) }),
    },
  },
  nesterov: {
    grid: MOMENTUM,
    momentum: true,
    dialects: {
      pytorch: (h) => sgd({ lr: h.lr, momentum: n(h.momentum), nesterov: true }),
      tfjs: (h) => tfjsMomentum({ lr: h.lr, momentum: n(h.momentum), useNesterov: true }),
    },
  },
  rmsprop: {
    grid: { lr: ADAPTIVE_LR, alpha: [0.99, 0.9, 0.5], eps: EPS },
    momentum: false,
    dialects: {
      pytorch: (h) => rmsprop({ lr: h.lr, alpha: h.alpha, eps: h.eps }),
      tfjs: (h) => tfjsRmsprop({ lr: h.lr, decay: h.alpha, epsilon: h.eps }),
      paper: (h) => rmspropPaper({ lr: h.lr, gamma: h.alpha, eps: h.eps }),
    },
  },
  adam: {
    grid: ADAM,
    momentum: true,
    dialects: {
      pytorch: (h) => adam({ lr: h.lr, beta1: h.beta1, beta2: h.beta2, eps: h.eps }),
      tfjs: (h) => tfjsAdam({ lr: h.lr, beta1: h.beta1, beta2: h.beta2, epsilon: h.eps }),
    },
  },
  adamw: {
    grid: { ...ADAM, weightDecay: [0.01, 0.1, 0.5] },
    momentum: true,
    dialects: { pytorch: (h) => adamw({ lr: h.lr, beta1: h.beta1, beta2: h.beta2, eps: h.eps, weightDecay: h.weightDecay }) },
  },
  adagrad: {
    grid: { lr: [0.1, 0.01, 0.5], eps: [1e-10, 1e-3, 1e-6] },
    // TF.js's Adagrad has ε fixed at the float32 backend's 1e-7 (inside the root).
    dialectGrid: { tfjs: { eps: [1e-7] } },
    momentum: false,
    dialects: { pytorch: (h) => adagrad({ lr: h.lr, eps: h.eps }), tfjs: (h) => tfjsAdagrad({ lr: h.lr }) },
  },
};

export function dialectsOf(family: CheckFamily): Dialect[] {
  return Object.keys(FAMILIES[family].dialects) as Dialect[];
}

function gridOf(family: CheckFamily, dialect: Dialect): Partial<Values> {
  return { ...FAMILIES[family].grid, ...FAMILIES[family].dialectGrid?.[dialect] };
}

/** The first value of every list: the configuration contracts and claims use unless they say otherwise. */
export function baseHyper(family: CheckFamily, dialect: Dialect, overrides: Partial<CheckHyper> = {}): CheckHyper {
  const out: Record<string, number> = {};
  for (const [k, values] of Object.entries(gridOf(family, dialect))) out[k] = values[0];
  return { ...out, ...overrides } as unknown as CheckHyper;
}

/** The grid as a fast-check arbitrary; each field shrinks towards its first value. */
export function hyperArbitrary(family: CheckFamily, dialect: Dialect): fc.Arbitrary<CheckHyper> {
  const fields: Record<string, fc.Arbitrary<number>> = {};
  for (const [k, values] of Object.entries(gridOf(family, dialect))) fields[k] = fc.constantFrom(...values);
  return fc.record(fields) as unknown as fc.Arbitrary<CheckHyper>;
}

export function reference(family: CheckFamily, dialect: Dialect, hyper: CheckHyper): OptimizerFactory {
  const make = FAMILIES[family].dialects[dialect];
  if (!make) throw new RangeError(`${family} has no ${dialect} dialect`);
  return make(hyper);
}

export function showHyper(h: CheckHyper): string {
  return `{ ${Object.entries(h).map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
}
