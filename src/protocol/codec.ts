import { endianness } from 'node:os';

/**
 * Vectors cross the protocol as the little-endian bytes of their float64
 * values, in base64: every double (NaN payloads, ±Infinity and −0 included)
 * arrives with the same bits it left with, and a vector of P values costs
 * 4·⌈8P/3⌉ characters whatever the values are.
 */
const LITTLE = endianness() === 'LE';

function bytesOf(v: Float64Array): Uint8Array {
  if (LITTLE) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  const out = new Uint8Array(v.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < v.length; i++) view.setFloat64(8 * i, v[i], true);
  return out;
}

export function encodeVector(v: Float64Array): string {
  const b = bytesOf(v);
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

/**
 * Decode `text` into `into` (same length) and return null, or return what is
 * wrong with it: not a string, or the wrong number of values.
 */
export function decodeVectorInto(text: unknown, into: Float64Array): string | null {
  if (typeof text !== 'string') return `expected a base64 string of float64 values, got ${typeof text}`;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== into.byteLength) {
    const n = bytes.length / 8;
    return `expected ${into.length} values, got ${Number.isInteger(n) ? n : `${bytes.length} bytes, not a whole number of float64 values`}`;
  }
  if (LITTLE) new Uint8Array(into.buffer, into.byteOffset, into.byteLength).set(bytes);
  else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < into.length; i++) into[i] = view.getFloat64(8 * i, true);
  }
  return null;
}

export function decodeVector(text: string, length: number): Float64Array {
  const out = new Float64Array(length);
  const wrong = decodeVectorInto(text, out);
  if (wrong) throw new RangeError(wrong);
  return out;
}
