/**
 * The SQLite store on better-sqlite3: WAL, synchronous=NORMAL, a busy timeout, versioned
 * migrations, prepared statements, FTS5 (bm25, snippets, diacritic-insensitive) over title and text.
 *
 * Crash safety comes from SQLite: writes happen only in `transaction()`, and a process killed at
 * any moment leaves the last committed transaction in place (WAL), never a half-written one.
 */
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SearchSyntaxError, parseSearchQuery } from './query.js';
import { toFts5 } from './sqlite-search.js';
import type { Analysis, EntityType, Stance } from '../types.js';
import {
  StoreError,
  foldAlias,
  type ClaimRecord,
  type DocId,
  type DocumentEntityLink,
  type DocumentRow,
  type DocumentListQuery,
  type DocumentSummary,
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
} from './store.js';
// --- stories (issue 9): migration and statements in sqlite-stories.ts ---
import { STORIES_MIGRATION, sqliteStoryReader, sqliteStoryWriter } from './sqlite-stories.js';
import type { StoryReader } from './stories.js';

/** How long a writer waits for another process's write lock before giving up. */
export const BUSY_TIMEOUT_MS = 10_000;
/** Rows fetched per page when streaming with `scan()`: big enough to be fast, small enough to bound memory. */
export const SCAN_PAGE_SIZE = 500;
/** bm25 weight of the title against the body (1.0): a word in the title says more about the article. */
export const TITLE_WEIGHT = 4.0;
/** Words around each match in a search snippet. */
export const SNIPPET_TOKENS = 24;
const DEFAULT_SEARCH_LIMIT = 20;
const MAX_SEARCH_LIMIT = 1000;

/** Migrations, in order; `schema_version` holds how many have been applied. Never edit a released one. */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    source_key TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    title TEXT, url TEXT, source TEXT, author TEXT,
    published TEXT,
    published_date TEXT,
    language TEXT, origin TEXT, format TEXT,
    text TEXT NOT NULL,
    analysis TEXT,
    signature BLOB,
    ingested_at TEXT NOT NULL
  );
  CREATE INDEX documents_published ON documents(published_date);
  CREATE INDEX documents_source ON documents(source COLLATE NOCASE);

  CREATE TABLE sources (
    key TEXT PRIMARY KEY,
    raw_hash TEXT NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    kind TEXT NOT NULL CHECK (kind IN ('document', 'exact-duplicate'))
  ) WITHOUT ROWID;
  CREATE INDEX sources_document ON sources(document_id);

  CREATE TABLE relations (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    kind TEXT NOT NULL CHECK (kind IN ('copy-of')),
    target_id INTEGER NOT NULL REFERENCES documents(id),
    score REAL,
    PRIMARY KEY (document_id, kind)
  ) WITHOUT ROWID;
  CREATE INDEX relations_target ON relations(target_id, kind);

  CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    kb TEXT UNIQUE,
    mentions INTEGER NOT NULL DEFAULT 0,
    documents INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX entities_rank ON entities(mentions DESC, id);

  CREATE TABLE entity_aliases (
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    alias TEXT NOT NULL,
    folded TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (entity_id, alias)
  ) WITHOUT ROWID;
  CREATE INDEX entity_aliases_folded ON entity_aliases(folded);

  CREATE TABLE entity_roles (
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    role TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (entity_id, role)
  ) WITHOUT ROWID;

  CREATE TABLE document_entities (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    doc_entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    mention_count INTEGER NOT NULL,
    evidence TEXT NOT NULL,
    PRIMARY KEY (document_id, doc_entity)
  ) WITHOUT ROWID;
  CREATE INDEX document_entities_entity ON document_entities(entity_id);

  CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    doc_entity TEXT NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    text TEXT NOT NULL
  );
  CREATE INDEX mentions_entity ON mentions(entity_id);
  CREATE INDEX mentions_document ON mentions(document_id);

  CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    method TEXT NOT NULL,
    detail TEXT NOT NULL,
    score REAL,
    count INTEGER NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    doc_entity TEXT NOT NULL,
    surface TEXT NOT NULL
  );
  CREATE UNIQUE INDEX evidence_reason ON evidence(entity_id, method, detail);

  CREATE TABLE claims (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    claim_id TEXT NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    quote INTEGER NOT NULL,
    stance TEXT NOT NULL,
    cue TEXT,
    target TEXT,
    speaker_text TEXT NOT NULL,
    PRIMARY KEY (document_id, claim_id)
  ) WITHOUT ROWID;

  CREATE TABLE claim_entities (
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    role TEXT NOT NULL CHECK (role IN ('speaker', 'about')),
    document_id INTEGER NOT NULL,
    claim_id TEXT NOT NULL,
    PRIMARY KEY (entity_id, role, document_id, claim_id)
  ) WITHOUT ROWID;
  CREATE INDEX claim_entities_claim ON claim_entities(document_id, claim_id);

  CREATE TABLE failures (
    key TEXT PRIMARY KEY,
    origin TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    at TEXT NOT NULL
  ) WITHOUT ROWID;

  CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text,
    content = 'documents', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
  );
  `,
  // 2: stories (issue 9).
  STORIES_MIGRATION,
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

export interface OpenSqliteOptions {
  /** Open for reading only; the file must exist. */
  readonly readonly?: boolean;
  /** Create the file when missing (default: true unless read-only). */
  readonly create?: boolean;
}

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
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, path);
    } else {
      checkVersion(db, path);
    }
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    throw new StoreError(`cannot open store ${path}: ${(err as Error).message}`, 'io');
  }
  return new SqliteStore(db, memory ? ':memory:' : path, readonly);
}

function looksLikeSqlite(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    // An empty file is a database SQLite has not written to yet.
    return n === 0 || head.toString('latin1', 0, 15) === 'SQLite format 3';
  } finally {
    closeSync(fd);
  }
}

function currentVersion(db: Database.Database): number | undefined {
  const table = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`).get();
  if (!table) return undefined;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

