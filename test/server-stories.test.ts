/**
 * The story endpoints in-process over the fictional stories corpus (test/fixtures/stories): the
 * list with the CLI's filters and bad filters, one story, its ClaimReview JSON-LD, unknown ids,
 * /openapi.json, and the event stream that tells open pages about new claims, from POST
 * /api/documents and from the feed watcher running inside the server.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../src/corpus/ingest.js';
import { createApp } from '../src/server/app.js';
import { EventHub, type ServerEvent } from '../src/server/events.js';
import { AnalysisPool } from '../src/server/pool.js';
import { startFeedWatcher } from '../src/server/watch.js';
import { WriteQueue } from '../src/server/writes.js';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite.js';

const CORPUS = fileURLToPath(new URL('./fixtures/stories/corpus.jsonl', import.meta.url));
type Rec = { id: string; source: string; published: string; title: string; text: string };
const records = new Map(
  readFileSync(CORPUS, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Rec)
    .map((r) => [r.id, r]),
);
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
function rss(ids: string[]): string {
  const items = ids.map((id) => {
    const r = records.get(id)!;
    const html = r.text.split('\n').map((p) => `<p>${esc(p)}</p>`).join('');
    return `<item><title>${esc(r.title)}</title><link>https://wire.example/a/${id}</link><guid>${id}</guid><pubDate>${new Date(r.published).toUTCString()}</pubDate><source url="https://wire.example/">${esc(r.source)}</source><description>${esc(html)}</description></item>`;
  });
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Fictional wire</title><link>https://wire.example/</link>${items.join('')}</channel></rss>`;
}

const INITIAL = ['troops-01', 'troops-02', 'troops-04', 'troops-05', 'troops-06', 'river-01', 'river-02', 'river-03', 'other-01'];

let dir: string;
let store: SqliteStore;
let pool: AnalysisPool;
let app: ReturnType<typeof createApp>;
const events = new EventHub();
const writes = new WriteQueue();

interface StoryItem {
  id: string;
  title: string;
  documents: number;
  languages: string[];
  summary: { entities: unknown[] };
}
interface Detail {
  id: string;
  timeline: { document: number; position: string; speaker: string; text: string; link: { document: number; start: number; end: number } }[];
  propositions: { id: string; stances: { speaker: string; current: string; changes: unknown[] }[] }[];
  figures: { values: unknown[] }[];
  spread: { outlets: { outlet: string; documents: number }[]; independent: number };
  documents: { id: number }[];
}

async function expectError(res: Response, status: number, code: string): Promise<string> {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  return body.error.message;
}

async function troops(): Promise<StoryItem> {
  const res = await app.request('/api/stories?entity=Ostravia');
  expect(res.status).toBe(200);
  const body = (await res.json()) as { items: StoryItem[] };
  return body.items.find((s) => /Valdoria|Ostravia/.test(s.title))!;
}

/** Reads server-sent events from a response until `until` holds or the time runs out. */
async function readEvents(res: Response, until: (e: { event: string; data: ServerEvent }) => boolean, ms: number): Promise<{ event: string; data: ServerEvent }[]> {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  const seen: { event: string; data: ServerEvent }[] = [];
  let buf = '';
  const deadline = Date.now() + ms;
  try {
    while (Date.now() < deadline) {
      const next = await Promise.race([reader.read(), new Promise<'late'>((r) => setTimeout(() => r('late'), Math.max(1, deadline - Date.now())))]);
      if (next === 'late' || next.done) break;
      buf += dec.decode(next.value, { stream: true });
      let cut: number;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!event || !data) continue;
        const e = { event, data: JSON.parse(data) as ServerEvent };
        seen.push(e);
        if (until(e)) return seen;
      }
    }
  } finally {
    await reader.cancel();
  }
  return seen;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'saksi-api-stories-'));
  store = openSqliteStore(join(dir, 'stories.db'));
  const wanted = new Set(INITIAL);
  const summary = await ingest(store, [CORPUS], {
    workers: 0,
    enumerate: async function* () {
      for (const r of records.values()) if (wanted.has(r.id)) yield { key: `fixture#${r.id}`, origin: r.id, text: r.text, title: r.title, source: r.source, published: r.published };
    },
  });
  expect(summary.failed).toBe(0);
  pool = await AnalysisPool.start({ workers: 1, queue: 2 });
  app = createApp({ store, analyzer: pool, events, writes });
}, 120_000);

