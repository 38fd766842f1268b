/**
 * Reproductions of bugs that shipped in public libraries, each written as
 * optspec's own small optimizer with the faulty rule, and naming the issue or
 * pull request it reproduces. They live where the gate used to be blind: in
 * options, long horizons, checkpoints and gradient mutation.
 */
import { mutant, correct, hp, type CatalogueEntry } from './entry.ts';
import type { CheckHyper } from '../src/check/families.ts';
import type { Optimizer } from '../src/optimizers/optimizer.ts';
import { saveState, loadVector, loadNumber } from '../src/optimizers/state.ts';

/** x rounded to `bits` significant bits, ties to even: bfloat16 keeps 8, float16 11. */
export function roundToBits(x: number, bits: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const ulp = 2 ** (Math.floor(Math.log2(Math.abs(x))) - (bits - 1));
  const q = x / ulp;
  const r = Math.round(q);
  // Math.round rounds halves up; a tie goes to the even neighbour instead.
  return (Math.abs(q - Math.trunc(q)) === 0.5 && r % 2 !== 0 ? r - 1 : r) * ulp;
}
const BF16 = 8;
const FP16 = 11;

interface AdamFaults {
  /** The step counter kept in a low-precision float: it stops counting at 2^bits. */
  counterBits?: number;
  /** save() casts the moments to bfloat16. */
  saveBf16?: boolean;
  /** load() restores the moments but not the step count. */
  loseStepOnLoad?: boolean;
  /** AMSGrad's maximum over the bias-corrected v̂. */
  amsgradOverVhat?: boolean;
  /** TensorFlow's ε̂ while claiming PyTorch's rule. */
  epsHat?: boolean;
  /** Weight decay added into the caller's gradient in place. */
  decayIntoGrad?: boolean;
}

/** PyTorch's Adam with every option, and switches for the faults above. */
function faultyAdam(h: CheckHyper, dim: number, o: AdamFaults = {}): Optimizer {
  const b1 = hp(h, 'beta1'), b2 = hp(h, 'beta2'), eps = hp(h, 'eps');
  const wd = (h.weightDecay as number | undefined) ?? 0;
  const m = new Float64Array(dim), v = new Float64Array(dim), vmax = new Float64Array(dim);
  let t = 0;
  return {
    step(p, g) {
      t = o.counterBits ? roundToBits(t + 1, o.counterBits) : t + 1;
      const bc1 = 1 - b1 ** t, bc2 = 1 - b2 ** t;
      for (let i = 0; i < dim; i++) {
        let gi = h.maximize ? -g[i] : g[i];
        if (wd !== 0) {
          if (o.decayIntoGrad) {
            g[i] += wd * p[i];
            gi = h.maximize ? -g[i] : g[i];
          } else gi += wd * p[i];
        }
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        let second = o.amsgradOverVhat ? v[i] / bc2 : v[i];
        if (h.amsgrad) second = vmax[i] = Math.max(vmax[i], second);
        if (o.epsHat) p[i] -= ((hp(h, 'lr') * Math.sqrt(bc2)) / bc1) * (m[i] / (Math.sqrt(second) + eps));
        else p[i] -= ((hp(h, 'lr') / bc1) * m[i]) / ((o.amsgradOverVhat ? Math.sqrt(second) : Math.sqrt(second) / Math.sqrt(bc2)) + eps);
      }
    },
    save: () => {
      const cast = (x: Float64Array) => (o.saveBf16 ? x.map((y) => roundToBits(y, BF16)) : x);
      return saveState({ m: cast(m), v: cast(v), vmax: cast(vmax), t });
    },
    load(s) {
      loadVector(s, 'm', m);
      loadVector(s, 'v', v);
      loadVector(s, 'vmax', vmax);
      t = o.loseStepOnLoad ? 0 : loadNumber(s, 't');
    },
  };
}

interface SgdFaults {
  /** MLX's first buffer (1 − dampening)·g, not g. */
  dampenFirst?: boolean;
  /** Weight decay added into the caller's gradient in place. */
  decayIntoGrad?: boolean;
  /** maximize negates after the weight decay: −(g + wd·β). */
  negateAfterDecay?: boolean;
  /** Nesterov with the decay applied twice (to the buffer's input and again to the step). */
  decayTwice?: boolean;
}

