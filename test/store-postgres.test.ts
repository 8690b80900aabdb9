/**
 * The store contract against a real PostgreSQL server (SAKSI_TEST_PG, default
 * postgres://postgres@127.0.0.1:5432/test), each store in its own schema, dropped afterwards;
 * then what is PostgreSQL's own: concurrent writers, connection errors, schema versions.
 */
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import fc from 'fast-check';
import pg from 'pg';
import { StoreError, type Store } from '../src/store/store.js';
import { PG_SCHEMA_VERSION, connectionMessage, isPostgresUrl, openPostgresStore, pgTarget, publishedDay, redact } from '../src/store/postgres/index.js';
import { inline } from '../src/store/postgres/store.js';
import { tsqueryExpression } from '../src/store/postgres/tsquery.js';
import { SearchSyntaxError, parseSearchQuery } from '../src/store/query.js';
import { doc, storeContract } from './store-contract.js';
import { TEST_PG_URL, danglingReferences, dropSchemas, schemaName, skipWithoutPg } from './pg-helpers.js';

const skip = await skipWithoutPg('store-postgres');
const schemas = new Set<string>();
afterAll(async () => {
  if (!skip) await dropSchemas(schemas);
});

async function fresh(options: { readonly?: boolean; schema?: string } = {}) {
  const schema = options.schema ?? schemaName();
  schemas.add(schema);
  return openPostgresStore(TEST_PG_URL, { schema, ...(options.readonly ? { readonly: true } : {}) });
}

if (!skip) {
  storeContract('postgres', {
    create: () => fresh(),
    async reopen(store, { readonly }) {
      await store.close();
      const schema = (store as Awaited<ReturnType<typeof fresh>>).schema;
      return fresh({ schema, readonly });
    },
  });
}

/** A store with `n` documents stored, and a second writer on its schema (each with its own story features cache). */
async function twoStoryWriters(n: number) {
  const store = await fresh();
  const other = await fresh({ schema: store.schema });
  const ids: number[] = [];
  await store.transaction(async (w) => {
    for (let i = 0; i < n; i++) ids.push((await w.addDocument(doc())).id);
  });
  return { store, other, ids };
}

/** A story document row of its own story, dated 2025-01-01. */
const storyRow = (id: number, features: string) => ({ documentId: id, story: `s${id}`, rank: `2025-01-01|${id}`, day: '2025-01-01', features });

