import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { familyTable } from '../../src/check/families.ts';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe("the README's family table", () => {
  it('is the one the registry generates, so adding a family module updates it (or this fails)', () => {
    const block = README.match(/<!-- families:start -->\n([\s\S]*?)\n<!-- families:end -->/);
    expect(block, 'README.md has no families block').not.toBeNull();
    expect(block![1]).toBe(familyTable());
  });
});
