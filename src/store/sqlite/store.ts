/**
 * The SQLite store on better-sqlite3: WAL, synchronous=NORMAL, a busy timeout, versioned
 * migrations, prepared statements, FTS5 (bm25, snippets, diacritic-insensitive) over title and text.
 *
 * Crash safety comes from SQLite: writes happen only in `transaction()`, and a process killed at
 * any moment leaves the last committed transaction in place (WAL), never a half-written one.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Analysis, EntityType, Stance } from '../../types.js';
import {
  StoreError,
  derivedTables,
  foldAlias,
  type ClaimDate,
  type ClaimQuantity,
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
  type StoreReader,
  type StoreStats,
  type StoreWriter,
  type StoredDocument,
  type StoredFailure,
  type DocumentListQuery,
  type DocumentSummary,
} from '../store.js';

import { checkVersion, looksLikeSqlite, migrate } from './schema.js';
import { search as searchFts } from './search.js';
import { sqliteStoryReader, sqliteStoryWriter } from '../sqlite-stories.js';
import type { StoryReader } from '../stories.js';
import { documentColumnValues } from '../document-columns.js';
import { documentFilters, fromSignature, meta, pick, publishedDay, toEvidence, toSignature, toSummary, type Row } from './rows.js';

/** Mention rows per INSERT statement (six values each). */
const MENTION_ROWS = 32;
/** Entity key rows per INSERT statement (three values each). */
const KEY_ROWS = 32;
const rowsCache = new Map<string, string>();
/** `(?, ?, ?), (?, ?, ?)` for `rows` rows of `columns` values. */
function rowsOf(columns: number, rows: number): string {
  const key = `${columns}x${rows}`;
  let out = rowsCache.get(key);
  if (out === undefined) {
    const one = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
    out = Array.from({ length: rows }, () => one).join(', ');
    rowsCache.set(key, out);
  }
  return out;
}

/** How long a writer waits for another process's write lock before giving up. */
export const BUSY_TIMEOUT_MS = 10_000;
/** Rows fetched per page when streaming with `scan()`: big enough to be fast, small enough to bound memory. */
export const SCAN_PAGE_SIZE = 500;

export interface OpenSqliteOptions {
  /** Open for reading only; the file must exist. */
  readonly readonly?: boolean;
  /** Create the file when missing (default: true unless read-only). */
  readonly create?: boolean;
  /** Called once per transaction that has to wait for another process's write lock (for a "waiting" message). */
  readonly onWait?: (message: string) => void;
  /** How long a transaction waits for another writer's lock before failing; default 10 minutes. */
  readonly writeLockWaitMs?: number;
}

/** How long a transaction waits, by default, for another writer (another ingest commits a batch at least every second). */
export const WRITE_LOCK_WAIT_MS = 10 * 60_000;

/**
 * Opens (or creates) a SQLite store. A missing file for a read-only open is a `StoreError`
 * ("no store at ./saksi.db; run saksi ingest first"), never a silently created empty store.
 * @example const store = openSqliteStore('./saksi.db', { readonly: true });
 */
export function openSqliteStore(path: string, options: OpenSqliteOptions = {}): SqliteStore {
  const readonly = options.readonly ?? false;
  const create = options.create ?? !readonly;
  const memory = path === ':memory:' || path === '';
  if (!memory && !existsSync(path)) {
    if (!create) throw new StoreError(`no store at ${path}; run saksi ingest first`, 'missing');
  } else if (!memory && !looksLikeSqlite(path)) {
    throw new StoreError(`${path} is not a saksi store (not a SQLite database)`, 'not-a-store');
  }
  let db: Database.Database;
  try {
    db = new Database(path, { readonly, fileMustExist: !create });
  } catch (err) {
    throw new StoreError(`cannot open store ${path}: ${(err as Error).message}`, 'io');
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    whileBusy(() => {
      if (!readonly) {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('foreign_keys = ON');
        migrate(db, path);
      } else {
        checkVersion(db, path);
      }
    });
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    throw new StoreError(`cannot open store ${path}: ${(err as Error).message}`, 'io');
  }
  return new SqliteStore(db, memory ? ':memory:' : path, readonly, options);
}

/**
 * Runs the opening steps again while SQLite answers "database is locked" at once, up to the busy
 * timeout. Switching to WAL while another process creates or writes the same new file can fail
 * immediately, without SQLite's busy handler ever waiting (seen with two ingests started together).
 */
function whileBusy(open: () => void): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
    try {
      open();
      return;
    } catch (err) {
      // SQLITE_BUSY and its extended codes (_RECOVERY, _SNAPSHOT), SQLITE_LOCKED.
      const code = String((err as { code?: unknown }).code ?? '');
      if (!/^SQLITE_(BUSY|LOCKED)/.test(code) || Date.now() + pause > deadline) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause);
    }
  }
}

