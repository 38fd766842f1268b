/**
 * What the gate knows about one optimizer family, in one place: the
 * hyperparameters it varies and their grid, the options it sweeps (with
 * PyTorch's defaults), the reference of each dialect, and the relations and
 * claims that apply. A family is one module of this shape; the registry
 * (../families.ts) derives the family list, the CLI usage, the README's
 * family table and the pinned tests from these modules.
 */
import type { OptimizerFactory } from '../../optimizers/optimizer.ts';
import type { Expectation } from '../expectation.ts';
import type { SuiteProblem } from '../suite.ts';

/** The arithmetic an implementation declares: bfloat16 is Muon's Newton–Schulz, its parameters kept in float64. */
export type Precision = 'float64' | 'float32' | 'bfloat16';

/** The value of a hyperparameter or option, in optspec's names. */
export type HyperValue = number | boolean;

/**
 * What the gate hands a maker: always lr, the family's hyperparameters, and
 * every option the dialect has (sent explicitly, defaults included).
 */
export interface CheckHyper {
  readonly lr: number;
  readonly momentum?: number;
  readonly dampening?: number;
  readonly nesterov?: boolean;
  readonly alpha?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
  readonly weightDecay?: number;
  readonly amsgrad?: boolean;
  readonly maximize?: boolean;
  readonly centered?: boolean;
  readonly lrDecay?: number;
  readonly initialAccumulatorValue?: number;
  /** A user's own hyperparameters (`--hyper name=v1,v2`). */
  readonly [name: string]: HyperValue | undefined;
}

/** A user's optimizer: hyperparameters in, an OptimizerFactory out. Makers of `{ lr, momentum }` fit this type. */
export type Maker = (hyper: CheckHyper) => OptimizerFactory;

/**
 * An option the family's update rule has (PyTorch's keyword arguments): it is
 * off at `neutral`, PyTorch's default, and the sweep tries it at `swept`.
 * An optimizer that lacks it (`--without`) is held at `neutral` and not sent it.
 */
export interface OptionSpec {
  readonly neutral: HyperValue;
  readonly swept: HyperValue;
  /** What it does, for the README's table and the usage text. */
  readonly what: string;
}

export interface DialectSpec {
  /** Whose rule this is, as a failure message names it: "TensorFlow's ε̂ Adam". */
  readonly rule: string;
  readonly reference: (hyper: CheckHyper) => OptimizerFactory;
  /** Keywords always sent with one value in this dialect, never varied (PyTorch SGD's `nesterov: false`). */
  readonly fixed?: Readonly<Record<string, HyperValue>>;
  /** Grid overrides where the dialect's rule fixes a hyperparameter (TF.js's Adagrad ε). */
  readonly grid?: Readonly<Record<string, readonly number[]>>;
  /** The options this dialect's rule has; the others are neither sent nor swept. Default: all of the family's. */
  readonly options?: readonly string[];
  /** Relations and claims of the family that do not hold for this dialect's rule: id → why. */
  readonly exempt?: Readonly<Record<string, string>>;
  /**
   * What the published reference itself writes into the gradient it is
   * handed, where it does: contract-gradient-untouched accepts a gradient
   * left as given or changed exactly so (to a few ulps), and nothing else.
   */
  readonly gradientWrite?: GradientWrite;
}

export interface GradientWrite {
  /** Whose write, and where, for the pass and failure messages. */
  readonly what: string;
  /** The gradient coordinate the reference leaves, from the one it was given and the parameter before the step. */
  readonly expected: (hyper: CheckHyper, given: number, param: number) => number;
}

