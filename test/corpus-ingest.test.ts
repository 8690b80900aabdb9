/**
 * The ingest orchestration over the test corpus (test/fixtures/corpus), with a deterministic
 * stand-in analyzer: every source type, exact and near duplicates, failures that do not stop the
 * run, idempotence, and the same result on worker threads as in-process.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisThreads, GROW_WINDOW_MS, ingest, NearDuplicateIndex, PoolGrowth, type IngestSummary } from '../src/corpus/ingest.js';
import { loadKnowledgeBase } from '../src/kb/index.js';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/store.js';
import type { AnalyzeFunction } from '../src/corpus/worker.js';
// @ts-expect-error: a plain ES module without types, shared with the worker threads and the CLI test
import * as stub from './fixtures/stub-analyzer.mjs';

const analyze = (stub as { analyze: AnalyzeFunction }).analyze;
const STUB_URL = pathToFileURL(fileURLToPath(new URL('./fixtures/stub-analyzer.mjs', import.meta.url))).href;
const CORPUS = fileURLToPath(new URL('./fixtures/corpus/', import.meta.url));
const at = (p: string): string => join(CORPUS, p);
/** A knowledge base of a few people only (not the starter KB, which grows). */
const kb = loadKnowledgeBase({ dataDir: fileURLToPath(new URL('./fixtures/corpus-kb/', import.meta.url)) });
const KB_FILE = fileURLToPath(new URL('./fixtures/corpus-kb/people.json', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'saksi-ingest-'));
let dbs = 0;
const newStore = (): SqliteStore => openSqliteStore(join(dir, `s${++dbs}.db`));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function addsUp(s: IngestSummary): void {
  expect(s.seen).toBe(s.ingested + s.exactDuplicates + s.unchanged + s.failed);
  expect(s.nearDuplicates).toBeLessThanOrEqual(s.ingested);
}

/** Everything a re-run must leave untouched. */
async function snapshot(store: Store): Promise<unknown> {
  return {
    stats: await store.stats(),
    documents: (await all(store.scan('documents'))).map(({ ingestedAt: _t, ...d }) => d),
    entities: await all(store.scan('entities')),
    claims: await all(store.scan('claims')),
    links: await all(store.scan('links')),
  };
}

const FILE_INPUTS = [at('articles'), at('pages'), at('records.jsonl'), at('atom.xml'), at('bad')];