afterAll(async () => {
  events.close();
  await pool?.close();
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/stories', () => {
  it('lists stories of two or more articles, most active first, with their summaries', async () => {
    const res = await app.request('/api/stories');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { limit: number; offset: number; more: boolean; items: StoryItem[] };
    expect(body.limit).toBe(20);
    expect(body.items.length).toBe(2);
    const [first, second] = body.items;
    expect(first!.documents).toBe(5);
    expect(first!.title).toMatch(/Valdoria|Ostravia/);
    expect(second!.documents).toBe(3);
    expect(first!.languages.sort()).toEqual(['en', 'id']);
    expect(Array.isArray(first!.summary.entities)).toBe(true);
  });

  it('filters as the CLI does: entity (name or id), since, lang; pages with limit and offset', async () => {
    const byName = (await (await app.request('/api/stories?entity=Arunika')).json()) as { items: StoryItem[] };
    expect(byName.items.map((s) => s.documents)).toEqual([3]);
    const later = (await (await app.request('/api/stories?since=2025-03-06')).json()) as { items: StoryItem[] };
    expect(later.items.map((s) => s.documents)).toEqual([5]);
    const none = (await (await app.request('/api/stories?since=2025-04')).json()) as { items: StoryItem[] };
    expect(none.items).toEqual([]);
    const page1 = (await (await app.request('/api/stories?limit=1')).json()) as { more: boolean; items: StoryItem[] };
    const page2 = (await (await app.request('/api/stories?limit=1&offset=1')).json()) as { more: boolean; items: StoryItem[] };
    expect(page1.more).toBe(true);
    expect(page2.more).toBe(false);
    expect(page2.items[0]!.id).not.toBe(page1.items[0]!.id);
    const id = await store.findEntities('Arunika');
    const byId = (await (await app.request(`/api/stories?entity=${id[0]!.id}`)).json()) as { items: StoryItem[] };
    expect(byId.items.map((s) => s.documents)).toEqual([3]);
    const en = (await (await app.request('/api/stories?lang=en')).json()) as { items: StoryItem[] };
    expect(en.items.length).toBe(2);
  });

  it('refuses bad filters and unknown entities with a clear error', async () => {
    expect(await expectError(await app.request('/api/stories?since=2025-13-01'), 400, 'bad-request')).toMatch(/since/);
    expect(await expectError(await app.request('/api/stories?since=yesterday'), 400, 'invalid-request')).toMatch(/since/);
    expect(await expectError(await app.request('/api/stories?lang=English'), 400, 'invalid-request')).toMatch(/lang/);
    expect(await expectError(await app.request('/api/stories?limit=0'), 400, 'invalid-request')).toMatch(/limit/);
    expect(await expectError(await app.request('/api/stories?offset=-1'), 400, 'invalid-request')).toMatch(/offset/);
    expect(await expectError(await app.request('/api/stories?entity=Zyxwvut'), 404, 'not-found')).toMatch(/Zyxwvut/);
    expect(await expectError(await app.request('/api/stories?entity=999999'), 404, 'not-found')).toMatch(/999999/);
  });
});

