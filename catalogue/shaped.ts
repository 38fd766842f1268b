/**
 * Multi-tensor bugs that shipped, reproduced as layout-aware Adam and AdamW:
 * each is right on one flat vector and wrong on a model's tensors in groups.
 */
import { correct, mutant, hp, type CatalogueEntry } from './entry.ts';
import type { CheckHyper } from '../src/check/families.ts';
import type { Optimizer } from '../src/optimizers/optimizer.ts';
import { layoutFor, tensorSize, type Layout } from '../src/optimizers/layout.ts';

interface ShapedFaults {
  /** A tensor without a gradient is stepped with a zero gradient: its moments and step count advance. */
  readonly noneAsZero?: boolean;
  /** Every group uses the defaults' lr, not its own. */
  readonly lrFromDefaults?: boolean;
  /** One step count per group, advanced whenever the group steps (apex's fused Adam). */
  readonly stepPerGroup?: boolean;
  /** Moments keyed by a tensor's position within its group, so groups share them. */
  readonly stateByGroupPosition?: boolean;
  /** AdamW's decay applied to a tensor without a gradient. */
  readonly decayFrozen?: boolean;
  /** Decoupled decay (AdamW) instead of decay in the gradient. */
  readonly decoupled?: boolean;
}

/** PyTorch's Adam over a layout: per-tensor moments and step counts, each group's lr. */
function shapedAdam(h: CheckHyper, dim: number, given: Layout | undefined, o: ShapedFaults): Optimizer {
  const layout = layoutFor(dim, given);
  const b1 = hp(h, 'beta1'), b2 = hp(h, 'beta2'), eps = hp(h, 'eps');
  const wd = (h.weightDecay as number | undefined) ?? 0;
  const positionInGroup = layout.tensors.map((t, i) => layout.tensors.slice(0, i).filter((u) => u.group === t.group).length);
  const key = (i: number) => (o.stateByGroupPosition ? positionInGroup[i] : i);
  const moments = new Map<number, { m: Float64Array; v: Float64Array }>();
  const state = (i: number, n: number) => {
    let s = moments.get(key(i));
    if (!s) moments.set(key(i), (s = { m: new Float64Array(n), v: new Float64Array(n) }));
    return s;
  };
  const counts = new Float64Array(layout.tensors.length);
  const groupCounts = new Float64Array(layout.groups.length);
  return {
    step(params, grad, missing) {
      const stepped = new Set<number>();
      layout.tensors.forEach((t, i) => {
        const n = tensorSize(t.shape);
        const lr = o.lrFromDefaults ? h.lr : ((layout.groups[t.group].lr as number | undefined) ?? h.lr);
        const absent = missing?.has(i) ?? false;
        if (absent && !o.noneAsZero) {
          if (o.decayFrozen) for (let j = t.offset; j < t.offset + n; j++) params[j] *= 1 - lr * wd;
          return;
        }
        let tStep: number;
        if (o.stepPerGroup) {
          if (!stepped.has(t.group)) (groupCounts[t.group] += 1), stepped.add(t.group);
          tStep = groupCounts[t.group];
        } else tStep = counts[i] += 1;
        const { m, v } = state(i, n);
        const bc1 = 1 - b1 ** tStep, bc2 = 1 - b2 ** tStep;
        for (let j = 0; j < n; j++) {
          const at = t.offset + j;
          let g = absent ? 0 : grad[at];
          if (o.decoupled) params[at] *= 1 - lr * wd;
          else g += wd * params[at];
          m[j] = b1 * m[j] + (1 - b1) * g;
          v[j] = b2 * v[j] + (1 - b2) * g * g;
          params[at] -= ((lr / bc1) * m[j]) / (Math.sqrt(v[j]) / Math.sqrt(bc2) + eps);
        }
      });
    },
  };
}

const adam = (name: string, bug: string, o: ShapedFaults) => mutant(name, 'adam', bug, (h, dim, layout) => shapedAdam(h, dim, layout, o));
const adamw = (name: string, bug: string, o: ShapedFaults) => mutant(name, 'adamw', bug, (h, dim, layout) => shapedAdam(h, dim, layout, { decoupled: true, ...o }));
const WITHOUT = { adam: ['amsgrad', 'maximize'], adamw: ['amsgrad', 'maximize'] };

export const SHAPED: readonly CatalogueEntry[] = [
  // https://github.com/tensorflow/tfjs/issues/4290 and https://github.com/pytorch/pytorch/issues/6031: state keyed by position.
  adam('adam-state-by-group-position', 'keys its moments by a tensor’s position in its group, so groups share them (tfjs#4290)', { stateByGroupPosition: true }),
  // https://github.com/pytorch/pytorch/issues/141884 (group lr ignored in the C++ API).
  adam('adam-group-lr-from-defaults', 'uses the defaults’ lr for every group (pytorch#141884)', { lrFromDefaults: true }),
  // https://github.com/NVIDIA/apex/issues/1615: one step count per group.
  adam('adam-step-per-group', 'keeps one step count per group, advanced when any of its tensors steps (apex#1615)', { stepPerGroup: true }),
  // https://github.com/tplr-ai/templar/pull/493: a None gradient treated as zero.
  adam('adam-none-grad-as-zero', 'steps a tensor without a gradient as if its gradient were zero: its moments and count advance (templar#493)', { noneAsZero: true }),
  // https://github.com/KellerJordan/Muon/issues/54: weight decay applied to parameters without a gradient.
  adamw('adamw-decays-frozen', 'applies decoupled decay to a tensor without a gradient (Muon#54)', { decayFrozen: true }),
].map((e) => ({ ...e, without: WITHOUT[e.family as 'adam' | 'adamw'] }));

/** The same optimizer without a fault passes every shaped contract. */
export const SHAPED_CORRECT: readonly CatalogueEntry[] = [
  { ...correct('adam-per-tensor-own-code', 'adam', (h, dim, layout) => shapedAdam(h, dim, layout, {})), without: WITHOUT.adam },
  { ...correct('adamw-per-tensor-own-code', 'adamw', (h, dim, layout) => shapedAdam(h, dim, layout, { decoupled: true })), without: WITHOUT.adamw },
];