describe('ingest over the test corpus (in-process)', () => {
  let store: SqliteStore;
  let first: IngestSummary;

  beforeAll(async () => {
    writeFileSync(join(dir, 'corpus.warc'), warc());
    store = newStore();
    first = await ingest(store, [...FILE_INPUTS, join(dir, 'corpus.warc')], { workers: 0, analyze, knowledgeBase: kb, batchSize: 7 });
  });
  afterAll(async () => store.close());

  it('accounts for every input and stores each distinct text once', async () => {
    addsUp(first);
    const articles = readdirSync(at('articles')).length;
    // 31 articles, 2 pages, 4 good JSONL records (one an exact copy), 2 Atom entries, 2 WARC pages.
    expect(first.ingested).toBe(articles + 2 + 3 + 2 + 2);
    expect(first.exactDuplicates).toBe(1);
    expect(first.unchanged).toBe(0);
    expect((await store.stats()).documents).toBe(first.ingested);
    expect(store.integrityCheck()).toEqual(['ok']);
  });

  it('lists every failure with its reason, keeps them in the store, and goes on', async () => {
    const codes = first.failures.map((f) => f.code).sort();
    expect(codes).toEqual(['empty', 'invalid-json', 'invalid-utf8', 'malformed-feed', 'no-content', 'unsafe-xml']);
    expect(first.failed).toBe(6);
    for (const f of first.failures) expect(f.message.length).toBeGreaterThan(5);
    const stored = await all(store.scan('failures'));
    expect(stored.map((f) => f.code).sort()).toEqual(codes);
  });

  it('records the exact duplicate against the stored copy', async () => {
    const cabai = (await store.sourceState(join(at('articles'), 'id-harga-cabai.txt')))!;
    const copy = (await store.sourceState(`${at('records.jsonl')}#cabai-copy`))!;
    expect(copy).toMatchObject({ kind: 'exact-duplicate', documentId: cabai.documentId });
    expect((await store.getDocument(cabai.documentId))!.duplicateKeys).toEqual([`${at('records.jsonl')}#cabai-copy`]);
  });

  it('links near-duplicates to the earliest copy, relinking when an earlier one comes later', async () => {
    const docOf = async (key: string): Promise<number> => (await store.sourceState(key))!.documentId;
    const banjir = await docOf(join(at('articles'), 'id-banjir-semarang.txt'));
    const banjirUlang = await docOf(join(at('articles'), 'id-banjir-semarang-ulang.txt'));
    const nato = await docOf(join(at('articles'), 'en-nato-summit.txt'));
    const natoRewrite = await docOf(join(at('articles'), 'en-nato-summit-rewrite.txt'));
    const gempa = await docOf(join(at('articles'), 'id-gempa-cianjur.txt'));
    const gempaSusulan = await docOf(join(at('articles'), 'id-gempa-cianjur-susulan.txt'));
    const baliLater = await docOf(`${at('records.jsonl')}#bali-later`);
    const baliOriginal = await docOf(`${at('records.jsonl')}#bali-original`);
    // Without dates, ingest order decides (files in name order: "x-ulang.txt" before "x.txt").
    expect((await store.getDocument(banjir))!.copyOf?.id).toBe(banjirUlang);
    expect((await store.getDocument(nato))!.copyOf?.id).toBe(natoRewrite);
    expect((await store.getDocument(gempa))!.copyOf?.id).toBe(gempaSusulan);
    expect((await store.getDocument(banjirUlang))!.copies).toEqual([banjir]);
    // bali-later was stored first, then bali-original (published a day earlier) took its place.
    expect(baliLater).toBeLessThan(baliOriginal);
    const later = (await store.getDocument(baliLater))!;
    expect(later.copyOf?.id).toBe(baliOriginal);
    expect(later.copyOf!.similarity).toBeGreaterThan(0.5);
    expect((await store.getDocument(baliOriginal))!.copyOf).toBeUndefined();
    expect(first.nearDuplicates).toBe(4);
    expect((await store.stats()).nearDuplicates).toBe(4);
    // Different stories on the same subject are not linked.
    const flood = await docOf(join(at('articles'), 'en-semarang-flood.txt'));
    expect((await store.getDocument(flood))!.copyOf).toBeUndefined();
  });

  it('keeps metadata from records, pages and feeds', async () => {
    const bali = (await store.getDocument((await store.sourceState(`${at('records.jsonl')}#bali-original`))!.documentId))!;
    expect(bali).toMatchObject({ title: 'Bali to charge foreign tourists a levy', source: 'First Wire', published: '2025-04-01T15:00:00+08:00', url: 'https://wire.example/bali-levy', language: 'en' });
    const page = (await store.getDocument((await store.sourceState(join(at('pages'), 'id-pilkada-sulsel.html')))!.documentId))!;
    expect(page.title).toBe('Pemantau: Pilkada Sulawesi Selatan Berlangsung Tertib');
    expect(page.published?.slice(0, 10)).toBe('2025-03-24');
    expect(page.format).toBe('html');
    expect(page.text).toContain('Maria Gonzales');
    expect(page.text).not.toContain('Beranda');
    const hits = await store.search({ query: 'Gonzales' });
    expect(hits.length).toBe(2);
  });

  it('finds articles by full-text search, with the analysis stored beside them', async () => {
    const hits = await store.search({ query: 'Korea Utara tentara' });
    // A .txt article: its first line reads like a headline and titles it.
    expect(hits[0]!.title).toBe('Korea Utara Dilaporkan Kirim Tambahan Tentara ke Rusia');
    const doc = (await store.getDocument(hits[0]!.id))!;
    expect(doc.sourceKey).toBe(join(at('articles'), 'id-korut-tentara.txt'));
    const analysis = (await store.getAnalysis(hits[0]!.id))!;
    expect(analysis.text).toBe(doc.text);
    for (const e of analysis.entities) for (const m of e.mentions) expect(analysis.text.slice(m.start, m.end)).toBe(m.text);
  });

  it('merges people across documents and keeps namesakes apart', async () => {
    const budi = await store.findEntities('Bayu Santika');
    expect(budi[0]).toMatchObject({ name: 'Bayu Santika', documents: 5 });
    const rina = await store.findEntities('Rina Santika');
    expect(rina).toHaveLength(1);
    expect(rina[0]!.id).not.toBe(budi[0]!.id);
    const zel = await store.findEntities('Volodymyr Zelensky');
    expect(zel).toHaveLength(1);
    expect(zel[0]!.kb).toBe('person:test-volodymyr-zelensky');
    const detail = (await store.entityDetail(zel[0]!.id))!;
    expect(detail.aliases.map((a) => a.alias)).toEqual(expect.arrayContaining(['Volodymyr Zelensky', 'Volodymyr Zelenskyy', 'Volodymyr Zelenskiy']));
    const fauzi = await store.findEntities('Achmad Fauzi');
    expect(fauzi).toHaveLength(1);
    expect((await store.findEntities('Ahmad Fauzi'))[0]!.id).toBe(fauzi[0]!.id);
    const kims = [...(await store.findEntities('Kim Jong Un')), ...(await store.findEntities('Kim Yo Jong'))];
    expect(new Set(kims.map((k) => k.id)).size).toBe(2);
  });

  it('adds nothing and changes nothing on a second run', async () => {
    const before = await snapshot(store);
    const again = await ingest(store, [...FILE_INPUTS, join(dir, 'corpus.warc')], { workers: 0, analyze, knowledgeBase: kb });
    addsUp(again);
    expect(again).toMatchObject({ ingested: 0, exactDuplicates: 0, nearDuplicates: 0, unchanged: first.ingested + first.exactDuplicates, failed: first.failed });
    expect(await snapshot(store)).toEqual(before);
  });
});

