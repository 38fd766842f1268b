/**
 * What `optspec check`'s arguments start before any expectation runs: the
 * candidate (a module in a worker, an adapter command, or a torch class
 * through the installed adapter), the user's own reference if any, the
 * context the expectations read, and the plan of what is checked and what
 * is not.
 */
import { baseHyper, checkWithout, optionsOf } from '../check/families.ts';
import { openCommand, openModule, type Budgets, type CheckedOptimizer } from '../check/checked-optimizer.ts';
import { planCheck, type Plan } from '../check/plan.ts';
import type { CheckContext, ParityReference } from '../check/expectation.ts';
import type { FaultGate } from '../check/run-check.ts';
import { InputError } from '../validate/input-error.ts';
import { torchCommand } from './torch-python.ts';
import type { CheckArgs } from './check.ts';

export interface CheckSession {
  /** How the console, report and JUnit name the checked optimizer. */
  readonly name: string;
  readonly ctx: CheckContext;
  readonly plan: Plan;
  /** The candidate's and the reference's faults, one gate. */
  readonly gate: FaultGate;
  close(): void;
}

/** The command a --torch class runs as: the Python that has torch, and the adapter installed with optspec. */
export function candidateCommand(args: CheckArgs): string | undefined {
  if (args.torch !== undefined) return torchCommand(args.torch, args.torchSet);
  return args.optimizer && 'command' in args.optimizer ? args.optimizer.command : undefined;
}

/** Both gates: an expectation ends with whichever fault came first. */
function both(a: FaultGate, b: FaultGate | undefined): FaultGate {
  if (!b) return a;
  return { begin: () => (a.begin(), b.begin()), fault: () => a.fault() ?? b.fault() };
}

/** Start the candidate and the reference; a failure to start either is one line (exit 2) before anything runs. */
export async function openSession(args: CheckArgs): Promise<CheckSession> {
  const userReference = args.reference !== undefined || args.referenceCommand !== undefined;
  const budgets: Budgets = { stepTimeout: args.stepTimeout, startTimeout: args.startTimeout };
  const command = candidateCommand(args);
  const module = args.optimizer && 'module' in args.optimizer ? args.optimizer : undefined;
  const opened: CheckedOptimizer[] = [];
  try {
    // A module is loaded first: it may declare the options it lacks (`export const without = [...]`).
    const loaded = module ? openModule(module.module, module.exportName, budgets) : undefined;
    if (loaded) opened.push(loaded);
    const without = [...new Set([...args.without, ...(loaded?.without ?? [])])];
    if (without.length > 0) {
      if (args.family === undefined) throw new InputError('--without', without.join(','), 'names options of a family: give --family too');
      checkWithout(args.family, without);
    }
    const planInput = { family: args.family, dialect: args.dialect, reference: userReference, declare: args.declare, skip: args.skip, only: args.only, without };
    // The plan before any process starts: an unknown --skip or --declare is bad input.
    let plan = planCheck(planInput);
    // An external optimizer is sent exactly the hyperparameters the gate hands a maker, every option included,
    // except the options its handshake says it does not take (a torch class's signature): those join --without.
    let notTaken: string[] = [];
    let takenBy = '';
    const keysFor = (missing: readonly string[]) => Object.keys(baseHyper({ family: args.family, dialect: args.dialect, without: missing, hyper: args.hyper }));
    const candidate = loaded ?? openCommand(command!, {
      ...budgets,
      hyperKeys: (takes, name) => {
        takenBy = name;
        notTaken = takes === undefined ? [] : optionsOf({ family: args.family, dialect: args.dialect, without }).filter((o) => !takes.includes(o));
        return keysFor([...without, ...notTaken]);
      },
    });
    if (!loaded) opened.push(candidate);
    if (notTaken.length > 0) {
      without.push(...notTaken);
      plan = planCheck({ ...planInput, without: without.filter((o) => !notTaken.includes(o)), notTaken: { by: takenBy, options: notTaken } });
    }
    const hyperKeys = keysFor(without);
    let reference: ParityReference | undefined;
    if (args.reference !== undefined) {
      const r = openModule(args.reference.module, args.reference.exportName, budgets);
      opened.push(r);
      reference = { make: r.make, name: `the reference ${args.reference.module}#${args.reference.exportName}` };
    } else if (args.referenceCommand !== undefined) {
      const r = openCommand(args.referenceCommand, { ...budgets, hyperKeys: () => hyperKeys });
      opened.push(r);
      reference = { make: r.make, name: `the reference command ${args.referenceCommand}` };
    }
    const name = module ? `${module.module}#${module.exportName}` : command!;
    const ctx: CheckContext = { make: candidate.make, family: args.family, dialect: args.dialect, precision: args.precision, without, hyper: args.hyper, reference };
    return { name, ctx, plan, gate: both(candidate.gate, opened[1]?.gate), close: () => opened.forEach((o) => o.close()) };
  } catch (err) {
    opened.forEach((o) => o.close());
    throw err;
  }
}
