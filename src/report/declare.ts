/**
 * Declaring a test's claim before it runs. The declaration sits in vitest's
 * task meta from collection on, so a test that fails (and records no
 * evidence) still counts, as violated, for its claim; and it sits in tags, so
 * `vitest --tags-filter` selects tests by claim, source, family, tier or role.
 *
 * ```ts
 * describeClaim(claim, () => {
 *   it('the statement', ({ task }) => { … });
 *   it('holds only for α < 2/η', asserts('caveat'), ({ task }) => { … });
 *   it('control: the matcher catches GD', asserts('control'), ({ task }) => { … });
 * });
 * ```
 */
import { describe, type TestOptions } from 'vitest';
import type { TestTagDefinition } from '@vitest/runner';
import type { ClaimInfo, Role } from './evidence.ts';

const ROLES: readonly Role[] = ['statement', 'caveat', 'deviation', 'control'];

/** A tag name from free text: vitest's tag filter splits on spaces, parentheses, !, & and |. */
export function tagName(prefix: string, value: string): string {
  return `${prefix}:${value.trim().replace(/[\s()!&|]+/g, '-')}`;
}

/** The tags a claim's tests carry: claim:<id>, paper:<source>, and family:/tier: where the claim names them. */
export function claimTags(claim: ClaimInfo): string[] {
  const tags = [tagName('claim', claim.id), tagName('paper', claim.paper)];
  if (claim.family) tags.push(tagName('family', claim.family));
  if (claim.tier) tags.push(tagName('tier', claim.tier));
  return tags;
}

/**
 * Tag definitions for vitest.config.ts (`test.tags`), which vitest needs
 * before it accepts a tag or a `--tags-filter` on it: one per claim tag and
 * one per role.
 */
export function optspecTags(claims: readonly ClaimInfo[]): TestTagDefinition[] {
  const defs = new Map<string, string>();
  for (const c of claims) {
    defs.set(tagName('claim', c.id), c.title);
    for (const t of claimTags(c).slice(1)) defs.set(t, `claims from ${t.slice(t.indexOf(':') + 1)}`);
  }
  for (const r of ROLES) defs.set(r, `tests that assert the ${r === 'statement' ? "paper's statement" : r}`);
  return [...defs].map(([name, description]) => ({ name, description }));
}

/**
 * Keeps the tags this run's config defines, so a project without tag
 * definitions (vitest's strictTags rejects unknown tags) still runs; with no
 * access to the config, no tags.
 */
function usable(tags: string[]): string[] {
  const config = (globalThis as { __vitest_worker__?: { config?: { tags?: { name: string }[]; strictTags?: boolean } } }).__vitest_worker__?.config;
  if (!config) return [];
  if (config.strictTags === false) return tags;
  const defined = new Set((config.tags ?? []).map((t) => t.name));
  return tags.filter((t) => defined.has(t));
}

/** A describe block whose tests all belong to `claim`; its title is the claim's title. */
export function describeClaim(claim: ClaimInfo, factory: () => void): void;
export function describeClaim(claim: ClaimInfo, options: { optimizers?: readonly string[] }, factory: () => void): void;
export function describeClaim(claim: ClaimInfo, a: (() => void) | { optimizers?: readonly string[] }, b?: () => void): void {
  const factory = typeof a === 'function' ? a : b!;
  const optimizers = typeof a === 'function' ? undefined : a.optimizers;
  describe(claim.title, { meta: { optspecClaim: claim, ...(optimizers ? { optspecOptimizers: optimizers } : {}) }, tags: usable(claimTags(claim)) }, factory);
}

/**
 * Test options declaring what a test asserts: 'statement' (the default),
 * 'caveat', 'deviation' (what happens instead of the paper's statement) or
 * 'control'; optionally the optimizers it runs.
 */
export function asserts(role: Role, options: { optimizers?: readonly string[] } = {}): TestOptions {
  if (!ROLES.includes(role)) throw new TypeError(`asserts: role must be one of ${ROLES.join(', ')}, got ${JSON.stringify(role)}`);
  return { meta: { optspecRole: role, ...(options.optimizers ? { optspecOptimizers: options.optimizers } : {}) }, tags: usable([role]) };
}