describe('ingest of feeds and URLs from a local HTTP server', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = req.url ?? '/';
      if (url === '/feed.xml') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(readFileSync(at('served/feed.template.xml'), 'utf8').replaceAll('{{BASE}}', base));
      } else if (url.startsWith('/page-')) {
        try {
          const html = readFileSync(at(`served${url}`));
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(html);
        } catch {
          res.writeHead(404).end('not found');
        }
      } else if (url === '/loop') {
        res.writeHead(302, { location: `${base}/loop` }).end();
      } else if (url === '/slow') {
        // Never answers: the fetch must time out.
      } else {
        res.writeHead(404).end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('follows feed links, fails a URL that times out or redirects forever, and goes on', async () => {
    const store = newStore();
    const s = await ingest(store, [`${base}/feed.xml`, `${base}/slow`, `${base}/loop`, `${base}/page-library.html`], {
      workers: 0,
      analyze,
      knowledgeBase: kb,
      timeoutMs: 1500,
    });
    addsUp(s);
    expect(s.ingested).toBe(3);
    // The library page came twice: through the feed, then named directly (same URL key).
    expect(s.unchanged).toBe(1);
    expect(s.failures.map((f) => f.code).sort()).toEqual(['redirect-loop', 'timeout'].sort());
    const volcano = (await store.search({ query: 'Sangihe' }))[0]!;
    expect(volcano).toMatchObject({ title: 'Volcano on Sangihe island erupts, thousands evacuated', url: `${base}/page-volcano.html` });
    expect(volcano.published?.slice(0, 10)).toBe('2025-03-27');
    await store.close();
  }, 20_000);
});

