/**
 * The corpus stages: the near-duplicate stage keeps its index in the store (band keys) and must
 * decide exactly as the in-memory `NearDuplicateIndex`; a store from before the band table gets
 * its band keys on first use; extra stages run after the built-in ones, inside the transaction.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { NearDuplicateIndex } from '../src/corpus/near-index.js';
import { NearDuplicateStage } from '../src/corpus/stages.js';
import type { CorpusDocument, CorpusStage } from '../src/corpus/stage.js';
import { ingest } from '../src/corpus/ingest.js';
import { MIGRATIONS } from '../src/store/sqlite/schema.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { DocId, Store } from '../src/store/store.js';
import { analysisOf } from './store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'saksi-stages-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A signature of family `f`, variant `v`: the same family shares `shared` of 128 slots. */
function signature(f: number, v: number, shared: number): Uint32Array {
  return Uint32Array.from({ length: 128 }, (_, i) => (i < shared ? f * 100_003 + i * 7919 : f * 1_000_003 + v * 10_007 + i));
}

function corpusDoc(id: DocId, sig: Uint32Array, published: string | undefined): CorpusDocument {
  return {
    id,
    key: `k${id}`,
    analysis: analysisOf('x'),
    meta: published !== undefined ? { published } : {},
    signature: sig,
    entityIds: new Map(),
    copyOf: [],
    copies: [],
  };
}

async function relations(store: Store): Promise<[number, number | undefined][]> {
  const out: [number, number | undefined][] = [];
  for await (const s of store.scan('signatures')) out.push([s.id, s.copyOf]);
  return out;
}

describe('NearDuplicateStage (the index in the store)', () => {
  it('decides as the in-memory index, whatever the order and dates', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ family: fc.integer({ min: 0, max: 4 }), shared: fc.integer({ min: 60, max: 128 }), day: fc.option(fc.integer({ min: 1, max: 28 })) }), {
          minLength: 1,
          maxLength: 25,
        }),
        async (items) => {
          const store = openSqliteStore(':memory:');
          const memory = await NearDuplicateIndex.load(store);
          const stage = new NearDuplicateStage();
          const expected = new Map<DocId, DocId>();
          for (const [v, item] of items.entries()) {
            const sig = signature(item.family, v, item.shared);
            const published = item.day === null ? undefined : `2024-03-${String(item.day).padStart(2, '0')}`;
            await store.transaction(async (w) => {
              await stage.load(w.read);
              const { id } = await w.addDocument({ sourceKey: `k${v}`, rawHash: `r${v}`, contentHash: `h${v}`, text: `t${v}`, signature: sig, ...(published ? { published } : {}) });
              for (const l of memory.add(id, sig, published)) expected.set(l.document, l.target);
              await stage.apply(w, corpusDoc(id, sig, published));
            });
          }
          const got = await relations(store);
          expect(got).toEqual(got.map(([id]) => [id, expected.get(id)]));
          await store.close();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('indexes the documents of a store made before the band table on first use', async () => {
    const path = join(dir, 'v1.db');
    const db = new Database(path);
    db.exec('CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    db.exec(MIGRATIONS[0]!);
    db.prepare('INSERT INTO schema_version VALUES (1, ?)').run(new Date().toISOString());
    const blob = (sig: Uint32Array): Buffer => Buffer.from(sig.buffer.slice(0));
    const insert = db.prepare(`INSERT INTO documents (id, source_key, content_hash, text, signature, published, ingested_at) VALUES (?, ?, ?, ?, ?, ?, 'x')`);
    insert.run(1, 'a', 'ha', 'a', blob(signature(1, 1, 120)), '2024-01-05');
    insert.run(2, 'b', 'hb', 'b', blob(signature(2, 1, 120)), null);
    db.close();
    const store = openSqliteStore(path);
    const stage = new NearDuplicateStage();
    const doc = corpusDoc(3, signature(1, 2, 120), '2024-01-01');
    await store.transaction(async (w) => {
      expect(await w.read.bandsPending()).toBe(true);
      await stage.load(w.read);
      await w.addDocument({ sourceKey: 'c', rawHash: 'rc', contentHash: 'hc', text: 'c', signature: doc.signature!, published: '2024-01-01' });
      await stage.apply(w, doc);
    });
    // The new document is the earlier copy of document 1 (stored before the band table existed).
    expect(doc.copies).toEqual([1]);
    expect(await relations(store)).toEqual([
      [1, 3],
      [2, undefined],
      [3, undefined],
    ]);
    expect(await store.transaction((w) => w.read.bandsPending())).toBe(false);
    await store.close();
  });
});

