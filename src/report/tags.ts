/**
 * Tag names for claims, and their definitions for vitest.config.ts. No vitest
 * import here, so the config can load it.
 */
import type { ClaimInfo, Role } from './evidence.ts';

export const ROLES: readonly Role[] = ['statement', 'caveat', 'deviation', 'control'];

/** What a tag needs from a claim. */
export type TaggedClaim = Pick<ClaimInfo, 'id' | 'paper' | 'family' | 'tier'> & { readonly title?: string };

/** A tag name from free text: vitest's tag filter splits on spaces, parentheses, !, & and |. */
export function tagName(prefix: string, value: string): string {
  return `${prefix}:${value.trim().replace(/[\s()!&|]+/g, '-')}`;
}

/** The tags a claim's tests carry: claim:<id>, paper:<source>, and family:/tier: where the claim names them. */
export function claimTags(claim: TaggedClaim): string[] {
  const tags = [tagName('claim', claim.id), tagName('paper', claim.paper)];
  if (claim.family) tags.push(tagName('family', claim.family));
  if (claim.tier) tags.push(tagName('tier', claim.tier));
  return tags;
}

/**
 * Tag definitions for vitest.config.ts (`test.tags`), which vitest needs
 * before it accepts a tag or a `--tags-filter` on it: one per claim tag and
 * one per role (statement, caveat, deviation, control).
 */
export function optspecTags(claims: readonly TaggedClaim[]): { name: string; description: string }[] {
  const defs = new Map<string, string>();
  for (const c of claims) {
    defs.set(tagName('claim', c.id), c.title ?? `the claim ${c.id}`);
    for (const t of claimTags(c).slice(1)) defs.set(t, `claims with ${t}`);
  }
  for (const r of ROLES) defs.set(r, r === 'statement' ? "tests that assert the paper's statement" : `tests that assert a ${r}`);
  return [...defs].map(([name, description]) => ({ name, description }));
}
