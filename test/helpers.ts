/** |a − b| ≤ rtol·max(|a|, |b|) + atol, elementwise; returns the first offender or null. */
export function firstMismatch(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol: number,
  atol = 0,
): { index: number; actual: number; expected: number } | null {
  if (actual.length !== expected.length) return { index: -1, actual: actual.length, expected: expected.length };
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const b = expected[i];
    if (Object.is(a, b)) continue;
    if (!(Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b)) + atol)) return { index: i, actual: a, expected: b };
  }
  return null;
}
