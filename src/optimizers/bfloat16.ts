/**
 * bfloat16 rounding, to emulate arithmetic done in torch.bfloat16: a value is
 * first rounded to float32 (what torch computes a bfloat16 op in), then its
 * float32 bit pattern is rounded to the upper 16 bits, to nearest with ties to
 * even, as c10::BFloat16's round_to_nearest_even does. NaN stays NaN; a value
 * past the largest bfloat16 becomes ±Infinity.
 */
const f32 = new Float32Array(1);
const bits = new Uint32Array(f32.buffer);

export function bfloat16(x: number): number {
  f32[0] = x;
  const b = bits[0];
  if ((b & 0x7f800000) === 0x7f800000) return f32[0];
  const lsb = (b >>> 16) & 1;
  bits[0] = ((b + 0x7fff + lsb) >>> 0) & 0xffff0000;
  return f32[0];
}
