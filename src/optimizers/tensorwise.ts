/**
 * How PyTorch runs an elementwise optimizer over a model: state per tensor,
 * each parameter group's hyperparameter overrides applied to its tensors, and
 * a tensor whose gradient is missing (`grad is None`) skipped entirely: its
 * parameters, its state and its step count are untouched, and no decoupled
 * weight decay is applied to it.
 *
 *   for each tensor t with a gradient:  step_t(θ_t, g_t)   with the hyperparameters of t's group
 *
 * On one flat tensor without overrides (today's vector, `Layout.flat(P)`) the
 * optimizer runs exactly as before, on the whole vector at once.
 */
import { defineOptimizer, type Hyper, type Optimizer, type OptimizerFactory } from './optimizer.ts';
import { layoutFor, tensorSize, type Layout } from './layout.ts';
import type { OptimizerState } from './state.ts';
import { InputError } from '../validate/input-error.ts';

/** True when a layout is today's single vector: one tensor, one group, no overrides. */
function isFlat(layout: Layout | undefined): boolean {
  return layout === undefined || (layout.tensors.length === 1 && Object.keys(layout.groups[layout.tensors[0].group] ?? {}).length === 0);
}

/**
 * `flat` is the optimizer for one vector with the given hyperparameters;
 * `withOverrides` makes it for a group's overrides. The result takes a
 * layout, and a step may name the tensors without a gradient.
 */
export function tensorwise(flat: OptimizerFactory, withOverrides: (overrides: Readonly<Record<string, number | boolean>>) => OptimizerFactory): OptimizerFactory {
  return defineOptimizer(flat.optimizerName, flat.hyper as Hyper, (dim, layout) => {
    if (isFlat(layout)) {
      const whole = flat(dim);
      // The flat vector is one tensor: a step without its gradient is no step.
      return missingSkips(whole);
    }
    const l = layoutFor(dim, layout);
    // One factory per group, built once (a bad override is named here, at construction).
    const perGroup = l.groups.map((g) => (Object.keys(g).length === 0 ? flat : withOverrides(g)));
    const parts = l.tensors.map((t) => ({ t, n: tensorSize(t.shape), opt: perGroup[t.group](tensorSize(t.shape)) }));
    const optimizer: Optimizer = {
      step(params, grad, missing) {
        for (let i = 0; i < parts.length; i++) {
          if (missing?.has(i)) continue;
          const { t, n, opt } = parts[i];
          opt.step(params.subarray(t.offset, t.offset + n), grad.subarray(t.offset, t.offset + n));
        }
      },
    };
    if (parts.every((p) => p.opt.state)) {
      // One vector per state name over the whole layout (each tensor's at its offset); a number (a step count) is the first tensor's.
      optimizer.state = () => {
        const views = parts.map((p) => p.opt.state!());
        const out: Record<string, Float64Array | number> = {};
        for (const [key, first] of Object.entries(views[0])) {
          if (typeof first === 'number') out[key] = first;
          else {
            const whole = new Float64Array(dim);
            parts.forEach((p, i) => whole.set(views[i][key] as Float64Array, p.t.offset));
            out[key] = whole;
          }
        }
        return out;
      };
    }
    if (parts.every((p) => p.opt.save && p.opt.load)) {
      optimizer.save = () => ({ tensors: parts.length, ...Object.fromEntries(parts.flatMap((p, i) => Object.entries(p.opt.save!()).map(([k, v]) => [`${i}.${k}`, v]))) });
      optimizer.load = (state: OptimizerState) => {
        if (state?.tensors !== parts.length) throw new InputError('state.tensors', state?.tensors, `expected ${parts.length}, the tensors of this layout`);
        parts.forEach((p, i) => {
          const prefix = `${i}.`;
          p.opt.load!(Object.fromEntries(Object.entries(state).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v])));
        });
      };
    }
    return optimizer;
  });
}

/** An optimizer on one tensor: a step whose only tensor has no gradient leaves everything as it was. */
function missingSkips(opt: Optimizer): Optimizer {
  const step = opt.step.bind(opt);
  opt.step = (params, grad, missing) => {
    if (missing?.has(0)) return;
    step(params, grad);
  };
  return opt;
}
