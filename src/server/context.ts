/** What the route modules share: the app type, the dependencies, helpers. */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Store } from '../store/store.js';
import type { Analyzer } from './pool.js';
import { EventHub } from './events.js';
import { WriteQueue } from './writes.js';

export interface ServerConfig {
  /** The address the server listens on; decides the token rule. */
  readonly host: string;
  /** Bearer token for writes (`SAKSI_TOKEN`); required when `host` is not a loopback address. */
  readonly token?: string;
  /** Let URL analysis and ingest fetch private and loopback addresses (`--allow-private-urls`). */
  readonly allowPrivateUrls: boolean;
  /** Largest request body in bytes. */
  readonly maxBodyBytes: number;
  /** Deadline of one request (not of streamed exports) in ms. */
  readonly requestTimeoutMs: number;
  /** Fetching one URL: deadline, size cap, redirects. */
  readonly fetchTimeoutMs: number;
  readonly maxFetchBytes: number;
  readonly maxRedirects: number;
  /** The folder of the built web UI (index.html, assets/); none: the API only. */
  readonly webRoot?: string;
}

export const DEFAULT_CONFIG: ServerConfig = {
  host: '127.0.0.1',
  allowPrivateUrls: false,
  maxBodyBytes: 5 * 1024 * 1024,
  requestTimeoutMs: 60_000,
  fetchTimeoutMs: 15_000,
  maxFetchBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
};

export interface AppDeps {
  readonly store: Store;
  readonly analyzer: Analyzer;
  readonly config?: Partial<ServerConfig>;
  /** Where unexpected errors are logged (default: standard error). */
  readonly log?: (message: string) => void;
  /** Store changes for open pages (default: a new hub); share it with a feed watcher. */
  readonly events?: EventHub;
  /** The one-writer queue (default: a new one); share it with a feed watcher. */
  readonly writes?: WriteQueue;
}

export interface AppContext {
  readonly store: Store;
  readonly analyzer: Analyzer;
  readonly config: ServerConfig;
  readonly log: (message: string) => void;
  readonly events: EventHub;
  readonly writes: WriteQueue;
}

export type ApiApp = OpenAPIHono;

/** One module of routes: documents, search, entities, stories... registered in app.ts. */
export type RouteModule = (app: ApiApp, ctx: AppContext) => void;

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as the first (since) or last (until) day it covers; undefined when impossible. */
export function dayBound(value: string, end: boolean): string | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = m[2] !== undefined ? Number(m[2]) : end ? 12 : 1;
  if (month < 1 || month > 12) return undefined;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = m[3] !== undefined ? Number(m[3]) : end ? last : 1;
  if (day < 1 || day > last) return undefined;
  return `${m[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whether an address to listen on is loopback only. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::ffff:127.0.0.1';
}
