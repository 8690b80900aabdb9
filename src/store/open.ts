/**
 * The store factory: `openStore(location)` picks the backend from the location, so that commands
 * and library users never name one. A path (or `file:` / `sqlite:` URL) is a SQLite file;
 * `postgres://` / `postgresql://` is PostgreSQL (src/store/postgres/).
 */
import { fileURLToPath } from 'node:url';
import { StoreError, type Store } from './store.js';
import { openSqliteStore, type OpenSqliteOptions } from './sqlite.js';

export interface OpenStoreOptions {
  /** Open for reading only; the store must exist. */
  readonly readonly?: boolean;
  /** Create the store when missing (default: true unless read-only). */
  readonly create?: boolean;
  /** Called when a transaction has to wait for another writer ("waiting for another ingest"). */
  readonly onWait?: (message: string) => void;
  /** How long a transaction waits for another writer before failing. */
  readonly writeLockWaitMs?: number;
}

/** The backend a location names. */
export type StoreBackend = 'sqlite' | 'postgres';

/**
 * Which backend a location names, and what to hand it: a SQLite path, or the URL.
 * @example storeBackend('postgres://u@h/db') // { backend: 'postgres', target: 'postgres://u@h/db' }
 */
export function storeBackend(location: string): { backend: StoreBackend; target: string } {
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(location)?.[1]?.toLowerCase();
  // One letter before ':' is a Windows drive (C:\corpus\saksi.db), not a scheme.
  if (scheme === undefined) return { backend: 'sqlite', target: location };
  if (scheme === 'postgres' || scheme === 'postgresql') return { backend: 'postgres', target: location };
  if (scheme === 'file') {
    try {
      return { backend: 'sqlite', target: fileURLToPath(location) };
    } catch (err) {
      throw new StoreError(`bad store location ${location}: ${(err as Error).message}`, 'io');
    }
  }
  if (scheme === 'sqlite') return { backend: 'sqlite', target: location.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') };
  throw new StoreError(`unknown kind of store location ${JSON.stringify(location)}: give a file path, a sqlite: or file: URL, or a postgres:// URL`, 'io');
}

/**
 * Opens the store at `location` (a path for SQLite, a URL for a server backend).
 * @example const store = await openStore(storePath(flags.db), { readonly: true });
 */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<Store> {
  const { backend, target } = storeBackend(location);
  switch (backend) {
    case 'postgres': {
      // Loaded only when asked for: a SQLite user never loads the pg driver.
      const { openPostgresStore } = await import('./postgres/index.js');
      // SAKSI_PG_SCHEMA: the schema the store lives in (as for saksi worker and saksi queue).
      const schema = process.env['SAKSI_PG_SCHEMA']?.trim();
      return openPostgresStore(target, { ...(options.readonly !== undefined ? { readonly: options.readonly } : {}), ...(schema ? { schema } : {}) });
    }
    case 'sqlite': {
      const sqliteOptions: OpenSqliteOptions = {
        ...(options.readonly !== undefined ? { readonly: options.readonly } : {}),
        ...(options.create !== undefined ? { create: options.create } : {}),
        ...(options.onWait ? { onWait: options.onWait } : {}),
        ...(options.writeLockWaitMs !== undefined ? { writeLockWaitMs: options.writeLockWaitMs } : {}),
      };
      return openSqliteStore(target, sqliteOptions);
    }
  }
}
