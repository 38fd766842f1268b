import { conformanceReport } from '../protocol/conformance.ts';
import { InputError } from '../validate/input-error.ts';
import { parseCommand } from './options/parse.ts';
import { CONFORM } from './options/commands.ts';

/** `optspec conform`: run the protocol's conformance checks on an adapter; exit 1 when one fails. */
export function conform(args: readonly string[]): number {
  const { values: { command } } = parseCommand(CONFORM, args);
  if (command === undefined || command.trim() === '') throw new InputError('--command', command, 'expected --command "<shell command that starts the adapter>"');
  const { version, checks } = conformanceReport(command);
  const failed = checks.filter((c) => !c.pass).length;
  // A version-1 adapter conforms, but the gate's shaped expectations will be refused: say so where its author looks.
  const spoken = version === 1 ? 'protocol 1 (flat layouts only: layouts, missing gradients and train/eval need protocol 2)' : `protocol ${version}`;
  process.stdout.write(`optspec conform ${JSON.stringify(command)}\n${checks.map((c) => `${c.pass ? 'PASS' : 'FAIL'}  ${c.check}: ${c.detail}`).join('\n')}\n${failed === 0 ? `the adapter speaks ${spoken}` : `${failed} check(s) failed`}\n`);
  return failed === 0 ? 0 : 1;
}
