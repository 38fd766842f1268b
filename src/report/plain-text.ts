/**
 * Text as the report shows it: no terminal escape codes (vitest colours its
 * messages, a user may colour a test name or a claim), and a thrown value of
 * any kind as readable text, never "[object Object]".
 */

/**
 * CSI sequences (colours, cursor moves), OSC sequences (terminal titles,
 * hyperlinks) ended by BEL or ESC \, the 8-bit CSI, character-set and other
 * escapes (ESC, intermediates, a final byte); a lone ESC left over goes too.
 */
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[ -/]+[0-~]|\u001b[0-~]|\u001b/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/**
 * A copy of a report value with every string stripped of escape codes:
 * arrays and plain objects are copied, anything else (numbers, functions,
 * typed arrays) is kept as it is.
 */
export function plainDeep<T>(value: T): T {
  if (typeof value === 'string') return stripAnsi(value) as T;
  if (Array.isArray(value)) return value.map(plainDeep) as T;
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainDeep(v)])) as T;
  }
  return value;
}

/** How much of a thrown non-Error value the report quotes. */
export const QUOTE_LIMIT = 200;

/** Fields vitest adds when it serialises a thrown value, which say nothing about what was thrown. */
const SERIALISED = new Set(['stacks', 'stack', 'stackStr', 'nameStr', 'expected', 'actual', 'showDiff', 'diff']);

function quote(text: string): string {
  return text.length <= QUOTE_LIMIT ? text : `${text.slice(0, QUOTE_LIMIT)}… (${text.length} characters)`;
}

/**
 * A thrown value as one readable text: an error's message; a plain object as
 * its JSON (vitest's own bookkeeping fields left out), cut to QUOTE_LIMIT
 * characters; anything else as String() gives it.
 */
export function thrownText(thrown: unknown): string {
  if (thrown !== null && typeof thrown === 'object') {
    const message = (thrown as { message?: unknown }).message;
    if (typeof message === 'string') return stripAnsi(message);
    const own = Object.fromEntries(Object.entries(thrown).filter(([k]) => !SERIALISED.has(k)));
    let json: string | undefined;
    try {
      json = JSON.stringify(own);
    } catch {
      json = undefined; // circular or holding a BigInt: fall through to the keys
    }
    const shown = json ?? `{${Object.keys(own).join(', ')}}`;
    return stripAnsi(`threw a non-Error value: ${quote(shown === '{}' ? Object.prototype.toString.call(thrown) : shown)}`);
  }
  return stripAnsi(String(thrown));
}
