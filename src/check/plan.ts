/**
 * Which expectations a check runs, and which it lists as not checked with
 * why: the family's (or, without one, those every optimizer keeps), the
 * relations a declared property implies, parity against the user's own
 * reference, and the user's --skip and --only.
 */
import { CONTRACTS } from './contracts.ts';
import { RELATIONS } from './relations.ts';
import { referenceParity } from './parity.ts';
import { longHorizon, zeroGradientStep, optionsMatter } from './options.ts';
import { expectationsFor } from './expectations.ts';
import type { CheckFamily, Dialect } from './families.ts';
import type { Expectation, NotChecked } from './expectation.ts';
import { InputError } from '../validate/input-error.ts';

const contract = (id: string): Expectation => CONTRACTS.find((c) => c.id === id)!;

/** What holds for every optimizer, whatever its rule. */
export const UNIVERSAL: readonly string[] = ['contract-deterministic', 'contract-independent-instances', 'contract-zero-lr', 'contract-save-load', 'contract-save-load-late', 'contract-gradient-untouched', 'contract-progress'];

/** Properties an optimizer may declare (`--declare`), each turning on the relations it implies. */
export const PROPERTIES: Readonly<Record<string, { readonly what: string; readonly expectations: () => readonly Expectation[] }>> = {
  elementwise: { what: 'each coordinate is updated from its own gradient and state only', expectations: () => [contract('contract-permutation-equivariance')] },
  'scale-invariant': { what: 'scaling the loss by c > 0 leaves the trajectory unchanged (with eps = 0)', expectations: () => [RELATIONS.scaleInvariance] },
  'sign-based': { what: 'every coordinate moves by exactly lr, or not at all (weight decay 0)', expectations: () => [RELATIONS.signStep] },
};

export interface PlanInput {
  readonly family?: CheckFamily;
  readonly dialect: Dialect;
  /** The user brought their own reference (`--reference`, `--reference-command`). */
  readonly reference: boolean;
  readonly declare?: readonly string[];
  readonly skip?: readonly string[];
  readonly only?: readonly string[];
  readonly without?: readonly string[];
  /** Options the candidate's signature does not take (an adapter's handshake): held neutral and not sent, as --without. */
  readonly notTaken?: { readonly by: string; readonly options: readonly string[] };
}

export interface Plan {
  readonly expectations: readonly Expectation[];
  readonly notChecked: readonly NotChecked[];
}

/** Every expectation a check may run for this input, before --skip and --only. */
function candidates(input: PlanInput): Expectation[] {
  const declared = (input.declare ?? []).flatMap((p) => {
    if (!Object.hasOwn(PROPERTIES, p)) throw new InputError('--declare', p, `expected one of ${Object.keys(PROPERTIES).join(', ')}`);
    return PROPERTIES[p].expectations();
  });
  const base: Expectation[] = input.family !== undefined
    ? [...expectationsFor(input.family, input.dialect)]
    : [...(input.reference ? [referenceParity] : []), ...UNIVERSAL.map(contract), ...(input.reference ? [optionsMatter, zeroGradientStep, longHorizon] : [])];
  const out: Expectation[] = [];
  for (const e of [...base, ...declared]) if (!out.some((o) => o.id === e.id)) out.push(e);
  return out;
}

function checkIds(flag: string, ids: readonly string[], known: readonly Expectation[]): void {
  for (const id of ids) {
    if (!known.some((e) => e.id === id)) throw new InputError(flag, id, `expected expectation ids of this check: ${known.map((e) => e.id).join(', ')}`);
  }
}

/**
 * The check's expectations and its not-checked list. `--family F --skip
 * reference-parity` makes a variant of F: nothing compares it with F's
 * reference (the long horizon included), and F's contracts, relations and
 * claims still run.
 */
export function planCheck(input: PlanInput): Plan {
  const all = candidates(input);
  const skip = input.skip ?? [];
  const only = input.only ?? [];
  checkIds('--skip', skip, all);
  checkIds('--only', only, all);
  const variant = input.family !== undefined && !input.reference && skip.includes('reference-parity');
  const notChecked: NotChecked[] = (input.without ?? []).map((o) => ({ what: `option ${o}`, why: 'declared missing (--without): not sent, held at its neutral value' }));
  for (const o of input.notTaken?.options ?? []) notChecked.push({ what: `option ${o}`, why: `not a keyword of ${input.notTaken!.by} (its signature): not sent, held at its neutral value` });
  const expectations: Expectation[] = [];
  for (const e of all) {
    if (skip.includes(e.id)) notChecked.push({ what: e.id, why: 'skipped by the user (--skip)' });
    else if (only.length > 0 && !only.includes(e.id)) notChecked.push({ what: e.id, why: 'not named by --only' });
    else if (variant && e.comparesWithReference) notChecked.push({ what: e.id, why: `compares with ${input.family}'s reference, and --skip reference-parity checks a variant of ${input.family}` });
    else expectations.push(e);
  }
  if (expectations.length === 0) throw new InputError(only.length ? '--only' : '--skip', (only.length ? only : skip).join(','), 'leaves nothing to check');
  return { expectations, notChecked };
}
