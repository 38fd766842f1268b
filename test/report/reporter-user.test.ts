/**
 * The reporter in a user's project (test/report/fixtures/user): every test
 * appears, failures with their name and the matcher's message as plain text,
 * a user's claim with its own source, tags that --tags-filter selects, and a
 * Markdown summary for the CI job summary.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ReportSummary } from '../../src/report/summary.ts';
import { scratchDir, testScratchDir } from '../scratch.ts';

const root = resolve(import.meta.dirname, '../..');
const vitestBin = join(root, 'node_modules/vitest/vitest.mjs');
const config = join(root, 'test/report/fixtures/user/vitest.config.ts');

function run(outDir: string, extra: string[] = []): ReportSummary {
  try {
    execFileSync(process.execPath, [vitestBin, 'run', '--config', config, '--reporter=default', `--reporter=${join(root, 'src/report/reporter.ts')}`, ...extra], { cwd: root, env: { ...process.env, OPTSPEC_REPORT_DIR: outDir, CI: 'true', FORCE_COLOR: '1' }, stdio: 'pipe' });
  } catch {
    // The fixture has failing tests on purpose: vitest exits 1.
  }
  return JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8'));
}

describe('the reporter in a user project', () => {
  const dir = scratchDir('optspec-user-report-');
  let s: ReportSummary;
  beforeAll(() => {
    s = run(dir);
  }, 120_000);

  it('lists every test, failures with their name and the matcher\'s message in plain text', () => {
    const names = [...s.otherTests.tests, ...s.claims.flatMap((c) => c.tests)].map((t) => `${t.state}: ${t.name}`).sort();
    expect(names).toEqual([
      'failed: A user claim > fails, and so the claim is violated',
      'failed: a suite whose set-up crashes > never runs',
      'failed: plain matcher test that fails',
      'failed: throws a <plain> object',
      'passed: A user claim > holds',
      'passed: bold name <b>with markup</b>',
      'passed: plain matcher test that passes',
      'todo: a test still to write',
    ]);
    const failing = s.otherTests.tests.find((t) => t.name === 'plain matcher test that fails')!;
    expect(failing.errors.join('\n')).toMatch(/exactly 0 at step 2/);
    expect(s.otherTests.tests.find((t) => t.name.endsWith('never runs'))!.errors).toEqual(['set-up crashed']);
    for (const f of ['summary.json', 'summary.md', 'index.html']) expect(readFileSync(join(dir, f), 'utf8')).not.toContain('\u001b');
  });

  it('counts a todo test as todo, never as skipped', () => {
    expect(s.otherTests).toMatchObject({ passed: 2, failed: 3, skipped: 0, todo: 1 });
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('other tests: 2 passed, 3 failed, 0 skipped, 1 todo.');
  });

  it('shows a thrown plain object by its content, not as [object Object]', () => {
    const thrown = s.otherTests.tests.find((t) => t.name === 'throws a <plain> object')!;
    expect(thrown.errors.join('\n')).toContain('{"code":42,"reason":"not an Error"}');
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).not.toContain('[object Object]');
  });

  it('writes test names into summary.md as text, never as HTML', () => {
    const md = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(md).not.toContain('<plain>');
    expect(md).toContain('**throws a &lt;plain&gt; object**');
  });

  it('shows the user\'s claim with its own source, violated by its failing test', () => {
    expect(s.claims.map((c) => [c.claim.id, c.claim.paper, c.verdict])).toEqual([['user-claim', 'Smith 2021, Thm 2', 'violated']]);
    expect(s.claims[0].optimizers).toEqual({ sgd: 'violated' });
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html).toContain('Smith 2021, Thm 2');
    expect(html).toContain('exactly 0 at step 2');
    const md = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(md).toContain('| A user claim (`user-claim`) | Smith 2021, Thm 2 Thm 2 | **violated** |');
    expect(md).toContain('### Failed tests (4)');
  });

  it('tags the claim\'s tests so --tags-filter selects them', () => {
    expect(s.claims[0].tests[0].tags).toEqual(expect.arrayContaining(['claim:user-claim', 'paper:Smith-2021,-Thm-2', 'family:sgd']));
    const only = run(testScratchDir('optspec-user-report-'), ['--tags-filter', 'claim:user-claim && caveat']);
    const ran = [...only.otherTests.tests, ...only.claims.flatMap((c) => c.tests)].filter((t) => t.state !== 'skipped').map((t) => t.name);
    expect(ran).toEqual(['A user claim > fails, and so the claim is violated']);
  }, 120_000);
});
