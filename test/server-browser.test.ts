// End-to-end in headless Chromium (Debian's chromium, driven by playwright-core): ingest a small
// corpus, read an article, paste one with a wrong weekday and see the flag, search and open a
// result, an entity page with its chart, the reader on a phone. Screenshots go to
// test-artifacts/browser/ (gitignored).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../src/server/server.js';
import { ARTICLES, WRONG_WEEKDAY } from './fixtures/server/corpus.js';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const SHOTS = join(process.cwd(), 'test-artifacts', 'browser');
const HAVE_UI = existsSync(join(process.cwd(), 'dist', 'web', 'index.html'));

if (!HAVE_CHROMIUM) console.log(`browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);
else if (!HAVE_UI) console.log('browser tests skipped: dist/web is not built (npm run build)');

describe.skipIf(!HAVE_CHROMIUM || !HAVE_UI)('web UI in headless Chromium', () => {
  let dir: string;
  let server: RunningServer;
  let browser: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'saksi-browser-'));
    server = await startServer({ db: join(dir, 'ui.db'), port: 0, pool: { workers: 1 } });
    const res = await fetch(`${server.url}/api/documents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ documents: ARTICLES }) });
    expect(res.status).toBe(200);
    const { chromium } = await import('playwright-core');
    // A fresh profile each run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists the corpus and opens an article with labelled claims', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: ARTICLES[0]!.title }).waitFor();
    await page.screenshot({ path: join(SHOTS, '1-home.png'), fullPage: true });
    await page.getByRole('link', { name: ARTICLES[0]!.title }).click();
    await page.locator('article.text').waitFor();
    expect(page.url()).toMatch(/#\/doc\/\d+$/);
    const labels = await page.locator('.claim-label').allTextContents();
    expect(labels.some((l) => l.startsWith('ASSERT'))).toBe(true);
    expect(labels.some((l) => l.startsWith('DENY'))).toBe(true);
    // A click on a speaker explains the claim: speaker, cue, rule.
    await page.locator('.seg.speaker').first().click();
    const details = page.locator('section.details');
    await expect.poll(() => details.textContent()).toMatch(/speaker.*cue.*rule/s);
    expect(await page.locator('.seg.quantity').count()).toBeGreaterThan(0);
    expect(await page.locator('.seg.date').count()).toBeGreaterThan(0);
    // Boilerplate is greyed and folded: a summary says what was removed; opening it shows the text.
    const removed = page.locator('details.removed');
    expect(await removed.count()).toBe(1);
    expect(await removed.locator('summary').textContent()).toMatch(/removed: related-link/);
    expect(await removed.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await removed.locator('summary').click();
    expect(await removed.locator('span').textContent()).toMatch(/^Read more: Port strike/);
    await page.screenshot({ path: join(SHOTS, '2-article.png'), fullPage: true });
  });

  it('analyses a pasted article and highlights the wrong weekday', async () => {
    await page.goto(`${server.url}/#/analyze`);
    await page.locator('textarea[name=content]').fill(WRONG_WEEKDAY);
    await page.getByRole('button', { name: 'Analyse' }).click();
    const flag = page.locator('.flags li', { hasText: 'weekday-mismatch' });
    await flag.waitFor();
    expect(await flag.textContent()).toMatch(/Friday/);
    expect(await page.locator('.seg.flag').first().textContent()).toMatch(/Friday|March/);
    await flag.getByRole('button').first().click();
    await page.locator('.seg.flag.focus').first().waitFor();
    expect(await page.locator('.claim-label', { hasText: 'DENY' }).count()).toBe(1);
    // An intention is listed apart from the claims, labelled with its act.
    const attitudes = page.locator('section[aria-label="Beliefs, feelings, intentions and requests"] li');
    expect(await attitudes.count()).toBe(1);
    expect(await attitudes.first().textContent()).toMatch(/INTENTION.*Kiprop.*wants.*audit/);
    await page.screenshot({ path: join(SHOTS, '3-paste-flag.png'), fullPage: true });
  });

  it('searches with a filter and opens a result', async () => {
    await page.goto(`${server.url}/#/search`);
    await page.locator('input[name=q]').fill('cranes');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('.results li').first().waitFor();
    expect(page.url()).toContain('q=cranes');
    expect(await page.locator('.results li').count()).toBe(2);
    expect(await page.locator('.results mark').first().textContent()).toMatch(/crane/i);
    await page.screenshot({ path: join(SHOTS, '4-search.png'), fullPage: true });
    // The address is shareable: a filter in it narrows the results.
    await page.goto(`${server.url}/#/search?q=cranes&source=Port%20Weekly`);
    await expect.poll(() => page.locator('.results li').count()).toBe(1);
    await page.locator('.results a.result-title').first().click();
    await page.locator('article.text').waitFor();
    expect(await page.locator('h1').textContent()).toBe(ARTICLES[2]!.title);
  });

  it('shows an entity with its chart and claims', async () => {
    await page.goto(`${server.url}/#/entities?q=okafor`);
    await page.locator('.entity-table a').first().click();
    await page.locator('.chart canvas').first().waitFor();
    expect(await page.locator('h1').textContent()).toMatch(/Okafor/);
    expect(await page.locator('.claims li').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, '5-entity.png'), fullPage: true });
  });

  it('reads on a phone', async () => {
    const phone = await browser.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${server.url}/#/search?q=bus`);
    await phone.locator('.results a.result-title').first().click();
    await phone.locator('article.text').waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: join(SHOTS, '6-phone-article.png'), fullPage: true });
    await phone.close();
  });

  it('had no script errors', () => {
    expect(errors).toEqual([]);
  });
});
