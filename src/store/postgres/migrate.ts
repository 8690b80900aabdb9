/**
 * `saksi migrate`: copies a whole store between SQLite and PostgreSQL, table by table with ids
 * kept, in one transaction on the target. The target must be empty (a fresh file or schema).
 *
 * Every table the two schemas share is copied, on the columns they share, so tables other
 * branches add to both backends (stories, say) come along without changes here. Generated
 * columns (PostgreSQL's tsvector) are rebuilt by the target; SQLite's FTS index is filled after.
 */
import Database from 'better-sqlite3';
import { openSqliteStore } from '../sqlite.js';
import { StoreError } from '../store.js';
import { openPostgresStore, type OpenPostgresOptions } from './index.js';
import type { PostgresStore } from './store.js';

/** Rows per INSERT. */
const PAGE = 1000;
/** Tables that are bookkeeping, not corpus (store_state: its pending flags are carried over on their own). */
const SKIP = new Set(['schema_version', 'corpus_generation', 'store_state']);

export interface MigrateSummary {
  readonly from: string;
  readonly to: string;
  readonly tables: { readonly table: string; readonly rows: number }[];
  readonly elapsedMs: number;
}

interface PgColumn {
  readonly table: string;
  readonly column: string;
  readonly generated: boolean;
}

async function pgColumns(store: PostgresStore): Promise<Map<string, PgColumn[]>> {
  const r = await store.query(
    `SELECT c.table_name AS table, c.column_name AS column, (c.is_generated = 'ALWAYS') AS generated
     FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = $1 AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position`,
    [store.schema],
  );
  const out = new Map<string, PgColumn[]>();
  for (const row of r.rows) {
    const t = row['table'] as string;
    if (SKIP.has(t)) continue;
    let l = out.get(t);
    if (!l) out.set(t, (l = []));
    l.push({ table: t, column: row['column'] as string, generated: row['generated'] as boolean });
  }
  return out;
}

function sqliteColumns(db: Database.Database): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%'`).all() as { name: string }[];
  for (const { name } of tables) {
    if (SKIP.has(name)) continue;
    out.set(name, (db.prepare(`PRAGMA table_info(${quote(name)})`).all() as { name: string }[]).map((c) => c.name));
  }
  return out;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Parents before children, so foreign keys hold at every insert. */
const ORDER = ['documents', 'sources', 'relations', 'entities', 'entity_aliases', 'entity_roles', 'document_entities', 'mentions', 'evidence', 'claims', 'claim_entities', 'failures'];

function ordered(tables: string[]): string[] {
  return [...tables].sort((a, b) => {
    const ia = ORDER.indexOf(a);
    const ib = ORDER.indexOf(b);
    return (ia < 0 ? ORDER.length : ia) - (ib < 0 ? ORDER.length : ib) || a.localeCompare(b);
  });
}

