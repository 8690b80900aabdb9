import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import { AnalysisPool } from '../src/server/pool.js';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite.js';
import { ARTICLES, WRONG_WEEKDAY } from './fixtures/server/corpus.js';

type App = ReturnType<typeof createApp>;

let dir: string;
let store: SqliteStore;
let pool: AnalysisPool;
let app: App;
const logged: string[] = [];
let ids: number[] = [];

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

async function expectError(res: Response, status: number, code?: string): Promise<{ code: string; message: string }> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message).not.toMatch(/\n\s+at /); // no stack
  if (code) expect(body.error.code).toBe(code);
  return body.error;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'saksi-api-'));
  store = openSqliteStore(join(dir, 'api.db'));
  pool = await AnalysisPool.start({ workers: 1, queue: 2 });
  app = createApp({ store, analyzer: pool, config: { maxBodyBytes: 64 * 1024 }, log: (m) => logged.push(m) });
  const res = await app.request('/api/documents', json({ documents: ARTICLES }));
  expect(res.status).toBe(200);
  const body = (await res.json()) as { ingested: number; documents: { status: string; id: number }[] };
  expect(body.ingested).toBe(3);
  ids = body.documents.map((d) => d.id);
}, 120_000);

afterAll(async () => {
  await pool?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('POST /api/analyze', () => {
  it('analyses a posted text without storing it', async () => {
    const before = (await store.stats()).documents;
    const res = await app.request('/api/analyze', json({ text: WRONG_WEEKDAY, lang: 'en' }));
    expect(res.status).toBe(200);
    const a = (await res.json()) as { language: string; claims: { stance: string; text: string }[]; flags: { code: string; spans: { text: string }[] }[] };
    expect(a.language).toBe('en');
    expect(a.claims.some((c) => c.stance === 'deny')).toBe(true);
    const flag = a.flags.find((f) => f.code === 'weekday-mismatch');
    expect(flag?.spans.map((s) => s.text).join(' ')).toMatch(/Friday/);
    expect((await store.stats()).documents).toBe(before);
  });

  it('analyses posted HTML (main text extracted)', async () => {
    const paragraphs = ARTICLES[0]!.text.split('\n').map((p) => `<p>${p}</p>`).join('');
    const html = `<html><head><title>Cranes</title></head><body><nav>Home | World | Sport</nav><article><h1>Cranes</h1>${paragraphs}</article><footer>© Coastal Daily</footer></body></html>`;
    const res = await app.request('/api/analyze', json({ html }));
    expect(res.status).toBe(200);
    const a = (await res.json()) as { text: string; meta: { title?: string } };
    expect(a.text).toContain('12 cranes');
    expect(a.text).not.toContain('Home | World');
  });

  it('refuses malformed JSON, a wrong content type, bad fields and an oversized body', async () => {
    await expectError(await app.request('/api/analyze', json('{"text": ')), 400, 'bad-request');
    await expectError(await app.request('/api/analyze', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' }), 415);
    const e1 = await expectError(await app.request('/api/analyze', json({})), 400, 'invalid-request');
    expect(e1.message).toMatch(/text, html or url/);
    await expectError(await app.request('/api/analyze', json({ text: 'x', html: '<p>x</p>' })), 400, 'invalid-request');
    await expectError(await app.request('/api/analyze', json({ text: 'Hello.', lang: 'fr' })), 400, 'invalid-request');
    await expectError(await app.request('/api/analyze', json({ text: 'Hello.', date: '12/03/2025' })), 400, 'invalid-request');
    await expectError(await app.request('/api/analyze', json({ text: 'a'.repeat(70 * 1024) })), 413, 'body-too-large');
  });

  it('refuses private, loopback and non-http URLs (SSRF)', async () => {
    for (const url of ['http://127.0.0.1:9/x', 'http://localhost/', 'http://10.0.0.8/a', 'http://[::1]/', 'http://169.254.169.254/latest/meta-data', 'http://[::ffff:192.168.1.1]/']) {
      await expectError(await app.request('/api/analyze', json({ url })), 400, 'private-address');
    }
    await expectError(await app.request('/api/analyze', json({ url: 'file:///etc/passwd' })), 400);
  });

  it('answers 422 for a page with no article', async () => {
    await expectError(await app.request('/api/analyze', json({ html: '<html><body><nav>a</nav></body></html>' })), 422);
  });
});

describe('documents', () => {
  it('lists documents newest first with filters and pages', async () => {
    const all = (await (await app.request('/api/documents')).json()) as { total: number; items: { id: number; published: string; source: string }[] };
    expect(all.total).toBe(3);
    expect(all.items.map((d) => d.published)).toEqual(['2025-03-10', '2025-02-11', '2025-02-04']);
    const en = (await (await app.request('/api/documents?lang=en&limit=1&offset=1')).json()) as { total: number; items: { published: string }[] };
    expect(en.total).toBe(2);
    expect(en.items.map((d) => d.published)).toEqual(['2025-02-04']);
    const feb = (await (await app.request('/api/documents?since=2025-02&until=2025-02')).json()) as { total: number };
    expect(feb.total).toBe(2);
    const src = (await (await app.request('/api/documents?source=kabar%20kota')).json()) as { total: number };
    expect(src.total).toBe(1);
    await expectError(await app.request('/api/documents?limit=0'), 400, 'invalid-request');
    await expectError(await app.request('/api/documents?since=2025-13'), 400);
    await expectError(await app.request('/api/documents?since=2025-03&until=2025-02'), 400);
  });

  it('gets one document with its analysis and entity links', async () => {
    const res = await app.request(`/api/documents/${ids[0]}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { document: { title: string; source: string }; analysis: { text: string; claims: unknown[] }; entities: { name: string; entity: number }[] };
    expect(body.document.title).toBe(ARTICLES[0]!.title);
    expect(body.analysis.text).toBe(ARTICLES[0]!.text);
    expect(body.analysis.claims.length).toBeGreaterThan(0);
    expect(body.entities.some((e) => /Okafor/.test(e.name))).toBe(true);
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    await expectError(await app.request('/api/documents/99999'), 404, 'not-found');
    await expectError(await app.request('/api/documents/abc'), 400, 'invalid-request');
    await expectError(await app.request('/api/nothing-here'), 404, 'not-found');
  });

  it('ingest is idempotent: the same post again is unchanged, the same text under another key a duplicate', async () => {
    const again = (await (await app.request('/api/documents', json({ documents: [ARTICLES[1]] }))).json()) as { documents: { status: string; id: number }[] };
    expect(again.documents[0]!.status).toBe('unchanged');
    expect(again.documents[0]!.id).toBe(ids[1]);
    const dup = (await (await app.request('/api/documents', json({ documents: [{ ...ARTICLES[1], key: 'other-key' }] }))).json()) as { documents: { status: string; id: number }[] };
    expect(dup.documents[0]).toMatchObject({ status: 'duplicate', id: ids[1] });
    expect((await store.stats()).documents).toBe(3);
  });

  it('refuses an ingest of a private-address URL and a bad batch', async () => {
    await expectError(await app.request('/api/documents', json({ documents: [{ url: 'http://192.168.0.1/news' }] })), 400, 'private-address');
    await expectError(await app.request('/api/documents', json({ documents: [] })), 400, 'invalid-request');
    await expectError(await app.request('/api/documents', json({ documents: [{ title: 'no text' }] })), 400, 'invalid-request');
  });
});

describe('search, entities, export, openapi', () => {
  it('searches with the CLI filters and pages', async () => {
    const r = (await (await app.request('/api/search?q=cranes')).json()) as { results: { id: number; snippet: string; matches: { start: number; end: number }[] }[]; more: boolean };
    expect(r.results.map((h) => h.id).sort()).toEqual([ids[0], ids[2]].sort());
    const marked = r.results.flatMap((h) => h.matches.map((m) => h.snippet.slice(m.start, m.end).toLowerCase()));
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.every((w) => /crane/.test(w))).toBe(true);
    const page = (await (await app.request('/api/search?q=cranes&limit=1&offset=1')).json()) as { results: unknown[]; more: boolean };
    expect(page.results).toHaveLength(1);
    expect(page.more).toBe(false);
    const first = (await (await app.request('/api/search?q=cranes&limit=1')).json()) as { more: boolean };
    expect(first.more).toBe(true);
    const filtered = (await (await app.request('/api/search?q=cranes&source=Port%20Weekly')).json()) as { results: { id: number }[] };
    expect(filtered.results.map((x) => x.id)).toEqual([ids[2]]);
    const none = (await (await app.request('/api/search?q=cranes&lang=id')).json()) as { results: unknown[] };
    expect(none.results).toEqual([]);
    const until = (await (await app.request('/api/search?q=cranes&until=2025-02-05')).json()) as { results: { id: number }[] };
    expect(until.results.map((x) => x.id)).toEqual([ids[0]]);
    await expectError(await app.request('/api/search'), 400, 'invalid-request');
    await expectError(await app.request('/api/search?q=*'), 400, 'bad-query');
  });

  it('lists entities and gives one with claims and mentions by month', async () => {
    const list = (await (await app.request('/api/entities?limit=50')).json()) as { items: { id: number; name: string; type: string }[] };
    const okafor = list.items.find((e) => /Okafor/.test(e.name));
    expect(okafor?.type).toBe('PERSON');
    const found = (await (await app.request('/api/entities?q=okafor')).json()) as { items: { id: number }[] };
    expect(found.items[0]!.id).toBe(okafor!.id);
    const persons = (await (await app.request('/api/entities?type=PERSON')).json()) as { items: { type: string }[] };
    expect(persons.items.every((e) => e.type === 'PERSON')).toBe(true);
    const detail = (await (await app.request(`/api/entities/${okafor!.id}`)).json()) as { name: string; byMonth: { month: string }[]; claimsBy: unknown[] };
    expect(detail.byMonth.map((m) => m.month)).toContain('2025-02');
    expect(detail.claimsBy.length).toBeGreaterThan(0);
    await expectError(await app.request('/api/entities/424242'), 404, 'not-found');
    await expectError(await app.request('/api/entities?type=ANIMAL'), 400, 'invalid-request');
  });

  it('streams an export as JSON lines', async () => {
    const res = await app.request('/api/export?what=documents');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as { id: number });
    expect(lines.map((l) => l.id)).toEqual([...ids].sort((a, b) => a - b));
    const claims = (await (await app.request('/api/export?what=claims')).text()).trim().split('\n');
    expect(claims.length).toBeGreaterThan(3);
    await expectError(await app.request('/api/export?what=secrets'), 400, 'invalid-request');
  });

  it('describes itself at /openapi.json from the same schemas', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, { requestBody?: unknown; parameters?: { name: string }[] }>>; components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }> } };
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/analyze', '/api/documents', '/api/documents/{id}', '/api/entities', '/api/entities/{id}', '/api/events', '/api/export', '/api/health', '/api/search', '/api/stories', '/api/stories/{id}', '/api/stories/{id}/claimreview']);
    expect(doc.paths['/api/search']!['get']!.parameters!.map((p) => p.name).sort()).toEqual(['lang', 'limit', 'offset', 'q', 'since', 'source', 'until']);
    expect(Object.keys(doc.components.schemas['AnalyzeRequest']!.properties!)).toEqual(expect.arrayContaining(['text', 'html', 'url', 'lang', 'date']));
  });

  it('reports health', async () => {
    const h = (await (await app.request('/api/health')).json()) as { ok: boolean; documents: number; pool: { workers: number } };
    expect(h).toMatchObject({ ok: true, documents: 3, pool: { workers: 1 } });
  });
});

describe('the analysis pool under pressure', () => {
  it('answers 503 with Retry-After when the queue is full, and recovers', async () => {
    // One worker, a queue of two: hold the worker and fill the queue.
    const held = [pool.sleep(1500), pool.sleep(50), pool.sleep(50)];
    const res = await app.request('/api/analyze', json({ text: 'The minister said 3 ships came.' }));
    const err = await expectError(res, 503, 'busy');
    expect(err.message).toMatch(/queue is full/);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await Promise.all(held);
    expect((await app.request('/api/analyze', json({ text: 'The minister said 3 ships came.' }))).status).toBe(200);
  });

  it('replaces a worker that dies mid-task', async () => {
    await expect(pool.crash()).rejects.toThrow(/exited with code 3/);
    await expect.poll(() => pool.stats().workers, { timeout: 30_000 }).toBe(1);
    expect((await app.request('/api/analyze', json({ text: 'The minister said 3 ships came.' }))).status).toBe(200);
  }, 60_000);

  it('replaces a worker that overruns its deadline', async () => {
    const quick = await AnalysisPool.start({ workers: 1, timeoutMs: 300 });
    try {
      await expect(quick.sleep(5000)).rejects.toThrow(/longer than 300 ms/);
      const a = await quick.analyze({ text: 'The minister said 3 ships came.' });
      expect(a.quantities.length).toBeGreaterThan(0);
    } finally {
      await quick.close();
    }
  }, 60_000);
});

describe('the token rule', () => {
  it('refuses to build an app beyond loopback without a token', () => {
    expect(() => createApp({ store, analyzer: pool, config: { host: '0.0.0.0' } })).toThrow(/SAKSI_TOKEN/);
    expect(() => createApp({ store, analyzer: pool, config: { host: '192.168.1.20' } })).toThrow(/SAKSI_TOKEN/);
    expect(() => createApp({ store, analyzer: pool, config: { host: '::1' } })).not.toThrow();
  });

  it('needs the bearer token for writes, not for reads or on-the-spot analysis', async () => {
    const guarded = createApp({ store, analyzer: pool, config: { host: '0.0.0.0', token: 's3cret-token' } });
    const doc = { documents: [{ text: 'Mayor Ana Lima said 4 bridges will be repaired.', title: 'Bridges' }] };
    await expectError(await guarded.request('/api/documents', json(doc)), 401, 'unauthorized');
    const wrong = await guarded.request('/api/documents', json(doc, { authorization: 'Bearer nope' }));
    await expectError(wrong, 401, 'unauthorized');
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    const ok = await guarded.request('/api/documents', json(doc, { authorization: 'Bearer s3cret-token' }));
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { ingested: number }).ingested).toBe(1);
    expect((await guarded.request('/api/documents')).status).toBe(200);
    expect((await guarded.request('/api/search?q=bridges')).status).toBe(200);
    expect((await guarded.request('/api/analyze', json({ text: 'Mayor Ana Lima said 4 bridges will be repaired.' }))).status).toBe(200);
  });
});

describe('the app as a function of its dependencies', () => {
  it('takes any analyzer, and answers a request past its deadline with a JSON 503', async () => {
    const slow = {
      analyze: () => new Promise<never>(() => undefined),
      process: () => new Promise<never>(() => undefined),
      stats: () => ({ workers: 1, busy: 1, queued: 0, capacity: 1 }),
      full: () => false,
      close: async () => undefined,
    };
    const a = createApp({ store, analyzer: slow, config: { requestTimeoutMs: 200 } });
    const started = Date.now();
    const res = await a.request('/api/analyze', json({ text: 'The minister said 3 ships came.' }));
    const err = await expectError(res, 503, 'timeout');
    expect(err.message).toMatch(/longer than 200 ms/);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('DNS rebinding', () => {
  it('answers on loopback only to loopback names', async () => {
    await expectError(await app.request('http://evil.example:8080/api/documents'), 403, 'forbidden-host');
    expect((await app.request('http://127.0.0.1:8080/api/health')).status).toBe(200);
    expect((await app.request('http://[::1]:8080/api/health')).status).toBe(200);
    expect((await app.request('http://localhost/api/health')).status).toBe(200);
  });
});

describe('errors stay inside', () => {
  it('answers 500 without details when the store fails, and logs the cause', async () => {
    const broken = openSqliteStore(join(dir, 'broken.db'));
    const a = createApp({ store: broken, analyzer: pool, log: (m) => logged.push(m) });
    await broken.close();
    const res = await a.request('/api/documents');
    const err = await expectError(res, 500);
    expect(err.message).not.toMatch(/sqlite|closed|Error:/i);
    expect(logged.some((l) => /internal error|store error/.test(l))).toBe(true);
  });
});

describe('URL analysis with a test server', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/to-private') {
        res.writeHead(302, { location: `http://127.0.0.2:${port}/article` });
        return res.end();
      }
      if (req.url === '/article') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(`<html><head><title>Cranes</title></head><body><article>${ARTICLES[0]!.text.split('\n').map((p) => `<p>${p}</p>`).join('')}</article></body></html>`);
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('fetches and analyses a page when private URLs are allowed', async () => {
    const open = createApp({ store, analyzer: pool, config: { allowPrivateUrls: true } });
    const res = await open.request('/api/analyze', json({ url: `http://127.0.0.1:${port}/article` }));
    expect(res.status).toBe(200);
    const a = (await res.json()) as { text: string; meta: { url: string } };
    expect(a.text).toContain('12 cranes');
    await expectError(await open.request('/api/analyze', json({ url: `http://127.0.0.1:${port}/missing` })), 502, 'http-error');
  });
});