export interface FamilyModule {
  readonly id: string;
  /** One line for the usage text and the README: what the family is. */
  readonly title: string;
  /** The PyTorch class the adapter checks as this family, with any fixed keyword. */
  readonly torch: string;
  /**
   * Hyperparameters varied over a grid; each list starts with the value the
   * contracts and claims use, and fast-check shrinks towards the start. The
   * values avoid the common defaults, so a maker that hard-codes one is caught.
   */
  readonly grid: Readonly<Record<string, readonly number[]>>;
  /** Options, each swept alone at a non-default value. */
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Options swept together, where shipped bugs lived. */
  readonly pairs?: readonly (readonly [string, string])[];
  /** The reference of each dialect; the first is the default (PyTorch). */
  readonly dialects: Readonly<Record<string, DialectSpec>>;
  /** Has a velocity or first moment, so a zero gradient may still move it. */
  readonly momentum: boolean;
  /**
   * false for a family that acts on matrices (Muon): the gate's flat-vector
   * parity, contracts and option expectations cannot run it, and its own
   * expectations (on layouts) cover it. Default true.
   */
  readonly flat?: boolean;
  /**
   * false for a family whose reference keeps state per group, not per tensor
   * (Schedule-Free's step count k is its group's): the shaped contracts of
   * ../shaped.ts (a missing gradient leaves the tensor's state untouched, per
   * tensor is flat, …) do not hold for it. Default true.
   */
  readonly perTensor?: boolean;
  /** The precision it is judged at unless --precision says otherwise (Muon: bfloat16, as every published Muon computes). Default float64. */
  readonly precision?: Precision;
  /**
   * For a family that is not flat: problems that name their tensors (each
   * problem's `layout`), on which the contracts that need no reference run
   * (independent instances, determinism, lr = 0, save/load). At least 4.
   */
  readonly suite?: (dialect: string) => readonly SuiteProblem[];
  /** The family's own relations and claims, after the gate's contracts. Called lazily: modules and expectations import each other. */
  readonly expectations: () => readonly Expectation[];
}

export const defineFamily = (module: FamilyModule): FamilyModule => module;

/** The fields of a hyperparameter object a reference takes, dropping the rest (a user's own `--hyper`s). */
export function pick<K extends keyof CheckHyper & string>(hyper: CheckHyper, keys: readonly K[]): Partial<Pick<CheckHyper, K>> {
  const out: Record<string, HyperValue> = {};
  for (const k of keys) if (Object.hasOwn(hyper, k) && hyper[k] !== undefined) out[k] = hyper[k] as HyperValue;
  return out as Partial<Pick<CheckHyper, K>>;
}

/** The options several families share, with torch 1.13's defaults as their neutral values. */
export const OPTION = {
  weightDecay: { neutral: 0, swept: 0.1, what: 'L2 penalty weightDecay·β added to the gradient' },
  maximize: { neutral: false, swept: true, what: 'ascend: step on −g' },
  amsgrad: { neutral: false, swept: true, what: 'AMSGrad: the running maximum of the second moment' },
  centered: { neutral: false, swept: true, what: 'divide by the variance estimate v − m², not v' },
  dampening: { neutral: 0, swept: 0.5, what: 'the momentum buffer adds (1 − dampening)·g after the first step' },
  momentum: { neutral: 0, swept: 0.5, what: 'a momentum buffer over the scaled gradient' },
  lrDecay: { neutral: 0, swept: 0.1, what: 'lr / (1 + (t − 1)·lrDecay)' },
  initialAccumulatorValue: { neutral: 0, swept: 0.5, what: 'the sum of squares starts here, not at 0' },
} as const satisfies Readonly<Record<string, OptionSpec>>;

/** Learning rates and ε grids the adaptive families share. */
export const ADAPTIVE_LR = [0.01, 0.001, 0.05];
export const EPS = [1e-8, 1e-3, 1e-6];
export const PLAIN_LR = [0.01, 0.1, 0.003, 0.05];
export const MOMENTUM = [0.9, 0.5, 0.25, 0.75, 0.99];
export const ADAM_GRID = { lr: ADAPTIVE_LR, beta1: [0.9, 0.5, 0.8], beta2: [0.999, 0.9, 0.99], eps: EPS };
