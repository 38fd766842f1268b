import { traceFromJsonl } from '../trace/jsonl.ts';
import type { Trace } from '../trace/trace.ts';
import type { Verdict } from '../analysis/verdict.ts';
import { neverHitsZero, keepsZeros, jumpsOffZero } from '../analysis/zeros.ts';
import { entersTwoCycle } from '../analysis/two-cycle.ts';
import { lossNeverIncreases } from '../analysis/monotone.ts';
import { lossStaysBelow } from '../analysis/loss.ts';
import { staysCaptured } from '../analysis/capture.ts';
import { InputError } from '../validate/input-error.ts';
import { parseCommand } from './options/parse.ts';
import { VERIFY } from './options/commands.ts';

/** The values a claim's number may take: outside them the claim's text would be nonsense (a cycle γ, γ − 0). */
type Domain = 'positive' | 'non-negative' | 'finite';
const DOMAIN_TEXT: Record<Domain, string> = { positive: '> 0', 'non-negative': '>= 0', finite: 'finite' };
const inDomain = (d: Domain, v: number) => Number.isFinite(v) && (d === 'finite' || (d === 'positive' ? v > 0 : v >= 0));

interface Claim {
  /** Whether a value follows `=`, and which values it may take. */
  readonly value: 'none' | { readonly required: boolean; readonly domain: Domain };
  readonly doc: string;
  readonly check: (t: Trace, value: number | undefined) => Verdict;
}

/**
 * The claims `optspec verify` checks, each a predicate from src/analysis. A
 * Map, so a claim named `__proto__` or `toString` is unknown, not Object's.
 */
const CLAIMS: ReadonlyMap<string, Claim> = new Map<string, Claim>([
  // The recorded zero count cannot contradict the params: traceFromJsonl refuses rows where they disagree.
  ['never-hits-zero', { value: 'none', doc: 'no coordinate is exactly 0 after the start (001 Prop. 4.1)', check: (t) => neverHitsZero(t) }],
  ['keeps-zeros', { value: 'none', doc: 'a coordinate that lands on 0 stays there (001 eq. 11)', check: (t) => keepsZeros(t) }],
  ['two-cycle', { value: { required: true, domain: 'positive' }, doc: '=αλ: every coordinate ends in the γ, γ − αλ cycle (001 Prop. B.2)', check: (t, v) => entersTwoCycle(t, v!) }],
  ['jumps-off-zero', { value: { required: true, domain: 'positive' }, doc: '=η: a coordinate that lands on 0 jumps to −η·β_{N−1} (001 Prop. B.3)', check: (t, v) => jumpsOffZero(t, v!) }],
  ['loss-never-increases', { value: { required: false, domain: 'non-negative' }, doc: '[=tolerance]: the loss never goes up', check: (t, v) => lossNeverIncreases(t, v ?? 0) }],
  ['loss-below', { value: { required: true, domain: 'finite' }, doc: '=bound: the loss stays below the bound', check: (t, v) => lossStaysBelow(t, v!) }],
  ['stays-captured', { value: { required: true, domain: 'non-negative' }, doc: '=radius: the parameters stay within the radius of the start', check: (t, v) => staysCaptured(t, v!) }],
]);

/** The claims and their values, for `optspec verify --help` and the top-level usage. */
export const VERIFY_NOTES = `claims:\n${[...CLAIMS].map(([name, c]) => `  ${name} ${c.doc}${c.value === 'none' ? '' : ` (the number ${DOMAIN_TEXT[c.value.domain]})`}`).join('\n')}`;

function parseClaim(text: string): { name: string; claim: Claim; value: number | undefined } {
  const eq = text.indexOf('=');
  const name = eq < 0 ? text : text.slice(0, eq);
  const raw = eq < 0 ? undefined : text.slice(eq + 1);
  const claim = CLAIMS.get(name);
  if (!claim) throw new InputError('--claim', text, `expected one of ${[...CLAIMS.keys()].join(', ')}`);
  if (claim.value === 'none') {
    if (raw !== undefined) throw new InputError('--claim', text, `${name} takes no value`);
    return { name, claim, value: undefined };
  }
  const { required, domain } = claim.value;
  if (raw === undefined) {
    if (required) throw new InputError('--claim', text, `expected ${name}=<number> (${claim.doc})`);
    return { name, claim, value: undefined };
  }
  const value = Number(raw);
  if (raw.trim() === '' || !inDomain(domain, value)) throw new InputError('--claim', text, `expected ${name}=<number> with the number ${DOMAIN_TEXT[domain]} (${claim.doc})`);
  return { name, claim, value };
}

/** `optspec verify`: exit 0 when every claim holds on the recorded trace, 1 when one does not. */
export function verify(args: readonly string[]): number {
  const { values, positionals: [file] } = parseCommand(VERIFY, args);
  const claims = values.claim.map(parseClaim);
  if (claims.length === 0) throw new InputError('--claim', undefined, `expected at least one claim: ${[...CLAIMS.keys()].join(', ')}`);
  const trace = traceFromJsonl(file);
  let failed = 0;
  const lines = claims.map(({ name, claim, value }) => {
    const v = claim.check(trace, value);
    if (!v.pass) failed++;
    return `${v.pass ? 'PASS' : 'FAIL'}  ${name}${value === undefined ? '' : `=${value}`}: ${v.pass ? v.success : v.failure}`;
  });
  process.stdout.write(`optspec verify ${file} (${trace.meta.optimizer} on ${trace.meta.problem}, ${trace.length} rows)\n${lines.join('\n')}\n`);
  return failed === 0 ? 0 : 1;
}
