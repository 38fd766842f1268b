/**
 * A trace is the record of one optimizer run: per step (row 0 is the start)
 * the parameters or a declared subset of them, the loss, the gradient norm,
 * norms of the parameters, and any optimizer state a claim asked for.
 *
 * Storage is columnar: one typed array per field, preallocated for every row,
 * so recording a step allocates nothing and the memory bound is known before
 * the run starts.
 */
import type { Layout } from '../optimizers/layout.ts';
import { InputError } from '../validate/input-error.ts';
import { coordinateLabel, tensorOf, type TensorSeries } from './tensor.ts';

export interface TraceMeta {
  readonly problem: string;
  readonly optimizer: string;
  readonly hyper: Readonly<Record<string, number | boolean>>;
  readonly dim: number;
  readonly steps: number;
  /** The arithmetic the run used. Reference runs are float64; TensorFlow.js runs are float32. */
  readonly precision: 'float64' | 'float32';
  readonly seed?: number;
  /**
   * The tensors the P parameters hold (names, shapes, groups). Absent means
   * one flat tensor; the key is then left out, so traces without a layout
   * serialize as they always have.
   */
  readonly layout?: Layout;
}

export interface TraceLayout {
  /** Recorded coordinates, or null for all P. */
  readonly coordinates: Int32Array | null;
  /** Optimizer state fields recorded per row (rows × width each). */
  readonly state: readonly string[];
}

export class Trace {
  readonly meta: TraceMeta;
  readonly coordinates: Int32Array | null;
  /** Number of recorded parameters per row. */
  readonly width: number;
  readonly params: Float64Array;
  readonly loss: Float64Array;
  readonly gradNorm: Float64Array;
  readonly l1Norm: Float64Array;
  readonly linfNorm: Float64Array;
  /** Number of coordinates exactly equal to 0 (either sign), over all P. */
  readonly zeros: Int32Array;
  readonly state: Readonly<Record<string, Float64Array>>;
  /** Rows recorded so far. */
  length = 0;

  constructor(meta: TraceMeta, layout: TraceLayout) {
    // A layout for another P would name the wrong coordinates: refused with one line.
    if (meta.layout !== undefined && meta.layout.dim !== meta.dim) throw new InputError('meta.layout.dim', meta.layout.dim, `expected ${meta.dim}, the trace's parameter count`);
    this.meta = meta;
    this.coordinates = layout.coordinates;
    this.width = layout.coordinates ? layout.coordinates.length : meta.dim;
    const rows = meta.steps + 1;
    this.params = new Float64Array(rows * this.width);
    this.loss = new Float64Array(rows);
    this.gradNorm = new Float64Array(rows);
    this.l1Norm = new Float64Array(rows);
    this.linfNorm = new Float64Array(rows);
    this.zeros = new Int32Array(rows);
    const state: Record<string, Float64Array> = {};
    for (const name of layout.state) state[name] = new Float64Array(rows * this.width);
    this.state = state;
  }

  /** Bytes a trace of this shape holds. */
  static bytes(steps: number, width: number, stateFields: number): number {
    const rows = steps + 1;
    return rows * (8 * width * (1 + stateFields) + 8 * 4 + 4);
  }

  get rows(): number {
    return this.length;
  }

  /** The recorded parameters at a row (a view, not a copy). */
  row(i: number): Float64Array {
    this.checkRow(i);
    return this.params.subarray(i * this.width, (i + 1) * this.width);
  }

  /** The recorded values of one coordinate (index into the recorded set) across rows. */
  column(j: number): Float64Array {
    const out = new Float64Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.params[i * this.width + j];
    return out;
  }

  /** The parameter index P-space of recorded column j. */
  coordinate(j: number): number {
    return this.coordinates ? this.coordinates[j] : j;
  }

  /** Recorded column j as messages name it: `fc1.weight[2,3]` with a layout, `coordinate 7` without. */
  label(j: number): string {
    return coordinateLabel(this.meta.layout, this.coordinate(j));
  }

  /** One tensor of the layout over the steps (a trace without a layout holds one, 'params'); an unknown name is refused with the names. */
  tensor(name: string): TensorSeries {
    return tensorOf(this, name);
  }

  stateRow(name: string, i: number): Float64Array {
    const s = this.state[name];
    if (!s) throw new RangeError(`the trace did not record optimizer state "${name}" (recorded: ${Object.keys(this.state).join(', ') || 'none'})`);
    this.checkRow(i);
    return s.subarray(i * this.width, (i + 1) * this.width);
  }

  /** Append one row: the full parameter vector, its loss and gradient, and the optimizer state. */
  record(beta: Float64Array, loss: number, grad: Float64Array, state?: Readonly<Record<string, Float64Array | number>>): void {
    const i = this.length;
    if (i > this.meta.steps) throw new RangeError(`trace is full: it was sized for ${this.meta.steps} steps`);
    const base = i * this.width;
    const coords = this.coordinates;
    if (coords) for (let j = 0; j < coords.length; j++) this.params[base + j] = beta[coords[j]];
    else this.params.set(beta, base);
    let l1 = 0, linf = 0, zeros = 0, g2 = 0;
    for (let k = 0; k < beta.length; k++) {
      const a = Math.abs(beta[k]);
      l1 += a;
      if (a > linf || Number.isNaN(a)) linf = a;
      if (a === 0) zeros++;
      g2 += grad[k] * grad[k];
    }
    this.loss[i] = loss;
    this.gradNorm[i] = Math.sqrt(g2);
    this.l1Norm[i] = l1;
    this.linfNorm[i] = linf;
    this.zeros[i] = zeros;
    for (const name in this.state) {
      const value = state?.[name];
      if (!(value instanceof Float64Array)) {
        throw new RangeError(`optimizer ${this.meta.optimizer} has no state vector "${name}" to record`);
      }
      const target = this.state[name];
      if (coords) for (let j = 0; j < coords.length; j++) target[base + j] = value[coords[j]];
      else target.set(value, base);
    }
    this.length++;
  }

  private checkRow(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new RangeError(`row ${i} is outside the trace (rows 0..${this.length - 1})`);
  }
}