describe('GET /api/stories/{id}', () => {
  it('gives the timeline, stance table, figures, spread and evidence', async () => {
    const s = await troops();
    const res = await app.request(`/api/stories/${s.id}`);
    expect(res.status).toBe(200);
    const d = (await res.json()) as Detail;
    expect(d.id).toBe(s.id);
    expect(d.documents.length).toBe(5);
    expect(d.timeline.some((t) => t.position === 'assert')).toBe(true);
    expect(d.timeline.some((t) => t.position === 'deny')).toBe(true);
    for (const t of d.timeline) expect(t.link.end).toBeGreaterThan(t.link.start);
    const speakers = d.propositions.flatMap((p) => p.stances.map((x) => `${x.speaker}:${x.current}`));
    expect(speakers.some((x) => x.endsWith(':deny'))).toBe(true);
    expect(d.figures.length).toBeGreaterThan(0);
    expect(d.spread.outlets.length).toBeGreaterThanOrEqual(3);
  });

  it('answers an unknown story with 404 and a malformed id with 400', async () => {
    expect(await expectError(await app.request('/api/stories/nosuchstory'), 404, 'not-found')).toMatch(/nosuchstory/);
    await expectError(await app.request('/api/stories/no%20such'), 400, 'invalid-request');
    await expectError(await app.request(`/api/stories/${'x'.repeat(65)}`), 400, 'invalid-request');
    await expectError(await app.request('/api/stories/nosuchstory/claimreview'), 404, 'not-found');
  });

  it('gives the ClaimReview JSON-LD of a story', async () => {
    const s = await troops();
    const res = await app.request(`/api/stories/${s.id}/claimreview`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/ld\+json/);
    const reviews = (await res.json()) as { '@type': string; claimReviewed: string; 'saksi:story': string; itemReviewed: { author: { name: string } } }[];
    const detail = (await (await app.request(`/api/stories/${s.id}`)).json()) as Detail;
    expect(reviews.length).toBe(detail.timeline.length);
    expect(reviews[0]!['@type']).toBe('ClaimReview');
    expect(reviews.every((r) => r['saksi:story'] === s.id && r.claimReviewed.length > 0 && r.itemReviewed.author.name.length > 0)).toBe(true);
  });

  it('describes the story endpoints in /openapi.json', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, { get?: { parameters?: { name: string }[] } }> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/stories', '/api/stories/{id}', '/api/stories/{id}/claimreview', '/api/events']));
    expect(doc.paths['/api/stories']!.get!.parameters!.map((p) => p.name).sort()).toEqual(['entity', 'lang', 'limit', 'offset', 'since']);
  });
});

describe('GET /api/events', () => {
  it('tells open pages which stories changed when documents are posted', async () => {
    const s = await troops();
    const controller = new AbortController();
    const stream = await app.request('/api/events', { signal: controller.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const r = records.get('troops-07')!;
    const reading = readEvents(stream, (e) => e.event === 'stored', 60_000);
    const post = await app.request('/api/documents', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ documents: [{ key: 'post#troops-07', text: r.text, title: r.title, source: r.source, published: r.published }] }),
    });
    expect(post.status).toBe(200);
    const seen = await reading;
    controller.abort();
    expect(seen[0]!.event).toBe('ready');
    const stored = seen.find((e) => e.event === 'stored')!.data as Extract<ServerEvent, { type: 'stored' }>;
    expect(stored.via).toBe('api');
    expect(stored.stories).toEqual([s.id]);
    expect(events.size).toBe(0);
  }, 90_000);

  it('streams the claims the feed watcher brings in, and the story grows', async () => {
    const s = await troops();
    const before = (await (await app.request(`/api/stories/${s.id}`)).json()) as Detail;
    const stream = await app.request('/api/events');
    const reading = readEvents(stream, (e) => e.event === 'stored', 60_000);
    const feed = rss(['troops-08', 'troops-09']);
    const watcher = startFeedWatcher(
      { store, analyzer: pool, events, writes },
      { feeds: ['https://wire.example/feed.xml'], intervalMs: 1000, maxPolls: 1, fetch: async () => new Response(feed, { status: 200, headers: { 'content-type': 'application/rss+xml' } }) },
    );
    expect(await watcher.done).toBe(1);
    const seen = await reading;
    const kinds = seen.map((e) => e.event);
    expect(kinds).toEqual(expect.arrayContaining(['ready', 'poll', 'feed', 'claim', 'stored']));
    const claims = seen.filter((e) => e.event === 'claim').map((e) => e.data as Extract<ServerEvent, { type: 'claim' }>);
    expect(claims.every((c) => c.story === s.id)).toBe(true);
    const after = (await (await app.request(`/api/stories/${s.id}`)).json()) as Detail;
    expect(after.documents.length).toBe(before.documents.length + 2);
    expect(after.timeline.length).toBe(before.timeline.length + claims.length);
    // Ostravia first denied, then confirmed: a change of position in the stance table.
    expect(after.propositions.some((p) => p.stances.some((x) => x.changes.length > 0))).toBe(true);
    await watcher.stop();
  }, 90_000);

  it('refuses streams beyond the limit with 503', async () => {
    const hub = new EventHub();
    const small = createApp({ store, analyzer: pool, events: hub, writes });
    const open: Response[] = [];
    try {
      for (let i = 0; i < 64; i++) open.push(await small.request('/api/events'));
      expect(hub.size).toBe(64);
      const res = await small.request('/api/events');
      await expectError(res, 503, 'busy');
      expect(res.headers.get('retry-after')).toBe('10');
    } finally {
      hub.close();
    }
    expect(hub.size).toBe(0);
  });
});
