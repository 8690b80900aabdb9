/**
 * `saksi serve`: the app on a port, with its store and analysis pool, and a clean shutdown.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app.js';
import { DEFAULT_CONFIG, type ServerConfig } from './context.js';
import { AnalysisPool, type PoolOptions } from './pool.js';
import { openServerStore } from './store.js';
import type { Store } from '../store/store.js';
import { EventHub } from './events.js';
import { WriteQueue } from './writes.js';
import { startFeedWatcher, type FeedWatcher, type ServerWatchOptions } from './watch.js';

export interface StartOptions extends Partial<ServerConfig> {
  readonly port?: number;
  /** The store location (a SQLite file). */
  readonly db: string;
  readonly pool?: PoolOptions;
  readonly log?: (message: string) => void;
  /** Follow these feeds inside the server (`--watch`). */
  readonly watch?: ServerWatchOptions;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly store: Store;
  readonly events: EventHub;
  /** The feed watcher, when `watch` was given. */
  readonly watcher?: FeedWatcher;
  close(): Promise<void>;
}

/** The built web UI shipped in the package (dist/web), when it is there. */
export function defaultWebRoot(): string | undefined {
  const here = fileURLToPath(new URL('.', import.meta.url));
  for (const candidate of [new URL('../web/', import.meta.url), new URL('../../dist/web/', import.meta.url)]) {
    const path = fileURLToPath(candidate);
    if (existsSync(`${path}index.html`)) return path;
  }
  void here;
  return undefined;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_CONFIG.host;
  const store = await openServerStore(options.db);
  let pool: AnalysisPool | undefined;
  try {
    const webRoot = options.webRoot ?? defaultWebRoot();
    const config: Partial<ServerConfig> = { ...options, host, ...(webRoot ? { webRoot } : {}) };
    // Check the configuration before starting workers: a refused token rule costs nothing.
    createApp({ store, analyzer: placeholderAnalyzer(), config });
    pool = await AnalysisPool.start(options.pool ?? {});
    const events = new EventHub();
    const writes = new WriteQueue();
    const app = createApp({ store, analyzer: pool, config, events, writes, ...(options.log ? { log: options.log } : {}) });
    const server: ServerType = await new Promise((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: options.port ?? 8080, hostname: host }, () => resolve(s));
      s.once('error', reject);
    });
    // Slow or stuck clients cannot hold a connection for ever.
    const http = server as unknown as { requestTimeout: number; headersTimeout: number; keepAliveTimeout: number };
    http.requestTimeout = (options.requestTimeoutMs ?? DEFAULT_CONFIG.requestTimeoutMs) + 5_000;
    http.headersTimeout = 20_000;
    // Longer than clients keep idle sockets (undici: 4 s), so a client never sends on a socket the
    // server is closing at that moment.
    http.keepAliveTimeout = 30_000;
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const running = pool;
    const watcher = options.watch ? startFeedWatcher({ store, analyzer: pool, events, writes }, options.watch) : undefined;
    return {
      url: `http://${shownHost}:${address.port}`,
      port: address.port,
      store,
      events,
      ...(watcher ? { watcher } : {}),
      close: async () => {
        await watcher?.stop();
        // Open event streams would hold the server open: end them first.
        events.close();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        await running.close();
        await store.close();
      },
    };
  } catch (err) {
    await pool?.close();
    await store.close();
    throw err;
  }
}

function placeholderAnalyzer(): AnalysisPool {
  return {
    analyze: () => Promise.reject(new Error('not started')),
    process: () => Promise.reject(new Error('not started')),
    stats: () => ({ workers: 0, busy: 0, queued: 0, capacity: 0 }),
    full: () => true,
    close: async () => undefined,
  } as unknown as AnalysisPool;
}
