/**
 * The optimizer `optspec check` judges, wherever it runs: a user's module in
 * a worker thread (./sandbox/sandbox.ts), or an adapter process speaking the
 * stepping protocol. Either way it is started before any expectation runs, so
 * that a module that does not load or a command that does not answer is one
 * line and exit 2, and either way its faults follow one FaultLedger.
 */
import type { Maker } from './families.ts';
import type { FaultGate } from './run-check.ts';
import { Sandbox, type SandboxOptions } from './sandbox/sandbox.ts';
import { FaultLedger } from '../protocol/fault-ledger.ts';
import { closeCommands, commandMaker, startCommand } from '../protocol/command.ts';
import type { Hello } from '../protocol/host.ts';

export interface CheckedOptimizer {
  readonly make: Maker;
  /** Options the module declares its optimizer lacks (`export const without = [...]`), as --without would. */
  readonly without?: readonly string[];
  /** The hyperparameters an adapter says its optimizer takes (read from a torch class's signature); absent: any. */
  readonly takes?: readonly string[];
  readonly gate: FaultGate;
  close(): void;
}

export interface Budgets {
  /** Seconds one step (or any other call) may take. Default 10. */
  readonly stepTimeout?: number;
  /** Seconds the worker or process may take to start. Default 60. */
  readonly startTimeout?: number;
}

const ledgerGate = (ledger: FaultLedger): FaultGate => ({ begin: () => ledger.begin(), fault: () => ledger.fault() });

/** `--optimizer module#export`: the module loaded in a worker, the export checked to be a function. */
export function openModule(module: string, exportName: string, budgets: SandboxOptions = {}): CheckedOptimizer {
  const sandbox = new Sandbox(module, exportName, budgets);
  sandbox.open();
  return { make: sandbox.maker, without: sandbox.without, gate: ledgerGate(sandbox.ledger), close: () => sandbox.close() };
}

/**
 * `--command "<cmd>"`: the adapter started and handshaken now; only the keys
 * `hyperKeys` returns are sent to it, given what the handshake says it takes.
 */
export function openCommand(command: string, options: Budgets & { readonly hyperKeys: (takes: readonly string[] | undefined, name: string) => readonly string[] }): CheckedOptimizer {
  const faults = new FaultLedger('the adapter');
  const hostOptions = { stepTimeout: options.stepTimeout, startTimeout: options.startTimeout, faults };
  let hello: Hello;
  try {
    hello = startCommand(command, hostOptions);
  } catch (err) {
    closeCommands();
    throw err;
  }
  const { takes, name } = hello;
  return { make: commandMaker(command, { ...hostOptions, hyperKeys: options.hyperKeys(takes, name) }), ...(takes ? { takes } : {}), gate: ledgerGate(faults), close: closeCommands };
}
