/**
 * `saksi serve` as a user runs it: the built CLI on a real port (needs `npm run build`; npm test
 * does it first), the token rule at start-up, a clean stop on SIGTERM.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ARTICLES } from './fixtures/server/corpus.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'saksi.js');
const dir = mkdtempSync(join(tmpdir(), 'saksi-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('saksi serve', () => {
  it('refuses to listen beyond loopback without SAKSI_TOKEN', () => {
    const env = { ...process.env, SAKSI_TOKEN: '' };
    const r = spawnSync(process.execPath, [BIN, 'serve', '--host', '0.0.0.0', '--port', '0', '--db', join(dir, 'a.db')], { encoding: 'utf8', env, timeout: 60_000 });
    expect(r.status).toBe(64);
    expect(r.stderr).toMatch(/needs a token for writes: set SAKSI_TOKEN/);
  });

  it('refuses a bad port', () => {
    const r = spawnSync(process.execPath, [BIN, 'serve', '--port', 'eighty'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(64);
    expect(r.stderr).toMatch(/--port expects a port number/);
  });

  it('serves the API and the web UI on a real port, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--workers', '1', '--db', join(dir, 'real.db')], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let stderr = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start-up line: ${stderr}`)), 60_000);
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          const m = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
      });
      const post = await fetch(`${url}/api/documents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ documents: ARTICLES.slice(0, 2) }) });
      expect(post.status).toBe(200);
      expect(((await post.json()) as { ingested: number }).ingested).toBe(2);
      const search = (await (await fetch(`${url}/api/search?q=bus`)).json()) as { results: { title: string }[] };
      expect(search.results.map((r) => r.title)).toEqual([ARTICLES[1]!.title]);
      const page = await fetch(`${url}/`);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      const html = await page.text();
      expect(html).toMatch(/<div id="app">/);
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script).toBeDefined();
      const js = await fetch(`${url}${script}`);
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toMatch(/javascript/);
      // No CDN: the page loads nothing from elsewhere.
      expect(html).not.toMatch(/https?:\/\//);
      const missing = await fetch(`${url}/assets/nothing.js`);
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not-found');
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', (c) => resolve(c))));
    expect(code).toBe(0);
  }, 90_000);

  it('refuses --every without --watch, and a feed that is not an http(s) URL', () => {
    const a = spawnSync(process.execPath, [BIN, 'serve', '--port', '0', '--every', '5m', '--db', join(dir, 'w.db')], { encoding: 'utf8', timeout: 60_000 });
    expect(a.status).toBe(64);
    expect(a.stderr).toMatch(/--every goes with --watch/);
    const b = spawnSync(process.execPath, [BIN, 'serve', '--port', '0', '--watch', 'feeds.xml', '--db', join(dir, 'w.db')], { encoding: 'utf8', timeout: 60_000 });
    expect(b.status).toBe(64);
    expect(b.stderr).toMatch(/not a URL: 'feeds.xml'/);
    const c = spawnSync(process.execPath, [BIN, 'serve', '--port', '0', '--watch', 'http://127.0.0.1:9/feed.xml', '--every', '10ms', '--db', join(dir, 'w.db')], { encoding: 'utf8', timeout: 60_000 });
    expect(c.status).toBe(64);
    expect(c.stderr).toMatch(/--every must be at least/);
  });

  it('follows a feed inside the server (--watch), groups its items into a story, and stops on SIGTERM with an event stream open', async () => {
    const records = readFileSync(new URL('./fixtures/stories/corpus.jsonl', import.meta.url), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; source: string; published: string; title: string; text: string })
      .filter((r) => ['troops-01', 'troops-02', 'troops-04', 'troops-05'].includes(r.id));
    const esc = (x: string): string => x.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>wire</title><link>https://wire.example/</link>${records
      .map((r) => `<item><title>${esc(r.title)}</title><link>https://wire.example/a/${r.id}</link><pubDate>${new Date(r.published).toUTCString()}</pubDate><source url="https://wire.example/">${esc(r.source)}</source><description>${esc(r.text)}</description></item>`)
      .join('')}</channel></rss>`;
    const feedServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed));
    await new Promise<void>((r) => feedServer.listen(0, '127.0.0.1', r));
    const feedUrl = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}/feed.xml`;
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--workers', '1', '--watch', feedUrl, '--every', '1h', '--db', join(dir, 'watch.db')], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let stderr = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start-up line: ${stderr}`)), 60_000);
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          const m = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
      });
      expect(stderr).toMatch(/watching 1 feed every 1h/);
      const events = await fetch(`${url}/api/events`);
      expect(events.headers.get('content-type')).toMatch(/text\/event-stream/);
      let stories: { documents: number }[] = [];
      for (let i = 0; i < 120 && stories.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 500));
        stories = ((await (await fetch(`${url}/api/stories`)).json()) as { items: { documents: number }[] }).items;
      }
      expect(stories.map((s) => s.documents)).toEqual([4]);
      expect(stderr).toMatch(/4 new items/);
    } finally {
      child.kill('SIGTERM');
      await new Promise<void>((r) => feedServer.close(() => r()));
    }
    const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', (c) => resolve(c))));
    expect(code).toBe(0);
  }, 120_000);
});
