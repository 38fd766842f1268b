import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { summarise, type TestOutcome } from '../../src/report/summary.ts';
import { readmeVerdicts, verdictTable, withTable, START, END } from '../../src/report/readme-verdicts.ts';

const claim = (id: string) => ({ id, title: `Claim ${id}`, paper: '001', section: 'Sec. 1', statement: 's' });
const t = (id: string, state: TestOutcome['state'], role: TestOutcome['role'] = 'statement'): TestOutcome => ({ file: `specs/${id}.spec.ts`, name: `${id} ${role}`, state, errors: [], evidence: [], claim: claim(id), role });

describe('README verdict table', () => {
  const readme = `# x\n\n${START}\nold | table\n${END}\n\nafter\n`;
  const s = summarise([t('a', 'passed'), t('a', 'passed', 'caveat'), t('b', 'failed'), t('b', 'passed', 'control')], {});

  it('is generated from a summary, and reads back the verdict of every claim', () => {
    const next = withTable(readme, s);
    expect(next.startsWith(`# x\n\n${START}\n| spec |`)).toBe(true);
    expect(next.endsWith(`${END}\n\nafter\n`)).toBe(true);
    expect(readmeVerdicts(next)).toEqual([{ id: 'a', verdict: 'held with caveat' }, { id: 'b', verdict: 'violated' }]);
    expect(verdictTable(s)).toContain('| `specs/a.spec.ts` | 001 Sec. 1 | Claim a | `a` | **held with caveat** | 1 held, 1 held with caveat |');
    expect(withTable(next, s)).toBe(next);
  });

  it('differs when a verdict changes, so --check and the e2e test fail', () => {
    const before = withTable(readme, s);
    const after = withTable(readme, summarise([t('a', 'failed'), t('b', 'failed')], {}));
    expect(after).not.toBe(before);
    expect(readmeVerdicts(after).map((r) => r.verdict)).toEqual(['violated', 'violated']);
  });

  it('refuses a README without the markers or with a row it cannot read', () => {
    expect(() => withTable('# no table\n', s)).toThrow(/no verdict block/);
    expect(() => readmeVerdicts(`${START}\n| h |\n| - |\n| garbage |\n${END}`)).toThrow(/cannot read the row/);
  });

  it('the repository README carries a generated table naming every spec file', () => {
    const rows = readmeVerdicts(readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8'));
    expect(rows.length).toBeGreaterThanOrEqual(9);
    for (const r of rows) expect(['held', 'held with caveat', 'not reproduced', 'violated', 'skipped']).toContain(r.verdict);
  });
});
