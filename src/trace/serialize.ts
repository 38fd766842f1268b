import { Trace, type TraceMeta } from './trace.ts';
import { InputError } from '../validate/input-error.ts';
import { makeLayout } from '../optimizers/layout.ts';

/**
 * JSON for traces that loses nothing. JSON has no NaN, ±Infinity or −0, so
 * those travel as the strings "NaN", "Infinity", "-Infinity" and "-0"; every
 * finite double is written in its shortest round-trip form, so parsing gives
 * back the same bits.
 */
export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';

export function encodeNumber(x: number): JsonNumber {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0 && 1 / x < 0) return '-0';
  return x;
}

export function decodeNumber(field: string, v: unknown): number {
  if (typeof v === 'number') return v;
  switch (v) {
    case 'NaN': return NaN;
    case 'Infinity': return Infinity;
    case '-Infinity': return -Infinity;
    case '-0': return -0;
  }
  throw new InputError(field, v, 'expected a number or one of "NaN", "Infinity", "-Infinity", "-0"');
}

const encodeArray = (a: ArrayLike<number>): JsonNumber[] => Array.from(a, encodeNumber);

function rows(a: Float64Array, width: number, n: number): JsonNumber[][] {
  const out: JsonNumber[][] = [];
  for (let i = 0; i < n; i++) out.push(encodeArray(a.subarray(i * width, (i + 1) * width)));
  return out;
}

export interface TraceJson {
  format: 'optspec-trace/1';
  meta: TraceMeta;
  coordinates: number[] | null;
  params: JsonNumber[][];
  loss: JsonNumber[];
  gradNorm: JsonNumber[];
  l1Norm: JsonNumber[];
  linfNorm: JsonNumber[];
  zeros: number[];
  state: Record<string, JsonNumber[][]>;
}

export function traceToJson(trace: Trace): TraceJson {
  const n = trace.length;
  const state: Record<string, JsonNumber[][]> = {};
  for (const [name, values] of Object.entries(trace.state)) state[name] = rows(values, trace.width, n);
  return {
    format: 'optspec-trace/1',
    meta: { ...trace.meta, hyper: { ...trace.meta.hyper } },
    coordinates: trace.coordinates ? Array.from(trace.coordinates) : null,
    params: rows(trace.params, trace.width, n),
    loss: encodeArray(trace.loss.subarray(0, n)),
    gradNorm: encodeArray(trace.gradNorm.subarray(0, n)),
    l1Norm: encodeArray(trace.l1Norm.subarray(0, n)),
    linfNorm: encodeArray(trace.linfNorm.subarray(0, n)),
    zeros: Array.from(trace.zeros.subarray(0, n)),
    state,
  };
}

const jsonNumber = (x: number): string => {
  const e = encodeNumber(x);
  return typeof e === 'number' ? String(e) : `"${e}"`;
};

function* jsonRows(a: Float64Array, width: number, n: number, rowsPerChunk: number): Generator<string> {
  for (let start = 0; start < n; start += rowsPerChunk) {
    const parts: string[] = [];
    for (let i = start; i < Math.min(n, start + rowsPerChunk); i++) {
      const row: string[] = [];
      for (let j = i * width; j < (i + 1) * width; j++) row.push(jsonNumber(a[j]));
      parts.push(`[${row.join(',')}]`);
    }
    yield (start === 0 ? '' : ',') + parts.join(',');
  }
}

function* jsonColumn(a: ArrayLike<number>, n: number, rowsPerChunk: number): Generator<string> {
  for (let start = 0; start < n; start += rowsPerChunk) {
    const parts: string[] = [];
    for (let i = start; i < Math.min(n, start + rowsPerChunk); i++) parts.push(jsonNumber(a[i]));
    yield (start === 0 ? '' : ',') + parts.join(',');
  }
}

/**
 * The same text as `JSON.stringify(traceToJson(trace))`, in pieces of a few
 * thousand rows: a long trace's JSON can exceed the longest string V8 can
 * hold (about 2^29 characters), and its array form costs many times the
 * trace's own memory, so `optspec trace` writes these pieces as they come.
 */
export function* traceJsonChunks(trace: Trace, rowsPerChunk = 4096): Generator<string> {
  const n = trace.length;
  const meta = { ...trace.meta, hyper: { ...trace.meta.hyper } };
  const coordinates = trace.coordinates ? Array.from(trace.coordinates) : null;
  yield `{"format":"optspec-trace/1","meta":${JSON.stringify(meta)},"coordinates":${JSON.stringify(coordinates)},"params":[`;
  yield* jsonRows(trace.params, trace.width, n, rowsPerChunk);
  for (const field of ['loss', 'gradNorm', 'l1Norm', 'linfNorm'] as const) {
    yield `],"${field}":[`;
    yield* jsonColumn(trace[field], n, rowsPerChunk);
  }
  yield '],"zeros":[';
  yield* jsonColumn(trace.zeros, n, rowsPerChunk);
  yield '],"state":{';
  let first = true;
  for (const [name, values] of Object.entries(trace.state)) {
    yield `${first ? '' : ','}${JSON.stringify(name)}:[`;
    yield* jsonRows(values, trace.width, n, rowsPerChunk);
    yield ']';
    first = false;
  }
  yield '}}';
}

export function traceFromJson(json: unknown): Trace {
  const j = json as TraceJson;
  if (!j || j.format !== 'optspec-trace/1') throw new InputError('format', j?.format, 'expected "optspec-trace/1"');
  const n = j.loss.length;
  // A layout read back is checked like one given by hand: a bad one would name the wrong coordinates.
  const layout = j.meta.layout === undefined ? {} : { layout: makeLayout(j.meta.layout, 'meta.layout') };
  const meta: TraceMeta = { ...j.meta, steps: Math.max(j.meta.steps, n - 1), ...layout };
  const trace = new Trace(meta, {
    coordinates: j.coordinates ? Int32Array.from(j.coordinates) : null,
    state: Object.keys(j.state ?? {}),
  });
  const fill = (target: Float64Array, field: string, values: unknown[]) =>
    values.forEach((v, i) => (target[i] = decodeNumber(`${field}[${i}]`, v)));
  j.params.forEach((row, i) => fill(trace.params.subarray(i * trace.width), `params[${i}]`, row));
  fill(trace.loss, 'loss', j.loss);
  fill(trace.gradNorm, 'gradNorm', j.gradNorm);
  fill(trace.l1Norm, 'l1Norm', j.l1Norm);
  fill(trace.linfNorm, 'linfNorm', j.linfNorm);
  trace.zeros.set(j.zeros);
  for (const [name, values] of Object.entries(j.state ?? {})) {
    values.forEach((row, i) => fill(trace.state[name].subarray(i * trace.width), `state.${name}[${i}]`, row));
  }
  trace.length = n;
  return trace;
}
