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
import type { ClaimInfo, Role } from './evidence.ts';
import { claimTags, ROLES } from './tags.ts';

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