/** PyTorch's SGD with every option, and switches for the faults above. */
function faultySgd(h: CheckHyper, dim: number, o: SgdFaults = {}): Optimizer {
  const mu = (h.momentum as number | undefined) ?? 0;
  const damp = (h.dampening as number | undefined) ?? 0;
  const wd = (h.weightDecay as number | undefined) ?? 0;
  const buf = new Float64Array(dim);
  let started = false;
  return {
    step(p, g) {
      for (let i = 0; i < dim; i++) {
        let d = h.maximize && !o.negateAfterDecay ? -g[i] : g[i];
        if (wd !== 0) {
          if (o.decayIntoGrad) d = g[i] += wd * p[i];
          else d += wd * p[i];
        }
        if (h.maximize && o.negateAfterDecay) d = -d;
        if (mu !== 0) {
          buf[i] = started ? mu * buf[i] + (1 - damp) * d : (o.dampenFirst ? 1 - damp : 1) * d;
          d = h.nesterov ? d + mu * buf[i] + (o.decayTwice ? wd * p[i] : 0) : buf[i];
        }
        p[i] -= hp(h, 'lr') * d;
      }
      started = true;
    },
  };
}

interface AdagradFaults {
  /** MXNet: no initial accumulator value; the sum starts at 0. */
  ignoreInitial?: boolean;
  /** MXNet: the accumulator sums the raw g², not that of the decayed gradient. */
  decayAfterState?: boolean;
  /** PyTorch's ε placement swapped for TensorFlow's (inside the root). */
  epsInside?: boolean;
  /** torch 1.13's multi-tensor path: the step size computed in float32 from the float32 step-count tensor. */
  float32StepSize?: boolean;
}

const f32 = Math.fround;

function faultyAdagrad(h: CheckHyper, dim: number, o: AdagradFaults = {}): Optimizer {
  const wd = (h.weightDecay as number | undefined) ?? 0;
  const lrDecay = (h.lrDecay as number | undefined) ?? 0;
  const eps = hp(h, 'eps');
  const sum = new Float64Array(dim).fill(o.ignoreInitial ? 0 : ((h.initialAccumulatorValue as number | undefined) ?? 0));
  let t = 0;
  return {
    step(p, g) {
      t++;
      const clr = o.float32StepSize ? f32(f32(1 / f32(1 + f32((t - 1) * f32(lrDecay)))) * f32(hp(h, 'lr'))) : hp(h, 'lr') / (1 + (t - 1) * lrDecay);
      for (let i = 0; i < dim; i++) {
        const raw = h.maximize ? -g[i] : g[i];
        const gi = raw + wd * p[i];
        sum[i] += o.decayAfterState ? raw * raw : gi * gi;
        p[i] -= (clr * gi) / (o.epsInside ? Math.sqrt(sum[i] + eps) : Math.sqrt(sum[i]) + eps);
      }
    },
  };
}

interface RmspropFaults {
  /** centered ignored whenever momentum is on. */
  centeredOnlyWithoutMomentum?: boolean;
  /** ε inside the root while claiming PyTorch's rule. */
  epsInside?: boolean;
}

function faultyRmsprop(h: CheckHyper, dim: number, o: RmspropFaults = {}): Optimizer {
  const alpha = hp(h, 'alpha'), eps = hp(h, 'eps');
  const mu = (h.momentum as number | undefined) ?? 0;
  const wd = (h.weightDecay as number | undefined) ?? 0;
  const sq = new Float64Array(dim), avg = new Float64Array(dim), buf = new Float64Array(dim);
  const centered = Boolean(h.centered) && !(o.centeredOnlyWithoutMomentum && mu > 0);
  return {
    step(p, g) {
      for (let i = 0; i < dim; i++) {
        const gi = (h.maximize ? -g[i] : g[i]) + wd * p[i];
        sq[i] = alpha * sq[i] + (1 - alpha) * gi * gi;
        let s = sq[i];
        if (centered) {
          avg[i] = alpha * avg[i] + (1 - alpha) * gi;
          s -= avg[i] * avg[i];
        }
        const denom = o.epsInside ? Math.sqrt(s + eps) : Math.sqrt(s) + eps;
        if (mu > 0) {
          buf[i] = mu * buf[i] + gi / denom;
          p[i] -= hp(h, 'lr') * buf[i];
        } else p[i] -= (hp(h, 'lr') * gi) / denom;
      }
    },
  };
}

