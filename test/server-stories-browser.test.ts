// The story pages end to end in headless Chromium (Debian's chromium, driven by playwright-core):
// ingest a small corpus through the API, open the stories list and a story, see the timeline and
// the stance table, watch the page update by itself when the feed watcher inside the server brings
// new claims (server-sent events), open a claim in its article at its sentence, and read the story
// on a phone. Screenshots go to test-artifacts/browser/ (gitignored).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../src/server/server.js';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const SHOTS = join(process.cwd(), 'test-artifacts', 'browser');
const HAVE_UI = existsSync(join(process.cwd(), 'dist', 'web', 'index.html'));

type Rec = { id: string; source: string; published: string; title: string; text: string };
const CORPUS = fileURLToPath(new URL('./fixtures/stories/corpus.jsonl', import.meta.url));
const records = new Map(
  readFileSync(CORPUS, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Rec)
    .map((r) => [r.id, r]),
);
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** The fictional wire's feed: what it holds changes during the test. */
let feedItems = ['other-02'];
function rss(): string {
  const items = feedItems.map((id) => {
    const r = records.get(id)!;
    const html = r.text.split('\n').map((p) => `<p>${esc(p)}</p>`).join('');
    return `<item><title>${esc(r.title)}</title><link>https://wire.example/a/${id}</link><guid>${id}</guid><pubDate>${new Date(r.published).toUTCString()}</pubDate><source url="https://wire.example/">${esc(r.source)}</source><description>${esc(html)}</description></item>`;
  });
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Fictional wire</title><link>https://wire.example/</link>${items.join('')}</channel></rss>`;
}

if (!HAVE_CHROMIUM) console.log(`story browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);
else if (!HAVE_UI) console.log('story browser tests skipped: dist/web is not built (npm run build)');

describe.skipIf(!HAVE_CHROMIUM || !HAVE_UI)('story pages in headless Chromium', () => {
  let dir: string;
  let server: RunningServer;
  let browser: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'saksi-story-browser-'));
    server = await startServer({
      db: join(dir, 'ui.db'),
      port: 0,
      pool: { workers: 1 },
      watch: { feeds: ['https://wire.example/feed.xml'], intervalMs: 1000, fetch: async () => new Response(rss(), { status: 200, headers: { 'content-type': 'application/rss+xml' } }) },
    });
    const initial = ['troops-01', 'troops-02', 'troops-03', 'troops-04', 'troops-05', 'troops-06', 'troops-07', 'river-01', 'river-02', 'river-03', 'other-01'];
    const documents = initial.map((id) => {
      const r = records.get(id)!;
      return { key: `fixture#${id}`, text: r.text, title: r.title, source: r.source, published: r.published };
    });
    const res = await fetch(`${server.url}/api/documents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ documents }) });
    expect(res.status).toBe(200);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists the stories and opens one: timeline chart and stance table', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Stories' }).click();
    await page.locator('.story-list li').first().waitFor();
    expect(await page.locator('.story-list li').count()).toBe(2);
    expect(await page.locator('.story-list li').first().textContent()).toMatch(/7 articles/);
    await page.screenshot({ path: join(SHOTS, '7-stories.png'), fullPage: true });
    await page.locator('.story-list a.story-title').first().click();
    await page.locator('.timeline-chart .chart-box svg').waitFor();
    expect(page.url()).toMatch(/#\/story\/s[0-9a-f]+$/);
    // The timeline: one mark per dated claim, in lanes labelled by stance (readable without colour).
    const marks = await page.locator('a.timeline-mark').count();
    expect(marks).toBeGreaterThan(5);
    expect(await page.locator('.lane-label').allTextContents()).toEqual(['ASSERT', 'DOUBT', 'DENY']);
    expect(await page.locator('a.timeline-mark .mark-deny').count()).toBeGreaterThan(0);
    expect(await page.locator('a.timeline-mark .mark-assert').count()).toBeGreaterThan(0);
    // The stance table: Ostravia's spokesman denies, Lund asserts.
    const table = page.locator('table.stance-table').first();
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows.some((r) => /Karsk.*DENY/.test(r))).toBe(true);
    expect(rows.some((r) => /Lund.*ASSERT/.test(r))).toBe(true);
    // The figures chart and the spread (copies counted once).
    expect(await page.locator('figure.figure-chart svg').count()).toBeGreaterThan(0);
    expect(await page.locator('.spread-table tbody tr').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('h2', { hasText: 'Spread' }).locator('xpath=following-sibling::p[1]').textContent()).toMatch(/independent report.*near-duplicate cop.*counted once/);
    await page.screenshot({ path: join(SHOTS, '8-story.png'), fullPage: true });
  }, 60_000);

  it('updates by itself when the feed watcher brings new claims', async () => {
    const before = await page.locator('a.timeline-mark').count();
    const changesBefore = await page.locator('table.stance-table .change').count();
    // Ostravia now confirms: two new articles on the wire.
    feedItems = ['other-02', 'troops-08', 'troops-09'];
    await page.locator('.live-note').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('a.timeline-mark').count(), { timeout: 30_000 }).toBeGreaterThan(before);
    // A change of position appears in the stance table: deny → assert.
    await expect.poll(() => page.locator('table.stance-table .change').count(), { timeout: 30_000 }).toBeGreaterThan(changesBefore);
    expect(await page.locator('table.stance-table .change').first().textContent()).toMatch(/DENY\s*→\s*ASSERT/);
    await page.screenshot({ path: join(SHOTS, '9-story-updated.png'), fullPage: true });
  }, 120_000);

  it('opens a timeline claim in its article, at its sentence', async () => {
    const claim = page.locator('.timeline-list a.claim-link', { hasText: 'pure invention' }).first();
    const text = (await claim.textContent())!.replace(/[“”]/g, '');
    await claim.click();
    await page.locator('article.text').waitFor();
    expect(page.url()).toMatch(/#\/doc\/\d+\?at=\d+-\d+$/);
    const target = page.locator('#reader-target');
    await target.waitFor();
    expect(await target.isVisible()).toBe(true);
    const marked = (await page.locator('.target').allTextContents()).join('');
    expect(marked.length).toBeGreaterThan(10);
    expect(text).toContain(marked.replace(/^[“"]|[”"]$/g, '').trim().slice(0, 20));
    await page.screenshot({ path: join(SHOTS, '10-claim-in-article.png') });
  }, 30_000);

  it('reads a story on a phone', async () => {
    const phone = await browser.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${server.url}/#/stories`);
    await phone.locator('.story-list a.story-title').first().click();
    await phone.locator('.timeline-chart .chart-box svg').waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const svgWidth = await phone.locator('.timeline-chart .chart-box svg').evaluate((s) => s.getBoundingClientRect().width);
    expect(svgWidth).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: join(SHOTS, '11-phone-story.png'), fullPage: true });
    await phone.close();
  }, 30_000);

  it('had no script errors', () => {
    expect(errors).toEqual([]);
  });
});