export class SqliteStore implements Store {
  readonly capabilities: StoreCapabilities;
  private inTransaction = false;
  private closed = false;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly onWait: ((message: string) => void) | undefined;
  private readonly writeLockWaitMs: number;
  /**
   * The documents added in the open transaction, for the full-text index, written just before
   * COMMIT: FTS5 flushes its pending terms to a new segment whenever a later statement opens a
   * statement journal (every insert checking a foreign key does), so writing each document's
   * terms as it came cost a segment, and its merging, per document instead of one per batch.
   */
  private ftsPending: { id: DocId; title: string; text: string }[] = [];

  constructor(
    private readonly db: Database.Database,
    readonly location: string,
    readonly: boolean,
    options: Pick<OpenSqliteOptions, 'onWait' | 'writeLockWaitMs'> = {},
  ) {
    this.onWait = options.onWait;
    this.writeLockWaitMs = options.writeLockWaitMs ?? WRITE_LOCK_WAIT_MS;
    this.capabilities = Object.freeze({
      readOnly: readonly,
      diacriticInsensitiveSearch: true,
      snippets: true,
      concurrentWriters: false,
    });
  }

  /** A cached prepared statement. */
  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private alive(): void {
    if (this.closed) throw new Error(`store ${this.location} is closed`);
  }

  async transaction<T>(fn: (writer: StoreWriter) => Promise<T>): Promise<T> {
    this.alive();
    if (this.capabilities.readOnly) throw new StoreError(`store ${this.location} is open read-only`, 'read-only');
    if (this.inTransaction) throw new Error('store transactions do not nest');
    this.begin();
    this.inTransaction = true;
    let active = true;
    const writer = this.writer(() => active);
    try {
      const result = await fn(writer);
      this.indexPending();
      this.stmt('UPDATE store_state SET changes = changes + 1 WHERE id = 1').run();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    } finally {
      active = false;
      this.inTransaction = false;
      this.ftsPending = [];
    }
  }

  /** Writes the transaction's documents into the full-text index (see `ftsPending`). */
  private indexPending(): void {
    const insert = this.stmt('INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)');
    for (const d of this.ftsPending) insert.run(d.id, d.title, d.text);
    this.ftsPending = [];
  }

  /**
   * Takes the write lock (BEGIN IMMEDIATE), so that everything the transaction reads is what is
   * committed and stays so until it commits. While another process holds the lock, waits (SQLite's
   * busy timeout, then again, saying so through `onWait`) up to `writeLockWaitMs`.
   */
  private begin(): void {
    const started = Date.now();
    let told = false;
    for (;;) {
      try {
        this.db.exec('BEGIN IMMEDIATE');
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
        const waited = Date.now() - started;
        if (waited >= this.writeLockWaitMs) {
          throw new StoreError(`store ${this.location} is locked by another writer (waited ${Math.round(waited / 1000)} s); try again when it is done`, 'io');
        }
        if (!told) {
          this.onWait?.(`waiting for another writer (another saksi ingest?) to release ${this.location}`);
          told = true;
        }
      }
    }
  }

