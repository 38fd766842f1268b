/**
 * What a user's optimizer threw, as one line. JavaScript can throw anything:
 * an Error reads as its first line, anything else says what it was, so that
 * `throw null` or `throw 'boom'` fails an expectation instead of crashing the gate.
 */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error || isErrorLike(thrown)) {
    const message = String((thrown as Error).message ?? '').split('\n')[0];
    return message || `${(thrown as Error).name || 'an Error'} with no message`;
  }
  if (thrown === null) return 'null (not an Error)';
  if (thrown === undefined) return 'undefined (not an Error)';
  if (typeof thrown === 'string') return `${quote(thrown)} (a string, not an Error)`;
  if (typeof thrown === 'object') return `${quote(thrown)} (an object, not an Error)`;
  return `${clip(String(thrown))} (a ${typeof thrown}, not an Error)`;
}

/** An Error from another realm (a worker, a vm context) fails `instanceof Error` but has its shape. */
function isErrorLike(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as Error).message === 'string' && typeof (v as Error).name === 'string' && 'stack' in v;
}

function quote(v: unknown): string {
  let s: string | undefined;
  try {
    s = JSON.stringify(v);
  } catch {
    s = undefined;
  }
  return clip(s ?? Object.prototype.toString.call(v));
}

const clip = (s: string, max = 200): string => {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
};
