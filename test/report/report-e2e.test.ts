/**
 * The report as a person and a CI pipeline meet it: a sharded run merged with
 * `vitest --merge-reports` gives the same claims matrix as one run, and the
 * page opens in headless Chromium (Debian's chromium, driven by
 * playwright-core) with its matrix and plots and no console error or request.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ReportSummary } from '../../src/report/summary.ts';

const root = resolve(import.meta.dirname, '../..');
const vitestBin = join(root, 'node_modules/vitest/vitest.mjs');
const SPECS = ['specs/l1-non-sparsity.spec.ts', 'specs/momentum-jump-off-zero.spec.ts', 'specs/huber-bounded-oscillation.spec.ts'];
const CHROMIUM = process.env.OPTSPEC_CHROMIUM ?? '/usr/bin/chromium';
const work = mkdtempSync(join(tmpdir(), 'optspec-report-'));

function vitest(args: string[], env: Record<string, string> = {}): void {
  execFileSync(process.execPath, [vitestBin, ...args], { cwd: root, env: { ...process.env, ...env, CI: 'true' }, stdio: 'pipe' });
}

const matrix = (s: ReportSummary) => s.claims.map((c) => ({ id: c.claim.id, verdict: c.verdict, optimizers: c.optimizers, tests: c.tests.map((t) => [t.name, t.state]) }));

describe('the conformance report', () => {
  let whole: ReportSummary;
  let merged: ReportSummary;

  beforeAll(() => {
    vitest(['run', '--project', 'claims', ...SPECS, '--reporter=./src/report/reporter.ts'], { OPTSPEC_REPORT_DIR: join(work, 'whole') });
    for (const shard of ['1/2', '2/2']) {
      vitest(['run', '--project', 'claims', ...SPECS, `--shard=${shard}`, '--reporter=blob', `--outputFile=${join(work, 'blobs', `blob-${shard.replace('/', '-')}.json`)}`]);
    }
    vitest([`--merge-reports=${join(work, 'blobs')}`, '--reporter=./src/report/reporter.ts'], { OPTSPEC_REPORT_DIR: join(work, 'merged') });
    whole = JSON.parse(readFileSync(join(work, 'whole', 'summary.json'), 'utf8'));
    merged = JSON.parse(readFileSync(join(work, 'merged', 'summary.json'), 'utf8'));
  }, 240_000);

  it('a sharded run, merged, gives the same matrix as an unsharded run', () => {
    expect(whole.claims.map((c) => c.claim.id)).toEqual(['huber-bounded-oscillation', 'l1-non-sparsity', 'momentum-jump-off-zero']);
    expect(matrix(merged)).toEqual(matrix(whole));
    // The evidence (figures and plots) survives the blob merge too.
    expect(JSON.stringify(merged.claims.map((c) => c.tests.map((t) => t.evidence)))).toBe(JSON.stringify(whole.claims.map((c) => c.tests.map((t) => t.evidence))));
  });

  it('opens in headless Chromium with its matrix and plots, no console error and no request leaving the file', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set OPTSPEC_CHROMIUM`);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 1600 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => requests.push(r.url()));
      const url = pathToFileURL(join(work, 'merged', 'index.html')).href;
      await page.goto(url);
      expect(await page.locator('#matrix tr[data-claim]').count()).toBe(3);
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
