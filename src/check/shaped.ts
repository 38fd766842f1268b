/**
 * Contracts for optimizers that see a model's tensors in parameter groups,
 * where the shipped multi-tensor bugs live: state keyed by position or shared
 * between groups, a group's lr read from the defaults, one step counter per
 * group, a missing gradient treated as zero, decay applied to frozen tensors.
 * All run on the gate's model problem (suite.ts): three tensors of different
 * shapes in two groups, the first frozen at steps 3 and 4.
 */
import type { Trace } from '../trace/trace.ts';
import { tensorSize } from '../optimizers/layout.ts';
import { baseHyper } from './families.ts';
import { compareToReference, referenceOf, describeDivergence } from './parity.ts';
import { modelProblem, FROZEN_STEPS, type ModelOptions } from './suite.ts';
import { type Expectation, type CheckContext, type Outcome, pass, fail, skip, run } from './expectation.ts';

/**
 * The shaped contracts judge optimizers that take a layout (`make(dim, layout)`);
 * one written for a flat vector, or an adapter speaking protocol 1, is listed as
 * not checked instead.
 */
function flatOnly(ctx: CheckContext): Outcome | null {
  const factory = ctx.make(baseHyper(ctx));
  return factory.layouts ? null : skip('the optimizer does not take a layout (make(dim, layout)): a model\'s tensors, groups and missing gradients were not checked');
}

/** An expectation that runs only on an optimizer that takes a layout. */
const shapedOnly = (e: Expectation): Expectation => ({ ...e, run: (ctx) => flatOnly(ctx) ?? e.run(ctx) });

const STEPS = 12;

/** Tensor `name`'s values at step k of a trace of the model. */
function tensorAt(trace: Trace, model: ReturnType<typeof modelProblem>, name: string, k: number): Float64Array {
  const t = model.layout.tensors.find((x) => x.name === name)!;
  return trace.row(k).slice(t.offset, t.offset + tensorSize(t.shape));
}

function runModel(ctx: CheckContext, options: ModelOptions, steps = STEPS): { model: ReturnType<typeof modelProblem>; trace: Trace } {
  const model = modelProblem(options);
  return { model, trace: run(ctx.make(baseHyper(ctx)), model.problem, model.init, steps) };
}

/** The first step and element where tensor `name` differs between two runs, bit for bit, or null. */
function tensorDifference(a: { model: ReturnType<typeof modelProblem>; trace: Trace }, b: { model: ReturnType<typeof modelProblem>; trace: Trace }, name: string, shift = 0, from = 0): string | null {
  for (let k = from; k < a.trace.length && k - shift < b.trace.length; k++) {
    const x = tensorAt(a.trace, a.model, name, k), y = tensorAt(b.trace, b.model, name, k - shift);
    for (let j = 0; j < x.length; j++) if (!Object.is(x[j], y[j])) return `${name}[${j}] at step ${k}: ${x[j]} against ${y[j]}`;
  }
  return null;
}

const NAMES = ['fc.weight', 'fc.bias', 'conv.weight'];

export const shapedParity: Expectation = {
  id: 'contract-shaped-parity',
  kind: 'contract',
  comparesWithReference: true,
  title: 'on a model (3 tensors of different shapes, 2 groups, a tensor frozen for 2 steps) step by step the same as the reference',
  run(ctx) {
    const ref = referenceOf(ctx);
    const hyper = baseHyper(ctx);
    const model = modelProblem();
    const trace = run(ctx.make(hyper), model.problem, model.init, STEPS);
    const { divergence, horizon } = compareToReference(trace, ref.make(hyper), model.problem, model.init, model.label, ctx.precision);
    if (divergence) {
      const t = model.layout.tensors.find((x) => divergence.coordinate >= x.offset && divergence.coordinate < x.offset + tensorSize(x.shape))!;
      return fail(`${describeDivergence(divergence, hyper, ctx.precision, ref.name)} (${t.name} is in group ${t.group}${FROZEN_STEPS.has(divergence.step) && t === model.layout.tensors[0] ? ', frozen at this step' : ''})`);
    }
    return pass(`matched ${ref.name} for ${horizon - 1} steps on ${model.label}`);
  },
};