export const SHIPPED: readonly CatalogueEntry[] = [
  // Long horizons.
  // https://github.com/pytorch/ao/pull/4915: the step tensor took the default dtype; in bfloat16 it sticks at 256.
  mutant('adam-step-count-bfloat16', 'adam', 'keeps the step count in bfloat16, so it stops at 256 (torchao#4915)', (h, dim) => faultyAdam(h, dim, { counterBits: BF16 })),
  // The same fault with a float16 default dtype (torchao#4915's mechanism): the count stops at 2048.
  mutant('adamw-step-count-float16', 'adamw', 'keeps the step count in float16, so it stops at 2048 (torchao#4915 under a float16 default dtype)', (h, dim) => faultyAdamW(h, dim, { counterBits: FP16 })),
  // Checkpoints.
  // https://github.com/vllm-project/speculators/pull/899: the optimizer state was saved as bfloat16.
  mutant('adam-checkpoint-bfloat16', 'adam', 'saves its moments cast to bfloat16 (speculators#899)', (h, dim) => faultyAdam(h, dim, { saveBf16: true })),
  // https://github.com/deepspeedai/DeepSpeed/pull/4396: the step count was not saved, so bias correction restarted after a load.
  mutant('adam-checkpoint-loses-step', 'adam', 'restores its moments but not its step count on load (DeepSpeed#4396)', (h, dim) => faultyAdam(h, dim, { loseStepOnLoad: true })),
  // Options.
  // https://github.com/google-deepmind/optax/issues/1389: AMSGrad's maximum over the bias-corrected v̂.
  mutant('adam-amsgrad-over-vhat', 'adam', "takes AMSGrad's maximum over v̂, not v, while claiming PyTorch's rule (optax#1389)", (h, dim) => faultyAdam(h, dim, { amsgradOverVhat: true })),
  // https://github.com/tensorflow/tensorflow/issues/9047: TensorFlow's Adam uses ε̂ = ε·√(1 − β₂ᵗ).
  mutant('adam-tensorflow-eps-hat', 'adam', "uses TensorFlow's ε̂ while claiming PyTorch's rule (tensorflow#9047)", (h, dim) => faultyAdam(h, dim, { epsHat: true })),
  // https://github.com/ml-explore/mlx/pull/473: dampening applied to the first buffer.
  mutant('momentum-dampened-first-step', 'momentum', 'dampens the first buffer: (1 − dampening)·g, not g (mlx#473)', (h, dim) => faultySgd(h, dim, { dampenFirst: true })),
  // https://github.com/kozistr/pytorch_optimizer/pull/528: maximize and weight decay combined with the wrong sign.
  mutant('sgd-maximize-negates-decay', 'sgd', 'maximize negates after the decay, −(g + wd·β), so the decay pushes outwards (pytorch_optimizer#528)', (h, dim) => faultySgd(h, dim, { negateAfterDecay: true })),
  // https://github.com/apache/mxnet/pull/13683: Nesterov with weight decay applied twice.
  mutant('nesterov-decay-twice', 'nesterov', 'applies the weight decay twice in the Nesterov step (mxnet#13683)', (h, dim) => faultySgd(h, dim, { decayTwice: true })),
  // https://github.com/apache/mxnet/pull/11223: Adagrad without an initial accumulator value.
  mutant('adagrad-ignores-initial-accumulator', 'adagrad', 'starts the sum of squares at 0 whatever initialAccumulatorValue is (mxnet#11223)', (h, dim) => faultyAdagrad(h, dim, { ignoreInitial: true })),
  // https://github.com/apache/mxnet/issues/9363: the decay not folded into the gradient before the state update.
  mutant('adagrad-decay-outside-accumulator', 'adagrad', 'accumulates the raw g², not that of the decayed gradient (mxnet#9363)', (h, dim) => faultyAdagrad(h, dim, { decayAfterState: true })),
  // https://github.com/pytorch/pytorch/issues/23796: ε inside the root where PyTorch puts it outside.
  mutant('adagrad-tensorflow-eps-as-pytorch', 'adagrad', "puts ε inside the root while claiming PyTorch's rule (pytorch#23796's RMSprop/Adagrad ε placement)", (h, dim) => faultyAdagrad(h, dim, { epsInside: true })),
  // https://github.com/apache/mxnet/issues/5517: centered RMSprop's variant rules diverged from the documented one.
  mutant('rmsprop-centered-ignored-with-momentum', 'rmsprop', 'drops centering whenever momentum is on (mxnet#5517)', (h, dim) => faultyRmsprop(h, dim, { centeredOnlyWithoutMomentum: true })),
  // https://github.com/pytorch/pytorch/issues/23796: RMSprop's ε inside the root.
  mutant('rmsprop-tensorflow-eps-as-pytorch', 'rmsprop', "puts ε inside the root while claiming PyTorch's rule (pytorch#23796)", (h, dim) => faultyRmsprop(h, dim, { epsInside: true })),
  // Gradient mutation.
  // https://github.com/pytorch/pytorch/issues/12218: SGD added the weight decay into p.grad in place.
  mutant('sgd-decay-into-grad', 'sgd', 'adds the weight decay into the gradient it was given, in place (pytorch#12218)', (h, dim) => faultySgd(h, dim, { decayIntoGrad: true })),
  mutant('adam-decay-into-grad', 'adam', 'adds the weight decay into the gradient it was given, in place (pytorch#12218, Adam)', (h, dim) => faultyAdam(h, dim, { decayIntoGrad: true })),
  // https://github.com/kozistr/pytorch_optimizer/issues/517: weight decay accepted and stored, never applied.
  mutant('adam-weight-decay-never-applied', 'adam', 'accepts weightDecay and never applies it (pytorch_optimizer#517)', (h, dim) => faultyAdam({ ...h, weightDecay: 0 }, dim)),
];

