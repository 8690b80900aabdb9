/**
 * The contract every Store backend passes. A backend's test file calls `storeContract` with a
 * harness; cases a backend cannot run (no reopen, say) are skipped with the reason printed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ANALYSIS_SCHEMA, type Analysis } from '../src/types.js';
import { HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, StoreError, type DocId, type NewDocument, type Store } from '../src/store/store.js';

export interface StoreHarness {
  /** A fresh, empty, writable store. */
  create(): Promise<Store>;
  /** Closes `store` and opens the same data again (read-only when asked); absent when the backend cannot. */
  reopen?(store: Store, options: { readonly: boolean }): Promise<Store>;
}

let seq = 0;

/** A document with a unique hash unless one is given. */
export function doc(over: Partial<NewDocument> = {}): NewDocument {
  seq++;
  return {
    sourceKey: `key-${seq}`,
    rawHash: `raw-${seq}`,
    contentHash: `hash-${seq}`,
    text: `Teks dokumen nomor ${seq}.`,
    ...over,
  };
}

export function analysisOf(text: string, over: Partial<Analysis> = {}): Analysis {
  return {
    schema: ANALYSIS_SCHEMA,
    language: 'id',
    text,
    removed: [],
    entities: [],
    claims: [],
    quantities: [],
    dates: [],
    flags: [],
    sentences: [],
    meta: {},
    diagnostics: [],
    ...over,
  };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export function storeContract(name: string, harness: StoreHarness): void {
  describe(`Store contract: ${name}`, () => {
    const open: Store[] = [];
    const fresh = async (): Promise<Store> => {
      const s = await harness.create();
      open.push(s);
      return s;
    };
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close();
    });

    it('declares its capabilities', async () => {
      const store = await fresh();
      expect(store.capabilities.readOnly).toBe(false);
      expect(typeof store.capabilities.diacriticInsensitiveSearch).toBe('boolean');
      expect(typeof store.capabilities.snippets).toBe('boolean');
      expect(typeof store.location).toBe('string');
    });

    it('commits a transaction and rolls back a failed one entirely', async () => {
      const store = await fresh();
      const a = doc();
      await store.transaction(async (w) => {
        await w.addDocument(a);
      });
      const b = doc();
      await expect(
        store.transaction(async (w) => {
          await w.addDocument(b);
          await w.recordFailure({ key: 'x', origin: 'x', code: 'c', message: 'm' });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.documentByHash(a.contentHash)).toBeTypeOf('number');
      expect(await store.documentByHash(b.contentHash)).toBeUndefined();
      expect(await store.sourceState(b.sourceKey)).toBeUndefined();
      expect((await store.stats()).failures).toBe(0);
      // The store is usable after a rollback.
      await store.transaction(async (w) => void (await w.addDocument(b)));
      expect((await store.stats()).documents).toBe(2);
    });

    it('refuses a writer used after its transaction and nested transactions', async () => {
      const store = await fresh();
      let leaked: Parameters<Parameters<Store['transaction']>[0]>[0] | undefined;
      await store.transaction(async (w) => {
        leaked = w;
      });
      await expect(leaked!.addDocument(doc())).rejects.toThrow(/after its transaction/);
      await expect(store.transaction(async () => store.transaction(async () => 1))).rejects.toThrow(/nest/);
    });

    it('stores a document once per content hash and remembers every source key', async () => {
      const store = await fresh();
      const a = doc({ title: 'Judul', url: 'https://example.org/a', source: 'Contoh', author: 'Penulis', published: '2024-10-18T09:00:00+07:00', language: 'id', origin: 'a.txt', format: 'text' });
      const [first, second] = await store.transaction(async (w) => {
        const r1 = await w.addDocument(a);
        const r2 = await w.addDocument({ ...a, sourceKey: 'other-key', rawHash: 'other' });
        await w.addDuplicateKey('other-key', 'other', r2.id);
        return [r1, r2];
      });
      expect(first!.created).toBe(true);
      expect(second!.created).toBe(false);
      expect(second!.id).toBe(first!.id);
      expect(await store.sourceState(a.sourceKey)).toEqual({ key: a.sourceKey, rawHash: a.rawHash, documentId: first!.id, kind: 'document' });
      expect(await store.sourceState('other-key')).toEqual({ key: 'other-key', rawHash: 'other', documentId: first!.id, kind: 'exact-duplicate' });
      expect(await store.sourceState('never-seen')).toBeUndefined();
      const got = await store.getDocument(first!.id);
      expect(got).toMatchObject({
        id: first!.id,
        sourceKey: a.sourceKey,
        contentHash: a.contentHash,
        text: a.text,
        title: 'Judul',
        url: 'https://example.org/a',
        source: 'Contoh',
        author: 'Penulis',
        published: '2024-10-18T09:00:00+07:00',
        language: 'id',
        origin: 'a.txt',
        format: 'text',
        copies: [],
        duplicateKeys: ['other-key'],
      });
      expect(got!.copyOf).toBeUndefined();
      expect(Date.parse(got!.ingestedAt)).not.toBeNaN();
      expect(await store.getDocument(999_999)).toBeUndefined();
      expect((await store.stats()).exactDuplicateKeys).toBe(1);
      // The document's own key re-read with another raw hash stays the document's key.
      await store.transaction(async (w) => w.addDuplicateKey(a.sourceKey, 'raw-again', first!.id));
      expect(await store.sourceState(a.sourceKey)).toEqual({ key: a.sourceKey, rawHash: 'raw-again', documentId: first!.id, kind: 'document' });
    });

    it('round-trips an analysis exactly, astral characters and all', async () => {
      const store = await fresh();
      const text = 'Warga 😀 berkata "Zelensky datang", kata Ruti. Café 🇮🇩 selesai.';
      const start = text.indexOf('Zelensky');
      const analysis = analysisOf(text, {
        entities: [
          {
            id: 'e1',
            type: 'PERSON',
            name: 'Zelensky',
            mentions: [{ start, end: start + 8, text: 'Zelensky', rule: 'tagger' }],
            aliases: ['Zelensky'],
          },
        ],
        meta: { title: 'T', published: '2024-10-18' },
      });
      const id = await store.transaction(async (w) => (await w.addDocument(doc({ text, analysis }))).id);
      const back = await store.getAnalysis(id);
      expect(back).toEqual(analysis);
      const e = back!.entities[0]!.mentions[0]!;
      expect(back!.text.slice(e.start, e.end)).toBe(e.text);
      const plain = await store.transaction(async (w) => (await w.addDocument(doc())).id);
      expect(await store.getAnalysis(plain)).toBeUndefined();
      expect(await store.getAnalysis(424242)).toBeUndefined();
    });

    it('searches with ranking, highlighted snippets, diacritics folded, filters and limits', async () => {
      const store = await fresh();
      const ids = await store.transaction(async (w) => {
        const out: DocId[] = [];
        out.push((await w.addDocument(doc({ title: 'Korea Utara kirim tentara', text: 'Pyongyang mengirim ribuan tentara ke Rusia, kata pejabat Korea Selatan.', language: 'id', source: 'Antara', published: '2024-10-18' }))).id);
        out.push((await w.addDocument(doc({ title: 'Harga cabai', text: 'Tentara membantu distribusi cabai di pasar. Korea Utara tidak disebut.', language: 'id', source: 'Detik', published: '2025-10-21T08:00:00+07:00' }))).id);
        out.push((await w.addDocument(doc({ title: 'Troops', text: 'North Korea sent troops to Russia, Seoul said. Kim Jong-un stayed silent.', language: 'en', source: 'AFP', published: '2024-10-19' }))).id);
        out.push((await w.addDocument(doc({ title: 'Kafe', text: 'Sérgio membuka café di Bandung bersama Zelénskyy.', language: 'id', source: 'Detik', published: '2025-01-02' }))).id);
        return out;
      });
      const hits = await store.search({ query: 'Korea Utara tentara' });
      expect(hits.map((h) => h.id)).toEqual([ids[0], ids[1]]);
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
      if (store.capabilities.snippets) {
        expect(hits[0]!.snippet).toContain(`${HIGHLIGHT_OPEN}tentara${HIGHLIGHT_CLOSE}`);
        expect(hits[0]!.titleHighlighted).toContain(`${HIGHLIGHT_OPEN}Korea${HIGHLIGHT_CLOSE}`);
      }
      expect(hits[0]).toMatchObject({ title: 'Korea Utara kirim tentara', source: 'Antara', language: 'id', published: '2024-10-18' });
      if (store.capabilities.diacriticInsensitiveSearch) {
        expect((await store.search({ query: 'sergio cafe' })).map((h) => h.id)).toEqual([ids[3]]);
        expect((await store.search({ query: 'zelenskyy' })).map((h) => h.id)).toEqual([ids[3]]);
      }
      expect((await store.search({ query: 'tentara', language: 'id' })).map((h) => h.id).sort()).toEqual([ids[0], ids[1]].sort());
      expect((await store.search({ query: 'tentara OR troops', language: 'en' })).map((h) => h.id)).toEqual([ids[2]]);
      expect((await store.search({ query: 'tentara', since: '2025-01-01' })).map((h) => h.id)).toEqual([ids[1]]);
      expect((await store.search({ query: 'tentara', until: '2024-12-31' })).map((h) => h.id)).toEqual([ids[0]]);
      expect((await store.search({ query: 'tentara', since: '2025-10-21', until: '2025-10-21' })).map((h) => h.id)).toEqual([ids[1]]);
      expect((await store.search({ query: 'tentara', source: 'detik' })).map((h) => h.id)).toEqual([ids[1]]);
      expect(await store.search({ query: 'tentara', limit: 1 })).toHaveLength(1);
      expect((await store.search({ query: 'Jong-un' })).map((h) => h.id)).toEqual([ids[2]]);
      expect((await store.search({ query: '"North Korea"' })).map((h) => h.id)).toEqual([ids[2]]);
      expect((await store.search({ query: 'tentar*' })).length).toBe(2);
      expect(await store.search({ query: 'tidakadakatainisamasekali' })).toEqual([]);
    });

    it('rejects malformed search syntax with a StoreError, not a crash', async () => {
      const store = await fresh();
      await store.transaction(async (w) => void (await w.addDocument(doc())));
      // saksi's own syntax (src/store/query.ts): a string with nothing to look for is refused...
      for (const bad of ['', '   ', '*', '"', '()', '-tentara', '-"a b" NOT c', 'OR', 'AND NOT']) {
        const err = await store.search({ query: bad }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err, bad).toBeInstanceOf(StoreError);
        expect((err as StoreError).code).toBe('bad-query');
      }
      // ...and every other string gets a reading, never a backend's syntax error.
      for (const odd of ['"unbalanced', 'tentara AND', '(a OR b', 'NEAR(', 'harga:beras', '*harga', 'title:x', 'a^2 + b', '"OR" and']) {
        await expect(store.search({ query: odd }), odd).resolves.toBeInstanceOf(Array);
      }
    });

    it('keeps corpus entities with aliases, roles, mentions, claims and evidence', async () => {
      const store = await fresh();
      const text = 'Zelensky berkata Rusia kalah. Zielinski menolak. Ruti mendukung Zelensky.';
      const at = (s: string, from = 0) => {
        const start = text.indexOf(s, from);
        return { start, end: start + s.length, text: s };
      };
      const { docA, docB, zel, rutte, kim1, kim2 } = await store.transaction(async (w) => {
        const zel = await w.createEntity({ type: 'PERSON', name: 'Volodymyr Zelensky', kb: 'Q3881' });
        expect(await w.createEntity({ type: 'PERSON', name: 'Volodymyr Zelensky', kb: 'Q3881' })).toBe(zel);
        const rutte = await w.createEntity({ type: 'PERSON', name: 'Mark Rutte', kb: 'Q57792' });
        const kim1 = await w.createEntity({ type: 'PERSON', name: 'Kim Jong-un' });
        const kim2 = await w.createEntity({ type: 'PERSON', name: 'Kim Yong-hyun' });
        const docA = (await w.addDocument(doc({ text, source: 'Antara', published: '2024-10-18' }))).id;
        const docB = (await w.addDocument(doc({ text: 'Zelensky lagi.', source: 'AFP', published: '2024-11-02' }))).id;
        await w.addEntityLinks(docA, [
          {
            docEntity: 'e1',
            entity: zel,
            name: 'Zelensky',
            type: 'PERSON',
            surfaces: ['Zelensky', 'Zielinski'],
            roles: ['Presiden Ukraina'],
            mentions: [at('Zelensky'), at('Zielinski'), at('Zelensky', 40)],
            evidence: [{ method: 'kb-fuzzy', score: 0.82, detail: 'Zielinski → Volodymyr Zelensky: KB alias fuzzy 0.82, same phonetic key' }],
          },
          { docEntity: 'e2', entity: rutte, name: 'Ruti', type: 'PERSON', surfaces: ['Ruti'], roles: [], mentions: [at('Ruti')], evidence: [{ method: 'kb-alias', detail: 'Ruti → Mark Rutte: KB alias' }] },
        ]);
        await w.addEntityLinks(docB, [
          {
            docEntity: 'e1',
            entity: zel,
            name: 'Zelensky',
            type: 'PERSON',
            surfaces: ['Zelensky'],
            roles: ['Presiden Ukraina'],
            mentions: [{ start: 0, end: 8, text: 'Zelensky' }],
            evidence: [{ method: 'kb-fuzzy', score: 0.82, detail: 'Zielinski → Volodymyr Zelensky: KB alias fuzzy 0.82, same phonetic key' }],
          },
        ]);
        await w.addClaims(docA, [
          { claimId: 'c1', ...at('Rusia kalah'), quote: false, stance: 'assert', cue: 'berkata', speakerText: ['Zelensky'], speakers: [zel], about: [] },
          { claimId: 'c2', ...at('mendukung Zelensky'), quote: false, stance: 'assert', speakerText: ['Ruti'], speakers: [rutte], about: [zel, zel] },
        ]);
        return { docA, docB, zel, rutte, kim1, kim2 };
      });
      const top = await store.listEntities();
      expect(top[0]).toMatchObject({ id: zel, name: 'Volodymyr Zelensky', kb: 'Q3881', mentions: 4, documents: 2, type: 'PERSON' });
      expect((await store.listEntities({ top: 1 })).length).toBe(1);
      expect((await store.listEntities({ type: 'ORG' })).length).toBe(0);
      expect((await store.findEntities('zielinski')).map((e) => e.id)).toEqual([zel]);
      expect((await store.findEntities('ZELENSKY')).map((e) => e.id)).toEqual([zel]);
      expect((await store.findEntities('Volodymyr Zelensky')).map((e) => e.id)).toEqual([zel]);
      expect((await store.findEntities('Kim')).map((e) => e.id).sort()).toEqual([kim1, kim2].sort());
      expect(await store.findEntities('Nobody Here')).toEqual([]);
      const d = (await store.entityDetail(zel))!;
      expect(d.aliases).toEqual([
        { alias: 'Zelensky', count: 3 },
        { alias: 'Zielinski', count: 1 },
        { alias: 'Volodymyr Zelensky', count: 0 },
      ]);
      expect(d.roles).toEqual([{ role: 'Presiden Ukraina', count: 2 }]);
      expect(d.bySource).toEqual([
        { source: 'Antara', mentions: 3, documents: 1 },
        { source: 'AFP', mentions: 1, documents: 1 },
      ]);
      expect(d.byMonth).toEqual([
        { month: '2024-10', mentions: 3, documents: 1 },
        { month: '2024-11', mentions: 1, documents: 1 },
      ]);
      expect(d.claimsBy.map((c) => c.claimId)).toEqual(['c1']);
      expect(d.claimsBy[0]).toMatchObject({ documentId: docA, text: 'Rusia kalah', cue: 'berkata', stance: 'assert', quote: false, speakers: [zel], speakerText: ['Zelensky'], source: 'Antara' });
      expect(d.claimsAbout.map((c) => c.claimId)).toEqual(['c2']);
      expect(d.claimsAbout[0]!.about).toEqual([zel]);
      expect(d.evidence).toEqual([
        { count: 2, documentId: docA, docEntity: 'e1', surface: 'Zelensky', method: 'kb-fuzzy', score: 0.82, detail: 'Zielinski → Volodymyr Zelensky: KB alias fuzzy 0.82, same phonetic key' },
      ]);
      expect(await store.entityDetail(9999)).toBeUndefined();
      const links = await store.documentEntities(docA);
      expect(links.map((l) => [l.docEntity, l.entity])).toEqual([
        ['e1', zel],
        ['e2', rutte],
      ]);
      expect(links[1]!.evidence[0]!.method).toBe('kb-alias');
      expect(await store.documentEntities(docB)).toHaveLength(1);
      expect(await collect(store.scan('links'))).toEqual([
        { documentId: docA, docEntity: 'e1', entityId: zel },
        { documentId: docA, docEntity: 'e2', entityId: rutte },
        { documentId: docB, docEntity: 'e1', entityId: zel },
      ]);
      const stats = await store.stats();
      expect(stats).toMatchObject({ documents: 2, entities: 4, mentions: 5, claims: 2 });
    });

    it('links near-duplicates with copy-of and relinks to an earlier copy', async () => {
      const store = await fresh();
      const [a, b, c] = await store.transaction(async (w) => [
        (await w.addDocument(doc())).id,
        (await w.addDocument(doc())).id,
        (await w.addDocument(doc())).id,
      ]);
      await store.transaction(async (w) => {
        await w.linkCopy(b!, a!, 0.9);
        await w.linkCopy(c!, a!, 0.8);
      });
      expect((await store.getDocument(a!))!.copies).toEqual([b, c]);
      expect((await store.getDocument(b!))!.copyOf).toEqual({ id: a, similarity: 0.9 });
      await store.transaction(async (w) => {
        await w.linkCopy(a!, c!, 0.8);
        await w.linkCopy(b!, c!, 0.85);
      });
      expect((await store.getDocument(b!))!.copyOf).toEqual({ id: c, similarity: 0.85 });
      expect((await store.stats()).nearDuplicates).toBe(3);
      await expect(store.transaction(async (w) => w.linkCopy(a!, a!, 1))).rejects.toThrow(/itself/);
      const hits = await store.search({ query: 'dokumen' });
      expect(hits.find((h) => h.id === b)!.copyOf).toBe(c);
    });

    it('records, updates and clears failures', async () => {
      const store = await fresh();
      await store.transaction(async (w) => {
        await w.recordFailure({ key: 'b.txt', origin: 'b.txt', code: 'unreadable', message: 'EACCES' });
        await w.recordFailure({ key: 'a.txt', origin: 'a.txt', code: 'empty', message: 'no text' });
        await w.recordFailure({ key: 'a.txt', origin: 'a.txt', code: 'empty', message: 'still no text' });
      });
      const all = await collect(store.scan('failures'));
      expect(all.map((f) => [f.key, f.message])).toEqual([
        ['a.txt', 'still no text'],
        ['b.txt', 'EACCES'],
      ]);
      await store.transaction(async (w) => w.clearFailure('a.txt'));
      expect((await store.stats()).failures).toBe(1);
    });

    it('streams every row of a large corpus in id order', async () => {
      const store = await fresh();
      const n = 1203;
      const sig = new Uint32Array([1, 2, 3, 0xffffffff]);
      await store.transaction(async (w) => {
        for (let i = 0; i < n; i++) {
          const id = (await w.addDocument(doc({ signature: i % 2 === 0 ? sig : undefined, published: i === 0 ? '2024-01-01' : undefined }))).id;
          await w.addClaims(id, [{ claimId: 'c1', start: 0, end: 4, text: 'Teks', quote: true, stance: 'deny', speakerText: [], speakers: [], about: [] }]);
          if (i % 100 === 0) await w.createEntity({ type: 'ORG', name: `Org ${i}` });
        }
      });
      const docs = await collect(store.scan('documents'));
      expect(docs).toHaveLength(n);
      expect(docs.every((d, i) => i === 0 || d.id > docs[i - 1]!.id)).toBe(true);
      expect(docs[0]!.text).toMatch(/^Teks dokumen/);
      const sigs = await collect(store.scan('signatures'));
      expect(sigs).toHaveLength(Math.ceil(n / 2));
      expect(Array.from(sigs[0]!.signature)).toEqual(Array.from(sig));
      expect(sigs[0]!.published).toBe('2024-01-01');
      const claims = await collect(store.scan('claims'));
      expect(claims).toHaveLength(n);
      expect(claims[5]).toMatchObject({ claimId: 'c1', quote: true, stance: 'deny', text: 'Teks' });
      const entities = await collect(store.scan('entities'));
      expect(entities).toHaveLength(13);
      expect(entities[0]!.aliases).toEqual([{ alias: 'Org 0', count: 0 }]);
    });

    it('keeps the quantities and dates linked to a claim', async () => {
      const store = await fresh();
      const text = 'Menteri berkata 5.000 tentara tiba pada 17 Oktober 2024 dan 3 km jalan rusak.';
      const span = (s: string): { start: number; end: number; text: string } => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length, text: s });
      const id = await store.transaction(async (w) => {
        const { id } = await w.addDocument(doc({ text }));
        await w.addClaims(id, [
          {
            claimId: 'c1',
            ...span('5.000 tentara tiba pada 17 Oktober 2024 dan 3 km jalan rusak'),
            quote: false,
            stance: 'assert',
            speakerText: ['Menteri'],
            speakers: [],
            about: [],
            quantities: [
              { value: 5000, unit: 'tentara', kind: 'count', ...span('5.000 tentara') },
              { value: 3, unit: 'km', kind: 'measure', ...span('3 km') },
            ],
            dates: [{ value: '2024-10-17', relative: false, ...span('17 Oktober 2024') }],
          },
          { claimId: 'c2', ...span('jalan rusak'), quote: false, stance: 'assert', speakerText: [], speakers: [], about: [] },
        ]);
        return id;
      });
      const claims: { documentId: number; claimId: string; quantities: unknown; dates: unknown }[] = [];
      for await (const c of store.scan('claims')) if (c.documentId === id) claims.push(c);
      expect(claims).toHaveLength(2);
      expect(claims[0]!.quantities).toEqual([
        { value: 5000, unit: 'tentara', kind: 'count', ...span('5.000 tentara') },
        { value: 3, unit: 'km', kind: 'measure', ...span('3 km') },
      ]);
      expect(claims[0]!.dates).toEqual([{ value: '2024-10-17', relative: false, ...span('17 Oktober 2024') }]);
      expect(claims[1]).toMatchObject({ claimId: 'c2', quantities: [], dates: [] });
      for (const q of claims[0]!.quantities as { start: number; end: number; text: string }[]) expect(text.slice(q.start, q.end)).toBe(q.text);
    });

    it('reads inside a transaction through the writer, and counts committed transactions', async () => {
      const store = await fresh();
      const before = await store.transaction((w) => w.changeCount());
      const d = doc({ title: 'Dibaca di dalam' });
      const seen = await store.transaction(async (w) => {
        const n = await w.changeCount();
        const { id } = await w.addDocument(d);
        // The transaction's own write is visible to its reader.
        expect(await w.read.documentByHash(d.contentHash)).toBe(id);
        expect((await w.read.sourceState(d.sourceKey))?.documentId).toBe(id);
        expect((await w.read.getDocument(id))?.title).toBe('Dibaca di dalam');
        return n;
      });
      // Each committed transaction bumps the counter by one; a rolled-back one does not.
      expect(seen).toBe(before + 1);
      await expect(
        store.transaction(async (w) => {
          await w.addDocument(doc());
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.transaction((w) => w.changeCount())).toBe(before + 2);
    });

    it('answers the corpus stages\' index lookups: name keys, KB ids, co-occurrence, LSH bands, copies', async () => {
      const store = await fresh();
      const sig = Uint32Array.from({ length: 128 }, (_, i) => i * 3);
      await store.transaction(async (w) => {
        const a = await w.createEntity({ type: 'PERSON', name: 'Sari Wulandari', kb: 'Q1' });
        const b = await w.createEntity({ type: 'PERSON', name: 'Budi Santoso' });
        const c = await w.createEntity({ type: 'ORG', name: 'Badan Pangan' });
        await w.addEntityKeys(b, [{ kind: 'surname', key: 'santoso' }, { kind: 'name', key: 'PERSON|budi santoso' }]);
        await w.addEntityKeys(a, [{ kind: 'surname', key: 'wulandari' }, { kind: 'name', key: 'PERSON|sari wulandari' }, { kind: 'surname', key: 'santoso' }]);
        await w.addEntityKeys(a, [{ kind: 'surname', key: 'wulandari' }]);
        expect(await w.read.entitiesByKey('surname', ['santoso', 'nobody'])).toEqual(
          new Map([
            ['santoso', [b, a]],
            ['nobody', []],
          ]),
        );
        expect((await w.read.keysOfEntities('name', [a, b])).get(a)).toEqual(['PERSON|sari wulandari']);
        expect(await w.read.entitiesByKb(['Q1', 'Q2'])).toEqual(new Map([['Q1', a]]));
        expect((await w.read.entityRecords([c, 999, a])).map((e) => e.name)).toEqual(['Badan Pangan', 'Sari Wulandari']);
        const d1 = (await w.addDocument(doc({ signature: sig, published: '2024-01-02' }))).id;
        const d2 = (await w.addDocument(doc({ signature: sig }))).id;
        const d3 = (await w.addDocument(doc())).id;
        const link = (entity: number, docEntity: string) => ({ docEntity, entity, name: 'x', type: 'PERSON' as const, surfaces: [], roles: [], mentions: [], evidence: [] });
        await w.addEntityLinks(d1, [link(a, 'e1'), link(b, 'e2')]);
        await w.addEntityLinks(d3, [link(c, 'e1')]);
        expect(await w.read.cooccurring(a, [b, c, a])).toEqual([b]);
        expect(await w.read.cooccurring(c, [a, b])).toEqual([]);
        await w.addBandKeys(d1, [11, 12, 13]);
        await w.addBandKeys(d2, [21, 12, 13]);
        expect(await w.read.nearDuplicateCandidates([99, 12, 13], 10)).toEqual([d1, d2]);
        expect(await w.read.nearDuplicateCandidates([21, 12], 1)).toEqual([d2, d1]);
        await w.linkCopy(d2, d1, 0.9);
        expect(await w.read.copiesOf(d1)).toEqual([d2]);
        const sigs = await w.read.signatures([d2, d3, d1]);
        expect(sigs.map((x) => [x.id, x.copyOf, x.published])).toEqual([
          [d2, d1, undefined],
          [d1, undefined, '2024-01-02'],
        ]);
        expect(Array.from(sigs[0]!.signature)).toEqual(Array.from(sig));
        expect(await w.read.bandsPending()).toBe(false);
        expect(await w.read.namesPending()).toBe(false);
      });
    });

    it('lists documents in the rebuild order and clears what the corpus stages derived (saksi rebuild)', async () => {
      const store = await fresh();
      const sig = Uint32Array.from({ length: 128 }, (_, i) => i * 7);
      const ids = await store.transaction(async (w) => {
        const add = async (hash: string, published?: string) => (await w.addDocument(doc({ contentHash: hash, signature: sig, ...(published ? { published } : {}) }))).id;
        return {
          undatedB: await add('bb-undated'),
          late: await add('zz-late', '2024-03-01T08:00:00+07:00'),
          undatedA: await add('aa-undated'),
          earlyB: await add('cc-early', '2024-01-05'),
          earlyA: await add('Ab-early', '2024-01-05T23:00:00Z'),
        };
      });
      // By published day, then content hash bytewise ('A' before 'c'), undated last.
      expect(await store.documentIdsInOrder()).toEqual([ids.earlyA, ids.earlyB, ids.late, ids.undatedA, ids.undatedB]);
      const first = await store.transaction(async (w) => {
        const e = await w.createEntity({ type: 'PERSON', name: 'Sari Wulandari' });
        await w.addEntityKeys(e, [{ kind: 'name', key: 'PERSON|sari wulandari' }]);
        const mention = { start: 0, end: 4, text: 'Teks' };
        await w.addEntityLinks(ids.late, [{ docEntity: 'e1', entity: e, name: 'Sari', type: 'PERSON', surfaces: ['Sari'], roles: ['menteri'], mentions: [mention], evidence: [{ method: 'new', detail: 'x' }] }]);
        await w.addClaims(ids.late, [{ claimId: 'c1', start: 0, end: 4, text: 'Teks', quote: false, stance: 'assert', speakerText: ['Sari'], speakers: [e], about: [], quantities: [{ value: 3, start: 0, end: 1, text: '3' }] }]);
        await w.addBandKeys(ids.late, [1, 2, 3]);
        await w.linkCopy(ids.earlyB, ids.earlyA, 0.9);
        return e;
      });
      await store.transaction(async (w) => w.clearDerived({ nearDuplicates: true }));
      expect(await store.copiesOf(ids.earlyA)).toEqual([]);
      expect(await store.nearDuplicateCandidates([1, 2, 3], 10)).toEqual([]);
      expect((await store.stats()).entities).toBe(1);
      await store.transaction(async (w) => w.clearDerived({ entities: true }));
      expect(await store.stats()).toMatchObject({ documents: 5, entities: 0, mentions: 0, claims: 0, nearDuplicates: 0 });
      expect(await collect(store.scan('links'))).toEqual([]);
      expect(await store.entitiesByKey('name', ['PERSON|sari wulandari'])).toEqual(new Map([['PERSON|sari wulandari', []]]));
      expect(await store.namesPending()).toBe(false);
      // Entity ids start again from where they started.
      const again = await store.transaction(async (w) => w.createEntity({ type: 'PERSON', name: 'Budi' }));
      expect(again).toBe(first);
      // A rolled-back clear leaves everything (and the id counter) as it was.
      await expect(
        store.transaction(async (w) => {
          await w.clearDerived({ entities: true, nearDuplicates: true });
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      expect((await store.stats()).entities).toBe(1);
      expect(await store.transaction(async (w) => w.createEntity({ type: 'PERSON', name: 'Dewi' }))).toBe(first + 1);
    });

    const reopen = harness.reopen;
    if (!reopen) console.info(`store contract ${name}: skipping "keeps data across reopening" (the harness cannot reopen this backend)`);
    it.skipIf(!reopen)('keeps data across reopening and opens read-only', async () => {
      let store = await harness.create();
      const d = doc({ title: 'Tetap ada' });
      await store.transaction(async (w) => void (await w.addDocument(d)));
      store = await reopen!(store, { readonly: true });
      open.push(store);
      expect(store.capabilities.readOnly).toBe(true);
      expect(await store.documentByHash(d.contentHash)).toBeTypeOf('number');
      expect((await store.search({ query: 'Tetap' })).length).toBe(1);
      await expect(store.transaction(async () => undefined)).rejects.toBeInstanceOf(StoreError);
    });
  });
}
