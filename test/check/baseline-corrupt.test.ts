// A corrupt or truncated --baseline is bad input: "corrupt baseline FILE: …"
// and exit 2 before anything runs, never "behaviour changed … accept it with
// --update-baseline", which would invite overwriting the record.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baselineText, readBaseline } from '../../src/check/baseline.ts';
import { reference } from '../../src/check/families.ts';
import type { CheckContext } from '../../src/check/expectation.ts';
import { scratchDir } from '../scratch.ts';

const dir = scratchDir('optspec-baseline-');
const ctx: CheckContext = { make: (h) => reference('sgd', 'pytorch', h), family: 'sgd', dialect: 'pytorch', precision: 'float64' };
const good = baselineText(ctx);

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('readBaseline', () => {
  it('reads back what baselineText writes', () => {
    expect(readBaseline(file('good.txt', good))).toBe(good);
  });

  it.each([
    ['truncated mid-row', good.slice(0, Math.floor(good.length / 2))],
    ['truncated after a whole row', good.slice(0, good.indexOf('\n', good.length / 3) + 1)],
    ['a header only', good.slice(0, good.indexOf('\n') + 1)],
    ['empty', ''],
    ['binary noise', '\u0000\u0001\u00ff garbage\n'],
    ['a row with a word in it', good.replace(/\n1: \S+/, '\n1: oops')],
    ['a missing row', good.replace(/\n2: [^\n]*/, '')],
  ])('%s is refused in one line naming the file', (what, text) => {
    const path = file(`${what.replace(/\W+/g, '-')}.txt`, text);
    let message = '';
    try {
      readBaseline(path);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(new RegExp(`^corrupt baseline ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line \\d+: `));
    expect(message).not.toContain('\n');
  });
});

describe('optspec check --baseline with a corrupt file', () => {
  it('exits 2 with one line before any expectation runs', () => {
    const path = file('cut.txt', good.slice(0, good.length - 40));
    const res = spawnSync(process.execPath, ['bin/optspec.js', 'check', '--optimizer', 'examples/optimizers.ts#sgd', '--family', 'sgd', '--report', join(dir, 'report'), '--baseline', path], { encoding: 'utf8' });
    expect(res.status).toBe(2);
    expect(res.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^optspec: corrupt baseline .*cut\.txt: line \d+: /)]);
    expect(res.stderr).not.toMatch(/behaviour changed|accept it/);
    expect(res.stdout).toBe('');
  }, 60_000);
});
