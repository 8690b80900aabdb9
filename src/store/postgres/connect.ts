/**
 * Connecting to PostgreSQL: URLs, a pool whose every connection gets the store's `search_path`,
 * bigint columns read as JS numbers, a connect timeout, and connection errors turned into one line
 * a user can act on ("cannot connect to PostgreSQL at db.example.org:5432: connection refused").
 */
import pg from 'pg';
import { StoreError } from '../store.js';

/** How long opening a connection may take before the store gives up (no hang on a dead host). */
export const CONNECT_TIMEOUT_MS = 5_000;
/** Connections per store pool: a transaction holds one, reads share the rest. */
export const DEFAULT_POOL_SIZE = 4;

/**
 * Whether `s` names a PostgreSQL database rather than a SQLite file.
 * @example isPostgresUrl('postgres://me@db/saksi') // true; isPostgresUrl('./saksi.db') // false
 */
export function isPostgresUrl(s: string | undefined): boolean {
  return typeof s === 'string' && /^postgres(?:ql)?:\/\//i.test(s.trim());
}

export interface PgTarget {
  readonly host: string;
  readonly port: number;
  readonly user?: string;
  readonly database?: string;
  /** The URL with any password removed, for messages and `Store.location`. */
  readonly display: string;
}

/** Parses a postgres:// URL for messages; a malformed one is a `StoreError`. */
export function pgTarget(url: string): PgTarget {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw new StoreError(`not a valid PostgreSQL URL: ${redact(url)} (expected postgres://user@host:5432/database)`, 'io');
  }
  if (!/^postgres(?:ql)?:$/i.test(u.protocol)) {
    throw new StoreError(`not a PostgreSQL URL: ${redact(url)} (expected postgres://user@host:5432/database)`, 'io');
  }
  const host = decodeURIComponent(u.hostname || u.searchParams.get('host') || 'localhost');
  const port = u.port ? Number(u.port) : 5432;
  const user = u.username ? decodeURIComponent(u.username) : undefined;
  const database = u.pathname.length > 1 ? decodeURIComponent(u.pathname.slice(1)) : undefined;
  return { host, port, ...(user ? { user } : {}), ...(database ? { database } : {}), display: redact(url) };
}

/** The URL with its password replaced by `***`. */
export function redact(url: string): string {
  return url.trim().replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/** Reads int8 (COUNT, SUM, bigint ids) as numbers; the store's ids and counts stay far below 2^53. */
const TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 && format !== 'binary') return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export interface PoolOptions {
  /** Schema to work in: it comes first on every connection's `search_path`, with `public` after it (for `unaccent`). */
  readonly schema?: string;
  readonly max?: number;
  readonly connectTimeoutMs?: number;
  /** Every connection refuses writes (`default_transaction_read_only`). */
  readonly readonly?: boolean;
  readonly applicationName?: string;
}

/** Quotes an identifier for SQL. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const settings: string[] = [];
  if (options.schema) settings.push(`-c search_path=${ident(options.schema).replace(/ /g, '\\ ')},public`);
  if (options.readonly) settings.push('-c default_transaction_read_only=on');
  const pool = new pg.Pool({
    connectionString: url.trim(),
    max: options.max ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: options.applicationName ?? 'saksi',
    types: TYPES,
    ...(settings.length > 0 ? { options: settings.join(' ') } : {}),
  });
  // An idle connection dropped by the server (restart, network) must not crash the process:
  // the pool discards it and the next query opens a new one.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * One line naming the host for an error met while connecting, or undefined when `err` is not a
 * connection problem (a query error, say).
 */
export function connectionMessage(err: unknown, target: PgTarget): string | undefined {
  const e = err as { code?: string; message?: string; errno?: number };
  const where = `PostgreSQL at ${target.host}:${target.port}`;
  const user = target.user ?? process.env['PGUSER'] ?? process.env['USER'] ?? 'the default user';
  const msg = e?.message ?? String(err);
  switch (e?.code) {
    case 'ECONNREFUSED':
      return `cannot connect to ${where}: connection refused (is the server running and listening there?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot connect to ${where}: host ${target.host} not found`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `cannot connect to ${where}: host unreachable (${e.code})`;
    case 'ECONNRESET':
      return `cannot connect to ${where}: the connection was reset`;
    case '28P01':
      return `cannot connect to ${where}: password authentication failed for user ${user}`;
    case '28000':
      return `cannot connect to ${where}: ${msg}`;
    case '3D000':
      return `cannot connect to ${where}: database ${target.database ?? user} does not exist`;
    case '57P03':
      return `cannot connect to ${where}: the server is starting up or shutting down`;
    default:
      break;
  }
  if (/timeout expired|connection timeout|timeout exceeded when trying to connect/i.test(msg)) {
    return `cannot connect to ${where}: no answer in time (host unreachable or firewalled?)`;
  }
  if (/Connection terminated unexpectedly/i.test(msg)) {
    return `cannot connect to ${where}: the connection was closed before PostgreSQL answered (host unreachable, or not a PostgreSQL server?)`;
  }
  if (/password must be a string|SASL|client password/i.test(msg)) {
    return `cannot connect to ${where}: the server asks for a password for user ${user}; put it in the URL or in PGPASSWORD`;
  }
  if (/self.signed|certificate|SSL/i.test(msg)) return `cannot connect to ${where}: ${msg}`;
  return undefined;
}

/** Opens one connection and runs `SELECT 1`, throwing a one-line `StoreError` when it cannot. */
export async function checkConnection(pool: pg.Pool, target: PgTarget, timeoutMs = CONNECT_TIMEOUT_MS): Promise<void> {
  const t0 = Date.now();
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    // node-postgres ends a connection that runs out of time with "Connection terminated unexpectedly".
    const timedOut = Date.now() - t0 >= timeoutMs - 50 && /terminated|timeout/i.test((err as Error).message);
    const where = `PostgreSQL at ${target.host}:${target.port}`;
    const message = timedOut
      ? `cannot connect to ${where}: no answer within ${(timeoutMs / 1000).toFixed(timeoutMs % 1000 === 0 ? 0 : 1)} s (host unreachable or firewalled?)`
      : (connectionMessage(err, target) ?? `cannot connect to ${where}: ${(err as Error).message}`);
    throw new StoreError(message, 'io');
  }
}
