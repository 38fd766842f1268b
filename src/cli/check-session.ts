/**
 * What `optspec check`'s arguments start before any expectation runs: the
 * candidate (a module in a worker, an adapter command, or a torch class
 * through the installed adapter), the user's own reference if any, the
 * context the expectations read, and the plan of what is checked and what
 * is not.
 */
import { baseHyper, checkWithout } from '../check/families.ts';
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
    const scope = { family: args.family, dialect: args.dialect, without, hyper: args.hyper };
    // The plan before any process starts: an unknown --skip or --declare is bad input.
    const plan = planCheck({ family: args.family, dialect: args.dialect, reference: userReference, declare: args.declare, skip: args.skip, only: args.only, without });
    // An external optimizer is sent exactly the hyperparameters the gate hands a maker, every option included.
    const hyperKeys = Object.keys(baseHyper(scope));
    const candidate = loaded ?? openCommand(command!, { ...budgets, hyperKeys });
    if (!loaded) opened.push(candidate);
    let reference: ParityReference | undefined;
    if (args.reference !== undefined) {
      const r = openModule(args.reference.module, args.reference.exportName, budgets);
      opened.push(r);
      reference = { make: r.make, name: `the reference ${args.reference.module}#${args.reference.exportName}` };
    } else if (args.referenceCommand !== undefined) {
      const r = openCommand(args.referenceCommand, { ...budgets, hyperKeys });
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
