import { readFileSync } from 'node:fs';
import { Trace, type TraceMeta } from './trace.ts';
import { decodeNumber, encodeNumber } from './serialize.ts';
import { InputError, record } from '../validate/input-error.ts';
import { parameterCount, shallowJson } from '../validate/limits.ts';
import { layoutJson, readLayoutJson } from './layout-json.ts';

/**
 * Traces recorded elsewhere (a PyTorch loop, JAX, a log), as JSON Lines: a
 * header line, then one object per step, row k holding β_k, L(β_k) and the
 * summaries at β_k (docs/protocol.md, "Traces recorded elsewhere"):
 *
 *   {"format":"optspec-trace-jsonl/1","dim":3,"problem":"l1","optimizer":"torch.optim.SGD","hyper":{"lr":0.01}}
 *   {"step":0,"loss":1.0053,"params":[0.5053,-0.3,0.2],"gradNorm":1.7320508075688772}
 *   {"step":1,"loss":0.9753,"params":[0.4953,-0.29,0.19],"smallFraction":0}
 *
 * Numbers are JSON numbers or the strings "NaN", "Infinity", "-Infinity",
 * "-0". `params` (all dim coordinates, or the header's `coordinates`) is
 * optional (in every row or in none); without all of them each row must carry l1Norm, linfNorm and
 * zeros, which are otherwise computed. Any other numeric field is a named
 * summary (smallFraction, accuracy, …), read with `summary(name)`. The header's
 * optional `layout` names the tensors the parameters hold (layout-json.ts), read
 * with `trace.tensor(name)`.
 */
export const JSONL_FORMAT = 'optspec-trace-jsonl/1';

const HEADER_FIELDS = ['format', 'dim', 'problem', 'optimizer', 'hyper', 'precision', 'seed', 'coordinates', 'small', 'layout'];
const ROW_FIELDS = ['step', 'loss', 'params', 'gradNorm', 'l1Norm', 'linfNorm', 'zeros'];

/** A Trace read from JSON Lines, with the named summaries it carried. */
export class RecordedTrace extends Trace {
  summaries: Record<string, Float64Array> = {};
  header: Readonly<Record<string, unknown>> = {};

  /** A named summary per row (e.g. smallFraction), NaN where a row lacked it. */
  summary(name: string): Float64Array {
    const s = this.summaries[name];
    if (!s) throw new RangeError(`the recorded trace has no summary "${name}" (it has: ${Object.keys(this.summaries).join(', ') || 'none'})`);
    return s.subarray(0, this.length);
  }
}