export const missingGradient: Expectation = {
  id: 'contract-missing-gradient',
  kind: 'contract',
  title: 'a tensor without a gradient is untouched and its state does not advance (PyTorch’s grad is None, not a zero gradient)',
  run(ctx) {
    const frozen = runModel(ctx, {});
    const free = runModel(ctx, { freeze: false });
    // Untouched while frozen: steps 3 and 4 leave fc.weight where step 2 left it.
    const before = tensorAt(frozen.trace, frozen.model, 'fc.weight', 2);
    for (const k of FROZEN_STEPS) {
      const now = tensorAt(frozen.trace, frozen.model, 'fc.weight', k);
      const j = now.findIndex((x, i) => !Object.is(x, before[i]));
      if (j >= 0) return fail(`fc.weight has no gradient at step ${k} but moved: fc.weight[${j}] is ${now[j]}, was ${before[j]} after step 2`);
    }
    // The state did not advance: after unfreezing, fc.weight runs as if the frozen steps never happened
    // (row k of the frozen run is row k − 2 of the run never frozen, from row 4 on).
    const late = tensorDifference(frozen, free, 'fc.weight', FROZEN_STEPS.size, 2 + FROZEN_STEPS.size);
    if (late) return fail(`after 2 steps without a gradient, fc.weight should continue as if they never happened (its state untouched), but ${late} (the run never frozen, ${FROZEN_STEPS.size} steps earlier)`);
    // The other tensors did not notice.
    for (const name of NAMES.slice(1)) {
      const d = tensorDifference(frozen, free, name);
      if (d) return fail(`freezing fc.weight changed ${name}: ${d} (never frozen)`);
    }
    return pass(`fc.weight stood still at steps 3–4 and then ran ${STEPS - 4} steps exactly as if they never happened; fc.bias and conv.weight did not notice`);
  },
};

export const stateFollowsTensor: Expectation = {
  id: 'contract-state-follows-tensor',
  kind: 'contract',
  title: 'reordering the tensors of a layout reorders the result: state follows the tensor, not its position',
  run(ctx) {
    const listed = runModel(ctx, {});
    const reordered = runModel(ctx, { order: [2, 0, 1] });
    for (const name of NAMES) {
      const d = tensorDifference(reordered, listed, name);
      if (d) return fail(`with the tensors stored as conv.weight, fc.weight, fc.bias, ${d} (in the listed order)`);
    }
    return pass(`every tensor ran bit for bit the same with the tensors stored in another order, over ${STEPS} steps`);
  },
};

export const groupsHonoured: Expectation = {
  id: 'contract-group-hyperparameters',
  kind: 'contract',
  title: 'each group’s hyperparameters are honoured, and two groups with the same hyperparameters are one',
  run(ctx) {
    const lr = baseHyper(ctx).lr;
    // fc.bias alone in group 1 with lr 0.003 against everything at lr 0.003 (no groups): fc.bias must agree, the others must not notice group 1.
    const grouped = runModel(ctx, { freeze: false });
    const slow = runModel({ ...ctx, make: (h) => ctx.make({ ...h, lr: 0.003 }) }, { freeze: false, overrides: [{}], groups: [0, 0, 0] });
    const d = tensorDifference(grouped, slow, 'fc.bias');
    if (d) return fail(`fc.bias is in a group with lr 0.003 but does not run as with lr 0.003: ${d}`);
    const base = runModel(ctx, { freeze: false, overrides: [{}], groups: [0, 0, 0] });
    for (const name of ['fc.weight', 'conv.weight']) {
      const e = tensorDifference(grouped, base, name);
      if (e) return fail(`${name} is in the default group (lr ${lr}) but changed when fc.bias got its own lr: ${e}`);
    }
    // Two groups with the same (empty) overrides are one group.
    const twoSame = runModel(ctx, { freeze: false, overrides: [{}, {}] });
    for (const name of NAMES) {
      const e = tensorDifference(twoSame, base, name);
      if (e) return fail(`two groups with the same hyperparameters differ from one group: ${e}`);
    }
    return pass(`fc.bias in a group with lr 0.003 ran as with lr 0.003, the default group at lr ${lr} did not notice, and two equal groups ran as one, bit for bit over ${STEPS} steps`);
  },
};

export const perTensorIsFlat: Expectation = {
  id: 'contract-per-tensor-equals-flat',
  kind: 'contract',
  title: 'an elementwise optimizer gives the same result per tensor as on the flat vector',
  run(ctx) {
    const model = modelProblem({ freeze: false, overrides: [{}], groups: [0, 0, 0] });
    const flat = { ...model.problem, layout: undefined };
    const hyper = baseHyper(ctx);
    const a = run(ctx.make(hyper), model.problem, model.init, STEPS);
    const b = run(ctx.make(hyper), flat, model.init, STEPS);
    for (let k = 0; k < a.length; k++) {
      const x = a.row(k), y = b.row(k);
      for (let j = 0; j < x.length; j++) if (!Object.is(x[j], y[j])) return fail(`step ${k}, coordinate ${j}: ${x[j]} per tensor, ${y[j]} on the flat vector`);
    }
    return pass(`per tensor and flat agree bit for bit over ${STEPS} steps`);
  },
};

/** For the families whose references keep PyTorch's per-parameter state. */
export const SHAPED: readonly Expectation[] = [shapedParity, missingGradient, stateFollowsTensor, groupsHonoured, perTensorIsFlat].map(shapedOnly);
