/**
 * `saksi watch` against a feed served on loopback that changes between polls: conditional
 * requests (ETag, 304), a failing feed that does not stop the other, new claims and a change of
 * stance reported as they arrive.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/store/sqlite.js';
import { watchFeeds, type WatchEvent } from '../src/corpus/watch.js';

const CORPUS = fileURLToPath(new URL('./fixtures/stories/corpus.jsonl', import.meta.url));
const records = new Map(
  readFileSync(CORPUS, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; source: string; published: string; title: string; text: string })
    .map((r) => [r.id, r]),
);
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function rss(ids: string[], base: string): string {
  const items = ids.map((id) => {
    const r = records.get(id)!;
    const html = r.text.split('\n').map((p) => `<p>${esc(p)}</p>`).join('');
    return `<item><title>${esc(r.title)}</title><link>${base}/a/${id}</link><guid>${id}</guid><pubDate>${new Date(r.published).toUTCString()}</pubDate><source url="${base}">${esc(r.source)}</source><description>${esc(html)}</description></item>`;
  });
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Fictional wire</title><link>${base}</link>${items.join('')}</channel></rss>`;
}

const dir = mkdtempSync(join(tmpdir(), 'saksi-watch-'));
let server: Server;
let base = '';
const requests: { path: string; ifNoneMatch?: string }[] = [];
let version = 1;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    requests.push({ path: req.url ?? '', ...(req.headers['if-none-match'] ? { ifNoneMatch: String(req.headers['if-none-match']) } : {}) });
    if (req.url !== '/feed.xml') {
      res.writeHead(404).end('gone');
      return;
    }
    const etag = `"v${version}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    const ids = version === 1 ? ['troops-02', 'troops-05'] : ['troops-02', 'troops-05', 'troops-09'];
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(rss(ids, base));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  base = `http://127.0.0.1:${addr.port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

describe('saksi watch', () => {
  it('polls politely, skips unchanged feeds, survives a failing one, reports new claims and stance changes', async () => {
    const store = openSqliteStore(join(dir, 'watch.db'));
    const events: WatchEvent[] = [];
    try {
      let polls = 0;
      const n = await watchFeeds(store, [`${base}/missing.xml`, `${base}/feed.xml`], {
        intervalMs: 1000,
        maxPolls: 3,
        ingest: { workers: 0 },
        onEvent: (e) => {
          events.push(e);
          if (e.type === 'poll') polls = e.poll;
          // The feed changes after the second poll.
          if (e.type === 'feed' && polls === 2) version = 2;
        },
      });
      expect(n).toBe(3);
      // The third article joins the story of the first two.
      const stories = new Set(events.filter((e): e is Extract<WatchEvent, { type: 'claim' }> => e.type === 'claim' && e.key.endsWith('troops-09')).map((c) => c.story));
      expect(stories.size).toBe(1);
      expect(await store.storyDocuments([...stories][0]!)).toHaveLength(3);
    } finally {
      await store.close();
    }
    const feedReqs = requests.filter((r) => r.path === '/feed.xml');
    expect(feedReqs).toHaveLength(3);
    expect(feedReqs[0]!.ifNoneMatch).toBeUndefined();
    expect(feedReqs[1]!.ifNoneMatch).toBe('"v1"');
    const feeds = events.filter((e): e is Extract<WatchEvent, { type: 'feed' }> => e.type === 'feed');
    expect(feeds.map((f) => `${f.status}:${f.newItems}`)).toEqual(['fetched:2', 'unchanged:0', 'fetched:1']);
    // The missing feed fails at every poll and never stops the other.
    expect(events.filter((e) => e.type === 'error')).toHaveLength(3);
    const claims = events.filter((e): e is Extract<WatchEvent, { type: 'claim' }> => e.type === 'claim');
    expect(claims.some((c) => /Karsk/.test(c.speaker) && c.stance === 'deny')).toBe(true);
    const last = claims.filter((c) => c.key.endsWith('/a/troops-09'));
    expect(last.length).toBeGreaterThan(0);
    // The third article changes Karsk's position on 'send'.
    const changes = events.filter((e): e is Extract<WatchEvent, { type: 'stance-change' }> => e.type === 'stance-change');
    expect(changes.find((c) => /Karsk/.test(c.speaker))).toEqual(expect.objectContaining({ proposition: 'send', from: 'deny', to: 'assert', date: '2025-03-11' }));
    expect(changes.every((c) => c.from === 'deny' && c.to === 'assert' && c.document === changes[0]!.document)).toBe(true);
  }, 60_000);
});