export function traceFromJsonl(file: string): RecordedTrace {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError('trace', file, `could not be read (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  return traceFromJsonlText(text, file);
}

function parseLine(source: string, n: number, line: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new InputError(`${source} line ${n}`, line.length > 60 ? `${line.slice(0, 57)}...` : line, `is not JSON (${(err as Error).message})`);
  }
  shallowJson(`${source} line ${n}`, value);
  return record(`${source} line ${n}`, value);
}

export function traceFromJsonlText(text: string, source = 'trace.jsonl'): RecordedTrace {
  const lines = text.split('\n').map((l, i) => [i + 1, l.trim()] as const).filter(([, l]) => l !== '');
  if (lines.length === 0) throw new InputError(source, '', 'is empty: expected a header line and one line per step');
  const [headerLine, headerText] = lines[0];
  const header = parseLine(source, headerLine, headerText);
  const at = (field: string) => `${source} line ${headerLine}: ${field}`;
  if (header.format !== JSONL_FORMAT) throw new InputError(at('format'), header.format, `expected "${JSONL_FORMAT}" on the first line`);
  for (const key of Object.keys(header)) if (!HEADER_FIELDS.includes(key)) throw new InputError(at(key), header[key], `unknown header field (allowed: ${HEADER_FIELDS.join(', ')})`);
  const dim = header.dim;
  if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 0) throw new InputError(at('dim'), dim, 'expected the parameter count, an integer >= 0');
  parameterCount(at('dim'), dim);
  const coordinates = readCoordinates(header.coordinates, dim, at('coordinates'));
  const layout = header.layout === undefined ? undefined : readLayoutJson(header.layout, dim, at('layout'));
  const precision = header.precision ?? 'float64';
  if (precision !== 'float64' && precision !== 'float32') throw new InputError(at('precision'), precision, 'expected "float64" or "float32"');
  const rows = lines.slice(1).map(([n, l]) => [n, parseLine(source, n, l)] as const);
  if (rows.length === 0) throw new InputError(source, `${lines.length} line`, 'has no steps: expected one line per step after the header');

  const summaryNames = [...new Set(rows.flatMap(([, r]) => Object.keys(r).filter((k) => !ROW_FIELDS.includes(k))))];
  // A summary is kept under its name in a plain object, where `__proto__` would replace the prototype instead.
  const proto = rows.find(([, r]) => Object.hasOwn(r, '__proto__'));
  if (proto) throw new InputError(`${source} line ${proto[0]}: __proto__`, proto[1].__proto__, 'is not a summary name optspec can keep');
  const meta: TraceMeta = {
    problem: typeof header.problem === 'string' ? header.problem : 'recorded',
    optimizer: typeof header.optimizer === 'string' ? header.optimizer : 'recorded',
    hyper: (header.hyper ?? {}) as TraceMeta['hyper'],
    dim,
    steps: rows.length - 1,
    precision,
    ...(typeof header.seed === 'number' ? { seed: header.seed } : {}),
    ...(layout ? { layout } : {}),
  };
  // Rows without params record summaries alone, as runTrace does with coordinates: 'none'.
  const anyParams = rows.some(([, r]) => r.params !== undefined);
  const trace = new RecordedTrace(meta, { coordinates: anyParams ? coordinates : new Int32Array(0), state: [] });
  trace.header = header;
  for (const name of summaryNames) trace.summaries[name] = new Float64Array(rows.length).fill(NaN);
  const hasAll = trace.coordinates === null;
  rows.forEach(([n, row], k) => {
    const field = (f: string) => `${source} line ${n}: ${f}`;
    if (row.step !== k) throw new InputError(field('step'), row.step, `expected ${k}: rows are consecutive steps from 0`);
    if (row.loss === undefined) throw new InputError(field('loss'), undefined, 'expected the loss at this step');
    trace.loss[k] = decodeNumber(field('loss'), row.loss);
    if (row.params !== undefined) {
      if (!Array.isArray(row.params) || row.params.length !== trace.width) throw new InputError(field('params'), row.params, `expected ${trace.width} numbers`);
      row.params.forEach((v, j) => (trace.params[k * trace.width + j] = decodeNumber(field(`params[${j}]`), v)));
    } else if (trace.width > 0) {
      throw new InputError(field('params'), undefined, `expected ${trace.width} numbers, as in the other rows (or in none, to record summaries alone)`);
    }
    const beta = trace.params.subarray(k * trace.width, (k + 1) * trace.width);
    const computed = hasAll && row.params !== undefined;
    const summary = (f: 'l1Norm' | 'linfNorm' | 'zeros', compute: () => number) => {
      if (row[f] !== undefined) return decodeNumber(field(f), row[f]);
      if (computed) return compute();
      throw new InputError(field(f), undefined, 'expected a number: the row does not hold all dim parameters to compute it from');
    };
    trace.l1Norm[k] = summary('l1Norm', () => beta.reduce((s, x) => s + Math.abs(x), 0));
    trace.linfNorm[k] = summary('linfNorm', () => beta.reduce((m, x) => (Math.abs(x) > m || Number.isNaN(x) ? Math.abs(x) : m), 0));
    const zeros = summary('zeros', () => beta.reduce((z, x) => z + (x === 0 ? 1 : 0), 0));
    if (!Number.isInteger(zeros) || zeros < 0 || zeros > dim) throw new InputError(field('zeros'), row.zeros, `expected a count in 0..${dim}`);
    if (row.params !== undefined && row.zeros !== undefined) agreesWithParams(field('zeros'), zeros, beta, hasAll);
    trace.zeros[k] = zeros;
    trace.gradNorm[k] = row.gradNorm === undefined ? NaN : decodeNumber(field('gradNorm'), row.gradNorm);
    for (const name of summaryNames) if (row[name] !== undefined) trace.summaries[name][k] = decodeNumber(field(name), row[name]);
  });
  trace.length = rows.length;
  return trace;
}

/**
 * A row's `zeros` must agree with its `params`: equal to their exact zeros
 * when all coordinates are recorded, at least that many when some are. A
 * claim judged from one of two contradicting fields would let the wrong one
 * win (never-hits-zero reads the count, keeps-zeros the params).
 */
function agreesWithParams(field: string, zeros: number, beta: Float64Array, all: boolean): void {
  let inParams = 0;
  for (const x of beta) if (x === 0) inParams++;
  if (all ? zeros !== inParams : zeros < inParams) {
    throw new InputError(field, zeros, `contradicts the row's params, which hold ${inParams} coordinate(s) exactly 0${all ? '' : ' among the recorded ones'}`);
  }
}

function readCoordinates(value: unknown, dim: number, field: string): Int32Array | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw new InputError(field, value, 'expected a list of parameter indices');
  return Int32Array.from(value, (j, i) => {
    if (!Number.isInteger(j) || j < 0 || j >= dim) throw new InputError(`${field}[${i}]`, j, `expected an index in 0..${dim - 1}`);
    return j;
  });
}

/** The JSON Lines form of a trace (the inverse of traceFromJsonlText, summaries included). */
export function traceToJsonl(trace: Trace): string {
  const { problem, optimizer, hyper, dim, precision, seed, layout } = trace.meta;
  const header = {
    format: JSONL_FORMAT, dim, problem, optimizer, hyper, precision,
    ...(seed !== undefined ? { seed } : {}),
    ...(trace.coordinates ? { coordinates: Array.from(trace.coordinates) } : {}),
    ...(layout ? { layout: layoutJson(layout) } : {}),
  };
  const summaries = trace instanceof RecordedTrace ? trace.summaries : {};
  const lines = [JSON.stringify(header)];
  for (let k = 0; k < trace.length; k++) {
    const row: Record<string, unknown> = { step: k, loss: encodeNumber(trace.loss[k]) };
    if (trace.width > 0) row.params = Array.from(trace.row(k), encodeNumber);
    if (!Number.isNaN(trace.gradNorm[k])) row.gradNorm = encodeNumber(trace.gradNorm[k]);
    row.l1Norm = encodeNumber(trace.l1Norm[k]);
    row.linfNorm = encodeNumber(trace.linfNorm[k]);
    row.zeros = trace.zeros[k];
    for (const [name, values] of Object.entries(summaries)) if (!Number.isNaN(values[k])) row[name] = encodeNumber(values[k]);
    lines.push(JSON.stringify(row));
  }
  return `${lines.join('\n')}\n`;
}