/** AdamW (decoupled decay) over the same faulty core, with the decay turned off there. */
function faultyAdamW(h: CheckHyper, dim: number, o: AdamFaults, decayScale = hp(h, 'lr')): Optimizer {
  const inner = faultyAdam({ ...h, weightDecay: 0 }, dim, o);
  // decayScale: lr in PyTorch's rule, 1 in Loshchilov & Hutter's (the schedule multiplier only).
  const shrink = 1 - decayScale * hp(h, 'weightDecay');
  return {
    step(p, g) {
      for (let i = 0; i < dim; i++) p[i] *= shrink;
      inner.step(p, g);
    },
  };
}

/** The same cores with no fault: each family's whole option surface, written in optspec's own arrangement. */
export const FULL_OPTIONS: readonly CatalogueEntry[] = [
  correct('sgd-every-option', 'sgd', (h, dim) => faultySgd(h, dim)),
  correct('momentum-every-option', 'momentum', (h, dim) => faultySgd(h, dim)),
  correct('nesterov-every-option', 'nesterov', (h, dim) => faultySgd(h, dim)),
  correct('rmsprop-every-option', 'rmsprop', (h, dim) => faultyRmsprop(h, dim)),
  correct('adam-every-option', 'adam', (h, dim) => faultyAdam(h, dim)),
  correct('sgd-ndgm-as-paper', 'sgd', (h, dim) => faultySgd(h, dim), { dialect: 'paper' }),
  correct('momentum-accumulator-as-tfjs', 'momentum', (h, dim) => accumulatorMomentum(h, dim, false), { dialect: 'tfjs' }),
  correct('nesterov-accumulator-as-tfjs', 'nesterov', (h, dim) => accumulatorMomentum(h, dim, true), { dialect: 'tfjs' }),
  correct('adam-tensorflow-as-tf', 'adam', (h, dim) => faultyAdam(h, dim, { epsHat: true }), { dialect: 'tf' }),
  correct('adagrad-every-option', 'adagrad', (h, dim) => faultyAdagrad(h, dim)),
  correct('adagrad-tensorflow-as-tf', 'adagrad', (h, dim) => faultyAdagrad(h, dim, { epsInside: true }), { dialect: 'tf' }),
  // torch 1.13's adagrad.py:329 (`-lr / (1 + (step - 1) * lr_decay)` on a float32 step tensor), as its own dialect.
  correct('adagrad-foreach-as-torch-foreach', 'adagrad', (h, dim) => faultyAdagrad(h, dim, { float32StepSize: true }), { dialect: 'torch-foreach' }),
  correct('adam-amsgrad-vhat-as-its-dialect', 'adam', (h, dim) => faultyAdam(h, dim, { amsgradOverVhat: true }), { dialect: 'amsgrad-vhat' }),
  correct('adamw-loshchilov-hutter-as-paper', 'adamw', (h, dim) => faultyAdamW(h, dim, {}, 1), { dialect: 'paper' }),
];

/** TensorFlow.js's rule written another way: an accumulator a ← μ·a + g from 0, and β ← β − lr·a (Nesterov: − lr·(g + μ·a)). */
function accumulatorMomentum(h: CheckHyper, dim: number, nesterov: boolean): Optimizer {
  const mu = hp(h, 'momentum');
  const a = new Float64Array(dim);
  return {
    step(p, g) {
      for (let i = 0; i < dim; i++) {
        a[i] = a[i] * mu + g[i];
        p[i] -= hp(h, 'lr') * (nesterov ? g[i] + mu * a[i] : a[i]);
      }
    },
  };
}
