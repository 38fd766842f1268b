/**
 * A layout names the tensors a flat parameter vector holds. The parameters
 * stay one Float64Array (so elementwise optimizers stay fast and unchanged);
 * an optimizer that needs shape, such as Muon, reads each tensor's slice and
 * shape from the layout, and each tensor's group may override hyperparameters
 * (PyTorch's parameter groups).
 *
 *   tensor t holds params[t.offset … t.offset + ∏ t.shape), row-major.
 *
 * `flatLayout(P)` (also `Layout.flat(P)`) is today's vector: one 1-D tensor of P
 * in one group without overrides.
 */
import { InputError, record, nonNegativeInteger, positiveInteger } from '../validate/input-error.ts';

export interface LayoutTensor {
  readonly name: string;
  /** Index of its first parameter in the flat vector. */
  readonly offset: number;
  /** Row-major shape; [] is a scalar. */
  readonly shape: readonly number[];
  /** Index into the layout's groups. */
  readonly group: number;
}

/** A group's hyperparameter overrides, in optspec's names (lr, weightDecay, …). */
export type GroupOverrides = Readonly<Record<string, number | boolean>>;

export interface Layout {
  /** The number of parameters, P. */
  readonly dim: number;
  readonly tensors: readonly LayoutTensor[];
  readonly groups: readonly GroupOverrides[];
}

/** One 1-D tensor named 'params' covering all P parameters, in one group without overrides. */
export function flatLayout(dim: number): Layout {
  const P = nonNegativeInteger('layout.dim', dim);
  return { dim: P, tensors: [{ name: 'params', offset: 0, shape: [P], group: 0 }], groups: [{}] };
}

/** The number of parameters a shape holds. */
export function tensorSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Check a layout given as plain data: every tensor has a name, an integer
 * offset, a shape of positive integers and a group that exists, and together
 * the tensors cover exactly [0, dim) without overlap. Errors name the field.
 */
export function makeLayout(input: unknown, field = 'layout'): Layout {
  const given = record(field, input);
  const dim = nonNegativeInteger(`${field}.dim`, given.dim);
  const groupsIn = given.groups ?? [{}];
  if (!Array.isArray(groupsIn) || groupsIn.length === 0) throw new InputError(`${field}.groups`, groupsIn, 'expected a non-empty array of hyperparameter overrides');
  const groups = groupsIn.map((g, i) => {
    const overrides = record(`${field}.groups[${i}]`, g);
    for (const [k, v] of Object.entries(overrides)) {
      if (typeof v !== 'boolean' && !(typeof v === 'number' && Number.isFinite(v))) throw new InputError(`${field}.groups[${i}].${k}`, v, 'expected a finite number or true/false');
    }
    return overrides as GroupOverrides;
  });
  if (!Array.isArray(given.tensors) || given.tensors.length === 0) throw new InputError(`${field}.tensors`, given.tensors, 'expected a non-empty array of { name, offset, shape, group }');
  const tensors = given.tensors.map((t, i): LayoutTensor => {
    const at = `${field}.tensors[${i}]`;
    const o = record(at, t);
    if (typeof o.name !== 'string' || o.name === '') throw new InputError(`${at}.name`, o.name, 'expected a non-empty name');
    const offset = nonNegativeInteger(`${at}.offset`, o.offset);
    if (!Array.isArray(o.shape)) throw new InputError(`${at}.shape`, o.shape, 'expected an array of positive integers');
    const shape = o.shape.map((d, j) => positiveInteger(`${at}.shape[${j}]`, d));
    const group = nonNegativeInteger(`${at}.group`, o.group ?? 0);
    if (group >= groups.length) throw new InputError(`${at}.group`, o.group, `expected a group index below ${groups.length}`);
    return { name: o.name, offset, shape, group };
  });
  checkCover(tensors, dim, field);
  return { dim, tensors, groups };
}

/** The tensors must tile [0, dim) exactly: no gap, no overlap, nothing past the end, names unique. */
function checkCover(tensors: readonly LayoutTensor[], dim: number, field: string): void {
  const names = new Set<string>();
  tensors.forEach((t, i) => {
    if (names.has(t.name)) throw new InputError(`${field}.tensors[${i}].name`, t.name, 'expected a name no other tensor has');
    names.add(t.name);
  });
  const order = tensors.map((t, i) => ({ t, i })).sort((a, b) => a.t.offset - b.t.offset);
  let next = 0;
  for (const { t, i } of order) {
    if (t.offset < next) throw new InputError(`${field}.tensors[${i}].offset`, t.offset, `overlaps the tensor that ends at ${next}`);
    if (t.offset > next) throw new InputError(`${field}.tensors[${i}].offset`, t.offset, `leaves parameters ${next}…${t.offset - 1} in no tensor`);
    next = t.offset + tensorSize(t.shape);
    if (next > dim) throw new InputError(`${field}.tensors[${i}].shape`, t.shape, `ends at ${next}, past the ${dim} parameters`);
  }
  if (next !== dim) throw new InputError(`${field}.dim`, dim, `the tensors cover only parameters 0…${next - 1}`);
}

/** The layout an optimizer made for `dim` parameters works on: the flat one when none is given; a mismatch is refused. */
export function layoutFor(dim: number, layout: Layout | undefined): Layout {
  if (layout === undefined) return flatLayout(dim);
  if (layout.dim !== dim) throw new InputError('layout.dim', layout.dim, `expected ${dim}, the number of parameters the optimizer was made for`);
  return layout;
}

/** The tensor's parameters: a live view into the flat vector (writes go through). */
export function tensorView(params: Float64Array, tensor: LayoutTensor): Float64Array {
  return params.subarray(tensor.offset, tensor.offset + tensorSize(tensor.shape));
}

/**
 * The matrix an optimizer sees a tensor as: a 2-D tensor as it is; a tensor of
 * three or more dimensions (a conv kernel out × in × h × w) as rows × the
 * product of the rest, as KellerJordan/Muon views conv filters. 0-D and 1-D
 * tensors have no matrix shape: one InputError line naming the tensor.
 */
export function matrixShape(tensor: LayoutTensor): readonly [number, number] {
  const s = tensor.shape;
  if (s.length < 2) throw new InputError(`layout.tensors.${tensor.name}.shape`, s, 'expected a matrix (2 or more dimensions)');
  return [s[0], tensorSize(s.slice(1))];
}

/**
 * Each group's hyperparameters: `read` is handed the group's overrides and
 * where they live ('layout.groups[i]'), so a bad override is named in the error.
 * An optimizer reads them once, at construction, with its own values as fallbacks.
 */
export function perGroup<H>(layout: Layout, read: (overrides: Readonly<Record<string, unknown>>, field: string) => H): H[] {
  return layout.groups.map((g, i) => read(g, `layout.groups[${i}]`));
}

/** `Layout.flat(P)` and `Layout.of(data)`, for callers who prefer a namespace. */
export const Layout = { flat: flatLayout, of: makeLayout } as const;
