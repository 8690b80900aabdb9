import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { SCHEMA_VERSION, SqliteStore, ftsQuery, openSqliteStore, publishedDay } from '../src/store/sqlite.js';
import { StoreError, foldAlias, storePath } from '../src/store/store.js';
import { doc, storeContract } from './store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'saksi-store-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

storeContract('sqlite file', {
  async create() {
    return openSqliteStore(join(dir, `contract-${++n}.db`));
  },
  async reopen(store, { readonly }) {
    await store.close();
    return openSqliteStore(store.location, { readonly });
  },
});

storeContract('sqlite :memory:', {
  async create() {
    return openSqliteStore(':memory:');
  },
});

describe('SQLite store specifics', () => {
  it('refuses to open a missing store read-only, and creates nothing', () => {
    const path = join(dir, 'missing.db');
    expect(() => openSqliteStore(path, { readonly: true })).toThrow('no store at ' + path + '; run saksi ingest first');
    expect(existsSync(path)).toBe(false);
    try {
      openSqliteStore(path, { readonly: true });
    } catch (err) {
      expect((err as StoreError).code).toBe('missing');
    }
  });

  it('refuses a file that is not a saksi store', () => {
    const text = join(dir, 'notes.db');
    writeFileSync(text, 'just some notes, not a database at all');
    expect(() => openSqliteStore(text)).toThrow(/not a saksi store/);
    const other = join(dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(() => openSqliteStore(other)).toThrow(/not a saksi store/);
    expect(() => openSqliteStore(other, { readonly: true })).toThrow(/not a saksi store/);
  });

  it('uses WAL, synchronous=NORMAL, a busy timeout and records its schema version', async () => {
    const path = join(dir, 'pragmas.db');
    const store = openSqliteStore(path);
    await store.close();
    const db = new Database(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT MAX(version) AS v FROM schema_version').get()).toEqual({ v: SCHEMA_VERSION });
    const fts = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'documents_fts'`).get() as { sql: string };
    expect(fts.sql).toContain("unicode61 remove_diacritics 2");
    db.close();
    const again = openSqliteStore(path) as SqliteStore;
    expect(again.integrityCheck()).toEqual(['ok']);
    await again.close();
  });

  it('refuses a store written by a newer saksi', () => {
    const path = join(dir, 'newer.db');
    openSqliteStore(path).close();
    const db = new Database(path);
    db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(SCHEMA_VERSION + 1, 'later');
    db.close();
    expect(() => openSqliteStore(path)).toThrow(/newer than this saksi/);
    expect(() => openSqliteStore(path, { readonly: true })).toThrow(/newer than this saksi/);
  });

  it('a read-only store sees what a writer committed, not what it has in flight', async () => {
    const path = join(dir, 'readers.db');
    const writer = openSqliteStore(path);
    await writer.transaction(async (w) => void (await w.addDocument(doc({ contentHash: 'committed' }))));
    const reader = openSqliteStore(path, { readonly: true });
    let seen: number | undefined = -1;
    await writer.transaction(async (w) => {
      await w.addDocument(doc({ contentHash: 'in-flight' }));
      seen = await reader.documentByHash('in-flight');
    });
    expect(seen).toBeUndefined();
    expect(await reader.documentByHash('committed')).toBeTypeOf('number');
    expect(await reader.documentByHash('in-flight')).toBeTypeOf('number');
    await reader.close();
    await writer.close();
  });

  it('quotes words with inner punctuation for FTS5 and leaves its syntax alone', () => {
    expect(ftsQuery('Kim Jong-un')).toBe('Kim "Jong-un"');
    expect(ftsQuery('"North Korea" OR troops')).toBe('"North Korea" OR troops');
    expect(ftsQuery('tentar* AND (Rusia OR Ukraina)')).toBe('tentar* AND (Rusia OR Ukraina)');
    expect(ftsQuery('U.S. 10.000')).toBe('"U.S." "10.000"');
    expect(ftsQuery('Zelénskyy')).toBe('Zelénskyy');
  });

  it('derives the published day as written', () => {
    expect(publishedDay('2025-10-21T20:43:00+07:00')).toBe('2025-10-21');
    expect(publishedDay('2024-06')).toBe('2024-06-01');
    expect(publishedDay('kemarin')).toBeUndefined();
    expect(publishedDay(undefined)).toBeUndefined();
  });

  it('resolves the store path from --db, then SAKSI_DB, then ./saksi.db', () => {
    expect(storePath('x.db', { SAKSI_DB: 'y.db' })).toBe('x.db');
    expect(storePath(undefined, { SAKSI_DB: 'y.db' })).toBe('y.db');
    expect(storePath(undefined, {})).toBe('./saksi.db');
  });

  it('folds aliases for lookups', () => {
    expect(foldAlias('  Zelénskyy ')).toBe('zelenskyy');
    expect(foldAlias('Kim Jong-un')).toBe('kim jong un');
  });
});
