/**
 * A trace read by tensor name. The trace keeps one flat row per step; a layout
 * (src/optimizers/layout.ts) says which slice of that row is `fc1.weight` and
 * in which shape, so a test can ask for a tensor and a message can name a
 * coordinate as `fc1.weight[2,3]` instead of `coordinate 7`.
 */
import { flatLayout, tensorSize, type Layout, type LayoutTensor } from '../optimizers/layout.ts';
import { InputError } from '../validate/input-error.ts';
import type { Trace } from './trace.ts';

/**
 * How messages and labels name parameter j (an index into all P): with a
 * layout, the tensor's name and the row-major index within its shape
 * (`fc1.weight[2,3]`, `bias[1]`, a scalar by its name alone); without one,
 * `coordinate j`, the wording optspec has always used.
 */
export function coordinateLabel(layout: Layout | undefined, j: number): string {
  if (layout === undefined) return `coordinate ${j}`;
  const tensor = tensorHolding(layout, j);
  if (tensor === undefined) return `coordinate ${j}`;
  if (tensor.shape.length === 0) return tensor.name;
  return `${tensor.name}[${multiIndex(tensor.shape, j - tensor.offset).join(',')}]`;
}

/** The tensor whose slice holds parameter j (binary search would pay only for thousands of tensors; layouts hold a few). */
function tensorHolding(layout: Layout, j: number): LayoutTensor | undefined {
  return layout.tensors.find((t) => j >= t.offset && j < t.offset + tensorSize(t.shape));
}

/** Row-major: the last index varies fastest, as in PyTorch's reshape(-1). */
function multiIndex(shape: readonly number[], flat: number): number[] {
  const index = new Array<number>(shape.length);
  let rest = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = rest % shape[d];
    rest = Math.floor(rest / shape[d]);
  }
  return index;
}

/** A layout equal to `flatLayout(dim)`: one tensor 'params' of shape [dim] in one group without overrides, which is what no layout means. */
export function isFlatLayout(layout: Layout): boolean {
  const [t] = layout.tensors;
  return layout.tensors.length === 1 && t.name === 'params' && t.offset === 0 && t.shape.length === 1 && t.shape[0] === layout.dim
    && t.group === 0 && layout.groups.length === 1 && Object.keys(layout.groups[0]).length === 0;
}

/**
 * One tensor's coordinates over the steps of a trace. `row(k)` is the tensor
 * at step k (flat, row-major, `size` values); `coordinate(j)` is one of its
 * coordinates over all rows, j a flat index or a multi-index such as [2, 3].
 * A trace that recorded only some coordinates (runTrace's `coordinates`)
 * holds only those: `recorded` lists them, and asking for another is refused
 * with the list.
 */
export class TensorSeries {
  readonly name: string;
  readonly shape: readonly number[];
  /** Where the tensor starts in the flat parameter vector. */
  readonly offset: number;
  readonly size: number;
  readonly group: number;
  /** Flat indices within the tensor that the trace recorded, ascending. */
  readonly recorded: readonly number[];
  /** Column of the trace's rows holding each coordinate of the tensor, -1 where it was not recorded. */
  private readonly columns: Int32Array;

  constructor(private readonly trace: Trace, tensor: LayoutTensor) {
    this.name = tensor.name;
    this.shape = tensor.shape;
    this.offset = tensor.offset;
    this.size = tensorSize(tensor.shape);
    this.group = tensor.group;
    this.columns = new Int32Array(this.size).fill(-1);
    for (let c = trace.width - 1; c >= 0; c--) {
      const i = trace.coordinate(c) - this.offset;
      if (i >= 0 && i < this.size) this.columns[i] = c;
    }
    const recorded: number[] = [];
    this.columns.forEach((c, i) => c >= 0 && recorded.push(i));
    this.recorded = recorded;
  }

  /** Rows of the trace (steps + 1 once the run is over). */
  get length(): number {
    return this.trace.length;
  }

  /** The tensor at row k, flat in row-major order; a view when the trace holds all parameters, else a copy. */
  row(k: number): Float64Array {
    if (this.recorded.length < this.size) {
      throw new InputError(`tensor ${this.name}`, `${this.recorded.length} of ${this.size} coordinates recorded`, `expected all of the tensor's coordinates to read a whole row; the trace holds ${this.recordedText()}: read those with coordinate(j)`);
    }
    const values = this.trace.row(k);
    if (this.trace.coordinates === null) return values.subarray(this.offset, this.offset + this.size);
    return Float64Array.from(this.columns, (c) => values[c]);
  }

  /** One coordinate of the tensor over all rows: a flat row-major index, or one index per dimension. */
  coordinate(index: number | readonly number[]): Float64Array {
    const i = this.flatIndex(index);
    const c = this.columns[i];
    if (c < 0) throw new InputError(`tensor ${this.name}`, this.label(i), `was not recorded: the trace holds ${this.recordedText()}`);
    return this.trace.column(c);
  }

  /** `fc1.weight[2,3]` for flat index i of this tensor. */
  label(i: number): string {
    return this.shape.length === 0 ? this.name : `${this.name}[${multiIndex(this.shape, i).join(',')}]`;
  }

  private flatIndex(index: number | readonly number[]): number {
    const field = `tensor ${this.name}: index`;
    if (typeof index === 'number') {
      if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new InputError(field, index, `expected a flat index in 0..${this.size - 1}`);
      return index;
    }
    if (!Array.isArray(index) || index.length !== this.shape.length) throw new InputError(field, index, `expected ${this.shape.length} indices, one per dimension of shape [${this.shape.join(',')}]`);
    let flat = 0;
    index.forEach((x, d) => {
      if (!Number.isInteger(x) || x < 0 || x >= this.shape[d]) throw new InputError(field, index, `expected index ${d} in 0..${this.shape[d] - 1}`);
      flat = flat * this.shape[d] + x;
    });
    return flat;
  }

  private recordedText(): string {
    if (this.recorded.length === 0) return 'none of its coordinates';
    const shown = this.recorded.slice(0, 8).map((i) => this.label(i)).join(', ');
    return this.recorded.length > 8 ? `${shown}, … (${this.recorded.length} in all)` : shown;
  }
}

/** The series of tensor `name` in a trace; a trace without a layout holds one tensor, 'params'. */
export function tensorOf(trace: Trace, name: string): TensorSeries {
  const layout = trace.meta.layout ?? flatLayout(trace.meta.dim);
  const tensor = layout.tensors.find((t) => t.name === name);
  if (tensor === undefined) {
    const names = layout.tensors.map((t) => t.name);
    const shown = names.length > 20 ? `${names.slice(0, 20).join(', ')}, … (${names.length} in all)` : names.join(', ');
    throw new InputError('tensor', name, `expected one of the trace's tensors: ${shown}`);
  }
  return new TensorSeries(trace, tensor);
}