function checkVersion(db: Database.Database, path: string): void {
  const version = currentVersion(db);
  if (version === undefined) throw new StoreError(`${path} is not a saksi store (no schema_version table)`, 'not-a-store');
  if (version > SCHEMA_VERSION) {
    throw new StoreError(`${path} has schema version ${version}, newer than this saksi (${SCHEMA_VERSION}); upgrade saksi`, 'newer-schema');
  }
  if (version < SCHEMA_VERSION) {
    throw new StoreError(`${path} has schema version ${version}; run saksi ingest once to upgrade it to ${SCHEMA_VERSION}`, 'newer-schema');
  }
}

function migrate(db: Database.Database, path: string): void {
  const tx = db.transaction(() => {
    let version = currentVersion(db);
    if (version === undefined) {
      const tables = db.prepare(`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'`).get() as { n: number };
      if (tables.n > 0) throw new StoreError(`${path} is not a saksi store (a SQLite database with other tables)`, 'not-a-store');
      db.exec('CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      version = 0;
    }
    if (version > SCHEMA_VERSION) {
      throw new StoreError(`${path} has schema version ${version}, newer than this saksi (${SCHEMA_VERSION}); upgrade saksi`, 'newer-schema');
    }
    const record = db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)');
    for (let v = version; v < SCHEMA_VERSION; v++) {
      db.exec(MIGRATIONS[v]!);
      record.run(v + 1, new Date().toISOString());
    }
  });
  tx.immediate();
}

/** The YYYY-MM-DD day of an ISO date or date-time as written (its own time zone), else undefined. */
export function publishedDay(published: string | undefined): string | undefined {
  if (!published) return undefined;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(published.trim());
  if (!m) return undefined;
  return `${m[1]}-${m[2] ?? '01'}-${m[3] ?? '01'}`;
}

/**
 * Makes a user's search words safe for FTS5 without taking its syntax away: a bare word with
 * inner punctuation ("Jong-un", "U.S.") becomes a quoted phrase; quotes, parentheses, AND, OR,
 * NOT, NEAR, prefix* and column filters pass through untouched.
 * @example ftsQuery('Kim Jong-un') // 'Kim "Jong-un"'
 */