describe('ingest robustness', () => {
  it('fails one document whose analysis throws, and stores the rest', async () => {
    const store = newStore();
    const input = join(dir, 'throws.jsonl');
    writeFileSync(
      input,
      [{ id: 'a', text: 'Satu dua tiga empat lima enam tujuh delapan.' }, { id: 'b', text: 'This one says STUB-THROW.' }, { id: 'c', text: 'The third text is fine.' }]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const s = await ingest(store, [input], { workers: 0, analyze, knowledgeBase: kb });
    expect(s).toMatchObject({ ingested: 2, failed: 1 });
    expect(s.failures[0]).toMatchObject({ code: 'analyze-failed', key: `${input}#b` });
    expect(s.failures[0]!.message).toContain('stub analyzer asked to throw');
    // A re-run with the analysis fixed retries the failed record and clears its failure.
    const fixed: AnalyzeFunction = (text, options) => analyze(text.replace('STUB-THROW', 'nothing'), options);
    const again = await ingest(store, [input], { workers: 0, analyze: (t, o) => ({ ...fixed(t, o), text: t }), knowledgeBase: kb });
    expect(again).toMatchObject({ ingested: 1, unchanged: 2, failed: 0 });
    expect((await store.stats()).failures).toBe(0);
    await store.close();
  });

  it('treats an input re-read with cosmetic changes as unchanged, and an edited one as a new document', async () => {
    const store = newStore();
    const file = join(dir, 'edited.txt');
    const text = 'Wali Kota Bayu Santika meresmikan pasar baru di Semarang.\nPasar itu menampung 400 pedagang.\n';
    writeFileSync(file, text);
    expect(await ingest(store, [file], { workers: 0, analyze, knowledgeBase: kb })).toMatchObject({ ingested: 1 });
    writeFileSync(file, text.replaceAll('\n', '\r\n'));
    expect(await ingest(store, [file], { workers: 0, analyze, knowledgeBase: kb })).toMatchObject({ ingested: 0, unchanged: 1, exactDuplicates: 0 });
    expect(await store.sourceState(file)).toMatchObject({ kind: 'document', documentId: 1 });
    writeFileSync(file, text.replace('400', '450'));
    expect(await ingest(store, [file], { workers: 0, analyze, knowledgeBase: kb })).toMatchObject({ ingested: 1, unchanged: 0 });
    expect(await store.sourceState(file)).toMatchObject({ kind: 'document', documentId: 2 });
    // The earlier version stays in the store.
    expect((await store.stats()).documents).toBe(2);
    await store.close();
  });

  it('isolates a document that cannot be stored: the rest of its batch is committed', async () => {
    const store = newStore();
    const input = join(dir, 'bad-analysis.jsonl');
    writeFileSync(input, ['first good text here', 'BAD entity ids twice', 'last good text here'].map((text, i) => JSON.stringify({ id: `r${i}`, text })).join('\n'));
    const broken: AnalyzeFunction = (text, options) => {
      const a = analyze(text, options);
      if (!text.startsWith('BAD')) return a;
      const e = { id: 'e1', type: 'PERSON' as const, name: 'X', mentions: [], aliases: ['X'] };
      return { ...a, entities: [e, e] };
    };
    const s = await ingest(store, [input], { workers: 0, analyze: broken, knowledgeBase: kb });
    expect(s).toMatchObject({ ingested: 2, failed: 1 });
    expect(s.failures[0]!.code).toBe('store-failed');
    expect((await store.stats()).documents).toBe(2);
    expect(store.integrityCheck()).toEqual(['ok']);
    await store.close();
  });

  it('analyses on worker threads with the same result as in-process', async () => {
    // HTML pages too: the worker threads load their HTML reader only when a record needs it.
    const inputs = [at('articles'), at('records.jsonl'), at('pages')];
    const a = newStore();
    const b = newStore();
    // Both load the starter KB plus a user file (--kb), the workers on their own.
    const inProcess = await ingest(a, inputs, { workers: 0, analyze, kb: KB_FILE });
    const threaded = await ingest(b, inputs, { workers: 2, analyzerModule: STUB_URL, kb: KB_FILE });
    expect(threaded.workers).toBe(2);
    const strip = (s: IngestSummary) => ({ ...s, elapsedMs: 0, perSecond: 0, workers: 0, store: '' });
    expect(strip(threaded)).toEqual(strip(inProcess));
    expect(await snapshot(b)).toEqual(await snapshot(a));
    await a.close();
    await b.close();
  }, 60_000);

  it('fails only the document a worker crashed or hung on, with a second task waiting in that worker', async () => {
    // One worker holds several tasks: those behind a crash or a timeout go to the replacement worker.
    const module = `import { analyze as a } from ${JSON.stringify(STUB_URL)};
export function analyze(text, options) {
  if (text.includes('ZZCRASH')) process.exit(3);
  if (text.includes('ZZHANG')) for (;;) {}
  return a(text, options);
}`;
    const analyzerModule = `data:text/javascript,${encodeURIComponent(module)}`;
    const words = (n: number) => `Warga kota ${n} menanam pohon di taman pada hari Minggu pagi bersama petugas dinas.`;
    const texts = [words(1), `${words(2)} ZZCRASH`, words(3), `${words(4)} ZZHANG`, words(5), words(6)];
    const file = join(dir, 'crash.jsonl');
    writeFileSync(file, texts.map((text, i) => JSON.stringify({ id: `c${i}`, title: `Judul ${i}`, text })).join('\n') + '\n');
    const store = newStore();
    const s = await ingest(store, [file], { workers: 1, analyzerModule, documentTimeoutMs: 1500 });
    expect(s.failures.map((f) => f.code).sort()).toEqual(['analyze-timeout', 'worker-crashed']);
    expect(s.ingested).toBe(4);
    await store.close();
  }, 60_000);

  it('starts one analysis thread per core but one, and grows by one when analysis falls behind the commits', async () => {
    const cores = availableParallelism();
    const texts = Array.from({ length: 160 }, (_, i) => `Warga kota ${i} menanam pohon di taman bersama petugas dinas "pada hari Minggu ${i}".`);
    const file = join(dir, 'grow.jsonl');
    writeFileSync(file, texts.map((text, i) => JSON.stringify({ id: `g${i}`, title: `Judul ${i}`, text })).join('\n') + '\n');
    // A slow analysis (20 ms a document, busy): the main thread waits for it with documents queued.
    const slow = `data:text/javascript,${encodeURIComponent(`import { analyze as a } from ${JSON.stringify(STUB_URL)};
export function analyze(text, options) { const until = Date.now() + 20; while (Date.now() < until) {} return a(text, options); }`)}`;
    const grown = await ingest(newStore(), [file], { analyzerModule: slow, batchSize: 8 });
    expect(grown.ingested).toBe(160);
    expect(grown.workers).toBe(analysisThreads(undefined, cores).max);
    // A fast one: the commits are the bottleneck, so no thread is added to the core the main thread needs.
    const fast = await ingest(newStore(), [file], { analyzerModule: STUB_URL, batchSize: 8 });
    expect(fast.unchanged + fast.ingested).toBe(160);
    expect(fast.workers).toBe(analysisThreads(undefined, cores).start);
    // Set explicitly, the count is kept.
    expect((await ingest(newStore(), [file], { analyzerModule: slow, workers: 1, batchSize: 8 })).workers).toBe(1);
  }, 60_000);

  it('says clearly when no analyzer can be loaded', async () => {
    const store = newStore();
    await expect(ingest(store, [at('articles')], { workers: 0, analyzerModule: 'data:text/javascript,export const nothing = 1;' })).rejects.toThrow(
      /analysis pipeline is not available/,
    );
    await expect(ingest(store, [at('articles')], { workers: 1, analyzerModule: 'data:text/javascript,export const nothing = 1;' })).rejects.toThrow(
      /cannot start the analysis workers: .*analysis pipeline is not available/,
    );
    await store.close();
  });
});

describe('analysis threads', () => {
  it('leaves a core to the committing main thread unless told otherwise', () => {
    expect(analysisThreads(undefined, 1)).toEqual({ start: 1, max: 1 });
    expect(analysisThreads(undefined, 2)).toEqual({ start: 1, max: 2 });
    expect(analysisThreads(undefined, 8)).toEqual({ start: 7, max: 8 });
    expect(analysisThreads(3, 8)).toEqual({ start: 3, max: 3 });
    expect(analysisThreads(0, 8)).toEqual({ start: 0, max: 0 });
  });

  it('grows only after two stretches in a row spent mostly waiting, counted from the first commit', () => {
    let t = 0;
    const g = new PoolGrowth(() => t);
    g.waited(10_000); // before the first commit: the workers' cold start, not counted
    t += 10 * GROW_WINDOW_MS;
    expect(g.shouldGrow()).toBe(false); // no commit yet: no clock
    g.committed(); // the clock starts
    t += GROW_WINDOW_MS;
    g.waited(0.9 * GROW_WINDOW_MS);
    g.committed(); // later commits do not restart it
    expect(g.shouldGrow()).toBe(false); // one stretch behind
    t += GROW_WINDOW_MS;
    g.waited(0.2 * GROW_WINDOW_MS);
    expect(g.shouldGrow()).toBe(false); // then one not: starts over
    for (let i = 0; i < 2; i++) {
      t += GROW_WINDOW_MS / 2;
      g.waited(0.45 * GROW_WINDOW_MS);
      expect(g.shouldGrow()).toBe(false); // too short a stretch to judge: it goes on
      t += GROW_WINDOW_MS / 2;
      g.waited(0.45 * GROW_WINDOW_MS);
      expect(g.shouldGrow()).toBe(i === 1);
    }
    t += GROW_WINDOW_MS;
    g.waited(GROW_WINDOW_MS);
    expect(g.shouldGrow()).toBe(false); // after growing, two stretches again
  });
});

describe('NearDuplicateIndex', () => {
  const sig = (seed: number): Uint32Array => Uint32Array.from({ length: 128 }, (_, i) => (i < 100 ? i * 7919 : seed * 1000 + i));
  it('groups copies under the earliest by date, then by id', async () => {
    const store = openSqliteStore(':memory:');
    const index = await NearDuplicateIndex.load(store);
    expect(index.add(1, sig(1), undefined)).toEqual([]);
    expect(index.add(2, sig(2), undefined)).toEqual([{ document: 2, target: 1, similarity: expect.any(Number) }]);
    // A dated copy is earlier than undated ones: the whole group moves under it.
    const moved = index.add(3, sig(3), '2024-01-01');
    expect(moved.map((l) => [l.document, l.target]).sort()).toEqual([
      [1, 3],
      [2, 3],
    ]);
    expect(index.add(4, sig(4), '2024-01-02')).toEqual([{ document: 4, target: 3, similarity: expect.any(Number) }]);
    const unrelated = Uint32Array.from({ length: 128 }, (_, i) => 999_999 + i);
    expect(index.add(5, unrelated, '2023-01-01')).toEqual([]);
    await store.close();
  });
});

/** A small WARC file: a warcinfo record and two HTML responses, written by hand. */
function warc(): Buffer {
  const record = (type: string, id: string, headers: Record<string, string>, body: string): Buffer => {
    const payload = Buffer.from(body, 'utf8');
    const head = [
      'WARC/1.0',
      `WARC-Type: ${type}`,
      `WARC-Record-ID: <urn:uuid:${id}>`,
      'WARC-Date: 2025-04-05T00:00:00Z',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      `Content-Length: ${payload.length}`,
      '',
      '',
    ].join('\r\n');
    return Buffer.concat([Buffer.from(head, 'utf8'), payload, Buffer.from('\r\n\r\n')]);
  };
  const page = (title: string, paragraphs: string[]): string =>
    `HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<!doctype html><html><head><title>${title}</title></head><body><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
  return Buffer.concat([
    record('warcinfo', '00000000-0000-4000-8000-000000000001', { 'Content-Type': 'application/warc-fields' }, 'software: saksi test\r\n'),
    record(
      'response',
      '00000000-0000-4000-8000-000000000002',
      { 'WARC-Target-URI': 'https://arsip.example/berita/pelabuhan', 'Content-Type': 'application/http; msgtype=response' },
      page('Pelabuhan Tanjung Emas Tambah Dermaga', [
        'Semarang - Pengelola Pelabuhan Tanjung Emas menambah dua dermaga baru untuk kapal peti kemas, sehingga kapasitas pelabuhan naik menjadi 1,2 juta peti kemas per tahun.',
        'Manajer operasional pelabuhan, Bagus Wicaksono, mengatakan dermaga baru mulai beroperasi bulan depan. "Antrean kapal di luar pelabuhan akan jauh berkurang," kata Bagus Wicaksono.',
      ]),
    ),
    record(
      'response',
      '00000000-0000-4000-8000-000000000003',
      { 'WARC-Target-URI': 'https://archive.example/news/solar', 'Content-Type': 'application/http; msgtype=response' },
      page('Solar farm opens on Sumba island', [
        'WAINGAPU, Indonesia - A 20-megawatt solar farm opened on the island of Sumba on Friday, supplying about a third of the island\u2019s daytime electricity.',
        'Project manager Ketut Ardana said the plant would cut diesel use by 15 million litres a year. "Sumba has sun all year round," Ketut Ardana said.',
      ]),
    ),
  ]);
}
