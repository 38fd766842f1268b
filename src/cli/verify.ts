import { traceFromJsonl } from '../trace/jsonl.ts';
import type { Trace } from '../trace/trace.ts';
import type { Verdict } from '../analysis/verdict.ts';
import { neverHitsZero, keepsZeros, jumpsOffZero } from '../analysis/zeros.ts';
import { entersTwoCycle } from '../analysis/two-cycle.ts';
import { lossNeverIncreases } from '../analysis/monotone.ts';
import { lossStaysBelow } from '../analysis/loss.ts';
import { staysCaptured } from '../analysis/capture.ts';
import { InputError } from '../validate/input-error.ts';

/** The claims `optspec verify` checks, each a predicate from src/analysis; `value` is what follows `=`. */
const CLAIMS: Readonly<Record<string, { value: 'none' | 'required' | 'optional'; doc: string; check: (t: Trace, value: number | undefined) => Verdict }>> = {
  'never-hits-zero': { value: 'none', doc: 'no coordinate is exactly 0 after the start (001 Prop. 4.1)', check: (t) => neverHitsZero(t) },
  'keeps-zeros': { value: 'none', doc: 'a coordinate that lands on 0 stays there (001 eq. 11)', check: (t) => keepsZeros(t) },
  'two-cycle': { value: 'required', doc: '=αλ: every coordinate ends in the γ, γ − αλ cycle (001 Prop. B.2)', check: (t, v) => entersTwoCycle(t, v!) },
  'jumps-off-zero': { value: 'required', doc: '=η: a coordinate that lands on 0 jumps to −η·β_{N−1} (001 Prop. B.3)', check: (t, v) => jumpsOffZero(t, v!) },
  'loss-never-increases': { value: 'optional', doc: '[=tolerance]: the loss never goes up', check: (t, v) => lossNeverIncreases(t, v ?? 0) },
  'loss-below': { value: 'required', doc: '=bound: the loss stays below the bound', check: (t, v) => lossStaysBelow(t, v!) },
  'stays-captured': { value: 'required', doc: '=radius: the parameters stay within the radius of the start', check: (t, v) => staysCaptured(t, v!) },
};

export const VERIFY_USAGE = `  optspec verify <trace.jsonl> --claim <claim>[=<value>] [--claim …]
                                           check claims on a trace recorded elsewhere (docs/protocol.md); claims:
${Object.entries(CLAIMS).map(([name, c]) => `                                             ${name} ${c.doc}`).join('\n')}`;

function parseClaim(text: string | undefined): { name: string; value: number | undefined } {
  const [name, raw] = (text ?? '').split('=', 2);
  const claim = CLAIMS[name];
  if (!claim) throw new InputError('--claim', text, `expected one of ${Object.keys(CLAIMS).join(', ')}`);
  if (raw === undefined) {
    if (claim.value === 'required') throw new InputError('--claim', text, `expected ${name}=<number> (${claim.doc})`);
    return { name, value: undefined };
  }
  const value = Number(raw);
  if (claim.value === 'none' || raw.trim() === '' || !Number.isFinite(value)) throw new InputError('--claim', text, claim.value === 'none' ? `${name} takes no value` : `expected ${name}=<finite number>`);
  return { name, value };
}

/** `optspec verify`: exit 0 when every claim holds on the recorded trace, 1 when one does not. */
export function verify(args: readonly string[]): number {
  let file: string | undefined;
  const claims: { name: string; value: number | undefined }[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--claim') claims.push(parseClaim(args[++i]));
    else if (file === undefined && !args[i].startsWith('--')) file = args[i];
    else throw new InputError('argument', args[i], 'expected <trace.jsonl> and --claim <claim>');
  }
  if (!file) throw new InputError('trace', file, 'expected the path of a JSON Lines trace');
  if (claims.length === 0) throw new InputError('--claim', undefined, `expected at least one claim: ${Object.keys(CLAIMS).join(', ')}`);
  const trace = traceFromJsonl(file);
  let failed = 0;
  const lines = claims.map(({ name, value }) => {
    const v = CLAIMS[name].check(trace, value);
    if (!v.pass) failed++;
    return `${v.pass ? 'PASS' : 'FAIL'}  ${name}${value === undefined ? '' : `=${value}`}: ${v.pass ? v.success : v.failure}`;
  });
  process.stdout.write(`optspec verify ${file} (${trace.meta.optimizer} on ${trace.meta.problem}, ${trace.length} rows)\n${lines.join('\n')}\n`);
  return failed === 0 ? 0 : 1;
}