export function ftsQuery(query: string): string {
  return query
    .split(/(\s+)/)
    .map((part) => {
      if (part === '' || /^\s+$/.test(part)) return part;
      if (/["()^:*+]/.test(part)) return part;
      if (/^(AND|OR|NOT|NEAR)$/.test(part)) return part;
      if (/^[\p{L}\p{N}\p{M}_\u0080-\uffff]+$/u.test(part) && !/[\p{P}\p{S}]/u.test(part)) return part;
      return `"${part}"`;
    })
    .join('');
}

type Row = Record<string, unknown>;

/** Signatures are stored as little-endian uint32s, whatever the machine. */
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
  for (const [col, key] of [
    ['title', 'title'],
    ['url', 'url'],
    ['source', 'source'],
    ['author', 'author'],
    ['published', 'published'],
    ['language', 'language'],
    ['origin', 'origin'],
    ['format', 'format'],
  ] as const) {
    const v = row[col];
    if (v !== null && v !== undefined) out[key] = v;
  }
  return out as Omit<DocumentRow, 'id' | 'sourceKey' | 'contentHash' | 'ingestedAt' | 'text' | 'copyOf'>;
}

export class SqliteStore implements Store {
  readonly capabilities: StoreCapabilities;
  private inTransaction = false;
  private closed = false;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    readonly location: string,
    readonly: boolean,
  ) {
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
    this.db.exec('BEGIN IMMEDIATE');
    this.inTransaction = true;
    let active = true;
    const writer = this.writer(() => active);
    try {
      const result = await fn(writer);
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    } finally {
      active = false;
      this.inTransaction = false;
    }
  }

  private writer(isActive: () => boolean): StoreWriter {
    const check = (): void => {
      if (!isActive()) throw new Error('a StoreWriter was used after its transaction ended');
    };
    return {
      // --- stories (issue 9) ---
      ...sqliteStoryWriter((sql) => this.stmt(sql), check),
      // --- end stories ---
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
        for (const link of links) this.addEntityLink(documentId, link);
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
    };
  }

  private addDocument(doc: NewDocument): { id: DocId; created: boolean } {
    const existing = this.stmt('SELECT id FROM documents WHERE content_hash = ?').get(doc.contentHash) as { id: number } | undefined;
    if (existing) return { id: existing.id, created: false };
    let analysis: string | null = null;
    if (doc.analysis) {
      // The text is stored once, in `documents.text`; the analysis JSON carries everything else.
      const { text: _text, ...rest } = doc.analysis;
      analysis = JSON.stringify(rest);
    }
    const info = this.stmt(
      `INSERT INTO documents (source_key, content_hash, title, url, source, author, published, published_date,
         language, origin, format, text, analysis, signature, ingested_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      doc.sourceKey,
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
      doc.text,
      analysis,
      fromSignature(doc.signature),
      new Date().toISOString(),
    );
    const id = Number(info.lastInsertRowid);
    this.stmt('INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)').run(id, doc.title ?? '', doc.text);
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

  private addEntityLink(documentId: DocId, link: EntityLink): void {
    const already = this.stmt('SELECT 1 FROM document_entities WHERE document_id = ? AND entity_id = ? LIMIT 1').get(documentId, link.entity);
    const inserted = this.stmt(
      `INSERT INTO document_entities (document_id, doc_entity, entity_id, name, type, mention_count, evidence) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(document_id, doc_entity) DO NOTHING`,
    ).run(documentId, link.docEntity, link.entity, link.name, link.type, link.mentions.length, JSON.stringify(link.evidence));
    if (inserted.changes === 0) throw new Error(`document ${documentId} entity ${link.docEntity} is already linked`);
    const addMention = this.stmt('INSERT INTO mentions (document_id, entity_id, doc_entity, span_start, span_end, text) VALUES (?, ?, ?, ?, ?, ?)');
    const surfaceCounts = new Map<string, number>();
    for (const s of link.surfaces) surfaceCounts.set(s, 0);
    for (const m of link.mentions) {
      addMention.run(documentId, link.entity, link.docEntity, m.start, m.end, m.text);
      surfaceCounts.set(m.text, (surfaceCounts.get(m.text) ?? 0) + 1);
    }
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
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.language) {
      where.push('d.language = ?');
      params.push(q.language);
    }
    if (q.source) {
      where.push('d.source = ? COLLATE NOCASE');
      params.push(q.source);
    }
    if (q.since) {
      where.push('d.published_date >= ?');
      params.push(q.since);
    }
    if (q.until) {
      where.push('d.published_date <= ?');
      params.push(q.until);
    }
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

  async search(q: SearchQuery): Promise<SearchHit[]> {
    this.alive();
    // saksi's own syntax, parsed (a SearchSyntaxError for the user) and translated with every term
    // quoted: no FTS5 syntax of the user's reaches SQLite.
    const match = toFts5(parseSearchQuery(q.query));
    const where = ['documents_fts MATCH ?', 'documents_fts.rank MATCH ?'];
    const params: unknown[] = [match, `bm25(${TITLE_WEIGHT}, 1.0)`];
    if (q.language) {
      where.push('d.language = ?');
      params.push(q.language);
    }
    if (q.since) {
      where.push('d.published_date >= ?');
      params.push(q.since);
    }
    if (q.until) {
      where.push('d.published_date <= ?');
      params.push(q.until);
    }
    if (q.source) {
      where.push('d.source = ? COLLATE NOCASE');
      params.push(q.source);
    }
    const limit = Math.max(1, Math.min(MAX_SEARCH_LIMIT, Math.floor(q.limit ?? DEFAULT_SEARCH_LIMIT)));
    params.push(limit);
    // ORDER BY the FTS5 rank column (bm25 with the title weighted, set by `rank MATCH`) alone lets
    // FTS5 hand the rows over best first, so SQLite needs no sort of its own and the LIMIT stops
    // the scan: snippets, highlights and joins are computed for the rows returned only, not for
    // every hit of a common word. Ties come in id order.
    const sql = `SELECT d.id, d.title, d.url, d.source, d.published, d.language, r.target_id AS copy_of,
        documents_fts.rank AS rank,
        snippet(documents_fts, 1, char(2), char(3), '…', ${SNIPPET_TOKENS}) AS snip,
        highlight(documents_fts, 0, char(2), char(3)) AS title_hl
      FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
      LEFT JOIN relations r ON r.document_id = d.id AND r.kind = 'copy-of'
      WHERE ${where.join(' AND ')}
      ORDER BY documents_fts.rank LIMIT ?`;
    let rows: Row[];
    try {
      rows = this.stmt(sql).all(...params) as Row[];
    } catch (err) {
      // The translation quotes every term, so this is a bug, not the user's doing: said without SQLite's wording.
      if (/fts5|syntax error|unterminated|no such column|malformed MATCH|unknown special query/i.test((err as Error).message)) {
        throw new SearchSyntaxError(`cannot search for ${JSON.stringify(q.query.slice(0, 80))} (please report this query)`, { cause: err });
      }
      throw err;
    }
    return rows.map((r) => ({
      id: r['id'] as number,
      ...pick(r, { title: 'title', url: 'url', source: 'source', published: 'published', language: 'language' }),
      score: -(r['rank'] as number),
      snippet: r['snip'] as string,
      ...(r['title'] != null ? { titleHighlighted: r['title_hl'] as string } : {}),
      ...(r['copy_of'] != null ? { copyOf: r['copy_of'] as number } : {}),
    }));
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
    return rows.map((r) => {
      const links = people.all(r['document_id'], r['claim_id']) as Row[];
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
      };
    });
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
          (r) => ({
            id: r['id'] as number,
            signature: toSignature(r['signature'])!,
            ...(r['published'] != null ? { published: r['published'] as string } : {}),
            ...(r['copy_of'] != null ? { copyOf: r['copy_of'] as number } : {}),
          }),
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