describe.skipIf(skip)('PostgreSQL store specifics', () => {
  it('records its schema version, uses unaccent + simple with a GIN index, and refuses a newer schema', async () => {
    const store = await fresh();
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    try {
      const s = store.schema;
      expect((await client.query(`SELECT MAX(version) AS v FROM "${s}".schema_version`)).rows[0].v).toBe(PG_SCHEMA_VERSION);
      const idx = await client.query(`SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'documents_fts'`, [s]);
      expect(idx.rows[0].indexdef).toMatch(/USING gin \(fts\)/);
      // Migration 7: lz4 for the text and the analysis (this server has it: Debian builds it in).
      const packed = await client.query(
        `SELECT attname, attcompression FROM pg_attribute WHERE attrelid = $1::regclass AND attname IN ('text', 'analysis') ORDER BY attname`,
        [`"${s}".documents`],
      );
      expect(packed.rows).toEqual([{ attname: 'analysis', attcompression: 'l' }, { attname: 'text', attcompression: 'l' }]);
      const vec = await client.query(`SELECT to_tsvector('"${s}".saksi_fts', 'Sérgio Zelénskyy CAFÉ') AS v`);
      expect(vec.rows[0].v).toBe("'cafe':3 'sergio':1 'zelenskyy':2");
      await store.close();
      await client.query(`INSERT INTO "${s}".schema_version (version, applied_at) VALUES ($1, 'later')`, [PG_SCHEMA_VERSION + 1]);
      await expect(fresh({ schema: s })).rejects.toThrow(/newer than this saksi/);
      await expect(fresh({ schema: s, readonly: true })).rejects.toThrow(/newer than this saksi/);
    } finally {
      await client.end();
    }
  });

  it('leaves the per-mention references unchecked by the server (migration 6), and the tests find one that dangles', async () => {
    const store = await fresh();
    const s = `"${store.schema}"`;
    const id = await store.transaction(async (w) => (await w.addDocument(doc())).id);
    await store.close();
    expect(await danglingReferences(store.schema)).toEqual([]);
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    try {
      const keys = await client.query(`SELECT conrelid::regclass::text AS t FROM pg_constraint WHERE contype = 'f' AND connamespace = $1::regnamespace`, [store.schema]);
      expect(keys.rows.map((r) => (r.t as string).replace(/^.*\./, '')).sort()).toEqual(['relations', 'relations', 'sources', 'story_documents', 'story_edges', 'story_edges', 'story_pending']);
      // No error from the server: only the tests' check sees it.
      await client.query(`INSERT INTO ${s}.mentions (document_id, entity_id, doc_entity, span_start, span_end, text) VALUES ($1, 999999, 'e1', 0, 1, 'x')`, [id]);
    } finally {
      await client.end();
    }
    expect(await danglingReferences(store.schema)).toEqual(['mentions.entity_id: 1']);
  });

  it('writes held values as constants the server reads back unchanged, in arrays and alone', async () => {
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    try {
      const text = fc.string({ unit: fc.oneof(fc.constantFrom('\\', '"', "'", '{', '}', ',', ' ', 'NULL', '$1', 'é', '😀'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })) }).filter((x) => !x.includes('\u0000'));
      await fc.assert(
        fc.asyncProperty(fc.array(fc.option(text, { nil: null }), { maxLength: 6 }), text, async (list, one) => {
          const r = await client.query(inline('SELECT $1::text[] AS list, $2::text AS one, $3::bytea AS raw', [list, one, Buffer.from(one)]));
          expect(r.rows[0]).toEqual({ list, one, raw: Buffer.from(one) });
        }),
        { numRuns: 300 },
      );
      expect(() => inline('SELECT $1::text[]', [['a\u0000b']])).toThrow(/NUL character/);
    } finally {
      await client.end();
    }
  });

  it('refuses a schema with other tables, and a missing store read-only', async () => {
    const s = schemaName();
    schemas.add(s);
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    await client.query(`CREATE SCHEMA "${s}"; CREATE TABLE "${s}".notes (x int)`);
    await client.end();
    await expect(fresh({ schema: s })).rejects.toThrow(/not a saksi store/);
    const empty = schemaName();
    schemas.add(empty);
    const err = await fresh({ schema: empty, readonly: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('missing');
  });

  it('lets many writers store the same documents and KB entities at once, keeping one of each', async () => {
    const first = await fresh();
    const schema = first.schema;
    const writers: Store[] = [first];
    for (let i = 0; i < 3; i++) writers.push(await fresh({ schema }));
    const texts = Array.from({ length: 30 }, (_, i) => doc({ contentHash: `shared-${i}`, sourceKey: `shared-${i}`, text: `Dokumen bersama ${i}.` }));
    const entityIds = await Promise.all(
      writers.map((w, wi) =>
        (async () => {
          const ids: number[] = [];
          for (const t of wi % 2 === 0 ? texts : [...texts].reverse()) {
            const id = await w.transaction(async (tx) => {
              const d = await tx.addDocument(t);
              const zel = await tx.createEntity({ type: 'PERSON', name: 'Volodymyr Zelensky', kb: 'Q3881' });
              const rutte = await tx.createEntity({ type: 'PERSON', name: 'Mark Rutte', kb: 'Q57792' });
              if (d.created) {
                await tx.addEntityLinks(d.id, [
                  { docEntity: 'e1', entity: rutte, name: 'Rutte', type: 'PERSON', surfaces: ['Rutte'], roles: [], mentions: [{ start: 0, end: 5, text: 'Rutte' }], evidence: [{ method: 'kb-alias', detail: 'Rutte → Mark Rutte' }] },
                  { docEntity: 'e2', entity: zel, name: 'Zelensky', type: 'PERSON', surfaces: ['Zelensky'], roles: [], mentions: [{ start: 6, end: 14, text: 'Zelensky' }], evidence: [] },
                ]);
              }
              return zel;
            });
            ids.push(id);
          }
          return ids;
        })(),
      ),
    );
    expect(new Set(entityIds.flat()).size).toBe(1);
    const stats = await first.stats();
    expect(stats).toMatchObject({ documents: 30, entities: 2, mentions: 60 });
    const top = (await first.listEntities()).sort((a, b) => a.name.localeCompare(b.name));
    expect(top.map((e) => [e.name, e.mentions, e.documents])).toEqual([
      ['Mark Rutte', 30, 30],
      ['Volodymyr Zelensky', 30, 30],
    ]);
    const rutte = (await first.entityDetail(top[0]!.id))!;
    expect(rutte.aliases).toEqual([
      { alias: 'Rutte', count: 30 },
      { alias: 'Mark Rutte', count: 0 },
    ]);
    expect(rutte.evidence[0]!.count).toBe(30);
    for (const w of writers) await w.close();
  });

  it('reads inside a transaction see its own writes; other connections see them after commit', async () => {
    const store = await fresh();
    const other = await fresh({ schema: store.schema, readonly: true });
    let inside: number | undefined;
    let outside: number | undefined = -1;
    await store.transaction(async (w) => {
      await w.addDocument(doc({ contentHash: 'in-flight' }));
      inside = await store.documentByHash('in-flight');
      outside = await other.documentByHash('in-flight');
    });
    expect(inside).toBeTypeOf('number');
    expect(outside).toBeUndefined();
    expect(await other.documentByHash('in-flight')).toBe(inside);
    await other.close();
    await store.close();
  });

  it('keeps a change log of the entity index: each write transaction names the entities, keys and KB ids it touched', async () => {
    const store = await fresh();
    const v0 = await store.changeCount();
    let plain = 0;
    let kb = 0;
    await store.transaction(async (w) => {
      plain = await w.createEntity({ type: 'PERSON', name: 'Budi Santoso' });
      kb = await w.createEntity({ type: 'PERSON', name: 'Joko Widodo', kb: 'Q-test-1' });
      await w.addEntityKeys(plain, [{ kind: 'surname', key: 'santoso' }]);
    });
    // A KB entity found existing is no change; a transaction that touches nothing still has its row.
    await store.transaction(async (w) => void (await w.createEntity({ type: 'PERSON', name: 'Joko Widodo', kb: 'Q-test-1' })));
    const c = await store.changesSince(v0);
    expect(c).toMatchObject({ now: v0 + 2, complete: true, keys: [{ kind: 'surname', key: 'santoso', entity: plain }], kb: [{ kb: 'Q-test-1', entity: kb }] });
    expect([...c.entities].sort((a, b) => a - b)).toEqual([plain, kb].sort((a, b) => a - b));
    expect(await store.changesSince(v0 + 2)).toMatchObject({ now: v0 + 2, complete: true, keys: [], kb: [], together: [] });
    // Each document linked names the entities it linked (once each): they now share a document.
    const link = (docEntity: string, entity: number) => ({ docEntity, entity, name: 'x', type: 'PERSON' as const, surfaces: ['x'], roles: [], mentions: [{ start: 0, end: 1, text: 'x' }], evidence: [] });
    await store.transaction(async (w) => {
      const d1 = (await w.addDocument(doc({ contentHash: 'log-1' }))).id;
      const d2 = (await w.addDocument(doc({ contentHash: 'log-2' }))).id;
      await w.addEntityLinks(d1, [link('e1', plain), link('e2', kb), link('e3', plain)]);
      await w.addEntityLinks(d2, [link('e1', kb)]);
    });
    expect((await store.changesSince(v0 + 2)).together).toEqual([[plain, kb], [kb]]);
    // A row written before the log had links (migration 8) is not enough to bring a cache up to date.
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    await client.query(`UPDATE "${store.schema}".store_changes SET link_document = NULL, link_entity = NULL WHERE version = $1`, [v0 + 3]);
    await client.end();
    expect((await store.changesSince(v0 + 2)).complete).toBe(false);
    expect((await store.changesSince(v0 + 3)).complete).toBe(true);
    // A rebuild replaces the index: a cache older than it must reload.
    await store.transaction(async (w) => w.clearDerived({ entities: true }));
    expect((await store.changesSince(v0)).complete).toBe(false);
    expect((await store.changesSince(v0 + 4)).complete).toBe(true);
    await store.close();
  });

  it('inserts the new texts of a batch before the lock: ids in batch order, absent to the stages until stored, the unstored ones deleted', async () => {
    const store = await fresh();
    const stored = doc();
    await store.transaction(async (w) => void (await w.addDocument(stored)));
    const a = doc();
    const b = doc();
    const unused = doc();
    const ids: number[] = [];
    await store.transaction(
      async (w) => {
        await store.warm([a.sourceKey, b.sourceKey], [a.contentHash, stored.contentHash, b.contentHash, a.contentHash], []);
        expect(await w.read.documentByHash(a.contentHash)).toBeUndefined();
        expect(await w.read.documentByHash(stored.contentHash)).toBeTypeOf('number');
        ids.push((await w.addDocument(a)).id, (await w.addDocument(b)).id);
        expect(await w.read.documentByHash(a.contentHash)).toBe(ids[0]);
      },
      // A text stored already and one named twice: rows for the new ones only, once each.
      { beforeLock: () => store.preinsertDocuments([a, stored, b, a, unused]) },
    );
    expect(ids[1]).toBe(ids[0]! + 1);
    expect(await store.sourceState(a.sourceKey)).toMatchObject({ documentId: ids[0], kind: 'document' });
    expect(await store.documentByHash(unused.contentHash)).toBeUndefined();
    expect((await store.stats()).documents).toBe(3);
    await store.close();
  });

  it('takes story features from its cache only while the stored ones are the same: another writer, a rebuild, a rollback', async () => {
    const { store, other, ids } = await twoStoryWriters(2);
    const [a, b] = ids as [number, number];
    const put = (s: typeof store, id: number, features: string) => s.transaction((w) => w.storyPutDocument(storyRow(id, features), ['k']));
    // The candidates of b (a), and the members of a's story read on their own.
    const seen = (s: typeof store) =>
      s.transaction(async (w) => [...(await w.storyCandidates(['k'], '2025-01-01', 3, b)), ...(await w.storyMembers([`s${a}`]))].map((r) => r.features));
    await put(store, a, '{"v":1}');
    await put(store, b, '{"v":"b"}');
    expect(await seen(store)).toEqual(['{"v":1}', '{"v":1}']);
    await put(other, a, '{"v":2}');
    expect(await seen(store)).toEqual(['{"v":2}', '{"v":2}']);
    await store.transaction((w) => w.storyClear());
    await put(other, a, '{"v":3}');
    await put(other, b, '{"v":"b"}');
    expect(await seen(store)).toEqual(['{"v":3}', '{"v":3}']);
    // Written and read back inside a transaction that then rolls back: the stored features stay.
    await expect(
      store.transaction(async (w) => {
        await w.storyPutDocument(storyRow(a, '{"v":4}'), ['k']);
        expect((await w.storyCandidates(['k'], '2025-01-01', 3, b)).map((r) => r.features)).toEqual(['{"v":4}']);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await seen(store)).toEqual(['{"v":3}', '{"v":3}']);
    expect(await seen(other)).toEqual(['{"v":3}', '{"v":3}']);
    await other.close();
    await store.close();
  });

  it('answers the story questions of a batch read ahead as the server does, while the batch groups its documents', async () => {
    // The same documents grouped twice, into two stores, by a toy story stage: once with the
    // batch's questions read ahead (`storyReadAhead`), once asking the server each time. Every
    // answer and the stories left must be the same; some documents undated (no day filter).
    for (const undated of [false, true]) {
      let seed = undated ? 7 : 3;
      const random = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
      const days = ['2025-01-01', '2025-01-03', '2025-01-09', '2025-02-01'];
      const plan = Array.from({ length: 40 }, () => ({
        keys: [...new Set(Array.from({ length: 1 + random(3) }, () => `k${random(8)}`))],
        day: undated && random(4) === 0 ? undefined : days[random(days.length)],
      }));
      const group = async (store: Awaited<ReturnType<typeof fresh>>, from: number, to: number, ahead: boolean) =>
        store.transaction(async (w) => {
          const seen: unknown[] = [];
          if (ahead) await w.storyReadAhead!(plan.slice(from, to).map((p) => ({ keys: p.keys, ...(p.day ? { day: p.day } : {}) })), 3);
          for (let i = from; i < to; i++) {
            const id = i + 1;
            const { keys, day } = plan[i]!;
            const own = { documentId: id, story: `s${id}`, rank: `${day ?? '~'}|${id}`, ...(day ? { day } : {}), features: `{"d":${id}}` };
            await w.storyPutDocument(own, keys);
            const candidates = await w.storyCandidates(keys, day, 3, id);
            const linked = [...new Set(candidates.filter((c) => (c.documentId + id) % 3 !== 0).map((c) => c.story))];
            const members = await w.storyMembers(linked);
            const all = [own, ...members];
            const first = all.reduce((a, b) => (b.rank < a.rank ? b : a));
            await w.storySet({ id: `s${first.documentId}`, title: '', documents: all.length, outlets: 1, languages: [], entities: [], summary: '{}' }, all.map((m) => m.documentId), [...linked, own.story].filter((s) => s !== `s${first.documentId}`));
            seen.push(candidates, members);
          }
          return seen;
        });
      const [a, b] = [await fresh(), await fresh()];
      for (const s of [a, b]) await s.transaction(async (w) => { for (let i = 0; i < plan.length; i++) await w.addDocument(doc()); });
      // Twenty grouped before, one at a time; twenty in one batch.
      for (let i = 0; i < 20; i++) expect(await group(a, i, i + 1, false)).toEqual(await group(b, i, i + 1, false));
      expect(await group(a, 20, 40, true)).toEqual(await group(b, 20, 40, false));
      expect(await a.storyAssignments()).toEqual(await b.storyAssignments());
      expect(new Set((await a.storyAssignments()).map((x) => x.story)).size).toBeLessThan(30);
      await a.close();
      await b.close();
    }
  });

  it('keeps the story features it took from its cache when filling in the missing ones empties it', async () => {
    const { store, other, ids } = await twoStoryWriters(4);
    const [a, b, c, d] = ids as [number, number, number, number];
    // Three features of 3 million characters: the cache (8 million) holds two of them.
    const big = (tag: string) => JSON.stringify({ v: tag.repeat(3_000_000) });
    await store.transaction((w) => w.storyPutDocument(storyRow(a, big('a')), ['k']));
    await other.transaction(async (w) => {
      await w.storyPutDocument(storyRow(b, big('b')), ['k']);
      await w.storyPutDocument(storyRow(c, big('c')), ['k']);
    });
    // a from the cache, b and c read: keeping c empties the cache, a must stay in the answer.
    const seen = await store.transaction(async (w) => (await w.storyCandidates(['k'], '2025-01-01', 3, d)).map((r) => [r.documentId, r.features.length]));
    expect(seen).toEqual([a, b, c].map((id) => [id, big('x').length]));
    await other.close();
    await store.close();
  });

  it('lets writers insert overlapping batches before the lock at once: no deadlock, each text once', async () => {
    const store = await fresh();
    const x = doc();
    const y = doc();
    const z = doc();
    const batch = (list: ReturnType<typeof doc>[]) =>
      store.transaction(
        async (w) => {
          await store.warm(
            list.map((d) => d.sourceKey),
            list.map((d) => d.contentHash),
            [],
          );
          for (const d of list) {
            const known = await w.read.documentByHash(d.contentHash);
            if (known === undefined) await w.addDocument(d);
            else await w.addDuplicateKey(d.sourceKey, d.rawHash, known);
          }
        },
        { beforeLock: () => store.preinsertDocuments(list) },
      );
    const again = (d: ReturnType<typeof doc>, n: number) => ({ ...d, sourceKey: `${d.sourceKey}#${n}` });
    // The same texts in opposite orders, three writers at once.
    await Promise.all([batch([x, y, z]), batch([again(z, 1), again(y, 1), again(x, 1)]), batch([again(y, 2), again(x, 2)])]);
    expect((await store.stats()).documents).toBe(3);
    for (const d of [x, y, z]) {
      const id = await store.documentByHash(d.contentHash);
      expect(id).toBeTypeOf('number');
      expect((await store.sourceState(again(d, 1).sourceKey))?.documentId).toBe(id);
    }
    await store.close();
  });

  it('turns a wrong URL, a wrong password, an unknown database or host into one line naming the host, fast', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as AddressInfo).port;
    onTestFinished(() => void silent.close());
    silent.on('connection', (socket) => onTestFinished(() => void socket.destroy()));
    const cases: [string, RegExp][] = [
      ['postgres://postgres@127.0.0.1:1/test', /^cannot connect to PostgreSQL at 127\.0\.0\.1:1: connection refused/],
      ['postgres://postgres@127.0.0.1:5432/saksi_no_such_db', /^cannot connect to PostgreSQL at 127\.0\.0\.1:5432: database saksi_no_such_db does not exist$/],
      ['postgres://postgres@no-such-host.invalid:5432/test', /^cannot connect to PostgreSQL at no-such-host\.invalid:5432: host no-such-host\.invalid not found$/],
      // A non-routed address: dropped at once here (no network), or after the connect timeout elsewhere.
      ['postgres://postgres@10.255.255.1:5432/test', /^cannot connect to PostgreSQL at 10\.255\.255\.1:5432: (no answer within 1 s|host unreachable|the connection was closed)/],
      // A server that accepts the connection and never answers: only the connect timeout ends the wait.
      [`postgres://postgres@127.0.0.1:${silentPort}/test`, new RegExp(`^cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${silentPort}: no answer within 1 s`)],
      ['postgres://[bad', /^not a valid PostgreSQL URL/],
    ];
    for (const [url, want] of cases) {
      const t0 = Date.now();
      const err = await openPostgresStore(url, { connectTimeoutMs: 1000 }).catch((e: unknown) => e);
      expect(err, url).toBeInstanceOf(StoreError);
      expect((err as Error).message, url).toMatch(want);
      expect((err as Error).message).not.toContain('\n');
      expect(Date.now() - t0).toBeLessThan(5000);
    }
  });

  it('names the host when a password is refused, without printing the password', async () => {
    const role = `saksi_pw_${process.pid}`;
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    try {
      // The server trusts local connections; whether it asks a password at all depends on its pg_hba.conf.
      await admin.query(`DROP ROLE IF EXISTS ${role}; CREATE ROLE ${role} LOGIN PASSWORD 'right'`);
      const u = new URL(TEST_PG_URL);
      u.username = role;
      u.password = 'wrong-secret';
      const err = await openPostgresStore(u.toString(), { schema: schemaName(), connectTimeoutMs: 2000 }).then(
        async (s) => {
          await s.close();
          return undefined;
        },
        (e: unknown) => e,
      );
      if (err !== undefined) {
        expect(err).toBeInstanceOf(StoreError);
        expect((err as Error).message).toMatch(new RegExp(`^cannot (connect to|open the store in) PostgreSQL at ${u.hostname.replace(/\./g, '\\.')}:\\d+`));
        expect((err as Error).message).not.toContain('wrong-secret');
      } else {
        console.info(`store-postgres: the server at ${u.hostname} trusts ${role} without a password`);
      }
      // What the server says when it does check passwords (SQLSTATE 28P01), as the user sees it.
      const refused = Object.assign(new Error(`password authentication failed for user "${role}"`), { code: '28P01' });
      expect(connectionMessage(refused, pgTarget(u.toString()))).toBe(
        `cannot connect to PostgreSQL at ${u.hostname}:${u.port || 5432}: password authentication failed for user ${role}`,
      );
    } finally {
      await admin.query(`DROP OWNED BY ${role} CASCADE; DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      await admin.end();
    }
  });
});

describe('PostgreSQL helpers', () => {
  it('tells PostgreSQL URLs from file paths and hides passwords', () => {
    expect(isPostgresUrl('postgres://me@db/saksi')).toBe(true);
    expect(isPostgresUrl('postgresql://me:pw@db:5433/saksi')).toBe(true);
    expect(isPostgresUrl('./saksi.db')).toBe(false);
    expect(isPostgresUrl('postgres.db')).toBe(false);
    expect(redact('postgres://me:s3cret@db/saksi')).toBe('postgres://me:***@db/saksi');
    expect(redact('postgres://me@db/saksi')).toBe('postgres://me@db/saksi');
  });

  it('derives the published day as written', () => {
    expect(publishedDay('2025-10-21T20:43:00+07:00')).toBe('2025-10-21');
    expect(publishedDay('2024-06')).toBe('2024-06-01');
    expect(publishedDay('kemarin')).toBeUndefined();
  });

  it('translates the shared search tree into tsquery expressions with bound words', () => {
    const params: unknown[] = [];
    const cfg = "'cfg'::regconfig";
    expect(tsqueryExpression(parseSearchQuery('Korea tentara OR troops -cabai "bank indo"*'), 'cfg', params)).toBe(
      `((phraseto_tsquery(${cfg}, $1)) && (phraseto_tsquery(${cfg}, $2) || phraseto_tsquery(${cfg}, $3)) && ` +
        `((phraseto_tsquery(${cfg}, $4) <-> to_tsquery(${cfg}, $5))) && !!phraseto_tsquery(${cfg}, $6))`,
    );
    expect(params).toEqual(['korea', 'tentara', 'troops', 'bank', "'indo':*", 'cabai']);
    for (const bad of ['   ', '-alone', '""']) expect(() => parseSearchQuery(bad), bad).toThrow(SearchSyntaxError);
  });
});