describe('entity stage on a store from before the name index', () => {
  it('gives the stored entities their name keys on first use, and links to them', async () => {
    const path = join(dir, 'v1-entities.db');
    const db = new Database(path);
    db.exec('CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    db.exec(MIGRATIONS[0]!);
    db.prepare('INSERT INTO schema_version VALUES (1, ?)').run(new Date().toISOString());
    db.prepare(`INSERT INTO entities (id, type, name, mentions, documents) VALUES (7, 'PERSON', 'Budi Santoso', 3, 1)`).run();
    db.prepare(`INSERT INTO entity_aliases (entity_id, alias, folded, count) VALUES (7, 'Budi Santoso', 'budi santoso', 2), (7, 'Pak Budi Santosa', 'pak budi santosa', 1)`).run();
    db.close();
    const store = openSqliteStore(path);
    const analyze = (text: string) =>
      analysisOf(text, {
        entities: [{ id: 'e1', type: 'PERSON', name: 'Santoso', aliases: ['Santoso'], mentions: [{ start: 0, end: 7, text: 'Santoso' }] }] as never,
      });
    async function* records() {
      yield { key: 'one', origin: 'one', text: 'Santoso berkata satu hal.' };
    }
    await ingest(store, ['x'], { workers: 0, analyze, enumerate: () => records() });
    // The bare surname finds the only person so named, stored before the index existed.
    const links: number[] = [];
    for await (const l of store.scan('links')) links.push(l.entityId);
    expect(links).toEqual([7]);
    expect(await store.transaction((w) => w.read.namesPending())).toBe(false);
    expect((await store.transaction((w) => w.read.entitiesByKey('surname', ['santoso']))).get('santoso')).toEqual([7]);
    await store.close();
  });
});

describe('ingest with extra corpus stages', () => {
  it('runs them after the built-in ones, in the transaction, with entity ids filled', async () => {
    const store = openSqliteStore(':memory:');
    const seen: { id: DocId; entities: number; inTransaction: boolean }[] = [];
    let loads = 0;
    const stage: CorpusStage = {
      name: 'test',
      load: async () => void loads++,
      apply: async (tx, doc) => {
        // A read through the transaction sees the document just stored.
        seen.push({ id: doc.id, entities: doc.entityIds.size, inTransaction: (await tx.read.getDocument(doc.id)) !== undefined });
      },
    };
    const analyze = (text: string) =>
      analysisOf(text, {
        entities: [{ id: 'e1', type: 'PERSON', name: 'Sari Wulandari', aliases: ['Sari Wulandari'], mentions: [{ start: 0, end: 14, text: 'Sari Wulandari' }] }] as never,
      });
    async function* records() {
      yield { key: 'one', origin: 'one', text: 'Sari Wulandari berkata satu.' };
      yield { key: 'two', origin: 'two', text: 'Sari Wulandari berkata dua.' };
    }
    const summary = await ingest(store, ['x'], { workers: 0, analyze, enumerate: () => records(), stages: [stage] });
    expect(summary.ingested).toBe(2);
    expect(loads).toBe(1);
    expect(seen).toEqual([
      { id: 1, entities: 1, inTransaction: true },
      { id: 2, entities: 1, inTransaction: true },
    ]);
    await store.close();
  });
});
