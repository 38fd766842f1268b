/**
 * The report as a person and a CI pipeline meet it: a sharded run merged with
 * `vitest --merge-reports` gives the same claims matrix as one run, the page
 * opens in headless Chromium (Debian's chromium, driven by playwright-core)
 * with its matrix and plots and no console error or request, and the README's
 * verdict table agrees with a fresh run of the fast claims.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ReportSummary } from '../../src/report/summary.ts';
import { readmeVerdicts, readmeBlock, verdictTable } from '../../src/report/readme-verdicts.ts';
import { optspecTags } from '../../src/report/tags.ts';
import config from '../../vitest.config.ts';
import { scratchDir } from '../scratch.ts';
import { launchChromium, openPage } from './chromium.ts';

const root = resolve(import.meta.dirname, '../..');
const vitestBin = join(root, 'node_modules/vitest/vitest.mjs');
const SPECS = ['specs/l1-non-sparsity.spec.ts', 'specs/momentum-jump-off-zero.spec.ts', 'specs/huber-bounded-oscillation.spec.ts'];
const work = scratchDir('optspec-report-');

function vitest(args: string[], env: Record<string, string> = {}): void {
  execFileSync(process.execPath, [vitestBin, ...args], { cwd: root, env: { ...process.env, ...env, CI: 'true' }, stdio: 'pipe' });
}

const matrix = (s: ReportSummary) => s.claims.map((c) => ({ id: c.claim.id, verdict: c.verdict, optimizers: c.optimizers, tests: c.tests.map((t) => [t.name, t.state]) }));

describe('the conformance report', () => {
  let whole: ReportSummary;
  let merged: ReportSummary;

  beforeAll(() => {
    // Every fast claim in one run (the README check needs them all); the shards cover SPECS.
    vitest(['run', '--project', 'claims', '--reporter=./src/report/reporter.ts'], { OPTSPEC_REPORT_DIR: join(work, 'whole') });
    for (const shard of ['1/2', '2/2']) {
      vitest(['run', '--project', 'claims', ...SPECS, `--shard=${shard}`, '--reporter=blob', `--outputFile=${join(work, 'blobs', `blob-${shard.replace('/', '-')}.json`)}`]);
    }
    vitest([`--merge-reports=${join(work, 'blobs')}`, '--reporter=./src/report/reporter.ts'], { OPTSPEC_REPORT_DIR: join(work, 'merged') });
    whole = JSON.parse(readFileSync(join(work, 'whole', 'summary.json'), 'utf8'));
    merged = JSON.parse(readFileSync(join(work, 'merged', 'summary.json'), 'utf8'));
  }, 240_000);

  it('a sharded run, merged, gives the same matrix as an unsharded run', () => {
    expect(merged.claims.map((c) => c.claim.id)).toEqual(['huber-bounded-oscillation', 'l1-non-sparsity', 'momentum-jump-off-zero']);
    const same = { ...whole, claims: whole.claims.filter((c) => merged.claims.some((m) => m.claim.id === c.claim.id)) };
    expect(matrix(merged)).toEqual(matrix(same));
    // The evidence (figures and plots), declarations and tags survive the blob merge too.
    expect(JSON.stringify(merged.claims.map((c) => c.tests))).toBe(JSON.stringify(same.claims.map((c) => c.tests)));
  });

  it('every test of a fast claim declared its claim up front and carries its tags, which the config defines', () => {
    const defined = new Set((config.test?.tags ?? []).map((t) => t.name));
    for (const c of whole.claims) {
      for (const t of c.tests) {
        expect(t.claim?.id, t.name).toBe(c.claim.id);
        expect(t.tags, t.name).toContain(`claim:${c.claim.id}`);
      }
      for (const tag of optspecTags([c.claim]).map((d) => d.name)) expect(defined, tag).toContain(tag);
    }
    // The only tests outside a claim are the fidelity specs, each recording the paper statements it checked.
    const other = whole.otherTests.tests;
    expect(other.filter((t) => !t.file.startsWith('specs/fidelity/')).map((t) => t.name)).toEqual([]);
    for (const file of new Set(other.map((t) => t.file))) {
      expect(other.filter((t) => t.file === file).some((t) => (t.fidelity?.length ?? 0) > 0), file).toBe(true);
    }
    expect(whole.fidelity.length).toBeGreaterThanOrEqual(other.length);
  });

  it('the README\'s verdict table agrees with a fresh run of the fast claims, row for row', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const rows = readmeVerdicts(readme);
    const fresh = verdictTable(whole).split('\n').slice(2);
    for (const c of whole.claims) {
      expect(rows.find((r) => r.id === c.claim.id), `README row for ${c.claim.id}`).toEqual({ id: c.claim.id, verdict: c.verdict });
      expect(readmeBlock(readme).split('\n')).toContain(fresh[whole.claims.indexOf(c)]);
    }
    // The other rows are the deep claims, whose verdicts come from \`npm run claims\` (minutes of training).
    for (const r of rows.filter((r) => !whole.claims.some((c) => c.claim.id === r.id))) expect(existsSync(join(root, 'specs/deep', `${r.id}.spec.ts`)), r.id).toBe(true);
  });

  it('writes a Markdown summary for a CI job summary, and no ANSI escape codes anywhere', () => {
    const md = readFileSync(join(work, 'whole', 'summary.md'), 'utf8');
    expect(md).toContain('## optspec report');
    for (const c of whole.claims) expect(md).toContain(`(\`${c.claim.id}\`)`);
    for (const f of ['summary.md', 'summary.json', 'index.html']) expect(readFileSync(join(work, 'whole', f), 'utf8')).not.toContain('\u001b');
  });

  it('opens in headless Chromium with its matrix and plots, no console error and no request leaving the file', async () => {
    const browser = await launchChromium();
    try {
      const url = pathToFileURL(join(work, 'merged', 'index.html')).href;
      const { page, errors, requests } = await openPage(browser, url, { width: 1200, height: 1600 });
      expect(await page.locator('#matrix tr[data-claim]').count()).toBe(3);
      expect(await page.locator('#matrix tr[data-claim] .v').first().textContent()).toMatch(/held|caveat|reproduced|violated|skipped/);
      expect(await page.locator('section[data-claim] svg').count()).toBeGreaterThan(2);
      expect(await page.locator('section[data-claim="momentum-jump-off-zero"] h2').textContent()).toContain('held');
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
      mkdirSync(join(root, 'reports'), { recursive: true });
      await page.screenshot({ path: join(root, 'reports', 'report-screenshot.png'), fullPage: false });
    } finally {
      await browser.close();
    }
  }, 60_000);
});
