/**
 * The SQLite schema: versioned migrations (`schema_version` holds how many have been applied),
 * the version checks made when a store is opened, and the sniffing of a file's header.
 */
import { openSync, readSync, closeSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { StoreError } from '../store.js';
import { STORIES_MIGRATION } from '../sqlite-stories.js';

/** Migrations, in order; `schema_version` holds how many have been applied. Never edit a released one. */
export const MIGRATIONS: readonly string[] = [
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
  // 2: the quantities and dates linked to a claim; a change counter every committed write bumps,
  // so that a writer knows when another process changed the corpus under its caches; LSH bands.
  `
  CREATE TABLE claim_quantities (
    document_id INTEGER NOT NULL,
    claim_id TEXT NOT NULL,
    ord INTEGER NOT NULL,
    value REAL,
    low REAL,
    high REAL,
    unit TEXT,
    kind TEXT,
    currency TEXT,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (document_id, claim_id, ord)
  ) WITHOUT ROWID;

  CREATE TABLE claim_dates (
    document_id INTEGER NOT NULL,
    claim_id TEXT NOT NULL,
    ord INTEGER NOT NULL,
    value TEXT NOT NULL,
    relative INTEGER NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (document_id, claim_id, ord)
  ) WITHOUT ROWID;

  CREATE TABLE store_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    changes INTEGER NOT NULL,
    -- 1 while documents stored before this migration have no LSH band rows yet (the near-duplicate stage adds them).
    bands_pending INTEGER NOT NULL,
    -- 1 while entities stored before this migration have no name keys yet (the entity stage adds them).
    names_pending INTEGER NOT NULL
  );
  INSERT INTO store_state (id, changes, bands_pending, names_pending)
    VALUES (1, 0, (SELECT COUNT(*) > 0 FROM documents WHERE signature IS NOT NULL), (SELECT COUNT(*) > 0 FROM entities));

  -- The entity resolver's name index in the store: (kind, key) → entities, in the order added.
  CREATE TABLE entity_keys (
    entity_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    UNIQUE (kind, key, entity_id)
  );
  CREATE INDEX entity_keys_entity ON entity_keys(entity_id, kind);

  -- The near-duplicate index in the store: a document's LSH band keys, so that candidates are found
  -- by lookup instead of holding every signature in memory.
  CREATE TABLE lsh_bands (
    band INTEGER NOT NULL,
    key INTEGER NOT NULL,
    document_id INTEGER NOT NULL,
    PRIMARY KEY (band, key, document_id)
  ) WITHOUT ROWID;
  `,
  // 3: stories (issue 9), in sqlite-stories.ts.
  STORIES_MIGRATION,
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

export function looksLikeSqlite(path: string): boolean {
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

export function currentVersion(db: Database.Database): number | undefined {
  const table = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`).get();
  if (!table) return undefined;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

export function checkVersion(db: Database.Database, path: string): void {
  const version = currentVersion(db);
  if (version === undefined) throw new StoreError(`${path} is not a saksi store (no schema_version table)`, 'not-a-store');
  if (version > SCHEMA_VERSION) {
    throw new StoreError(`${path} has schema version ${version}, newer than this saksi (${SCHEMA_VERSION}); upgrade saksi`, 'newer-schema');
  }
  if (version < SCHEMA_VERSION) {
    throw new StoreError(`${path} has schema version ${version}; run saksi ingest once to upgrade it to ${SCHEMA_VERSION}`, 'newer-schema');
  }
}

export function migrate(db: Database.Database, path: string): void {
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

