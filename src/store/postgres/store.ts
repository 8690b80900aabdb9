/**
 * The PostgreSQL store on node-postgres: the same contract as the SQLite store
 * (test/store-contract.ts), for a corpus shared by many writers on many machines.
 *
 * - A transaction checks one client out of the pool and runs BEGIN … COMMIT on it; reads made
 *   inside `transaction(fn)` (found through AsyncLocalStorage) run on that same client, so they see
 *   the transaction's own writes, as on SQLite. Outside a transaction, reads use any pooled client.
 * - Concurrency: documents are keyed by content hash and KB entities by their KB id with unique
 *   constraints, written with INSERT … ON CONFLICT, so two workers storing the same text or the
 *   same KB person at once end up with one row (the second waits for the first's commit, then
 *   finds it). Counters (mentions, aliases, roles, evidence) are increments in upserts, never
 *   read-modify-write, so no update is lost. Entity rows touched by one `addEntityLinks` call are
 *   locked in id order first, which keeps two writers from deadlocking on each other's entities.
 * - Full-text search: a stored tsvector over title (weight A) and text (B) with the `saksi_fts`
 *   configuration (unaccent + simple), a GIN index, ts_rank for ranking and ts_headline for the
 *   snippets.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { Analysis, EntityType, Stance } from '../../types.js';
import {
  StoreError,
  derivedTables,
  foldAlias,
  type ClaimRecord,
  type DocId,
  type DocumentEntityLink,
  type DocumentRow,
  type EntityDetail,
  type EntityId,
  type EntityLink,
  type EntityRecord,
  type EntitySummary,
  type EvidenceRecord,
  type FailureRecord,
  type LinkRecord,
  type MergeEvidence,
  type NewClaim,
  type NewDocument,
  type NewEntity,
  type ScanRows,
  type SearchHit,
  type SearchQuery,
  type SignatureRecord,
  type SourceState,
  type Store,
  type StoreCapabilities,
  type StoreStats,
  type StoreWriter,
  type StoredDocument,
  type StoredFailure,
  type ClaimDate,
  type ClaimQuantity,
  type DocumentListQuery,
  type DocumentSummary,
  type StoreReader,
} from '../store.js';
import { FTS_CONFIG } from './schema.js';
import { tsqueryExpression } from './tsquery.js';
import { SearchSyntaxError, parseSearchQuery } from '../query.js';
import type { StoryReader } from '../stories.js';
import { pgStoryReader, pgStoryWriter } from './stories.js';

/** Rows fetched per page when streaming with `scan()`. */
export const SCAN_PAGE_SIZE = 500;
/** ts_rank weights for D, C, B (body), A (title): a title word counts 4 times a body word, as on SQLite. */
const RANK_WEIGHTS = '{0.1, 0.2, 0.25, 1.0}';
/** ts_headline options: about as long as SQLite's 24-token snippets, up to two fragments. */
const HEADLINE_OPTIONS = `MaxWords=24, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
const DEFAULT_SEARCH_LIMIT = 20;
const MAX_SEARCH_LIMIT = 1000;

type Row = Record<string, unknown>;
type Queryable = Pick<pg.ClientBase, 'query'>;

/** The YYYY-MM-DD day of an ISO date or date-time as written (as the SQLite store's `publishedDay`). */
export function publishedDay(published: string | undefined): string | undefined {
  if (!published) return undefined;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(published.trim());
  if (!m) return undefined;
  return `${m[1]}-${m[2] ?? '01'}-${m[3] ?? '01'}`;
}

/** Signatures are stored as little-endian uint32s, whatever the machine (as on SQLite). */
function toSignature(blob: unknown): Uint32Array | undefined {
  if (!(blob instanceof Uint8Array)) return undefined;
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const out = new Uint32Array(Math.floor(blob.byteLength / 4));
  for (let i = 0; i < out.length; i++) out[i] = view.getUint32(i * 4, true);
  return out;
}

function fromSignature(sig: Uint32Array | undefined): Buffer | null {
  if (!sig) return null;
  const buf = Buffer.alloc(sig.length * 4);
  for (let i = 0; i < sig.length; i++) buf.writeUInt32LE(sig[i]!, i * 4);
  return buf;
}

function meta(row: Row): Omit<DocumentRow, 'id' | 'sourceKey' | 'contentHash' | 'ingestedAt' | 'text' | 'copyOf'> {
  const out: Record<string, unknown> = {};
  for (const key of ['title', 'url', 'source', 'author', 'published', 'language', 'origin', 'format'] as const) {
    const v = row[key];
    if (v !== null && v !== undefined) out[key] = v;
  }
  return out as Omit<DocumentRow, 'id' | 'sourceKey' | 'contentHash' | 'ingestedAt' | 'text' | 'copyOf'>;
}

function pick(row: Row, keys: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, col] of Object.entries(keys)) {
    const v = row[col];
    if (v !== null && v !== undefined) out[key] = v as string;
  }
  return out;
}

function toSummary(row: Row): EntitySummary {
  return {
    id: row['id'] as number,
    type: row['type'] as EntityType,
    name: row['name'] as string,
    ...(row['kb'] != null ? { kb: row['kb'] as string } : {}),
    mentions: row['mentions'] as number,
    documents: row['documents'] as number,
  };
}

function toEvidence(row: Row): MergeEvidence {
  return {
    method: row['method'] as string,
    ...(row['score'] != null ? { score: row['score'] as number } : {}),
    detail: row['detail'] as string,
  };
}

/** PostgreSQL cannot hold U+0000 in text; say so instead of failing deep in the driver. */
function noNul(value: string, what: string): string {
  if (value.includes('\u0000')) throw new StoreError(`${what} holds a NUL character (U+0000), which PostgreSQL text cannot store`, 'io');
  return value;
}

interface TxContext {
  readonly store: PostgresStore;
  readonly client: pg.PoolClient;
}

const currentTx = new AsyncLocalStorage<TxContext>();

export class PostgresStore implements Store {
  readonly capabilities: StoreCapabilities;
  private closed = false;

  constructor(
    /** The pool; exposed for the job queue, which keeps its own tables on the same server. */
    readonly pool: pg.Pool,
    readonly location: string,
    readonly: boolean,
    /** The schema the store lives in. */
    readonly schema: string,
  ) {
    this.capabilities = Object.freeze({
      readOnly: readonly,
      diacriticInsensitiveSearch: true,
      snippets: true,
      concurrentWriters: true,
    });
  }

  private alive(): void {
    if (this.closed) throw new Error(`store ${this.location} is closed`);
  }

  /** The transaction's client when called inside this store's `transaction()`, else the pool. */
  private db(): Queryable {
    const tx = currentTx.getStore();
    return tx && tx.store === this ? tx.client : this.pool;
  }

  /**
   * Runs SQL on this store's connection: inside `transaction(fn)` on the transaction's client
   * (so the job queue can complete its jobs in the same transaction), else on the pool.
   */
  async query(sql: string, params: unknown[] = []): Promise<{ rows: Row[]; rowCount: number | null }> {
    this.alive();
    const r = await this.db().query(sql, params);
    return { rows: r.rows as Row[], rowCount: r.rowCount };
  }

  private async rows(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.db().query(sql, params)).rows as Row[];
  }

  private async row(sql: string, params: unknown[] = []): Promise<Row | undefined> {
    return (await this.rows(sql, params))[0];
  }

  async transaction<T>(fn: (writer: StoreWriter) => Promise<T>): Promise<T> {
    this.alive();
    if (this.capabilities.readOnly) throw new StoreError(`store ${this.location} is open read-only`, 'read-only');
    if (currentTx.getStore()?.store === this) throw new Error('store transactions do not nest');
    const client = await this.pool.connect();
    // A connection cut while checked out (a server restart) is an 'error' event on the client: the
    // query under way rejects with it; without a listener the event would end the process.
    const onError = (): void => undefined;
    client.on('error', onError);
    let active = true;
    let broken = false;
    try {
      await client.query('BEGIN');
      const writer = this.writer(client, () => active);
      try {
        // The concurrent-writer protocol, as SQLite's BEGIN IMMEDIATE: every write transaction
        // first takes this store's write lock, a transaction-level advisory lock keyed by the
        // schema (so stores in other schemas of one server do not wait for each other), released
        // by COMMIT or ROLLBACK, also when the connection dies. Holding it, the transaction's reads
        // (READ COMMITTED: each statement sees what is committed when it starts) see everything
        // other writers committed and nothing changes under them until this one commits. Each
        // commit bumps store_state.changes under the lock, so a writer whose corpus stages were
        // loaded at counter n and finds n + 1 after its own commit (writer.changeCount) knows nobody
        // else wrote in between; any other value makes the stages reload inside the transaction.
        // Analysis, the slow part, happens outside transactions, so the lock costs little.
        await client.query(`SELECT pg_advisory_xact_lock(hashtext('saksi-write:' || current_schema()))`);
        const result = await currentTx.run({ store: this, client }, () => fn(writer));
        await client.query('UPDATE store_state SET changes = changes + 1 WHERE id = 1');
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // the connection is gone; do not hand it out again
        }
        throw err;
      }
    } finally {
      active = false;
      client.off('error', onError);
      client.release(broken);
    }
  }

  private writer(client: pg.PoolClient, isActive: () => boolean): StoreWriter {
    const check = (): void => {
      if (!isActive()) throw new Error('a StoreWriter was used after its transaction ended');
    };
    const q = (sql: string, params: unknown[] = []) => client.query(sql, params);
    return {
      ...pgStoryWriter(async (sql, params = []) => (await client.query(sql, params)).rows as Row[], check),
      read: this.readView(),
      changeCount: async () => {
        check();
        return (await q('SELECT changes FROM store_state WHERE id = 1')).rows[0].changes as number;
      },
      addBandKeys: async (documentId, keys) => {
        check();
        if (keys.length === 0) return;
        await q(
          `INSERT INTO lsh_bands (band, key, document_id) SELECT b - 1, k, $2 FROM unnest($1::bigint[]) WITH ORDINALITY AS x(k, b) ON CONFLICT DO NOTHING`,
          [[...keys], documentId],
        );
      },
      bandsDone: async () => {
        check();
        await q('UPDATE store_state SET bands_pending = false WHERE id = 1');
      },
      addEntityKeys: async (entityId, keys) => {
        check();
        if (keys.length === 0) return;
        await q(
          `INSERT INTO entity_keys (entity_id, kind, key) SELECT $1, k, v FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS x(k, v, n) ORDER BY n ON CONFLICT DO NOTHING`,
          [entityId, keys.map((k) => k.kind), keys.map((k) => k.key)],
        );
      },
      namesDone: async () => {
        check();
        await q('UPDATE store_state SET names_pending = false WHERE id = 1');
      },
      clearDerived: async (parts) => {
        check();
        // DELETE, not TRUNCATE: readers keep seeing the old rows until the rebuild commits
        // (TRUNCATE would lock them out). Children before parents (foreign keys).
        for (const t of derivedTables(parts)) await q(`DELETE FROM ${t}`);
        if (parts.nearDuplicates) await q('UPDATE store_state SET bands_pending = false WHERE id = 1');
        if (parts.entities) {
          await q('UPDATE store_state SET names_pending = false WHERE id = 1');
          // Entity ids start from 1 again, as on SQLite. ALTER SEQUENCE … RESTART is transactional
          // (a rolled-back rebuild leaves the sequence as it was), unlike setval.
          for (const [table, column] of [['entities', 'id'], ['mentions', 'id'], ['evidence', 'id'], ['entity_keys', 'seq']] as const) {
            const seq = (await q('SELECT pg_get_serial_sequence($1, $2) AS s', [table, column])).rows[0]?.s as string | null;
            if (seq) await q(`ALTER SEQUENCE ${seq} RESTART WITH 1`);
          }
        }
      },
      addDocument: async (doc) => {
        check();
        return this.addDocument(client, doc);
      },
      addDuplicateKey: async (key, rawHash, documentId) => {
        check();
        await q(
          `INSERT INTO sources (key, raw_hash, document_id, kind) VALUES ($1, $2, $3, 'exact-duplicate')
           ON CONFLICT (key) DO UPDATE SET raw_hash = excluded.raw_hash, document_id = excluded.document_id,
             kind = CASE WHEN sources.kind = 'document' AND sources.document_id = excluded.document_id THEN 'document' ELSE excluded.kind END`,
          [noNul(key, 'source key'), rawHash, documentId],
        );
      },
      createEntity: async (entity) => {
        check();
        return this.createEntity(client, entity);
      },
      addEntityLinks: async (documentId, links) => {
        check();
        if (links.length === 0) return;
        // Lock the entities in id order before touching their counters and aliases: two writers
        // linking overlapping entities then queue behind each other instead of deadlocking.
        const ids = [...new Set(links.map((l) => l.entity))].sort((a, b) => a - b);
        await q('SELECT id FROM entities WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE', [ids]);
        for (const link of links) await this.addEntityLink(client, documentId, link);
      },
      addClaims: async (documentId, claims) => {
        check();
        if (claims.length === 0) return;
        await this.addClaims(client, documentId, claims);
      },
      linkCopy: async (documentId, targetId, similarity) => {
        check();
        if (documentId === targetId) throw new Error(`a document cannot be a copy of itself (${documentId})`);
        await q(
          `INSERT INTO relations (document_id, kind, target_id, score) VALUES ($1, 'copy-of', $2, $3)
           ON CONFLICT (document_id, kind) DO UPDATE SET target_id = excluded.target_id, score = excluded.score`,
          [documentId, targetId, similarity],
        );
      },
      recordFailure: async (f: FailureRecord) => {
        check();
        await q(
          `INSERT INTO failures (key, origin, code, message, at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (key) DO UPDATE SET origin = excluded.origin, code = excluded.code, message = excluded.message
           WHERE failures.code <> excluded.code OR failures.message <> excluded.message OR failures.origin <> excluded.origin`,
          [noNul(f.key, 'failure key'), f.origin.replace(/\u0000/g, ''), f.code, f.message.replace(/\u0000/g, ''), new Date().toISOString()],
        );
      },
      clearFailure: async (key) => {
        check();
        await q('DELETE FROM failures WHERE key = $1', [key]);
      },
    };
  }

  private async addDocument(client: pg.PoolClient, doc: NewDocument): Promise<{ id: DocId; created: boolean }> {
    const existing = await client.query('SELECT id FROM documents WHERE content_hash = $1', [doc.contentHash]);
    if (existing.rows.length > 0) return { id: existing.rows[0].id as number, created: false };
    let analysis: string | null = doc.analysisJson ?? null;
    if (analysis === null && doc.analysis) {
      // The text is stored once, in `documents.text`; the analysis JSON carries everything else.
      const { text: _text, ...rest } = doc.analysis;
      analysis = JSON.stringify(rest);
    }
    // ON CONFLICT: another writer may store the same text at the same moment; then this one waits
    // for its commit and reports the document as already there.
    const inserted = await client.query(
      `INSERT INTO documents (source_key, content_hash, title, url, source, author, published, published_date,
         language, origin, format, text, analysis, signature, ingested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (content_hash) DO NOTHING RETURNING id`,
      [
        noNul(doc.sourceKey, 'source key'),
        doc.contentHash,
        doc.title ?? null,
        doc.url ?? null,
        doc.source ?? null,
        doc.author ?? null,
        doc.published ?? null,
        publishedDay(doc.published) ?? null,
        doc.language ?? null,
        doc.origin ?? null,
        doc.format ?? null,
        noNul(doc.text, `the text of ${doc.sourceKey}`),
        analysis,
        fromSignature(doc.signature),
        new Date().toISOString(),
      ],
    );
    if (inserted.rows.length === 0) {
      const row = await client.query('SELECT id FROM documents WHERE content_hash = $1', [doc.contentHash]);
      return { id: row.rows[0].id as number, created: false };
    }
    const id = inserted.rows[0].id as number;
    await client.query(
      `INSERT INTO sources (key, raw_hash, document_id, kind) VALUES ($1, $2, $3, 'document')
       ON CONFLICT (key) DO UPDATE SET raw_hash = excluded.raw_hash, document_id = excluded.document_id, kind = excluded.kind`,
      [doc.sourceKey, doc.rawHash, id],
    );
    return { id, created: true };
  }

  private async createEntity(client: pg.PoolClient, entity: NewEntity): Promise<EntityId> {
    let id: number;
    if (entity.kb !== undefined) {
      // One row per KB id however many writers create it at once (unique kb + ON CONFLICT).
      const r = await client.query(
        `WITH ins AS (INSERT INTO entities (type, name, kb) VALUES ($1, $2, $3) ON CONFLICT (kb) DO NOTHING RETURNING id)
         SELECT id, true AS created FROM ins`,
        [entity.type, entity.name, entity.kb],
      );
      if (r.rows.length === 0) {
        const existing = await client.query('SELECT id FROM entities WHERE kb = $1', [entity.kb]);
        return existing.rows[0].id as number;
      }
      id = r.rows[0].id as number;
    } else {
      id = (await client.query('INSERT INTO entities (type, name) VALUES ($1, $2) RETURNING id', [entity.type, entity.name])).rows[0].id as number;
    }
    // The canonical name is findable even before (or without) being seen in a text: an alias seen 0 times.
    await client.query('INSERT INTO entity_aliases (entity_id, alias, folded, count) VALUES ($1, $2, $3, 0) ON CONFLICT DO NOTHING', [
      id,
      entity.name,
      foldAlias(entity.name),
    ]);
    return id;
  }

  private async addEntityLink(client: pg.PoolClient, documentId: DocId, link: EntityLink): Promise<void> {
    const already = await client.query('SELECT 1 FROM document_entities WHERE document_id = $1 AND entity_id = $2 LIMIT 1', [documentId, link.entity]);
    const inserted = await client.query(
      `INSERT INTO document_entities (document_id, doc_entity, entity_id, name, type, mention_count, evidence) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (document_id, doc_entity) DO NOTHING`,
      [documentId, link.docEntity, link.entity, link.name, link.type, link.mentions.length, JSON.stringify(link.evidence)],
    );
    if (inserted.rowCount === 0) throw new Error(`document ${documentId} entity ${link.docEntity} is already linked`);
    if (link.mentions.length > 0) {
      await client.query(
        `INSERT INTO mentions (document_id, entity_id, doc_entity, span_start, span_end, text)
         SELECT $1, $2, $3, s, e, t FROM unnest($4::int[], $5::int[], $6::text[]) WITH ORDINALITY AS m(s, e, t, n) ORDER BY n`,
        [documentId, link.entity, link.docEntity, link.mentions.map((m) => m.start), link.mentions.map((m) => m.end), link.mentions.map((m) => m.text)],
      );
    }
    const surfaceCounts = new Map<string, number>();
    for (const s of link.surfaces) surfaceCounts.set(s, 0);
    for (const m of link.mentions) surfaceCounts.set(m.text, (surfaceCounts.get(m.text) ?? 0) + 1);
    const aliases = [...surfaceCounts].filter(([alias]) => alias.trim() !== '');
    if (aliases.length > 0) {
      await client.query(
        `INSERT INTO entity_aliases (entity_id, alias, folded, count)
         SELECT $1, a, f, c FROM unnest($2::text[], $3::text[], $4::bigint[]) AS x(a, f, c)
         ON CONFLICT (entity_id, alias) DO UPDATE SET count = entity_aliases.count + excluded.count`,
        [link.entity, aliases.map(([a]) => a), aliases.map(([a]) => foldAlias(a)), aliases.map(([, c]) => Math.max(1, c))],
      );
    }
    const roles = [...new Set(link.roles)].filter((r) => r.trim() !== '');
    if (roles.length > 0) {
      await client.query(
        `INSERT INTO entity_roles (entity_id, role, count) SELECT $1, r, 1 FROM unnest($2::text[]) AS x(r)
         ON CONFLICT (entity_id, role) DO UPDATE SET count = entity_roles.count + 1`,
        [link.entity, roles],
      );
    }
    // Each distinct reason is kept once per entity, with how often it applied and where first.
    for (const e of link.evidence) {
      await client.query(
        `INSERT INTO evidence (entity_id, method, detail, score, count, document_id, doc_entity, surface) VALUES ($1, $2, $3, $4, 1, $5, $6, $7)
         ON CONFLICT (entity_id, method, detail) DO UPDATE SET count = evidence.count + 1`,
        [link.entity, e.method, e.detail, e.score ?? null, documentId, link.docEntity, link.name],
      );
    }
    await client.query('UPDATE entities SET mentions = mentions + $1, documents = documents + $2 WHERE id = $3', [
      link.mentions.length,
      already.rows.length > 0 ? 0 : 1,
      link.entity,
    ]);
  }

  private async addClaims(client: pg.PoolClient, documentId: DocId, claims: readonly NewClaim[]): Promise<void> {
    await client.query(
      `INSERT INTO claims (document_id, claim_id, span_start, span_end, text, quote, stance, cue, target, speaker_text)
       SELECT $1, i, s, e, t, q, st, cu, ta, sp
       FROM unnest($2::text[], $3::int[], $4::int[], $5::text[], $6::boolean[], $7::text[], $8::text[], $9::text[], $10::text[])
         AS x(i, s, e, t, q, st, cu, ta, sp)`,
      [
        documentId,
        claims.map((c) => c.claimId),
        claims.map((c) => c.start),
        claims.map((c) => c.end),
        claims.map((c) => c.text),
        claims.map((c) => c.quote),
        claims.map((c) => c.stance),
        claims.map((c) => c.cue ?? null),
        claims.map((c) => c.target ?? null),
        claims.map((c) => JSON.stringify(c.speakerText)),
      ],
    );
    const entity: number[] = [];
    const role: string[] = [];
    const claimId: string[] = [];
    for (const c of claims) {
      for (const e of c.speakers) entity.push(e), role.push('speaker'), claimId.push(c.claimId);
      for (const e of c.about) entity.push(e), role.push('about'), claimId.push(c.claimId);
    }
    if (entity.length > 0) {
      await client.query(
        `INSERT INTO claim_entities (entity_id, role, document_id, claim_id)
         SELECT e, r, $1, c FROM unnest($2::bigint[], $3::text[], $4::text[]) AS x(e, r, c) ON CONFLICT DO NOTHING`,
        [documentId, entity, role, claimId],
      );
    }
    const qs = claims.flatMap((c) => (c.quantities ?? []).map((x, ord) => ({ c: c.claimId, ord, x })));
    if (qs.length > 0) {
      await client.query(
        `INSERT INTO claim_quantities (document_id, claim_id, ord, value, low, high, unit, kind, currency, span_start, span_end, text)
         SELECT $1, c, o, v, l, h, u, k, cu, s, e, t
         FROM unnest($2::text[], $3::int[], $4::float8[], $5::float8[], $6::float8[], $7::text[], $8::text[], $9::text[], $10::int[], $11::int[], $12::text[])
           AS x(c, o, v, l, h, u, k, cu, s, e, t)`,
        [
          documentId,
          qs.map((r) => r.c),
          qs.map((r) => r.ord),
          qs.map((r) => r.x.value ?? null),
          qs.map((r) => r.x.low ?? null),
          qs.map((r) => r.x.high ?? null),
          qs.map((r) => r.x.unit ?? null),
          qs.map((r) => r.x.kind ?? null),
          qs.map((r) => r.x.currency ?? null),
          qs.map((r) => r.x.start),
          qs.map((r) => r.x.end),
          qs.map((r) => r.x.text),
        ],
      );
    }
    const ds = claims.flatMap((c) => (c.dates ?? []).map((x, ord) => ({ c: c.claimId, ord, x })));
    if (ds.length > 0) {
      await client.query(
        `INSERT INTO claim_dates (document_id, claim_id, ord, value, relative, span_start, span_end, text)
         SELECT $1, c, o, v, r, s, e, t FROM unnest($2::text[], $3::int[], $4::text[], $5::boolean[], $6::int[], $7::int[], $8::text[]) AS x(c, o, v, r, s, e, t)`,
        [documentId, ds.map((r) => r.c), ds.map((r) => r.ord), ds.map((r) => r.x.value), ds.map((r) => r.x.relative), ds.map((r) => r.x.start), ds.map((r) => r.x.end), ds.map((r) => r.x.text)],
      );
    }
  }

  async sourceState(key: string): Promise<SourceState | undefined> {
    this.alive();
    const row = await this.row('SELECT key, raw_hash, document_id, kind FROM sources WHERE key = $1', [key]);
    if (!row) return undefined;
    return { key: row['key'] as string, rawHash: row['raw_hash'] as string, documentId: row['document_id'] as number, kind: row['kind'] as SourceState['kind'] };
  }

  async documentByHash(contentHash: string): Promise<DocId | undefined> {
    this.alive();
    const row = await this.row('SELECT id FROM documents WHERE content_hash = $1', [contentHash]);
    return row?.['id'] as number | undefined;
  }

  async getDocument(id: DocId): Promise<StoredDocument | undefined> {
    this.alive();
    if (!Number.isSafeInteger(id)) return undefined;
    const row = await this.row(
      `SELECT d.id, d.source_key, d.content_hash, d.title, d.url, d.source, d.author, d.published, d.language, d.origin, d.format,
         d.text, d.ingested_at, r.target_id AS copy_of, r.score AS copy_score
       FROM documents d LEFT JOIN relations r ON r.document_id = d.id AND r.kind = 'copy-of' WHERE d.id = $1`,
      [id],
    );
    if (!row) return undefined;
    const copies = (await this.rows(`SELECT document_id FROM relations WHERE target_id = $1 AND kind = 'copy-of' ORDER BY document_id`, [id])).map(
      (r) => r['document_id'] as number,
    );
    const duplicateKeys = (await this.rows(`SELECT key FROM sources WHERE document_id = $1 AND kind = 'exact-duplicate' ORDER BY key`, [id])).map(
      (r) => r['key'] as string,
    );
    return {
      id: row['id'] as number,
      sourceKey: row['source_key'] as string,
      contentHash: row['content_hash'] as string,
      text: row['text'] as string,
      ingestedAt: row['ingested_at'] as string,
      ...meta(row),
      ...(row['copy_of'] != null ? { copyOf: { id: row['copy_of'] as number, similarity: (row['copy_score'] as number | null) ?? 0 } } : {}),
      copies,
      duplicateKeys,
    };
  }

  async getAnalysis(id: DocId): Promise<Analysis | undefined> {
    this.alive();
    if (!Number.isSafeInteger(id)) return undefined;
    const row = await this.row('SELECT text, analysis FROM documents WHERE id = $1', [id]);
    if (!row || row['analysis'] === null) return undefined;
    const parsed = JSON.parse(row['analysis'] as string) as Omit<Analysis, 'text'>;
    return { ...parsed, text: row['text'] as string } as Analysis;
  }

  async documentEntities(id: DocId): Promise<DocumentEntityLink[]> {
    this.alive();
    const rows = await this.rows(
      `SELECT de.doc_entity, de.entity_id, de.evidence, e.name FROM document_entities de JOIN entities e ON e.id = de.entity_id
       WHERE de.document_id = $1 ORDER BY length(de.doc_entity), de.doc_entity`,
      [id],
    );
    return rows.map((r) => ({
      docEntity: r['doc_entity'] as string,
      entity: r['entity_id'] as number,
      name: r['name'] as string,
      evidence: JSON.parse(r['evidence'] as string) as MergeEvidence[],
    }));
  }

  async search(q: SearchQuery): Promise<SearchHit[]> {
    this.alive();
    const params: unknown[] = [];
    // saksi's own syntax, parsed as for SQLite (a SearchSyntaxError for the user), then translated.
    const query = tsqueryExpression(parseSearchQuery(q.query), FTS_CONFIG, params);
    const where = ['d.fts @@ q.query'];
    if (q.language) {
      params.push(q.language);
      where.push(`d.language = $${params.length}`);
    }
    if (q.since) {
      params.push(q.since);
      where.push(`d.published_date >= $${params.length}`);
    }
    if (q.until) {
      params.push(q.until);
      where.push(`d.published_date <= $${params.length}`);
    }
    if (q.source) {
      params.push(q.source);
      where.push(`lower(d.source) = lower($${params.length})`);
    }
    const limit = Math.max(1, Math.min(MAX_SEARCH_LIMIT, Math.floor(q.limit ?? DEFAULT_SEARCH_LIMIT)));
    params.push(limit);
    const opts = `'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', '`;
    // Rank and limit first, then build headlines (the costly part) for the hits only.
    const sql = `WITH q AS MATERIALIZED (SELECT ${query} AS query),
      hits AS (
        SELECT d.id, ts_rank('${RANK_WEIGHTS}', d.fts, q.query) AS rank
        FROM documents d, q WHERE ${where.join(' AND ')}
        ORDER BY rank DESC, d.id LIMIT $${params.length}
      )
      SELECT d.id, d.title, d.url, d.source, d.published, d.language, r.target_id AS copy_of, h.rank,
        ts_headline('${FTS_CONFIG}', d.text, q.query, ${opts} || '${HEADLINE_OPTIONS.replace(/'/g, "''")}') AS snip,
        CASE WHEN d.title IS NULL THEN NULL ELSE ts_headline('${FTS_CONFIG}', d.title, q.query, ${opts} || 'HighlightAll=true') END AS title_hl
      FROM hits h JOIN documents d ON d.id = h.id CROSS JOIN q
      LEFT JOIN relations r ON r.document_id = d.id AND r.kind = 'copy-of'
      ORDER BY h.rank DESC, d.id`;
    let rows: Row[];
    try {
      rows = await this.rows(sql, params);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === '42601' || /tsquery/i.test((err as Error).message)) {
        // The translation binds every word, so this is a bug, not the user's doing.
        throw new SearchSyntaxError(`cannot search for ${JSON.stringify(q.query.slice(0, 80))} (please report this query)`, { cause: err });
      }
      throw err;
    }
    return rows.map((r) => ({
      id: r['id'] as number,
      ...pick(r, { title: 'title', url: 'url', source: 'source', published: 'published', language: 'language' }),
      score: r['rank'] as number,
      snippet: r['snip'] as string,
      ...(r['title'] != null ? { titleHighlighted: r['title_hl'] as string } : {}),
      ...(r['copy_of'] != null ? { copyOf: r['copy_of'] as number } : {}),
    }));
  }

  async listEntities(options: { type?: EntityType; top?: number } = {}): Promise<EntitySummary[]> {
    this.alive();
    const limit = Math.max(1, Math.floor(options.top ?? 50));
    const rows = options.type
      ? await this.rows('SELECT * FROM entities WHERE type = $1 ORDER BY mentions DESC, documents DESC, id LIMIT $2', [options.type, limit])
      : await this.rows('SELECT * FROM entities ORDER BY mentions DESC, documents DESC, id LIMIT $1', [limit]);
    return rows.map(toSummary);
  }

  async findEntities(name: string): Promise<EntitySummary[]> {
    this.alive();
    const folded = foldAlias(name);
    if (folded === '') return [];
    const rows = await this.rows(
      `SELECT e.*, MIN(CASE WHEN a.folded = $1 THEN 0 ELSE 1 END) AS exact
       FROM entity_aliases a JOIN entities e ON e.id = a.entity_id
       WHERE a.folded = $1 OR strpos(' ' || a.folded || ' ', ' ' || $1 || ' ') > 0
       GROUP BY e.id
       ORDER BY exact, e.mentions DESC, e.id
       LIMIT 50`,
      [folded],
    );
    return rows.map(toSummary);
  }

  async entityDetail(id: EntityId, options: { claimLimit?: number } = {}): Promise<EntityDetail | undefined> {
    this.alive();
    if (!Number.isSafeInteger(id)) return undefined;
    const row = await this.row('SELECT * FROM entities WHERE id = $1', [id]);
    if (!row) return undefined;
    const claimLimit = Math.max(0, Math.floor(options.claimLimit ?? 50));
    const bySource = (
      await this.rows(
        `SELECT COALESCE(d.source, 'unknown') COLLATE "C" AS source, SUM(de.mention_count) AS mentions, COUNT(DISTINCT d.id) AS documents
         FROM document_entities de JOIN documents d ON d.id = de.document_id WHERE de.entity_id = $1
         GROUP BY 1 ORDER BY mentions DESC, source`,
        [id],
      )
    ).map((r) => ({ source: r['source'] as string, mentions: r['mentions'] as number, documents: r['documents'] as number }));
    const byMonth = (
      await this.rows(
        `SELECT COALESCE(substr(d.published_date, 1, 7), 'unknown') COLLATE "C" AS month, SUM(de.mention_count) AS mentions, COUNT(DISTINCT d.id) AS documents
         FROM document_entities de JOIN documents d ON d.id = de.document_id WHERE de.entity_id = $1
         GROUP BY 1 ORDER BY month`,
        [id],
      )
    ).map((r) => ({ month: r['month'] as string, mentions: r['mentions'] as number, documents: r['documents'] as number }));
    const claims = async (role: 'speaker' | 'about'): Promise<ClaimRecord[]> => {
      // NULLS LAST: SQLite sorts undated claims after dated ones in descending order.
      const rows = await this.rows(
        `SELECT c.*, d.published, d.source, d.title FROM claim_entities ce
         JOIN claims c ON c.document_id = ce.document_id AND c.claim_id = ce.claim_id
         JOIN documents d ON d.id = c.document_id
         WHERE ce.entity_id = $1 AND ce.role = $2
           AND ($2 = 'speaker' OR NOT EXISTS (SELECT 1 FROM claim_entities s WHERE s.entity_id = ce.entity_id AND s.role = 'speaker'
                AND s.document_id = ce.document_id AND s.claim_id = ce.claim_id))
         ORDER BY d.published_date COLLATE "C" DESC NULLS LAST, c.document_id DESC, c.span_start LIMIT $3`,
        [id, role, claimLimit],
      );
      return this.claimRecords(rows);
    };
    const evidence = (await this.rows('SELECT * FROM evidence WHERE entity_id = $1 ORDER BY count DESC, id LIMIT 200', [id])).map(
      (r): EvidenceRecord => ({
        ...toEvidence(r),
        count: r['count'] as number,
        documentId: r['document_id'] as number,
        docEntity: r['doc_entity'] as string,
        surface: r['surface'] as string,
      }),
    );
    const record = await this.entityRows([row]);
    return { ...record[0]!, bySource, byMonth, claimsBy: await claims('speaker'), claimsAbout: await claims('about'), evidence };
  }

  /** Entity rows with their aliases and roles, fetched for the whole page at once. */
  private async entityRows(rows: Row[]): Promise<EntityRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r['id'] as number);
    const aliases = await this.rows('SELECT entity_id, alias, count FROM entity_aliases WHERE entity_id = ANY($1::bigint[]) ORDER BY entity_id, count DESC, alias', [ids]);
    const roles = await this.rows('SELECT entity_id, role, count FROM entity_roles WHERE entity_id = ANY($1::bigint[]) ORDER BY entity_id, count DESC, role', [ids]);
    const byEntity = <T>(list: Row[], map: (r: Row) => T): Map<number, T[]> => {
      const out = new Map<number, T[]>();
      for (const r of list) {
        const id = r['entity_id'] as number;
        let l = out.get(id);
        if (!l) out.set(id, (l = []));
        l.push(map(r));
      }
      return out;
    };
    const a = byEntity(aliases, (r) => ({ alias: r['alias'] as string, count: r['count'] as number }));
    const ro = byEntity(roles, (r) => ({ role: r['role'] as string, count: r['count'] as number }));
    return rows.map((r) => ({ ...toSummary(r), aliases: a.get(r['id'] as number) ?? [], roles: ro.get(r['id'] as number) ?? [] }));
  }

  private async claimRecords(rows: Row[]): Promise<ClaimRecord[]> {
    if (rows.length === 0) return [];
    const people = await this.rows(
      `SELECT ce.document_id, ce.claim_id, ce.entity_id, ce.role FROM claim_entities ce
       JOIN unnest($1::bigint[], $2::text[]) AS k(d, c) ON ce.document_id = k.d AND ce.claim_id = k.c
       ORDER BY ce.entity_id`,
      [rows.map((r) => r['document_id']), rows.map((r) => r['claim_id'])],
    );
    const links = new Map<string, Row[]>();
    for (const p of people) {
      const key = `${p['document_id'] as number}\u0000${p['claim_id'] as string}`;
      let l = links.get(key);
      if (!l) links.set(key, (l = []));
      l.push(p);
    }
    const keys = [rows.map((r) => r['document_id']), rows.map((r) => r['claim_id'])];
    const group = (list: Row[]): Map<string, Row[]> => {
      const out = new Map<string, Row[]>();
      for (const x of list) {
        const key = `${x['document_id'] as number}\u0000${x['claim_id'] as string}`;
        let l = out.get(key);
        if (!l) out.set(key, (l = []));
        l.push(x);
      }
      return out;
    };
    const quantities = group(
      await this.rows(
        `SELECT cq.* FROM claim_quantities cq JOIN unnest($1::bigint[], $2::text[]) AS k(d, c) ON cq.document_id = k.d AND cq.claim_id = k.c ORDER BY cq.ord`,
        keys,
      ),
    );
    const dates = group(
      await this.rows(`SELECT cd.* FROM claim_dates cd JOIN unnest($1::bigint[], $2::text[]) AS k(d, c) ON cd.document_id = k.d AND cd.claim_id = k.c ORDER BY cd.ord`, keys),
    );
    return rows.map((r) => {
      const key = `${r['document_id'] as number}\u0000${r['claim_id'] as string}`;
      const l = links.get(key) ?? [];
      const q = (quantities.get(key) ?? []).map((x): ClaimQuantity => {
        const out: Record<string, unknown> = {};
        for (const k of ['value', 'low', 'high', 'unit', 'kind', 'currency']) if (x[k] != null) out[k] = x[k];
        return { ...out, start: x['span_start'] as number, end: x['span_end'] as number, text: x['text'] as string };
      });
      const d = (dates.get(key) ?? []).map(
        (x): ClaimDate => ({ value: x['value'] as string, relative: x['relative'] === true, start: x['span_start'] as number, end: x['span_end'] as number, text: x['text'] as string }),
      );
      return {
        documentId: r['document_id'] as number,
        claimId: r['claim_id'] as string,
        text: r['text'] as string,
        start: r['span_start'] as number,
        end: r['span_end'] as number,
        quote: r['quote'] === true,
        stance: r['stance'] as Stance,
        ...pick(r, { cue: 'cue', target: 'target', published: 'published', source: 'source', title: 'title' }),
        speakerText: JSON.parse(r['speaker_text'] as string) as string[],
        speakers: l.filter((x) => x['role'] === 'speaker').map((x) => x['entity_id'] as number),
        about: l.filter((x) => x['role'] === 'about').map((x) => x['entity_id'] as number),
        quantities: q,
        dates: d,
      };
    });
  }

  async documentIdsInOrder(): Promise<DocId[]> {
    this.alive();
    const rows = await this.rows('SELECT id FROM documents ORDER BY published_date IS NULL, published_date COLLATE "C", content_hash COLLATE "C"');
    return rows.map((r) => r['id'] as number);
  }

  scan<K extends keyof ScanRows>(kind: K): AsyncIterable<ScanRows[K]> {
    this.alive();
    switch (kind) {
      case 'documents':
        return this.pages<DocumentRow>(
          `SELECT d.id, d.source_key, d.content_hash, d.title, d.url, d.source, d.author, d.published, d.language, d.origin, d.format,
             d.ingested_at, d.text, r.target_id AS copy_of
           FROM documents d LEFT JOIN relations r ON r.document_id = d.id AND r.kind = 'copy-of'
           WHERE d.id > $1 ORDER BY d.id LIMIT $2`,
          async (rows) =>
            rows.map((r) => ({
              id: r['id'] as number,
              sourceKey: r['source_key'] as string,
              contentHash: r['content_hash'] as string,
              ingestedAt: r['ingested_at'] as string,
              ...meta(r),
              ...(r['copy_of'] != null ? { copyOf: r['copy_of'] as number } : {}),
              text: r['text'] as string,
            })),
        ) as AsyncIterable<ScanRows[K]>;
      case 'entities':
        return this.pages<EntityRecord>('SELECT * FROM entities WHERE id > $1 ORDER BY id LIMIT $2', (rows) => this.entityRows(rows)) as AsyncIterable<ScanRows[K]>;
      case 'signatures':
        return this.pages<SignatureRecord>(
          `SELECT d.id, d.published, d.signature, r.target_id AS copy_of FROM documents d
           LEFT JOIN relations r ON r.document_id = d.id AND r.kind = 'copy-of'
           WHERE d.id > $1 AND d.signature IS NOT NULL ORDER BY d.id LIMIT $2`,
          async (rows) => rows.map(signatureRecord),
        ) as AsyncIterable<ScanRows[K]>;
      case 'failures':
        return this.failurePages() as AsyncIterable<ScanRows[K]>;
      case 'links':
        return this.linkPages() as AsyncIterable<ScanRows[K]>;
      case 'claims':
        return this.claimPages() as AsyncIterable<ScanRows[K]>;
      default:
        throw new Error(`unknown scan kind ${String(kind)}; expected documents, entities, claims, signatures, failures or links`);
    }
  }

  /** Keyset pagination over an integer id: no cursor or transaction stays open between pages. */
  private async *pages<T>(sql: string, map: (rows: Row[]) => Promise<T[]>): AsyncGenerator<T> {
    let after = 0;
    for (;;) {
      this.alive();
      const rows = await this.rows(sql, [after, SCAN_PAGE_SIZE]);
      if (rows.length === 0) return;
      const mapped = await map(rows);
      after = rows[rows.length - 1]!['id'] as number;
      for (const item of mapped) yield item;
      if (rows.length < SCAN_PAGE_SIZE) return;
    }
  }

  private async *claimPages(): AsyncGenerator<ClaimRecord> {
    let afterDoc = 0;
    let afterClaim = '';
    for (;;) {
      this.alive();
      const rows = await this.rows(
        `SELECT c.*, d.published, d.source, d.title FROM claims c JOIN documents d ON d.id = c.document_id
         WHERE (c.document_id, c.claim_id) > ($1, $2) ORDER BY c.document_id, c.claim_id LIMIT $3`,
        [afterDoc, afterClaim, SCAN_PAGE_SIZE],
      );
      if (rows.length === 0) return;
      const last = rows[rows.length - 1]!;
      afterDoc = last['document_id'] as number;
      afterClaim = last['claim_id'] as string;
      for (const c of await this.claimRecords(rows)) yield c;
      if (rows.length < SCAN_PAGE_SIZE) return;
    }
  }

  private async *linkPages(): AsyncGenerator<LinkRecord> {
    let afterDoc = 0;
    let afterEntity = '';
    for (;;) {
      this.alive();
      const rows = await this.rows(
        `SELECT document_id, doc_entity, entity_id FROM document_entities
         WHERE (document_id, doc_entity) > ($1, $2) ORDER BY document_id, doc_entity LIMIT $3`,
        [afterDoc, afterEntity, SCAN_PAGE_SIZE],
      );
      if (rows.length === 0) return;
      const last = rows[rows.length - 1]!;
      afterDoc = last['document_id'] as number;
      afterEntity = last['doc_entity'] as string;
      for (const r of rows) yield { documentId: r['document_id'] as number, docEntity: r['doc_entity'] as string, entityId: r['entity_id'] as number };
      if (rows.length < SCAN_PAGE_SIZE) return;
    }
  }

  private async *failurePages(): AsyncGenerator<StoredFailure> {
    let after = '';
    for (;;) {
      this.alive();
      const rows = await this.rows('SELECT * FROM failures WHERE key > $1 ORDER BY key LIMIT $2', [after, SCAN_PAGE_SIZE]);
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!['key'] as string;
      for (const r of rows) {
        yield { key: r['key'] as string, origin: r['origin'] as string, code: r['code'] as string, message: r['message'] as string, at: r['at'] as string };
      }
      if (rows.length < SCAN_PAGE_SIZE) return;
    }
  }

  private readView(): StoreReader {
    // The store's own methods: inside a transaction they run on its client (AsyncLocalStorage).
    return {
      sourceState: (key) => this.sourceState(key),
      documentByHash: (hash) => this.documentByHash(hash),
      getDocument: (id) => this.getDocument(id),
      getAnalysis: (id) => this.getAnalysis(id),
      documentEntities: (id) => this.documentEntities(id),
      listEntities: (options) => this.listEntities(options),
      findEntities: (name) => this.findEntities(name),
      entityDetail: (id, options) => this.entityDetail(id, options),
      nearDuplicateCandidates: (keys, perBand) => this.nearDuplicateCandidates(keys, perBand),
      signatures: (ids) => this.signatures(ids),
      copiesOf: (id) => this.copiesOf(id),
      bandsPending: () => this.bandsPending(),
      cooccurring: (id, others) => this.cooccurring(id, others),
      entitiesByKey: (kind, keys) => this.entitiesByKey(kind, keys),
      keysOfEntities: (kind, ids) => this.keysOfEntities(kind, ids),
      entitiesByKb: (kbIds) => this.entitiesByKb(kbIds),
      entityRecords: (ids) => this.entityRecords(ids),
      namesPending: () => this.namesPending(),
      scan: (kind) => this.scan(kind),
      stats: () => this.stats(),
      documentIdsInOrder: () => this.documentIdsInOrder(),
    };
  }

  async nearDuplicateCandidates(keys: readonly number[], perBand: number): Promise<DocId[]> {
    this.alive();
    if (keys.length === 0) return [];
    // Per band: the first `perBand` documents by id; bands in order, each document once (first band wins).
    const rows = await this.rows(
      `SELECT x.band, l.document_id FROM unnest($1::bigint[]) WITH ORDINALITY AS x(key, band)
       CROSS JOIN LATERAL (SELECT document_id FROM lsh_bands WHERE band = x.band - 1 AND key = x.key ORDER BY document_id LIMIT $2) l
       ORDER BY x.band, l.document_id`,
      [[...keys], Math.max(0, Math.floor(perBand))],
    );
    return [...new Set(rows.map((r) => r['document_id'] as number))];
  }

  async signatures(ids: readonly DocId[]): Promise<SignatureRecord[]> {
    this.alive();
    if (ids.length === 0) return [];
    const rows = await this.rows(
      `SELECT d.id, d.published, d.signature, r.target_id AS copy_of FROM documents d
       LEFT JOIN relations r ON r.document_id = d.id AND r.kind = 'copy-of' WHERE d.id = ANY($1::bigint[]) AND d.signature IS NOT NULL`,
      [ids.filter((id) => Number.isSafeInteger(id))],
    );
    const byId = new Map(rows.map((r) => [r['id'] as number, r]));
    const out: SignatureRecord[] = [];
    for (const id of ids) {
      const r = byId.get(id);
      if (r) out.push(signatureRecord(r));
    }
    return out;
  }

  async copiesOf(id: DocId): Promise<DocId[]> {
    this.alive();
    return (await this.rows(`SELECT document_id FROM relations WHERE target_id = $1 AND kind = 'copy-of' ORDER BY document_id`, [id])).map((r) => r['document_id'] as number);
  }

  async cooccurring(id: EntityId, others: readonly EntityId[]): Promise<EntityId[]> {
    this.alive();
    const candidates = [...new Set(others)].filter((o) => o !== id);
    if (candidates.length === 0) return [];
    const rows = await this.rows(
      `SELECT DISTINCT b.entity_id FROM document_entities a JOIN document_entities b ON b.document_id = a.document_id
       WHERE a.entity_id = $1 AND b.entity_id = ANY($2::bigint[])`,
      [id, candidates],
    );
    const found = new Set(rows.map((r) => r['entity_id'] as number));
    return candidates.filter((o) => found.has(o));
  }

  async entitiesByKey(kind: string, keys: readonly string[]): Promise<Map<string, EntityId[]>> {
    this.alive();
    const out = new Map<string, EntityId[]>();
    const unique = [...new Set(keys)];
    for (const k of unique) out.set(k, []);
    if (unique.length === 0) return out;
    const rows = await this.rows('SELECT key, entity_id FROM entity_keys WHERE kind = $1 AND key = ANY($2::text[]) ORDER BY seq', [kind, unique]);
    for (const r of rows) out.get(r['key'] as string)!.push(r['entity_id'] as number);
    return out;
  }

  async keysOfEntities(kind: string, ids: readonly EntityId[]): Promise<Map<EntityId, string[]>> {
    this.alive();
    const out = new Map<EntityId, string[]>();
    const unique = [...new Set(ids)];
    for (const id of unique) out.set(id, []);
    if (unique.length === 0) return out;
    const rows = await this.rows('SELECT entity_id, key FROM entity_keys WHERE kind = $1 AND entity_id = ANY($2::bigint[]) ORDER BY seq', [kind, unique]);
    for (const r of rows) out.get(r['entity_id'] as number)!.push(r['key'] as string);
    return out;
  }

  async entitiesByKb(kbIds: readonly string[]): Promise<Map<string, EntityId>> {
    this.alive();
    const out = new Map<string, EntityId>();
    if (kbIds.length === 0) return out;
    const rows = await this.rows('SELECT kb, id FROM entities WHERE kb = ANY($1::text[])', [[...new Set(kbIds)]]);
    const byKb = new Map(rows.map((r) => [r['kb'] as string, r['id'] as number]));
    for (const kb of kbIds) {
      const id = byKb.get(kb);
      if (id !== undefined) out.set(kb, id);
    }
    return out;
  }

  async entityRecords(ids: readonly EntityId[]): Promise<EntityRecord[]> {
    this.alive();
    if (ids.length === 0) return [];
    const rows = await this.rows('SELECT * FROM entities WHERE id = ANY($1::bigint[])', [ids.filter((id) => Number.isSafeInteger(id))]);
    const byId = new Map(rows.map((r) => [r['id'] as number, r]));
    const ordered: Row[] = [];
    for (const id of ids) {
      const r = byId.get(id);
      if (r) ordered.push(r);
    }
    return this.entityRows(ordered);
  }

  async namesPending(): Promise<boolean> {
    this.alive();
    return (await this.row('SELECT names_pending FROM store_state WHERE id = 1'))!['names_pending'] === true;
  }

  async bandsPending(): Promise<boolean> {
    this.alive();
    return (await this.row('SELECT bands_pending FROM store_state WHERE id = 1'))!['bands_pending'] === true;
  }

  async listDocuments(q: DocumentListQuery = {}): Promise<{ total: number; items: DocumentSummary[] }> {
    this.alive();
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.language) {
      params.push(q.language);
      where.push(`d.language = $${params.length}`);
    }
    if (q.source) {
      params.push(q.source);
      where.push(`lower(d.source) = lower($${params.length})`);
    }
    if (q.since) {
      params.push(q.since);
      where.push(`d.published_date >= $${params.length}`);
    }
    if (q.until) {
      params.push(q.until);
      where.push(`d.published_date <= $${params.length}`);
    }
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total = (await this.row(`SELECT count(*) AS n FROM documents d ${filter}`, params))!['n'] as number;
    const limit = Math.max(1, Math.min(1000, Math.floor(q.limit ?? 20)));
    const offset = Math.max(0, Math.floor(q.offset ?? 0));
    const rows = await this.rows(
      `SELECT d.id, d.title, d.url, d.source, d.author, d.published, d.language, d.origin, d.format, d.ingested_at, length(d.text) AS len,
         r.target_id AS copy_of
       FROM documents d LEFT JOIN relations r ON r.document_id = d.id AND r.kind = 'copy-of'
       ${filter} ORDER BY d.published_date IS NULL, d.published_date COLLATE "C" DESC, d.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return {
      total,
      items: rows.map((r) => ({
        id: r['id'] as number,
        ingestedAt: r['ingested_at'] as string,
        length: r['len'] as number,
        ...meta(r),
        ...(r['copy_of'] != null ? { copyOf: r['copy_of'] as number } : {}),
      })),
    };
  }

  // --- stories (issue 9): the read side, in stories.ts ---
  private readonly storyReader = pgStoryReader(
    (sql, params = []) => this.rows(sql, params),
    () => this.alive(),
  );
  listStories: StoryReader['listStories'] = (q) => this.storyReader.listStories(q);
  getStory: StoryReader['getStory'] = (id) => this.storyReader.getStory(id);
  storyDocuments: StoryReader['storyDocuments'] = (id) => this.storyReader.storyDocuments(id);
  storyEdges: StoryReader['storyEdges'] = (id) => this.storyReader.storyEdges(id);
  storyOfDocument: StoryReader['storyOfDocument'] = (id) => this.storyReader.storyOfDocument(id);
  storyAssignments: StoryReader['storyAssignments'] = () => this.storyReader.storyAssignments();
  sourceKeys: StoryReader['sourceKeys'] = () => this.storyReader.sourceKeys();

  async stats(): Promise<StoreStats> {
    this.alive();
    const row = (await this.row(
      `SELECT (SELECT COUNT(*) FROM documents) AS documents,
         (SELECT COUNT(*) FROM sources WHERE kind = 'exact-duplicate') AS exact_duplicate_keys,
         (SELECT COUNT(*) FROM relations WHERE kind = 'copy-of') AS near_duplicates,
         (SELECT COUNT(*) FROM entities) AS entities,
         (SELECT COUNT(*) FROM mentions) AS mentions,
         (SELECT COUNT(*) FROM claims) AS claims,
         (SELECT COUNT(*) FROM failures) AS failures`,
    ))!;
    return {
      documents: row['documents'] as number,
      exactDuplicateKeys: row['exact_duplicate_keys'] as number,
      nearDuplicates: row['near_duplicates'] as number,
      entities: row['entities'] as number,
      mentions: row['mentions'] as number,
      claims: row['claims'] as number,
      failures: row['failures'] as number,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

function signatureRecord(r: Row): SignatureRecord {
  return {
    id: r['id'] as number,
    signature: toSignature(r['signature'])!,
    ...(r['published'] != null ? { published: r['published'] as string } : {}),
    ...(r['copy_of'] != null ? { copyOf: r['copy_of'] as number } : {}),
  };
}
