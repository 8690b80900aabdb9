/**
 * The PostgreSQL store, chosen by a connection URL (`--db postgres://user@host/db` or `SAKSI_DB`).
 * @example const store = await openPostgresStore('postgres://saksi@db.example.org/news');
 */
import { StoreError } from '../store.js';
import { checkConnection, connectionMessage, createPool, ident, isPostgresUrl, pgTarget } from './connect.js';
import { checkVersion, migrate } from './schema.js';
import { PostgresStore } from './store.js';

export { isPostgresUrl, redact, connectionMessage, pgTarget, CONNECT_TIMEOUT_MS } from './connect.js';
export { PostgresStore } from './store.js';
export { publishedDay } from '../document-columns.js';
export { SCHEMA_VERSION as PG_SCHEMA_VERSION, FTS_CONFIG } from './schema.js';

export interface OpenPostgresOptions {
  /** Open for reading only: the store must exist; `transaction()` rejects. */
  readonly readonly?: boolean;
  /** The schema to keep the store in (created when missing, unless read-only); default: the server's `search_path` (normally `public`). */
  readonly schema?: string;
  /** Pooled connections (default 4). */
  readonly poolSize?: number;
  readonly connectTimeoutMs?: number;
}

/**
 * Connects, checks the server answers, and creates or upgrades the schema (read-only: checks it).
 * Connection problems are one-line `StoreError`s naming the host, after at most the connect timeout.
 */
export async function openPostgresStore(url: string, options: OpenPostgresOptions = {}): Promise<PostgresStore> {
  if (!isPostgresUrl(url)) throw new StoreError(`not a PostgreSQL URL: ${url} (expected postgres://user@host:5432/database)`, 'io');
  const target = pgTarget(url);
  const readonly = options.readonly ?? false;
  const pool = createPool(url, {
    ...(options.schema ? { schema: options.schema } : {}),
    readonly,
    ...(options.poolSize ? { max: options.poolSize } : {}),
    ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
  });
  const where = target.display;
  try {
    await checkConnection(pool, target, options.connectTimeoutMs);
    const client = await pool.connect();
    try {
      if (options.schema && !readonly) await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident(options.schema)}`);
      if (readonly) await checkVersion(client, where);
      else await migrate(client, where);
      const schema = ((await client.query('SELECT current_schema() AS s')).rows[0].s as string | null) ?? 'public';
      return new PostgresStore(pool, options.schema ? `${where} (schema ${options.schema})` : where, readonly, schema);
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    if (err instanceof StoreError) throw err;
    // Past the connection: a permission or server problem, still named by host.
    throw new StoreError(
      connectionMessage(err, target) ?? `cannot open the store in PostgreSQL at ${target.host}:${target.port} (${target.database ?? 'default database'}): ${(err as Error).message}`,
      'io',
    );
  }
}
