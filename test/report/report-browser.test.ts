/**
 * The reports as a person sees them, in headless Chromium (Debian's chromium,
 * driven by playwright-core): the claims matrix with 20 optimizer columns
 * stays inside a 1400 px page, scrolling in its own box with its first column
 * in view; and a failing check's report shows the first divergence and its
 * plots above the fold of a 1280×800 window. Screenshots go to
 * OPTSPEC_SCREENSHOT_DIR when set (kept), else to a scratch folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { summarise, type TestOutcome } from '../../src/report/summary.ts';
import { renderReport } from '../../src/report/html.ts';
import { checkReport } from '../../src/check/report.ts';
import { renderCheckReport } from '../../src/check/report-html.ts';
import { checked, env } from './fixtures/failing-check.ts';
import { scratchDir } from '../scratch.ts';
import { launchChromium, openPage } from './chromium.ts';

const work = scratchDir('optspec-report-browser-');
const shots = process.env.OPTSPEC_SCREENSHOT_DIR ?? join(work, 'screenshots');

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(shots, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** Open a page written to the scratch folder; collect console errors and every request it makes. */
async function open(name: string, html: string, viewport: { width: number; height: number }) {
  const file = join(work, name);
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  return { ...(await openPage(browser, url, viewport)), url };
}

/** How far the page is wider than its window, in px (run in the page, so written as its script). */
const PAGE_OVERFLOW = 'document.documentElement.scrollWidth - document.documentElement.clientWidth';

/**
 * Scroll the matrix box to its last column, then measure: does the page
 * overflow, does the box scroll, where is the first column, and is it the
 * element on top at its own centre.
 */
const MEASURE_MATRIX = `(() => {
  const box = document.getElementById('matrix-box');
  const before = box.scrollWidth;
  box.scrollLeft = box.scrollWidth;
  const boxRect = box.getBoundingClientRect();
  const first = document.querySelector('#matrix tr[data-claim] td');
  const r = first.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + 10, r.top + r.height / 2);
  return {
    pageOverflow: ${PAGE_OVERFLOW},
    boxScrolls: before > box.clientWidth,
    scrolledBy: box.scrollLeft,
    boxRight: boxRect.right,
    firstLeft: r.left - boxRect.left,
    firstVisible: first.contains(hit),
  };
})()`;

/** Claims × 20 optimizers, with long optimizer names: wider than any page. */
function wideSummary() {
  const optimizers = Array.from({ length: 20 }, (_, i) => `broken-optimizer-number-${String(i).padStart(2, '0')}`);
  const outcomes: TestOutcome[] = Array.from({ length: 6 }, (_, c) => {
    const claim = { id: `claim-${c}`, title: `Claim ${c}: coordinates leave zero within a step`, paper: '001', section: `Prop. B.${c}`, statement: 'x' };
    return optimizers.map((o, i): TestOutcome => ({ file: o, name: `${claim.id} on ${o}`, state: (i + c) % 4 ? 'passed' : 'failed', errors: [], evidence: [{ claim, optimizers: [o], precision: 'float64' }] }));
  }).flat();
  return summarise(outcomes, {});
}

describe('the reports in Chromium', () => {
  it('the claims matrix with 20 optimizer columns scrolls in its own box at 1400 px, its first column staying in view', async () => {
    const { page, errors } = await open('matrix.html', renderReport(wideSummary()), { width: 1400, height: 900 });
    try {
      const m = await page.evaluate<Record<string, number | boolean>>(MEASURE_MATRIX);
      expect(m.pageOverflow).toBeLessThanOrEqual(0);
      expect(m.boxScrolls).toBe(true);
      expect(m.boxRight).toBeLessThanOrEqual(1400);
      expect(m.scrolledBy).toBeGreaterThan(500);
      // Scrolled to the last column, the claim column still sits at the box's left edge, on top.
      expect(Math.abs(m.firstLeft as number)).toBeLessThanOrEqual(1);
      expect(m.firstVisible).toBe(true);
      await page.screenshot({ path: join(shots, 'claims-matrix-20-columns.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('a failing check shows its first divergence and the plots above the fold at 1280×800', async () => {
    const { page, errors, requests, url } = await open('check.html', renderCheckReport(checkReport([checked], env)), { width: 1280, height: 800 });
    try {
      const line = page.locator('.first-divergence').first();
      expect(await line.textContent()).toMatch(/step 17, coordinate 1: expected 0\.21372031484771417, got 0\.21372031570259545/);
      const boxes = [await line.boundingBox(), ...(await Promise.all((await page.locator('#plots-reference-parity svg').all()).map((s) => s.boundingBox())))];
      expect(boxes).toHaveLength(3);
      for (const b of boxes) {
        expect(b).not.toBeNull();
        expect(b!.y + b!.height).toBeLessThan(800);
        expect(b!.x + b!.width).toBeLessThanOrEqual(1280);
      }
      expect(await page.evaluate<number>(PAGE_OVERFLOW)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(shots, 'check-report-failing.png') });
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
