/**
 * `optspec/claims`: what a spec file imports to state claims and attach
 * evidence. Runs inside vitest (describeClaim and asserts call vitest's
 * describe and test options); the plain `optspec` entry leaves them out.
 */
export { defineClaim, record, downsample, type ClaimInfo, type Evidence, type EvidenceInput, type Figure, type Plot, type Series, type Role, type Paper, type ClaimStatus } from './evidence.ts';
export { describeClaim, asserts } from './declare.ts';
export { claimTags, optspecTags, tagName, type TaggedClaim } from './tags.ts';
export { recordFidelity, type FidelityItem, type FidelityStatus } from './fidelity.ts';
