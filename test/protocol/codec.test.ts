// Numbers cross the protocol bit for bit: NaN (with its payload), ±Infinity,
// −0, subnormals and the extremes, in both directions.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decodeVector, encodeVector } from '../../src/protocol/codec.ts';

const bits = (v: Float64Array) => Array.from(new BigUint64Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength)), (b) => b.toString(16));
const special = new Float64Array([NaN, Infinity, -Infinity, -0, 0, 5e-324, -Number.MIN_VALUE, Number.MAX_VALUE, 0.1, -1 / 3, 1e308, 2 ** -1074 * 3]);
const payload = new BigUint64Array([0x7ff800000000beefn, 0xfff0000000000001n]); // a quiet NaN with a payload, a negative signalling NaN
const withPayloads = new Float64Array(special.length + 2);
withPayloads.set(special);
withPayloads.set(new Float64Array(payload.buffer), special.length);

describe('the protocol codec: little-endian float64 in base64', () => {
  it('round-trips every bit in optspec', () => {
    expect(bits(decodeVector(encodeVector(withPayloads), withPayloads.length))).toEqual(bits(withPayloads));
  });

  it('is the plain byte layout, so any language can read it', () => {
    expect(encodeVector(new Float64Array([1, -0]))).toBe('AAAAAAAA8D8AAAAAAAAAgA==');
  });

  it('round-trips every bit through the PyTorch adapter’s decode/encode', () => {
    const script = 'import sys; sys.path.insert(0, "python"); import optspec_torch as o; print(o.encode(o.decode(sys.argv[1])))';
    const back = execFileSync('/usr/bin/python3', ['-c', script, encodeVector(withPayloads)], { encoding: 'utf8' }).trim();
    expect(bits(decodeVector(back, withPayloads.length))).toEqual(bits(withPayloads));
  }, 30_000);

  it('rejects the wrong number of values', () => {
    expect(() => decodeVector(encodeVector(new Float64Array(3)), 4)).toThrow('expected 4 values, got 3');
    expect(() => decodeVector('AAAA', 1)).toThrow('expected 1 values, got 3 bytes, not a whole number of float64 values');
  });
});