  private readView(): StoreReader {
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

  private writer(isActive: () => boolean): StoreWriter {
    const check = (): void => {
      if (!isActive()) throw new Error('a StoreWriter was used after its transaction ended');
    };
    const read = this.readView();
    return {
      ...sqliteStoryWriter((sql) => this.stmt(sql), check),
      read,
      changeCount: async () => {
        check();
        return (this.stmt('SELECT changes FROM store_state WHERE id = 1').get() as { changes: number }).changes;
      },
      addDocument: async (doc) => {
        check();
        return this.addDocument(doc);
      },
      addDuplicateKey: async (key, rawHash, documentId) => {
        check();
        this.stmt(
          `INSERT INTO sources (key, raw_hash, document_id, kind) VALUES (?, ?, ?, 'exact-duplicate')
           ON CONFLICT(key) DO UPDATE SET raw_hash = excluded.raw_hash, document_id = excluded.document_id,
             kind = CASE WHEN sources.kind = 'document' AND sources.document_id = excluded.document_id THEN 'document' ELSE excluded.kind END`,
        ).run(key, rawHash, documentId);
      },
      createEntity: async (entity) => {
        check();
        return this.createEntity(entity);
      },
      addEntityLinks: async (documentId, links) => {
        check();
        // The entities the document links already (none for a new one), then each link's.
        const linked = new Set(this.stmt('SELECT entity_id FROM document_entities WHERE document_id = ?').pluck().all(documentId) as EntityId[]);
        for (const link of links) {
          this.addEntityLink(documentId, link, linked.has(link.entity));
          linked.add(link.entity);
        }
      },
      addClaims: async (documentId, claims) => {
        check();
        for (const claim of claims) this.addClaim(documentId, claim);
      },
      linkCopy: async (documentId, targetId, similarity) => {
        check();
        if (documentId === targetId) throw new Error(`a document cannot be a copy of itself (${documentId})`);
        this.stmt(
          `INSERT INTO relations (document_id, kind, target_id, score) VALUES (?, 'copy-of', ?, ?)
           ON CONFLICT(document_id, kind) DO UPDATE SET target_id = excluded.target_id, score = excluded.score`,
        ).run(documentId, targetId, similarity);
      },
      recordFailure: async (f: FailureRecord) => {
        check();
        this.stmt(
          `INSERT INTO failures (key, origin, code, message, at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(key) DO UPDATE SET origin = excluded.origin, code = excluded.code, message = excluded.message
           WHERE failures.code <> excluded.code OR failures.message <> excluded.message OR failures.origin <> excluded.origin`,
        ).run(f.key, f.origin, f.code, f.message, new Date().toISOString());
      },
      clearFailure: async (key) => {
        check();
        this.stmt('DELETE FROM failures WHERE key = ?').run(key);
      },
      addBandKeys: async (documentId, keys) => {
        check();
        // One statement for the document's bands (42 rows): a statement per row costs more than the row.
        // OR IGNORE, which leaves the statement nothing to abort on, so no statement journal: with
        // ON CONFLICT DO NOTHING (a NOT NULL failure aborts) SQLite copied each of the 42 pages
        // the rows land on, already changed in the batch, into one, written out to a temporary file.
        if (keys.length === 0) return;
        const args: number[] = [];
        keys.forEach((key, band) => args.push(band, key, documentId));
        this.stmt(`INSERT OR IGNORE INTO lsh_bands (band, key, document_id) VALUES ${rowsOf(3, keys.length)}`).run(...args);
      },
      addEntityKeys: async (entityId, keys) => {
        check();
        // A few dozen rows per statement, in order (rowids, which order an entity's keys, as before);
        // OR IGNORE for the reason addBandKeys gives.
        for (let i = 0; i < keys.length; i += KEY_ROWS) {
          const n = Math.min(KEY_ROWS, keys.length - i);
          const args: (string | number)[] = [];
          for (let j = i; j < i + n; j++) args.push(entityId, keys[j]!.kind, keys[j]!.key);
          this.stmt(`INSERT OR IGNORE INTO entity_keys (entity_id, kind, key) VALUES ${rowsOf(3, n)}`).run(...args);
        }
      },
      namesDone: async () => {
        check();
        this.stmt('UPDATE store_state SET names_pending = 0 WHERE id = 1').run();
      },
      bandsDone: async () => {
        check();
        this.stmt('UPDATE store_state SET bands_pending = 0 WHERE id = 1').run();
      },
      clearDerived: async (parts) => {
        check();
        // Children before parents (foreign keys). Deleting every row of a rowid table makes its
        // next id 1 again (INTEGER PRIMARY KEY without AUTOINCREMENT takes max(rowid) + 1).
        for (const t of derivedTables(parts)) this.stmt(`DELETE FROM ${t}`).run();
        if (parts.nearDuplicates) this.stmt('UPDATE store_state SET bands_pending = 0 WHERE id = 1').run();
        if (parts.entities) this.stmt('UPDATE store_state SET names_pending = 0 WHERE id = 1').run();
      },
    };
  }

  private addDocument(doc: NewDocument): { id: DocId; created: boolean } {
    const existing = this.stmt('SELECT id FROM documents WHERE content_hash = ?').get(doc.contentHash) as { id: number } | undefined;
    if (existing) return { id: existing.id, created: false };
    const info = this.stmt(
      `INSERT INTO documents (source_key, content_hash, title, url, source, author, published, published_date,
         language, origin, format, text, analysis, signature, ingested_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(...documentColumnValues(doc));
    const id = Number(info.lastInsertRowid);
    this.ftsPending.push({ id, title: doc.title ?? '', text: doc.text });
    this.stmt(
      `INSERT INTO sources (key, raw_hash, document_id, kind) VALUES (?, ?, ?, 'document')
       ON CONFLICT(key) DO UPDATE SET raw_hash = excluded.raw_hash, document_id = excluded.document_id, kind = excluded.kind`,
    ).run(doc.sourceKey, doc.rawHash, id);
    return { id, created: true };
  }

  private createEntity(entity: NewEntity): EntityId {
    if (entity.kb !== undefined) {
      const existing = this.stmt('SELECT id FROM entities WHERE kb = ?').get(entity.kb) as { id: number } | undefined;
      if (existing) return existing.id;
    }
    const info = this.stmt('INSERT INTO entities (type, name, kb) VALUES (?, ?, ?)').run(entity.type, entity.name, entity.kb ?? null);
    const id = Number(info.lastInsertRowid);
    // The canonical name is findable even before (or without) being seen in a text: an alias seen 0 times.
    this.stmt('INSERT INTO entity_aliases (entity_id, alias, folded, count) VALUES (?, ?, ?, 0) ON CONFLICT DO NOTHING').run(
      id,
      entity.name,
      foldAlias(entity.name),
    );
    return id;
  }

  private addEntityLink(documentId: DocId, link: EntityLink, already: boolean): void {
    const inserted = this.stmt(
      `INSERT INTO document_entities (document_id, doc_entity, entity_id, name, type, mention_count, evidence) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(document_id, doc_entity) DO NOTHING`,
    ).run(documentId, link.docEntity, link.entity, link.name, link.type, link.mentions.length, JSON.stringify(link.evidence));
    if (inserted.changes === 0) throw new Error(`document ${documentId} entity ${link.docEntity} is already linked`);
    // The mentions a few dozen rows per statement, in order (their ids are assigned in order as before).
    const mentions = link.mentions;
    for (let i = 0; i < mentions.length; i += MENTION_ROWS) {
      const n = Math.min(MENTION_ROWS, mentions.length - i);
      const args: (string | number)[] = [];
      for (let j = i; j < i + n; j++) {
        const m = mentions[j]!;
        args.push(documentId, link.entity, link.docEntity, m.start, m.end, m.text);
      }
      this.stmt(`INSERT INTO mentions (document_id, entity_id, doc_entity, span_start, span_end, text) VALUES ${rowsOf(6, n)}`).run(...args);
    }
    const surfaceCounts = new Map<string, number>();
    for (const s of link.surfaces) surfaceCounts.set(s, 0);
    for (const m of mentions) surfaceCounts.set(m.text, (surfaceCounts.get(m.text) ?? 0) + 1);
    const addAlias = this.stmt(
      `INSERT INTO entity_aliases (entity_id, alias, folded, count) VALUES (?, ?, ?, ?)
       ON CONFLICT(entity_id, alias) DO UPDATE SET count = count + excluded.count`,
    );
    for (const [alias, count] of surfaceCounts) {
      if (alias.trim() === '') continue;
      addAlias.run(link.entity, alias, foldAlias(alias), Math.max(1, count));
    }
    const addRole = this.stmt(
      `INSERT INTO entity_roles (entity_id, role, count) VALUES (?, ?, 1)
       ON CONFLICT(entity_id, role) DO UPDATE SET count = count + 1`,
    );
    for (const role of new Set(link.roles)) if (role.trim() !== '') addRole.run(link.entity, role);
    // Each distinct reason is kept once per entity, with how often it applied and where first.
    const addEvidence = this.stmt(
      `INSERT INTO evidence (entity_id, method, detail, score, count, document_id, doc_entity, surface) VALUES (?, ?, ?, ?, 1, ?, ?, ?)
       ON CONFLICT(entity_id, method, detail) DO UPDATE SET count = count + 1`,
    );
    for (const e of link.evidence) addEvidence.run(link.entity, e.method, e.detail, e.score ?? null, documentId, link.docEntity, link.name);
    this.stmt('UPDATE entities SET mentions = mentions + ?, documents = documents + ? WHERE id = ?').run(
      link.mentions.length,
      already ? 0 : 1,
      link.entity,
    );
  }

  private addClaim(documentId: DocId, claim: NewClaim): void {
    this.stmt(
      `INSERT INTO claims (document_id, claim_id, span_start, span_end, text, quote, stance, cue, target, speaker_text)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      documentId,
      claim.claimId,
      claim.start,
      claim.end,
      claim.text,
      claim.quote ? 1 : 0,
      claim.stance,
      claim.cue ?? null,
      claim.target ?? null,
      JSON.stringify(claim.speakerText),
    );
    const link = this.stmt(
      `INSERT INTO claim_entities (entity_id, role, document_id, claim_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    for (const e of claim.speakers) link.run(e, 'speaker', documentId, claim.claimId);
    for (const e of claim.about) link.run(e, 'about', documentId, claim.claimId);
    const quantity = this.stmt(
      `INSERT INTO claim_quantities (document_id, claim_id, ord, value, low, high, unit, kind, currency, span_start, span_end, text)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    (claim.quantities ?? []).forEach((q, i) =>
      quantity.run(documentId, claim.claimId, i, q.value ?? null, q.low ?? null, q.high ?? null, q.unit ?? null, q.kind ?? null, q.currency ?? null, q.start, q.end, q.text),
    );
    const date = this.stmt(
      `INSERT INTO claim_dates (document_id, claim_id, ord, value, relative, span_start, span_end, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    (claim.dates ?? []).forEach((d, i) => date.run(documentId, claim.claimId, i, d.value, d.relative ? 1 : 0, d.start, d.end, d.text));
  }

  async sourceState(key: string): Promise<SourceState | undefined> {
    this.alive();
    const row = this.stmt('SELECT key, raw_hash, document_id, kind FROM sources WHERE key = ?').get(key) as Row | undefined;
    if (!row) return undefined;
    return { key: row['key'] as string, rawHash: row['raw_hash'] as string, documentId: row['document_id'] as number, kind: row['kind'] as SourceState['kind'] };
  }

  async documentByHash(contentHash: string): Promise<DocId | undefined> {
    this.alive();
    const row = this.stmt('SELECT id FROM documents WHERE content_hash = ?').get(contentHash) as { id: number } | undefined;
    return row?.id;
  }

  async nearDuplicateCandidates(keys: readonly number[], perBand: number): Promise<DocId[]> {
    this.alive();
    if (keys.length === 0) return [];
    // Every band in one statement (the band is the key's place in the JSON array), in band order,
    // then storage order; each bucket's first `perBand` ids are kept here, which reads the rows a
    // window function (ROW_NUMBER per band) read too, without its sort.
    const lookup = this.stmt(
      `SELECT l.band AS band, l.document_id AS document_id
       FROM json_each(?) j JOIN lsh_bands l ON l.band = j.key AND l.key = j.value
       ORDER BY l.band, l.document_id`,
    ).raw();
    const out = new Set<DocId>();
    let band = -1;
    let n = 0;
    for (const r of lookup.all(JSON.stringify(keys)) as [number, number][]) {
      if (r[0] !== band) {
        band = r[0];
        n = 0;
      }
      if (++n <= perBand) out.add(r[1]);
    }
    return [...out];
  }

  async signatures(ids: readonly DocId[]): Promise<SignatureRecord[]> {
    this.alive();
    const one = this.stmt(
      `SELECT d.id, d.published, d.signature, r.target_id AS copy_of FROM documents d
       LEFT JOIN relations r ON r.document_id = d.id AND r.kind = 'copy-of' WHERE d.id = ? AND d.signature IS NOT NULL`,
    );
    const out: SignatureRecord[] = [];
    for (const id of ids) {
      const r = one.get(id) as Row | undefined;
      if (r) out.push(signatureRecord(r));
    }
    return out;
  }

  async copiesOf(id: DocId): Promise<DocId[]> {
    this.alive();
    return (this.stmt(`SELECT document_id FROM relations WHERE target_id = ? AND kind = 'copy-of' ORDER BY document_id`).all(id) as Row[]).map(
      (r) => r['document_id'] as number,
    );
  }

  async cooccurring(id: EntityId, others: readonly EntityId[]): Promise<EntityId[]> {
    this.alive();
    // Both sides through the (entity_id, document_id) index: the smaller entity's documents are walked.
    const together = this.stmt(
      `SELECT EXISTS (SELECT 1 FROM document_entities a JOIN document_entities b ON b.document_id = a.document_id AND b.entity_id = @b
       WHERE a.entity_id = @a) AS yes`,
    );
    const documents = this.stmt('SELECT documents FROM entities WHERE id = ?');
    const count = (e: EntityId): number => (documents.get(e) as { documents: number } | undefined)?.documents ?? 0;
    const mine = count(id);
    return [...new Set(others)].filter((other) => {
      if (other === id) return false;
      const [a, b] = count(other) < mine ? [other, id] : [id, other];
      return (together.get({ a, b }) as { yes: number }).yes === 1;
    });
  }

  async entitiesByKey(kind: string, keys: readonly string[]): Promise<Map<string, EntityId[]>> {
    this.alive();
    // One query for all keys (the resolver asks dozens per document), each key's entities in the
    // order added; the (kind, key) index is the only one that fits, with or without statistics.
    const q = this.stmt('SELECT key, entity_id FROM entity_keys WHERE kind = ? AND key IN (SELECT value FROM json_each(?)) ORDER BY rowid');
    const out = new Map<string, EntityId[]>();
    const distinct = [...new Set(keys)];
    for (const key of distinct) out.set(key, []);
    for (let i = 0; i < distinct.length; i += 500) {
      for (const r of q.all(kind, JSON.stringify(distinct.slice(i, i + 500))) as { key: string; entity_id: number }[]) out.get(r.key)!.push(r.entity_id);
    }
    return out;
  }

  async keysOfEntities(kind: string, ids: readonly EntityId[]): Promise<Map<EntityId, string[]>> {
    this.alive();
    const q = this.stmt('SELECT key FROM entity_keys WHERE entity_id = ? AND kind = ? ORDER BY rowid');
    const out = new Map<EntityId, string[]>();
    for (const id of ids) if (!out.has(id)) out.set(id, (q.all(id, kind) as { key: string }[]).map((r) => r.key));
    return out;
  }

  async entitiesByKb(kbIds: readonly string[]): Promise<Map<string, EntityId>> {
    this.alive();
    const q = this.stmt('SELECT id FROM entities WHERE kb = ?');
    const out = new Map<string, EntityId>();
    for (const kb of kbIds) {
      const r = q.get(kb) as { id: number } | undefined;
      if (r) out.set(kb, r.id);
    }
    return out;
  }

  async entityRecords(ids: readonly EntityId[]): Promise<EntityRecord[]> {
    this.alive();
    const q = this.stmt('SELECT * FROM entities WHERE id = ?');
    const out: EntityRecord[] = [];
    for (const id of ids) {
      const row = q.get(id) as Row | undefined;
      if (row) out.push(this.entityRecord(row));
    }
    return out;
  }

  async namesPending(): Promise<boolean> {
    this.alive();
    return (this.stmt('SELECT names_pending FROM store_state WHERE id = 1').get() as { names_pending: number }).names_pending === 1;
  }

  async bandsPending(): Promise<boolean> {
    this.alive();
    return (this.stmt('SELECT bands_pending FROM store_state WHERE id = 1').get() as { bands_pending: number }).bands_pending === 1;
  }

  async getDocument(id: DocId): Promise<StoredDocument | undefined> {
    this.alive();
    const row = this.stmt(
      `SELECT d.*, r.target_id AS copy_of, r.score AS copy_score FROM documents d
       LEFT JOIN relations r ON r.document_id = d.id AND r.kind = 'copy-of' WHERE d.id = ?`,
    ).get(id) as Row | undefined;
    if (!row) return undefined;
    const copies = (this.stmt(`SELECT document_id FROM relations WHERE target_id = ? AND kind = 'copy-of' ORDER BY document_id`).all(id) as Row[]).map(
      (r) => r['document_id'] as number,
    );
    const duplicateKeys = (this.stmt(`SELECT key FROM sources WHERE document_id = ? AND kind = 'exact-duplicate' ORDER BY key`).all(id) as Row[]).map(
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
    const row = this.stmt('SELECT text, analysis FROM documents WHERE id = ?').get(id) as { text: string; analysis: string | null } | undefined;
    if (!row || row.analysis === null) return undefined;
    const parsed = JSON.parse(row.analysis) as Omit<Analysis, 'text'>;
    return { ...parsed, text: row.text } as Analysis;
  }

  async documentEntities(id: DocId): Promise<DocumentEntityLink[]> {
    this.alive();
    const rows = this.stmt(
      `SELECT de.doc_entity, de.entity_id, de.evidence, e.name FROM document_entities de JOIN entities e ON e.id = de.entity_id
       WHERE de.document_id = ? ORDER BY length(de.doc_entity), de.doc_entity`,
    ).all(id) as Row[];
    return rows.map((r) => ({
      docEntity: r['doc_entity'] as string,
      entity: r['entity_id'] as number,
      name: r['name'] as string,
      evidence: JSON.parse(r['evidence'] as string) as MergeEvidence[],
    }));
  }

  async listDocuments(q: DocumentListQuery = {}): Promise<{ total: number; items: DocumentSummary[] }> {
    this.alive();
    const { where, params } = documentFilters(q);
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.stmt(`SELECT count(*) AS n FROM documents d ${filter}`).get(...params) as { n: number }).n;
    const limit = Math.max(1, Math.min(1000, Math.floor(q.limit ?? 20)));
    const offset = Math.max(0, Math.floor(q.offset ?? 0));
    const rows = this.stmt(
      `SELECT d.id, d.title, d.url, d.source, d.author, d.published, d.language, d.origin, d.format, d.ingested_at, length(d.text) AS len,
         r.target_id AS copy_of
       FROM documents d LEFT JOIN relations r ON r.document_id = d.id AND r.kind = 'copy-of'
       ${filter} ORDER BY d.published_date IS NULL, d.published_date DESC, d.id DESC LIMIT ? OFFSET ?`,
    ).all(...params, limit, offset) as Row[];
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

  // --- stories (issue 9): the read side, in sqlite-stories.ts ---
  private readonly storyReader = sqliteStoryReader(
    (sql) => this.stmt(sql),
    () => this.alive(),
  );
  listStories: StoryReader['listStories'] = (q) => this.storyReader.listStories(q);
  getStory: StoryReader['getStory'] = (id) => this.storyReader.getStory(id);
  storyDocuments: StoryReader['storyDocuments'] = (id) => this.storyReader.storyDocuments(id);
  storyEdges: StoryReader['storyEdges'] = (id) => this.storyReader.storyEdges(id);
  storyOfDocument: StoryReader['storyOfDocument'] = (id) => this.storyReader.storyOfDocument(id);
  storyAssignments: StoryReader['storyAssignments'] = () => this.storyReader.storyAssignments();
  sourceKeys: StoryReader['sourceKeys'] = () => this.storyReader.sourceKeys();
  // --- end stories ---

  async search(q: SearchQuery): Promise<SearchHit[]> {
    return searchFts.call({ alive: () => this.alive(), stmt: (sql) => this.stmt(sql) }, q);
  }

  async listEntities(options: { type?: EntityType; top?: number } = {}): Promise<EntitySummary[]> {
    this.alive();
    const limit = Math.max(1, Math.floor(options.top ?? 50));
    const rows = (
      options.type
        ? this.stmt('SELECT * FROM entities WHERE type = ? ORDER BY mentions DESC, documents DESC, id LIMIT ?').all(options.type, limit)
        : this.stmt('SELECT * FROM entities ORDER BY mentions DESC, documents DESC, id LIMIT ?').all(limit)
    ) as Row[];
    return rows.map(toSummary);
  }

  async findEntities(name: string): Promise<EntitySummary[]> {
    this.alive();
    const folded = foldAlias(name);
    if (folded === '') return [];
    const rows = this.stmt(
      `SELECT e.*, MIN(CASE WHEN a.folded = @q THEN 0 ELSE 1 END) AS exact
       FROM entity_aliases a JOIN entities e ON e.id = a.entity_id
       WHERE a.folded = @q OR (' ' || a.folded || ' ') LIKE ('% ' || @q || ' %')
       GROUP BY e.id
       ORDER BY exact, e.mentions DESC, e.id
       LIMIT 50`,
    ).all({ q: folded }) as Row[];
    return rows.map(toSummary);
  }

  async entityDetail(id: EntityId, options: { claimLimit?: number } = {}): Promise<EntityDetail | undefined> {
    this.alive();
    const row = this.stmt('SELECT * FROM entities WHERE id = ?').get(id) as Row | undefined;
    if (!row) return undefined;
    const claimLimit = Math.max(0, Math.floor(options.claimLimit ?? 50));
    const bySource = (
      this.stmt(
        `SELECT COALESCE(d.source, 'unknown') AS source, SUM(de.mention_count) AS mentions, COUNT(DISTINCT d.id) AS documents
         FROM document_entities de JOIN documents d ON d.id = de.document_id WHERE de.entity_id = ?
         GROUP BY 1 ORDER BY mentions DESC, source`,
      ).all(id) as Row[]
    ).map((r) => ({ source: r['source'] as string, mentions: r['mentions'] as number, documents: r['documents'] as number }));
    const byMonth = (
      this.stmt(
        `SELECT COALESCE(substr(d.published_date, 1, 7), 'unknown') AS month, SUM(de.mention_count) AS mentions, COUNT(DISTINCT d.id) AS documents
         FROM document_entities de JOIN documents d ON d.id = de.document_id WHERE de.entity_id = ?
         GROUP BY 1 ORDER BY month`,
      ).all(id) as Row[]
    ).map((r) => ({ month: r['month'] as string, mentions: r['mentions'] as number, documents: r['documents'] as number }));
    const claims = (role: 'speaker' | 'about'): ClaimRecord[] => {
      const rows = this.stmt(
        `SELECT c.*, d.published, d.source, d.title FROM claim_entities ce
         JOIN claims c ON c.document_id = ce.document_id AND c.claim_id = ce.claim_id
         JOIN documents d ON d.id = c.document_id
         WHERE ce.entity_id = ? AND ce.role = ?
           AND (? = 'speaker' OR NOT EXISTS (SELECT 1 FROM claim_entities s WHERE s.entity_id = ce.entity_id AND s.role = 'speaker'
                AND s.document_id = ce.document_id AND s.claim_id = ce.claim_id))
         ORDER BY d.published_date DESC, c.document_id DESC, c.span_start LIMIT ?`,
      ).all(id, role, role, claimLimit) as Row[];
      return this.claimRecords(rows);
    };
    const evidence = (this.stmt('SELECT * FROM evidence WHERE entity_id = ? ORDER BY count DESC, id LIMIT 200').all(id) as Row[]).map(
      (r): EvidenceRecord => ({
        ...toEvidence(r),
        count: r['count'] as number,
        documentId: r['document_id'] as number,
        docEntity: r['doc_entity'] as string,
        surface: r['surface'] as string,
      }),
    );
    return { ...this.entityRecord(row), bySource, byMonth, claimsBy: claims('speaker'), claimsAbout: claims('about'), evidence };
  }

  private entityRecord(row: Row): EntityRecord {
    const id = row['id'] as number;
    const aliases = (this.stmt('SELECT alias, count FROM entity_aliases WHERE entity_id = ? ORDER BY count DESC, alias').all(id) as Row[]).map((r) => ({
      alias: r['alias'] as string,
      count: r['count'] as number,
    }));
    const roles = (this.stmt('SELECT role, count FROM entity_roles WHERE entity_id = ? ORDER BY count DESC, role').all(id) as Row[]).map((r) => ({
      role: r['role'] as string,
      count: r['count'] as number,
    }));
    return { ...toSummary(row), aliases, roles };
  }

  private claimRecords(rows: Row[]): ClaimRecord[] {
    const people = this.stmt('SELECT entity_id, role FROM claim_entities WHERE document_id = ? AND claim_id = ? ORDER BY entity_id');
    const quantities = this.stmt('SELECT * FROM claim_quantities WHERE document_id = ? AND claim_id = ? ORDER BY ord');
    const dates = this.stmt('SELECT * FROM claim_dates WHERE document_id = ? AND claim_id = ? ORDER BY ord');
    return rows.map((r) => {
      const links = people.all(r['document_id'], r['claim_id']) as Row[];
      const q = (quantities.all(r['document_id'], r['claim_id']) as Row[]).map((x): ClaimQuantity => {
        const out: Record<string, unknown> = {};
        for (const k of ['value', 'low', 'high', 'unit', 'kind', 'currency']) if (x[k] != null) out[k] = x[k];
        return { ...out, start: x['span_start'] as number, end: x['span_end'] as number, text: x['text'] as string };
      });
      const d = (dates.all(r['document_id'], r['claim_id']) as Row[]).map(
        (x): ClaimDate => ({ value: x['value'] as string, relative: x['relative'] === 1, start: x['span_start'] as number, end: x['span_end'] as number, text: x['text'] as string }),
      );
      return {
        documentId: r['document_id'] as number,
        claimId: r['claim_id'] as string,
        text: r['text'] as string,
        start: r['span_start'] as number,
        end: r['span_end'] as number,
        quote: r['quote'] === 1,
        stance: r['stance'] as Stance,
        ...pick(r, { cue: 'cue', target: 'target', published: 'published', source: 'source', title: 'title' }),
        speakerText: JSON.parse(r['speaker_text'] as string) as string[],
        speakers: links.filter((l) => l['role'] === 'speaker').map((l) => l['entity_id'] as number),
        about: links.filter((l) => l['role'] === 'about').map((l) => l['entity_id'] as number),
        quantities: q,
        dates: d,
      };
    });
  }

  async documentIdsInOrder(): Promise<DocId[]> {
    this.alive();
    return this.stmt('SELECT id FROM documents ORDER BY published_date IS NULL, published_date, content_hash').pluck().all() as DocId[];
  }

  scan<K extends keyof ScanRows>(kind: K): AsyncIterable<ScanRows[K]> {
    this.alive();
    switch (kind) {
      case 'documents':
        return this.pages<DocumentRow>(
          `SELECT d.id, d.source_key, d.content_hash, d.title, d.url, d.source, d.author, d.published, d.language, d.origin, d.format,
             d.ingested_at, d.text, r.target_id AS copy_of
           FROM documents d LEFT JOIN relations r ON r.document_id = d.id AND r.kind = 'copy-of'
           WHERE d.id > ? ORDER BY d.id LIMIT ?`,
          (r) => ({
            id: r['id'] as number,
            sourceKey: r['source_key'] as string,
            contentHash: r['content_hash'] as string,
            ingestedAt: r['ingested_at'] as string,
            ...meta(r),
            ...(r['copy_of'] != null ? { copyOf: r['copy_of'] as number } : {}),
            text: r['text'] as string,
          }),
        ) as AsyncIterable<ScanRows[K]>;
      case 'entities':
        return this.pages<EntityRecord>('SELECT * FROM entities WHERE id > ? ORDER BY id LIMIT ?', (r) => this.entityRecord(r)) as AsyncIterable<ScanRows[K]>;
      case 'signatures':
        return this.pages<SignatureRecord>(
          `SELECT d.id, d.published, d.signature, r.target_id AS copy_of FROM documents d
           LEFT JOIN relations r ON r.document_id = d.id AND r.kind = 'copy-of'
           WHERE d.id > ? AND d.signature IS NOT NULL ORDER BY d.id LIMIT ?`,
          signatureRecord,
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

  /** Keyset pagination over an integer id: no statement stays open between pages. */
  private async *pages<T>(sql: string, map: (row: Row) => T): AsyncGenerator<T> {
    let after = 0;
    for (;;) {
      this.alive();
      const rows = this.stmt(sql).all(after, SCAN_PAGE_SIZE) as Row[];
      if (rows.length === 0) return;
      const mapped = rows.map(map);
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
      const rows = this.stmt(
        `SELECT c.*, d.published, d.source, d.title FROM claims c JOIN documents d ON d.id = c.document_id
         WHERE (c.document_id, c.claim_id) > (?, ?) ORDER BY c.document_id, c.claim_id LIMIT ?`,
      ).all(afterDoc, afterClaim, SCAN_PAGE_SIZE) as Row[];
      if (rows.length === 0) return;
      const last = rows[rows.length - 1]!;
      afterDoc = last['document_id'] as number;
      afterClaim = last['claim_id'] as string;
      for (const c of this.claimRecords(rows)) yield c;
      if (rows.length < SCAN_PAGE_SIZE) return;
    }
  }

  private async *linkPages(): AsyncGenerator<LinkRecord> {
    let afterDoc = 0;
    let afterEntity = '';
    for (;;) {
      this.alive();
      const rows = this.stmt(
        `SELECT document_id, doc_entity, entity_id FROM document_entities
         WHERE (document_id, doc_entity) > (?, ?) ORDER BY document_id, doc_entity LIMIT ?`,
      ).all(afterDoc, afterEntity, SCAN_PAGE_SIZE) as Row[];
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
      const rows = this.stmt('SELECT * FROM failures WHERE key > ? ORDER BY key LIMIT ?').all(after, SCAN_PAGE_SIZE) as Row[];
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!['key'] as string;
      for (const r of rows) {
        yield { key: r['key'] as string, origin: r['origin'] as string, code: r['code'] as string, message: r['message'] as string, at: r['at'] as string };
      }
      if (rows.length < SCAN_PAGE_SIZE) return;
    }
  }

  async stats(): Promise<StoreStats> {
    this.alive();
    const n = (sql: string): number => (this.stmt(sql).get() as { n: number }).n;
    return {
      documents: n('SELECT COUNT(*) AS n FROM documents'),
      exactDuplicateKeys: n(`SELECT COUNT(*) AS n FROM sources WHERE kind = 'exact-duplicate'`),
      nearDuplicates: n(`SELECT COUNT(*) AS n FROM relations WHERE kind = 'copy-of'`),
      entities: n('SELECT COUNT(*) AS n FROM entities'),
      mentions: n('SELECT COUNT(*) AS n FROM mentions'),
      claims: n('SELECT COUNT(*) AS n FROM claims'),
      failures: n('SELECT COUNT(*) AS n FROM failures'),
    };
  }

  /** Runs SQLite's own consistency check; `['ok']` when the file is sound. */
  integrityCheck(): string[] {
    this.alive();
    return (this.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.statements.clear();
    if (!this.capabilities.readOnly) {
      try {
        this.db.pragma('optimize');
      } catch {
        // best effort
      }
    }
    this.db.close();
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