/** SQLite → PostgreSQL. */
export async function sqliteToPostgres(path: string, url: string, options: OpenPostgresOptions = {}): Promise<MigrateSummary> {
  const started = Date.now();
  // Opening through the store checks it is a saksi store at the current schema version.
  await openSqliteStore(path, { readonly: true }).close();
  const src = new Database(path, { readonly: true, fileMustExist: true });
  const target = await openPostgresStore(url, options);
  const tables: { table: string; rows: number }[] = [];
  try {
    if ((await target.stats()).documents > 0) throw new StoreError(`${target.location} already holds documents; migrate into an empty store`, 'io');
    const from = sqliteColumns(src);
    const to = await pgColumns(target);
    await target.transaction(async () => {
      // Written here by SQL of its own: the change log must tell running workers to reload.
      target.markIndexReplaced();
      for (const table of ordered([...from.keys()].filter((t) => to.has(t)))) {
        const targetCols = to.get(table)!.filter((c) => !c.generated).map((c) => c.column);
        const cols = from.get(table)!.filter((c) => targetCols.includes(c));
        const list = cols.map(quote).join(', ');
        let rows = 0;
        // A WITHOUT ROWID table is scanned in primary-key order anyway.
        const hasRowid = !/WITHOUT ROWID/i.test((src.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).get(table) as { sql: string }).sql);
        const page = src.prepare(`SELECT ${list} FROM ${quote(table)}${hasRowid ? ' ORDER BY rowid' : ''} LIMIT ? OFFSET ?`);
        for (let offset = 0; ; offset += PAGE) {
          const batch = page.all(PAGE, offset) as Record<string, unknown>[];
          if (batch.length === 0) break;
          const json = JSON.stringify(batch.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Uint8Array ? `\\x${Buffer.from(v).toString('hex')}` : v]))));
          await target.query(`INSERT INTO ${quote(table)} (${list}) SELECT ${list} FROM json_populate_recordset(null::${quote(table)}, $1::json)`, [json]);
          rows += batch.length;
          if (batch.length < PAGE) break;
        }
        if (targetCols.includes('id') && rows > 0) {
          // Identity ids only (stories have text ids): new rows continue after the copied ones.
          const seq = (await target.query(`SELECT pg_get_serial_sequence($1, 'id') AS s`, [table])).rows[0]!['s'] as string | null;
          if (seq !== null) await target.query(`SELECT setval($1, (SELECT max(id) FROM ${quote(table)}))`, [seq]);
        }
        tables.push({ table, rows });
      }
      // Whether the copied documents and entities still lack band and name keys; the change
      // counter is the target's own (this transaction bumps it).
      const state = src.prepare('SELECT bands_pending, names_pending FROM store_state WHERE id = 1').get() as { bands_pending: number; names_pending: number };
      await target.query('UPDATE store_state SET bands_pending = $1, names_pending = $2 WHERE id = 1', [state.bands_pending === 1, state.names_pending === 1]);
    });
    return { from: path, to: target.location, tables, elapsedMs: Date.now() - started };
  } finally {
    src.close();
    await target.close();
  }
}

/** PostgreSQL → SQLite (a new or empty file). */
export async function postgresToSqlite(url: string, path: string, options: OpenPostgresOptions = {}): Promise<MigrateSummary> {
  const started = Date.now();
  const source = await openPostgresStore(url, { ...options, readonly: true });
  const created = openSqliteStore(path);
  const tables: { table: string; rows: number }[] = [];
  try {
    if ((await created.stats()).documents > 0) throw new StoreError(`${path} already holds documents; migrate into an empty store`, 'io');
  } finally {
    await created.close();
  }
  const db = new Database(path);
  try {
    const from = await pgColumns(source);
    const to = sqliteColumns(db);
    db.exec('BEGIN IMMEDIATE');
    try {
      for (const table of ordered([...from.keys()].filter((t) => to.has(t)))) {
        const cols = from.get(table)!.filter((c) => !c.generated && to.get(table)!.includes(c.column)).map((c) => c.column);
        const list = cols.map(quote).join(', ');
        const insert = db.prepare(`INSERT INTO ${quote(table)} (${list}) VALUES (${cols.map(() => '?').join(', ')})`);
        const keyCols = await primaryKey(source, table);
        let rows = 0;
        for (let offset = 0; ; offset += PAGE) {
          const r = await source.query(`SELECT ${list} FROM ${quote(table)} ORDER BY ${keyCols.map(quote).join(', ')} LIMIT $1 OFFSET $2`, [PAGE, offset]);
          for (const row of r.rows) insert.run(...cols.map((c) => sqliteValue(row[c])));
          rows += r.rows.length;
          if (r.rows.length < PAGE) break;
        }
        tables.push({ table, rows });
      }
      db.exec(`INSERT INTO documents_fts (rowid, title, text) SELECT id, COALESCE(title, ''), text FROM documents`);
      const state = (await source.query('SELECT bands_pending, names_pending FROM store_state WHERE id = 1')).rows[0]!;
      db.prepare('UPDATE store_state SET bands_pending = ?, names_pending = ?, changes = changes + 1 WHERE id = 1').run(state['bands_pending'] ? 1 : 0, state['names_pending'] ? 1 : 0);
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  } finally {
    db.close();
    await source.close();
  }
  return { from: source.location, to: path, tables, elapsedMs: Date.now() - started };
}

function sqliteValue(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

async function primaryKey(store: PostgresStore, table: string): Promise<string[]> {
  const r = await store.query(
    `SELECT a.attname AS col FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
     WHERE i.indrelid = ($1 || '.' || $2)::regclass AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [quote(store.schema), quote(table)],
  );
  const cols = r.rows.map((x) => x['col'] as string);
  return cols.length > 0 ? cols : ['ctid'];
}

