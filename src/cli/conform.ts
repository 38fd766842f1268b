import { conformance } from '../protocol/conformance.ts';
import { InputError } from '../validate/input-error.ts';

export const CONFORM_USAGE = `  optspec conform --command "<cmd>"       check that an adapter speaks optspec's stepping protocol (docs/protocol.md)`;

/** `optspec conform`: run the protocol's conformance checks on an adapter; exit 1 when one fails. */
export function conform(args: readonly string[]): number {
  if (args[0] !== '--command' || !args[1] || args.length > 2) throw new InputError('--command', args[1], 'expected --command "<shell command that starts the adapter>"');
  const checks = conformance(args[1]);
  const failed = checks.filter((c) => !c.pass).length;
  process.stdout.write(`optspec conform ${JSON.stringify(args[1])}\n${checks.map((c) => `${c.pass ? 'PASS' : 'FAIL'}  ${c.check}: ${c.detail}`).join('\n')}\n${failed === 0 ? 'the adapter speaks the protocol' : `${failed} check(s) failed`}\n`);
  return failed === 0 ? 0 : 1;
}
