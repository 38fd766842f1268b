/**
 * Debian's chromium, driven by playwright-core, for the report tests: a
 * browser with no network habits, and pages that record every console error
 * and every request they make (a report must make none but its own file).
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

const CHROMIUM = process.env.OPTSPEC_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set OPTSPEC_CHROMIUM`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Open `url` in a new page of the given size, recording console errors and requests from the start. */
export async function openPage(browser: Browser, url: string, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  return { page, errors, requests };
}
