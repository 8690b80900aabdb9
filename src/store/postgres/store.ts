/**
 * The PostgreSQL store on node-postgres: the same contract as the SQLite store
 * (test/store-contract.ts), for a corpus shared by many writers on many machines.
 *
 * - A transaction checks one client out of the pool and runs BEGIN … COMMIT on it; reads made
 *   inside `transaction(fn)` (found through AsyncLocalStorage) run on that same client, so they see
 *   the transaction's own writes, as on SQLite. Outside a transaction, reads use any pooled client.
 * - Concurrency: documents are keyed by content hash and KB entities by their KB id with unique
 *   constraints, written with INSERT … ON CONFLICT, so two workers storing the same text or the
 *   same KB person at once end up with one row (the second waits for the first's commit, then
 *   finds it). Counters (mentions, aliases, roles, evidence) are increments in upserts, never
 *   read-modify-write, so no update is lost. Every write transaction also holds the store's
 *   write lock (an advisory lock, see `transaction`), so writers never interleave at all.
 * - Round trips: the store step runs a few dozen statements per document, so each is a prepared
 *   statement, and a document's entity links, claims and story rows are one statement each
 *   (arrays and `unnest`, data-modifying CTEs) rather than one per row.
 * - Full-text search: a stored tsvector over title (weight A) and text (B) with the `saksi_fts`
 *   configuration (unaccent + simple), a GIN index, ts_rank for ranking and ts_headline for the
 *   snippets.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { Analysis, EntityType, Stance } from '../../types.js';
import {
  StoreError,
  derivedTables,
  foldAlias,
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
  type StoreStats,
  type StoreWriter,
  type StoredDocument,
  type StoredFailure,
  type ClaimDate,
  type ClaimQuantity,
  type DocumentListQuery,
  type DocumentSummary,
  type StoreReader,
} from '../store.js';
import { documentColumnValues, fromSignature, publishedDay, toSignature } from '../document-columns.js';
import { FTS_CONFIG } from './schema.js';
import { tsqueryExpression } from './tsquery.js';
import { SearchSyntaxError, parseSearchQuery } from '../query.js';
import type { StoryReader } from '../stories.js';
import { StoryFeaturesCache, pgStoryReader, pgStoryWriter } from './stories.js';

/** Rows fetched per page when streaming with `scan()`. */
export const SCAN_PAGE_SIZE = 500;
/** ts_rank weights for D, C, B (body), A (title): a title word counts 4 times a body word, as on SQLite. */
const RANK_WEIGHTS = '{0.1, 0.2, 0.25, 1.0}';
/** ts_headline options: about as long as SQLite's 24-token snippets, up to two fragments. */
const HEADLINE_OPTIONS = `MaxWords=24, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
const DEFAULT_SEARCH_LIMIT = 20;
/** Matches ranked at most per search: the newest ones (see `search`). */
export const RANK_CANDIDATES = 1000;
const MAX_SEARCH_LIMIT = 1000;

type Row = Record<string, unknown>;
type Queryable = Pick<pg.ClientBase, 'query'>;

/**
 * A write transaction's connection, as the store's methods use it. Round trips, not rows, are
 * what a store step costs over a socket (a few dozen statements per document; on a busy machine
 * each round trip waits for two processes to be scheduled), so:
 * - a statement with parameters is a named prepared statement (parsed and planned once per
 *   connection, not once per call);
 * - a write whose answer nobody needs (`defer`: the entity links, claims, story rows, LSH band
 *   keys, name keys and new entities) is held back and sent with the next statement, in one
 *   simple-query round trip: the held writes, then that statement, run in order, so the
 *   statement sees them as it would have. A held write that fails fails that round trip, and
 *   the transaction with it (nothing of it is committed). Values go in as quoted literals, which
 *   PostgreSQL types from their context exactly as it types untyped parameters.
 */
class TxClient {
  private keys: { id: number[]; kind: string[]; key: string[] } = { id: [], kind: [], key: [] };
  private entities: { id: number[]; type: string[]; name: string[]; folded: string[] } = { id: [], type: [], name: [], folded: [] };
  private held: { text: string; values: unknown[]; check?: (r: pg.QueryResult) => void }[] = [];
  /**
   * Source keys and content hashes read ahead for a batch (`PostgresStore.warm`), kept current by
   * this transaction's own writes: what the store holds for them, null for nothing. Only keys
   * and hashes read ahead are kept.
   */
  readonly sources = new Map<string, SourceState | null>();
  readonly hashes = new Map<string, number | null>();
  /**
   * Documents inserted before the write lock was taken (`PostgresStore.preinsertDocuments`):
   * content hash → id. To the stages they are absent until `addDocument` claims them (then only
   * their source row is written); those never claimed are deleted before COMMIT.
   */
  readonly preinserted = new Map<string, number>();
  /**
   * LSH buckets read ahead for the batch (`warm`): `band:key` → the first LSH_BUCKET document ids
   * in the bucket, kept current by this transaction's own band keys. Under the write lock nobody
   * else adds any, so `nearDuplicateCandidates` answers from it what the store would.
   */
  readonly bands = new Map<string, number[]>();
  /**
   * Near-duplicate signature records read ahead for the batch (`warm`: every document in its LSH
   * buckets) and of the documents this transaction stored, kept current by its own copy-of links:
   * id → record, null for a document without a signature. Under the write lock nobody else
   * changes them, so `signatures` answers from here what the store would.
   */
  readonly signatures = new Map<number, SignatureRecord | null>();
  /** What this transaction did to the entity index: its row of the change log (`store_changes`), written at commit. */
  readonly touched = {
    reset: false,
    entities: new Set<number>(),
    keyEntity: [] as number[],
    keyKind: [] as string[],
    keyKey: [] as string[],
    kbEntity: [] as number[],
    kbId: [] as string[],
    /** Each document linked and each distinct entity it linked (parallel). */
    linkDocument: [] as number[],
    linkEntity: [] as number[],
  };

  constructor(
    readonly client: pg.PoolClient,
    /** Entity ids reserved from the sequence and not used yet (the store's, kept across transactions). */
    private readonly reserved: number[],
  ) {}

  async query(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
    this.holdEntities();
    if (TRACE_SPLIT) await this.flushEach();
    if (this.held.length > 0) {
      const held = this.held;
      this.held = [];
      const results = (await this.client.query([...held, { text, values }].map((h) => inline(h.text, h.values)).join(';\n'))) as unknown as pg.QueryResult[];
      held.forEach((h, i) => h.check?.(results[i]!));
      return results[results.length - 1]!;
    }
    if (values.length === 0) return this.client.query(text);
    return this.client.query({ name: statementName(text), text, values });
  }

  /** Several statements in one round trip (after whatever is held): their results, in order. */
  async queryAll(statements: readonly { text: string; values: unknown[] }[]): Promise<pg.QueryResult[]> {
    this.holdEntities();
    if (TRACE_SPLIT) await this.flushEach();
    const held = this.held;
    this.held = [];
    const r = (await this.client.query([...held, ...statements].map((h) => inline(h.text, h.values)).join(';\n'))) as unknown as pg.QueryResult | pg.QueryResult[];
    const results = Array.isArray(r) ? r : [r];
    held.forEach((h, i) => h.check?.(results[i]!));
    return results.slice(held.length);
  }

  /** Holds a write back until the next statement (see above); `check` looks at its result then. */
  defer(text: string, values: unknown[], check?: (r: pg.QueryResult) => void): void {
    // In order: the entities created so far exist before anything held later refers to them.
    this.holdEntities();
    this.held.push({ text, values, ...(check ? { check } : {}) });
  }

  /** Queues entity keys (written, in order, with the next statement). */
  addEntityKeys(entityId: number, keys: readonly { kind: string; key: string }[]): void {
    for (const k of keys) {
      this.keys.id.push(entityId);
      this.keys.kind.push(k.kind);
      this.keys.key.push(k.key);
      this.touched.keyEntity.push(entityId);
      this.touched.keyKind.push(k.kind);
      this.touched.keyKey.push(k.key);
    }
  }

  /**
   * A new entity without a KB id (always a new row): its id comes from a block reserved from the
   * sequence (one round trip per ENTITY_ID_BLOCK entities); the row and its canonical name are
   * written with the next statement. Ids of a rolled-back transaction are not reused: gaps only.
   */
  async createEntity(type: string, name: string): Promise<number> {
    const id = await this.nextEntityId();
    this.touched.entities.add(id);
    this.entities.id.push(id);
    this.entities.type.push(type);
    this.entities.name.push(name);
    this.entities.folded.push(foldAlias(name));
    return id;
  }

  /**
   * The next entity id, in creation order for KB and other entities alike (as SQLite's would
   * be). A transaction that fails puts the reserved ids back as they were at its start
   * (`PostgresStore.transaction`), so the ids stay dense, and a block taken after a rolled-back
   * `ALTER SEQUENCE … RESTART` (a rebuild) is not used.
   */
  async nextEntityId(): Promise<number> {
    if (this.reserved.length === 0) {
      const r = await this.query(`SELECT nextval(pg_get_serial_sequence('entities', 'id'))::bigint AS id FROM generate_series(1, $1)`, [ENTITY_ID_BLOCK]);
      this.reserved.push(...r.rows.map((x) => Number(x.id)));
    }
    return this.reserved.shift()!;
  }

  /** An id taken by `nextEntityId` and not used: the next entity gets it. */
  giveBack(id: number): void {
    this.reserved.unshift(id);
  }

  /** Forgets the reserved ids (the sequence restarts). */
  dropReserved(): void {
    this.reserved.length = 0;
  }

  /** The queued entities and keys as one held write. */
  private holdEntities(): void {
    const keys = this.keys;
    const entities = this.entities;
    if (keys.id.length + entities.id.length === 0) return;
    this.keys = { id: [], kind: [], key: [] };
    this.entities = { id: [], type: [], name: [], folded: [] };
    this.held.push({
      text: `WITH entity AS (
          INSERT INTO entities (id, type, name) SELECT i, t, n FROM unnest($1::bigint[], $2::text[], $3::text[]) WITH ORDINALITY AS x(i, t, n, o) ORDER BY o
        ), alias AS (
          INSERT INTO entity_aliases (entity_id, alias, folded, count) SELECT i, n, f, 0 FROM unnest($1::bigint[], $3::text[], $4::text[]) AS x(i, n, f)
          ON CONFLICT DO NOTHING
        )
        INSERT INTO entity_keys (entity_id, kind, key) SELECT i, k, v FROM unnest($5::bigint[], $6::text[], $7::text[]) WITH ORDINALITY AS x(i, k, v, n) ORDER BY n ON CONFLICT DO NOTHING`,
      values: [entities.id, entities.type, entities.name, entities.folded, keys.id, keys.kind, keys.key],
    });
  }

  /** SAKSI_PG_TRACE=split: each held write in a round trip of its own (to time them apart; profiling only). */
  private async flushEach(): Promise<void> {
    const held = this.held;
    this.held = [];
    for (const h of held) {
      const r = await this.client.query(inline(h.text, h.values));
      h.check?.(r);
    }
  }

  /** Sends whatever is held (before COMMIT). */
  async flush(): Promise<void> {
    this.holdEntities();
    if (this.held.length === 0) return;
    const held = this.held;
    this.held = [];
    const sql = held.map((h) => inline(h.text, h.values)).join(';\n');
    const r = (await this.client.query(sql)) as unknown as pg.QueryResult | pg.QueryResult[];
    const results = Array.isArray(r) ? r : [r];
    held.forEach((h, i) => h.check?.(results[i]!));
  }
}

/**
 * `text` with each `$n` replaced by its value as a quoted literal (NULL for null): what the server
 * does with an untyped parameter, it does with an untyped literal. Arrays become array literals.
 * Only for the store's own statements, which hold no `$` inside their string constants.
 */
export function inline(text: string, values: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => literal(values[Number(n) - 1]));
}

function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (Buffer.isBuffer(v)) return quote(`\\x${v.toString('hex')}`);
  // Each element escaped once for the array and the constant together: not the whole array again.
  if (Array.isArray(v)) return `E'{${v.map(arrayElement).join(',')}}'`;
  if (typeof v === 'object') return quote(JSON.stringify(v));
  return quote(String(v));
}

/**
 * An array element inside an escape-string constant: `"` and `\` escaped for the array literal,
 * then `\` and `'` for the constant. Held writes carry every value a document stores (claims,
 * evidence, story features): a replace only where the character occurs keeps the copies down.
 */
function arrayElement(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  let s = noNul(typeof v === 'object' ? JSON.stringify(v) : String(v), 'a value');
  if (s.includes('\\')) s = s.replace(/\\/g, '\\\\\\\\');
  if (s.includes('"')) s = s.replace(/"/g, '\\\\"');
  if (s.includes("'")) s = s.replace(/'/g, "''");
  return `"${s}"`;
}

/** An escape-string constant (E'...'): backslashes and quotes doubled, whatever standard_conforming_strings says. */
function quote(s: string): string {
  noNul(s, 'a value');
  if (s.includes('\\')) s = s.replace(/\\/g, '\\\\');
  if (s.includes("'")) s = s.replace(/'/g, "''");
  return `E'${s}'`;
}

/**
 * Bumps the change counter and writes the transaction's row of the change log (what it did to the
 * entity index), pruning rows older than the last $8 versions every 64 versions.
 */
const COMMIT_CHANGES = `WITH s AS (
    UPDATE store_state SET changes = changes + 1 WHERE id = 1 RETURNING changes
  ), pruned AS (
    DELETE FROM store_changes WHERE version <= (SELECT changes FROM s) - $8 AND (SELECT changes FROM s) % 64 = 0
  )
  INSERT INTO store_changes (version, reset, entities, key_entity, key_kind, key_key, kb_entity, kb_id, link_document, link_entity)
  SELECT changes, $1, $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::bigint[], $7::text[], $9::bigint[], $10::bigint[] FROM s`;
/** Change-log rows kept: a writer that has not committed for this many versions of others reloads its caches. */
export const CHANGE_LOG_KEEP = 256;

/** What the change log says happened to the entity index after a version (see `PostgresStore.changesSince`). */
export interface IndexChanges {
  /** The change counter now. */
  readonly now: number;
  /** Every version up to `now` is in the log and none replaced the whole index: applying the rest is enough. */
  readonly complete: boolean;
  /** Entities linked, created or given keys. */
  readonly entities: Set<number>;
  /** Name keys added, in the order they were added (commit order, then order within a transaction). */
  readonly keys: { kind: string; key: string; entity: number }[];
  /** KB entities created. */
  readonly kb: { kb: string; entity: number }[];
  /** For each document linked, the distinct entities it linked (which now share a document). */
  readonly together: number[][];
}

/** Documents read ahead per LSH bucket (`warm`): the stage's LSH_MAX_BUCKET (src/corpus/stages.ts). */
const LSH_BUCKET = 1000;

/** Signature records read ahead per batch at most (`warm`). */
const SIGNATURES_AHEAD = 20_000;

/** The signature record of a document just stored (as `signatures` would read it back), null without a signature. */
function signatureOf(id: number, doc: NewDocument): SignatureRecord | null {
  if (!doc.signature) return null;
  return { id, signature: doc.signature, ...(doc.published != null ? { published: doc.published } : {}) };
}

/** Entity ids reserved from the sequence at a time (see TxClient.createEntity). */
export const ENTITY_ID_BLOCK = 128;

/** A prepared statement's name: derived from its text, so that one name never means two statements on a connection. */
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `saksi_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (statementNames.size < 10_000) statementNames.set(text, name);
  }
  return name;
}

function meta(row: Row): Omit<DocumentRow, 'id' | 'sourceKey' | 'contentHash' | 'ingestedAt' | 'text' | 'copyOf'> {
  const out: Record<string, unknown> = {};
  for (const key of ['title', 'url', 'source', 'author', 'published', 'language', 'origin', 'format'] as const) {
    const v = row[key];
    if (v !== null && v !== undefined) out[key] = v;
  }
  return out as Omit<DocumentRow, 'id' | 'sourceKey' | 'contentHash' | 'ingestedAt' | 'text' | 'copyOf'>;
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

/** PostgreSQL cannot hold U+0000 in text; say so instead of failing deep in the driver. */
function noNul(value: string, what: string): string {
  if (value.includes('\u0000')) throw new StoreError(`${what} holds a NUL character (U+0000), which PostgreSQL text cannot store`, 'io');
  return value;
}

interface TxContext {
  readonly store: PostgresStore;
  readonly client: TxClient;
}

const currentTx = new AsyncLocalStorage<TxContext>();

/** SAKSI_PG_TRACE=1: time every statement of write transactions by its first words; printed at exit (profiling). */
const TRACE_SPLIT = process.env['SAKSI_PG_TRACE'] === 'split';
const TRACE = process.env['SAKSI_PG_TRACE'] ? new Map<string, { n: number; ms: number; cpu: number }>() : undefined;
if (TRACE) {
  process.on('exit', () => {
    const list = [...TRACE].sort((a, b) => b[1].ms - a[1].ms);
    const total = list.reduce((s, [, v]) => s + v.ms, 0);
    const n = list.reduce((s, [, v]) => s + v.n, 0);
    process.stderr.write(`pg trace: ${n} statements, ${total.toFixed(0)} ms\n`);
    for (const [k, v] of list.slice(0, 40)) process.stderr.write(`${String(v.n).padStart(7)} ${v.ms.toFixed(0).padStart(7)} ms ${v.cpu.toFixed(0).padStart(7)} ms server CPU  ${k}\n`);
    const l = LOCKED;
    process.stderr.write(
      `pg trace, under the write lock: ${l.n} transactions, ${l.wallMs.toFixed(0)} ms wall, ${l.jsCpuMs.toFixed(0)} ms this thread's CPU, ` +
        `${l.serverCpuMs.toFixed(0)} ms server backend CPU, ${l.waitMs.toFixed(0)} ms in round trips, lock wait ${l.lockWaitMs.toFixed(0)} ms\n`,
    );
  });
}
/** SAKSI_PG_TRACE: the write lock's holding time split (wall, this thread's CPU, the backend's CPU, round trips). */
const LOCKED = { n: 0, wallMs: 0, jsCpuMs: 0, serverCpuMs: 0, waitMs: 0, lockWaitMs: 0 };
let traceWaitMs = 0;
/** CPU ms a task has run, from its schedstat (Linux; 0 elsewhere). */
function schedstatCpuMs(path: string): number {
  try {
    return Number(readFileSync(path, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return 0;
  }
}
function threadCpuMs(): number {
  return schedstatCpuMs('/proc/thread-self/schedstat');
}
function backendCpuMs(pid: number | undefined): number {
  return pid ? schedstatCpuMs(`/proc/${pid}/schedstat`) : 0;
}
function traced(client: pg.PoolClient): pg.PoolClient {
  if (!TRACE || (client as { traced?: boolean }).traced) return client;
  const orig = client.query.bind(client) as (...a: unknown[]) => Promise<unknown>;
  (client as { traced?: boolean }).traced = true;
  (client as unknown as { query: unknown }).query = async (...a: unknown[]) => {
    // Held writes sent with a statement: counted under that statement (the last one).
    const key = (String(typeof a[0] === 'string' ? a[0] : (a[0] as { text: string }).text).split(';\n').pop() ?? '').replace(/E'(?:[^']|'')*'/g, '?').replace(/\s+/g, ' ').slice(0, 90);
    const t = performance.now();
    const pid = (client as { backendPid?: number }).backendPid;
    const c0 = backendCpuMs(pid);
    try {
      return await orig(...a);
    } finally {
      const e = TRACE.get(key) ?? { n: 0, ms: 0, cpu: 0 };
      e.n++;
      e.cpu += backendCpuMs(pid) - c0;
      e.ms += performance.now() - t;
      traceWaitMs += performance.now() - t;
      TRACE.set(key, e);
    }
  };
  return client;
}

export class PostgresStore implements Store {
  readonly capabilities: StoreCapabilities;
  private closed = false;
  private readonly reservedEntityIds: number[] = [];
  /** Story features read or written by this store's transactions (see pgStoryWriter). */
  private readonly storyFeatures = new StoryFeaturesCache();

  constructor(
    /** The pool; exposed for the job queue, which keeps its own tables on the same server. */
    readonly pool: pg.Pool,
    readonly location: string,
    readonly: boolean,
    /** The schema the store lives in. */
    readonly schema: string,
  ) {
    this.capabilities = Object.freeze({
      readOnly: readonly,
      diacriticInsensitiveSearch: true,
      snippets: true,
      concurrentWriters: true,
    });
  }

  private alive(): void {
    if (this.closed) throw new Error(`store ${this.location} is closed`);
  }

  /** The transaction's client when called inside this store's `transaction()`, else the pool. */
  private db(): Queryable | TxClient {
    const tx = currentTx.getStore();
    return tx && tx.store === this ? tx.client : this.pool;
  }

  /**
   * Runs SQL on this store's connection: inside `transaction(fn)` on the transaction's client
   * (so the job queue can complete its jobs in the same transaction), else on the pool.
   */
  async query(sql: string, params: unknown[] = []): Promise<{ rows: Row[]; rowCount: number | null }> {
    this.alive();
    const r = await this.db().query(sql, params);
    return { rows: r.rows as Row[], rowCount: r.rowCount };
  }

  private async rows(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.db().query(sql, params)).rows as Row[];
  }

  private async row(sql: string, params: unknown[] = []): Promise<Row | undefined> {
    return (await this.rows(sql, params))[0];
  }

  /**
   * `options.beforeLock` runs inside the transaction, on its connection, before the write lock is
   * taken: work that needs the transaction (atomicity) but not the lock (see `preinsertDocuments`).
   */
  /**
   * A write transaction. It takes the store's write lock and its stories lock (in that order),
   * unless `locks` names one: 'write' for a transaction that writes no story rows, 'stories' for
   * one that writes only story rows (it leaves the change counter alone: the stages' caches do
   * not hold stories). See the queue worker (src/corpus/queue/consumer.ts).
   */
  async transaction<T>(fn: (writer: StoreWriter) => Promise<T>, options: { beforeLock?: () => Promise<void>; locks?: 'write' | 'stories' } = {}): Promise<T> {
    this.alive();
    if (this.capabilities.readOnly) throw new StoreError(`store ${this.location} is open read-only`, 'read-only');
    if (currentTx.getStore()?.store === this) throw new Error('store transactions do not nest');
    const client = traced(await this.pool.connect());
    // A connection cut while checked out (a server restart) is an 'error' event on the client: the
    // query under way rejects with it; without a listener the event would end the process.
    const onError = (): void => undefined;
    client.on('error', onError);
    let active = true;
    let broken = false;
    try {
      await client.query('BEGIN');
      const reservedAtStart = [...this.reservedEntityIds];
      const tx = new TxClient(client, this.reservedEntityIds);
      const writer = this.writer(tx, () => active);
      try {
        // The concurrent-writer protocol, as SQLite's BEGIN IMMEDIATE: every write transaction
        // first takes this store's write lock, a transaction-level advisory lock keyed by the
        // schema (so stores in other schemas of one server do not wait for each other), released
        // by COMMIT or ROLLBACK, also when the connection dies. Holding it, the transaction's reads
        // (READ COMMITTED: each statement sees what is committed when it starts) see everything
        // other writers committed and nothing changes under them until this one commits. Each
        // commit bumps store_state.changes under the lock, so a writer whose corpus stages were
        // loaded at counter n and finds n + 1 after its own commit (writer.changeCount) knows nobody
        // else wrote in between; any other value makes the stages reload inside the transaction.
        // Analysis, the slow part, happens outside transactions, so the lock costs little.
        let pid: number | undefined;
        if (TRACE) {
          pid = (client as { backendPid?: number }).backendPid ??= (await client.query('SELECT pg_backend_pid() AS p')).rows[0].p as number;
        }
        if (options.beforeLock) await currentTx.run({ store: this, client: tx }, options.beforeLock);
        const tl = performance.now();
        const write = `SELECT pg_advisory_xact_lock(hashtext('saksi-write:' || current_schema()))`;
        const stories = `SELECT pg_advisory_xact_lock(hashtext('saksi-stories:' || current_schema()))`;
        await client.query(options.locks === 'write' ? write : options.locks === 'stories' ? stories : `${write}; ${stories}`);
        const t0 = TRACE ? { wall: performance.now(), cpu: threadCpuMs(), server: backendCpuMs(pid), wait: traceWaitMs } : undefined;
        if (t0) LOCKED.lockWaitMs += t0.wall - tl;
        const result = await currentTx.run({ store: this, client: tx }, () => fn(writer));
        if (tx.preinserted.size > 0) {
          // Inserted before the lock and not stored after all (an input named twice in the batch, …).
          tx.defer('DELETE FROM documents WHERE id = ANY($1::bigint[])', [[...tx.preinserted.values()]]);
          tx.preinserted.clear();
        }
        await tx.flush();
        // The counter and this transaction's row of the change log, in one statement (see changesSince).
        const t = tx.touched;
        if (options.locks !== 'stories') await client.query({
          name: statementName(COMMIT_CHANGES),
          text: COMMIT_CHANGES,
          values: [t.reset, [...t.entities], t.keyEntity, t.keyKind, t.keyKey, t.kbEntity, t.kbId, CHANGE_LOG_KEEP, t.linkDocument, t.linkEntity],
        });
        await client.query('COMMIT');
        if (t0) {
          LOCKED.n++;
          LOCKED.wallMs += performance.now() - t0.wall;
          LOCKED.jsCpuMs += threadCpuMs() - t0.cpu;
          LOCKED.serverCpuMs += backendCpuMs(pid) - t0.server;
          LOCKED.waitMs += traceWaitMs - t0.wait;
        }
        return result;
      } catch (err) {
        // The reserved entity ids as they were: those this transaction used are free again (its
        // rows are rolled back), and a block taken after a rolled-back sequence restart is void.
        this.reservedEntityIds.splice(0, this.reservedEntityIds.length, ...reservedAtStart);
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // the connection is gone; do not hand it out again
        }
        throw err;
      }
    } finally {
      active = false;
      client.off('error', onError);
      client.release(broken);
    }
  }

  private writer(client: TxClient, isActive: () => boolean): StoreWriter {
    const check = (): void => {
      if (!isActive()) throw new Error('a StoreWriter was used after its transaction ended');
    };
    const q = (sql: string, params: unknown[] = []) => client.query(sql, params);
    /** Whether the failures table has rows (known after `changeCount`). */
    let failures: boolean | undefined;
    return {
      ...pgStoryWriter(
        async (sql, params = []) => (await client.query(sql, params)).rows as Row[],
        check,
        this.storyFeatures,
        async (sql, params) => client.defer(sql, params),
      ),
      read: this.readView(),
      changeCount: async () => {
        check();
        // Whether any failure is recorded comes along: while none is, clearFailure has nothing to do
        // (no other writer records one while this transaction holds the write lock).
        const row = (await q('SELECT changes, EXISTS (SELECT 1 FROM failures) AS failures FROM store_state WHERE id = 1')).rows[0];
        failures = row.failures as boolean;
        return row.changes as number;
      },
      addBandKeys: async (documentId, keys) => {
        check();
        if (keys.length === 0) return;
        keys.forEach((key, band) => {
          const bucket = client.bands.get(`${band}:${key}`);
          if (!bucket || bucket.includes(documentId)) return;
          if (bucket.length >= LSH_BUCKET && documentId > bucket[bucket.length - 1]!) return;
          let at = bucket.length;
          while (at > 0 && bucket[at - 1]! > documentId) at--;
          bucket.splice(at, 0, documentId);
          if (bucket.length > LSH_BUCKET) bucket.pop();
        });
        client.defer(
          `INSERT INTO lsh_bands (band, key, document_id) SELECT b - 1, k, $2 FROM unnest($1::bigint[]) WITH ORDINALITY AS x(k, b) ON CONFLICT DO NOTHING`,
          [[...keys], documentId],
        );
      },
      bandsDone: async () => {
        check();
        await q('UPDATE store_state SET bands_pending = false WHERE id = 1');
      },
      addEntityKeys: async (entityId, keys) => {
        check();
        client.addEntityKeys(entityId, keys);
      },
      namesDone: async () => {
        check();
        await q('UPDATE store_state SET names_pending = false WHERE id = 1');
      },
      clearDerived: async (parts) => {
        check();
        // DELETE, not TRUNCATE: readers keep seeing the old rows until the rebuild commits
        // (TRUNCATE would lock them out). Children before parents (foreign keys).
        for (const t of derivedTables(parts)) await q(`DELETE FROM ${t}`);
        client.bands.clear();
        client.signatures.clear();
        if (parts.nearDuplicates) await q('UPDATE store_state SET bands_pending = false WHERE id = 1');
        if (parts.entities) {
          client.touched.reset = true;
          client.dropReserved();
          await q('UPDATE store_state SET names_pending = false WHERE id = 1');
          // Entity ids start from 1 again, as on SQLite. ALTER SEQUENCE … RESTART is transactional
          // (a rolled-back rebuild leaves the sequence as it was), unlike setval.
          for (const [table, column] of [['entities', 'id'], ['mentions', 'id'], ['evidence', 'id'], ['entity_keys', 'seq']] as const) {
            const seq = (await q('SELECT pg_get_serial_sequence($1, $2) AS s', [table, column])).rows[0]?.s as string | null;
            if (seq) await q(`ALTER SEQUENCE ${seq} RESTART WITH 1`);
          }
        }
      },
      addDocument: async (doc) => {
        check();
        return this.addDocument(client, doc);
      },
      addDuplicateKey: async (key, rawHash, documentId) => {
        check();
        client.sources.delete(key); // read again if asked (the kind it ends with depends on the row)
        await q(
          `INSERT INTO sources (key, raw_hash, document_id, kind) VALUES ($1, $2, $3, 'exact-duplicate')
           ON CONFLICT (key) DO UPDATE SET raw_hash = excluded.raw_hash, document_id = excluded.document_id,
             kind = CASE WHEN sources.kind = 'document' AND sources.document_id = excluded.document_id THEN 'document' ELSE excluded.kind END`,
          [noNul(key, 'source key'), rawHash, documentId],
        );
      },
      createEntity: async (entity) => {
        check();
        return this.createEntity(client, entity);
      },
      addEntityLinks: async (documentId, links) => {
        check();
        if (links.length === 0) return;
        // No row locks needed: the transaction holds the store's write lock (see `transaction`),
        // so no other writer touches these entities' counters until it commits.
        await this.addEntityLinksAt(client, documentId, links);
      },
      addClaims: async (documentId, claims) => {
        check();
        if (claims.length === 0) return;
        await this.addClaims(client, documentId, claims);
      },
      linkCopy: async (documentId, targetId, similarity) => {
        check();
        if (documentId === targetId) throw new Error(`a document cannot be a copy of itself (${documentId})`);
        const known = client.signatures.get(documentId);
        if (known) client.signatures.set(documentId, { ...known, copyOf: targetId });
        // Nothing needs its answer: held back (TxClient.defer), as the other writes.
        client.defer(
          `INSERT INTO relations (document_id, kind, target_id, score) VALUES ($1, 'copy-of', $2, $3)
           ON CONFLICT (document_id, kind) DO UPDATE SET target_id = excluded.target_id, score = excluded.score`,
          [documentId, targetId, similarity],
        );
      },
      recordFailure: async (f: FailureRecord) => {
        check();
        failures = true;
        await q(
          `INSERT INTO failures (key, origin, code, message, at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (key) DO UPDATE SET origin = excluded.origin, code = excluded.code, message = excluded.message
           WHERE failures.code <> excluded.code OR failures.message <> excluded.message OR failures.origin <> excluded.origin`,
          [noNul(f.key, 'failure key'), f.origin.replace(/\u0000/g, ''), f.code, f.message.replace(/\u0000/g, ''), new Date().toISOString()],
        );
      },
      clearFailure: async (key) => {
        check();
        if (failures === false) return;
        client.defer('DELETE FROM failures WHERE key = $1', [key]);
      },
    };
  }

  private async addDocument(client: TxClient, doc: NewDocument): Promise<{ id: DocId; created: boolean }> {
    const pre = client.preinserted.get(doc.contentHash);
    if (pre !== undefined) {
      // Its row was written before the lock (preinsertDocuments): only its source key now.
      client.preinserted.delete(doc.contentHash);
      noNul(doc.sourceKey, 'source key');
      client.defer(
        `INSERT INTO sources (key, raw_hash, document_id, kind) VALUES ($1, $2, $3, 'document')
         ON CONFLICT (key) DO UPDATE SET raw_hash = excluded.raw_hash, document_id = excluded.document_id, kind = excluded.kind`,
        [doc.sourceKey, doc.rawHash, pre],
      );
      client.hashes.set(doc.contentHash, pre);
      client.signatures.set(pre, signatureOf(pre, doc));
      if (client.sources.has(doc.sourceKey)) client.sources.set(doc.sourceKey, { key: doc.sourceKey, rawHash: doc.rawHash, documentId: pre, kind: 'document' });
      return { id: pre, created: true };
    }
    // ON CONFLICT: the text may be stored already (then it is reported as there), or being stored by
    // another writer at this moment (then this one waits for its commit, then finds it). The
    // document and its source key in one statement: one round trip.
    const inserted = await client.query(
      `WITH d AS (
         INSERT INTO documents (source_key, content_hash, title, url, source, author, published, published_date,
           language, origin, format, text, analysis, signature, ingested_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT (content_hash) DO NOTHING RETURNING id
       ), s AS (
         INSERT INTO sources (key, raw_hash, document_id, kind) SELECT $1, $16, id, 'document' FROM d
         ON CONFLICT (key) DO UPDATE SET raw_hash = excluded.raw_hash, document_id = excluded.document_id, kind = excluded.kind
       )
       SELECT id FROM d`,
      this.documentValues(doc),
    );
    if (inserted.rows.length === 0) {
      const row = await client.query('SELECT id FROM documents WHERE content_hash = $1', [doc.contentHash]);
      if (client.hashes.has(doc.contentHash)) client.hashes.set(doc.contentHash, row.rows[0].id as number);
      return { id: row.rows[0].id as number, created: false };
    }
    const id = inserted.rows[0].id as number;
    if (client.signatures.size > 0) client.signatures.set(id, signatureOf(id, doc));
    if (client.hashes.has(doc.contentHash)) client.hashes.set(doc.contentHash, id);
    if (client.sources.has(doc.sourceKey)) client.sources.set(doc.sourceKey, { key: doc.sourceKey, rawHash: doc.rawHash, documentId: id, kind: 'document' });
    return { id, created: true };
  }

  /** The values of a document's INSERT ($1 … $16): the shared columns, then the raw hash. */
  private documentValues(doc: NewDocument): unknown[] {
    noNul(doc.sourceKey, 'source key');
    noNul(doc.text, `the text of ${doc.sourceKey}`);
    return [...documentColumnValues(doc), doc.rawHash];
  }

  private async createEntity(client: TxClient, entity: NewEntity): Promise<EntityId> {
    if (entity.kb === undefined) return client.createEntity(entity.type, entity.name);
    // A KB entity is one row per KB id however many writers create it at once (unique kb + ON
    // CONFLICT): when it exists, its id is returned. With its canonical name, findable even
    // before (or without) being seen in a text (an alias seen 0 times), in one statement.
    const id = await client.nextEntityId();
    const r = await client.query(
      `WITH ins AS (
         INSERT INTO entities (id, type, name, kb) VALUES ($5, $1, $2, $3) ON CONFLICT (kb) DO NOTHING RETURNING id
       ), alias AS (
         INSERT INTO entity_aliases (entity_id, alias, folded, count) SELECT id, $2, $4, 0 FROM ins ON CONFLICT DO NOTHING
       )
       SELECT id FROM ins`,
      [entity.type, entity.name, entity.kb, foldAlias(entity.name), id],
    );
    if (r.rows.length > 0) {
      client.touched.entities.add(id);
      client.touched.kbEntity.push(id);
      client.touched.kbId.push(entity.kb);
      return id;
    }
    client.giveBack(id);
    return (await client.query('SELECT id FROM entities WHERE kb = $1', [entity.kb])).rows[0].id as number;
  }

  /**
   * A document's entity links, one statement per table for all of them (arrays and `unnest`):
   * a round trip costs more than the row. The same rows as linking them one by one: counts that
   * several links add to one row (two document entities resolved to one corpus entity) are
   * summed here first, as an upsert may touch a row only once per statement; new alias and
   * evidence rows are inserted in the order the links name them.
   */
  private async addEntityLinksAt(client: TxClient, documentId: DocId, links: readonly EntityLink[]): Promise<void> {
    const docEntities = links.map((l) => l.docEntity);
    const twice = docEntities.find((d, i) => docEntities.indexOf(d) !== i);
    if (twice !== undefined) throw new Error(`document ${documentId} entity ${twice} is already linked`);
    const mentions = links.flatMap((l) => l.mentions.map((m) => ({ l, m })));
    // Aliases: per link, each surface seen (at least once) and each mention's text counted; summed per (entity, alias).
    const aliases = new Map<string, { entity: number; alias: string; count: number }>();
    const roles = new Map<string, { entity: number; role: string; count: number }>();
    const evidence = new Map<string, { entity: number; e: MergeEvidence; docEntity: string; surface: string; count: number }>();
    const counters = new Map<number, number>();
    for (const link of links) {
      const surfaceCounts = new Map<string, number>();
      for (const s of link.surfaces) surfaceCounts.set(s, 0);
      for (const m of link.mentions) surfaceCounts.set(m.text, (surfaceCounts.get(m.text) ?? 0) + 1);
      for (const [alias, c] of surfaceCounts) {
        if (alias.trim() === '') continue;
        const key = `${link.entity}\u0000${alias}`;
        const a = aliases.get(key);
        if (a) a.count += Math.max(1, c);
        else aliases.set(key, { entity: link.entity, alias, count: Math.max(1, c) });
      }
      for (const role of new Set(link.roles)) {
        if (role.trim() === '') continue;
        const key = `${link.entity}\u0000${role}`;
        const r = roles.get(key);
        if (r) r.count++;
        else roles.set(key, { entity: link.entity, role, count: 1 });
      }
      // Each distinct reason is kept once per entity, with how often it applied and where first.
      for (const e of link.evidence) {
        const key = `${link.entity}\u0000${e.method}\u0000${e.detail}`;
        const x = evidence.get(key);
        if (x) x.count++;
        else evidence.set(key, { entity: link.entity, e, docEntity: link.docEntity, surface: link.name, count: 1 });
      }
      counters.set(link.entity, (counters.get(link.entity) ?? 0) + link.mentions.length);
    }
    for (const id of new Set(links.map((l) => l.entity))) {
      client.touched.entities.add(id);
      client.touched.linkDocument.push(documentId);
      client.touched.linkEntity.push(id);
    }
    const al = [...aliases.values()];
    const ro = [...roles.values()];
    const ev = [...evidence.values()];
    const co = [...counters];
    // One statement. Its parts all read the store as it was before the statement, so the
    // documents counter goes up for the entities this document did not name before this call:
    // the document's own entity links read once (IN: one hashed subplan), not each entity's
    // links (EXISTS per entity: its plan scanned the entity's index, every document it is in).
    client.defer(
      `WITH de AS (
         INSERT INTO document_entities (document_id, doc_entity, entity_id, name, type, mention_count, evidence)
         SELECT $1, de, e, n, t, m, ev FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::int[], $7::text[]) WITH ORDINALITY AS x(de, e, n, t, m, ev, o)
         ORDER BY o ON CONFLICT (document_id, doc_entity) DO NOTHING RETURNING doc_entity
       ), mention AS (
         INSERT INTO mentions (document_id, entity_id, doc_entity, span_start, span_end, text)
         SELECT $1, e, de, s, en, t FROM unnest($8::bigint[], $9::text[], $10::int[], $11::int[], $12::text[]) WITH ORDINALITY AS m(e, de, s, en, t, n) ORDER BY n
       ), alias AS (
         INSERT INTO entity_aliases (entity_id, alias, folded, count)
         SELECT e, a, f, c FROM unnest($13::bigint[], $14::text[], $15::text[], $16::bigint[]) AS x(e, a, f, c)
         ON CONFLICT (entity_id, alias) DO UPDATE SET count = entity_aliases.count + excluded.count
       ), role AS (
         INSERT INTO entity_roles (entity_id, role, count) SELECT e, r, c FROM unnest($17::bigint[], $18::text[], $19::bigint[]) AS x(e, r, c)
         ON CONFLICT (entity_id, role) DO UPDATE SET count = entity_roles.count + excluded.count
       ), reason AS (
         INSERT INTO evidence (entity_id, method, detail, score, count, document_id, doc_entity, surface)
         SELECT e, m, d, s, c, $1, de, su FROM unnest($20::bigint[], $21::text[], $22::text[], $23::float8[], $24::bigint[], $25::text[], $26::text[]) WITH ORDINALITY AS x(e, m, d, s, c, de, su, n)
         ORDER BY n
         ON CONFLICT (entity_id, method, detail) DO UPDATE SET count = evidence.count + excluded.count
       ), counter AS (
         UPDATE entities SET mentions = entities.mentions + x.m,
           documents = entities.documents + CASE WHEN x.id IN (SELECT o.entity_id FROM document_entities o WHERE o.document_id = $1) THEN 0 ELSE 1 END
         FROM unnest($27::bigint[], $28::bigint[]) AS x(id, m) WHERE entities.id = x.id
       )
       SELECT doc_entity FROM de`,
      [
        documentId,
        docEntities,
        links.map((l) => l.entity),
        links.map((l) => l.name),
        links.map((l) => l.type),
        links.map((l) => l.mentions.length),
        links.map((l) => JSON.stringify(l.evidence)),
        mentions.map((x) => x.l.entity),
        mentions.map((x) => x.l.docEntity),
        mentions.map((x) => x.m.start),
        mentions.map((x) => x.m.end),
        mentions.map((x) => x.m.text),
        al.map((a) => a.entity),
        al.map((a) => a.alias),
        al.map((a) => foldAlias(a.alias)),
        al.map((a) => a.count),
        ro.map((x) => x.entity),
        ro.map((x) => x.role),
        ro.map((x) => x.count),
        ev.map((x) => x.entity),
        ev.map((x) => x.e.method),
        ev.map((x) => x.e.detail),
        ev.map((x) => x.e.score ?? null),
        ev.map((x) => x.count),
        ev.map((x) => x.docEntity),
        ev.map((x) => x.surface),
        co.map(([id]) => id),
        co.map(([, m]) => m),
      ],
      (r) => {
        if ((r.rowCount ?? 0) >= links.length) return;
        // Linked before: the transaction is to roll back (as on SQLite, where this throws at once).
        const done = new Set(r.rows.map((x) => x.doc_entity as string));
        const first = links.find((l) => !done.has(l.docEntity))!;
        throw new Error(`document ${documentId} entity ${first.docEntity} is already linked`);
      },
    );
  }

  private async addClaims(client: TxClient, documentId: DocId, claims: readonly NewClaim[]): Promise<void> {
    const entity: number[] = [];
    const role: string[] = [];
    const claimId: string[] = [];
    for (const c of claims) {
      for (const e of c.speakers) entity.push(e), role.push('speaker'), claimId.push(c.claimId);
      for (const e of c.about) entity.push(e), role.push('about'), claimId.push(c.claimId);
    }
    const qs = claims.flatMap((c) => (c.quantities ?? []).map((x, ord) => ({ c: c.claimId, ord, x })));
    const ds = claims.flatMap((c) => (c.dates ?? []).map((x, ord) => ({ c: c.claimId, ord, x })));
    // The claims, their people, quantities and dates: one statement, held back until the next (TxClient).
    client.defer(
      `WITH claim AS (
         INSERT INTO claims (document_id, claim_id, span_start, span_end, text, quote, stance, cue, target, speaker_text)
         SELECT $1, i, s, e, t, q, st, cu, ta, sp
         FROM unnest($2::text[], $3::int[], $4::int[], $5::text[], $6::boolean[], $7::text[], $8::text[], $9::text[], $10::text[])
           AS x(i, s, e, t, q, st, cu, ta, sp)
       ), person AS (
         INSERT INTO claim_entities (entity_id, role, document_id, claim_id)
         SELECT e, r, $1, c FROM unnest($11::bigint[], $12::text[], $13::text[]) AS x(e, r, c) ON CONFLICT DO NOTHING
       ), quantity AS (
         INSERT INTO claim_quantities (document_id, claim_id, ord, value, low, high, unit, kind, currency, span_start, span_end, text)
         SELECT $1, c, o, v, l, h, u, k, cu, s, e, t
         FROM unnest($14::text[], $15::int[], $16::float8[], $17::float8[], $18::float8[], $19::text[], $20::text[], $21::text[], $22::int[], $23::int[], $24::text[])
           AS x(c, o, v, l, h, u, k, cu, s, e, t)
       )
       INSERT INTO claim_dates (document_id, claim_id, ord, value, relative, span_start, span_end, text)
       SELECT $1, c, o, v, r, s, e, t FROM unnest($25::text[], $26::int[], $27::text[], $28::boolean[], $29::int[], $30::int[], $31::text[]) AS x(c, o, v, r, s, e, t)`,
      [
        documentId,
        claims.map((c) => c.claimId),
        claims.map((c) => c.start),
        claims.map((c) => c.end),
        claims.map((c) => c.text),
        claims.map((c) => c.quote),
        claims.map((c) => c.stance),
        claims.map((c) => c.cue ?? null),
        claims.map((c) => c.target ?? null),
        claims.map((c) => JSON.stringify(c.speakerText)),
        entity,
        role,
        claimId,
        qs.map((r) => r.c),
        qs.map((r) => r.ord),
        qs.map((r) => r.x.value ?? null),
        qs.map((r) => r.x.low ?? null),
        qs.map((r) => r.x.high ?? null),
        qs.map((r) => r.x.unit ?? null),
        qs.map((r) => r.x.kind ?? null),
        qs.map((r) => r.x.currency ?? null),
        qs.map((r) => r.x.start),
        qs.map((r) => r.x.end),
        qs.map((r) => r.x.text),
        ds.map((r) => r.c),
        ds.map((r) => r.ord),
        ds.map((r) => r.x.value),
        ds.map((r) => r.x.relative),
        ds.map((r) => r.x.start),
        ds.map((r) => r.x.end),
        ds.map((r) => r.x.text),
      ],
    );
  }

  /** The current transaction's connection, when called inside one of this store's transactions. */
  private txClient(): TxClient | undefined {
    const tx = currentTx.getStore();
    return tx && tx.store === this ? tx.client : undefined;
  }

  /**
   * Inside a write-locked transaction that stores documents without grouping them into stories:
   * marks them pending (held back like the other writes), to be grouped under the stories lock.
   */
  holdStoriesPending(ids: readonly DocId[]): void {
    const tx = this.txClient();
    if (!tx) throw new Error('holdStoriesPending: only inside a transaction');
    if (ids.length > 0) tx.defer('INSERT INTO story_pending (document_id) SELECT unnest($1::bigint[]) ON CONFLICT DO NOTHING', [[...ids]]);
  }

  /**
   * Inside a stories-locked transaction: takes (deletes and returns, by id) the pending documents
   * among `ids`, and those pending for more than `olderThanSeconds` (all of them with 0, none
   * with a negative age), whose writer died or is slow; whoever takes one groups it, in this transaction.
   */
  async takeStoriesPending(ids: readonly DocId[], olderThanSeconds: number): Promise<DocId[]> {
    const tx = this.txClient();
    if (!tx) throw new Error('takeStoriesPending: only inside a transaction');
    const r = await tx.query(
      `DELETE FROM story_pending WHERE document_id = ANY($1::bigint[]) OR ($2 >= 0 AND since <= now() - make_interval(secs => $2)) RETURNING document_id`,
      [[...ids], olderThanSeconds],
    );
    return r.rows.map((x) => Number(x.document_id)).sort((a, b) => a - b);
  }

  /** The documents waiting to be grouped into stories for more than `olderThanSeconds` (every one with 0), by id. */
  async pendingStories(olderThanSeconds = 0): Promise<DocId[]> {
    const found = await this.rows('SELECT document_id FROM story_pending WHERE since <= now() - make_interval(secs => $1) ORDER BY document_id', [olderThanSeconds]);
    return found.map((r) => Number(r['document_id']));
  }

  /**
   * Inside a transaction, BEFORE its write lock (`transaction`'s `beforeLock`): inserts the rows of
   * the batch's documents whose texts are not stored yet. A document row is what costs the server
   * most per statement under the lock otherwise (the tsvector of its text, its GIN and b-tree
   * entries, the TOASTed analysis; and on this side, sending ~17 KB), and nothing decides
   * anything from it: the stages see these documents as absent (`warm`) until `addDocument`
   * claims them under the lock and writes their source keys. One transaction still stores a
   * batch whole or not at all; other writers do not see the rows before COMMIT.
   *
   * - Ids: taken here, in batch order, for the texts not stored yet (so they follow commit order
   *   only per writer; what depends on ids, the undated copies' "earliest", `saksi rebuild`
   *   makes order-independent, as it does the rest).
   * - Concurrency: rows are inserted in content-hash order, ON CONFLICT DO NOTHING. A text
   *   another writer is inserting at the same moment makes this statement wait for that writer's
   *   COMMIT (then it is found stored: an exact duplicate) or ROLLBACK. No cycle: a writer waits
   *   for others' uncommitted texts only here, before the lock, and in one order (a writer holding
   *   the lock inserts no document row of its own, as all of its batch went through here).
   */
  async preinsertDocuments(docs: readonly NewDocument[]): Promise<void> {
    const tx = this.txClient();
    if (!tx) return;
    this.alive();
    const first = new Map<string, NewDocument>();
    for (const d of docs) if (!first.has(d.contentHash)) first.set(d.contentHash, d);
    if (first.size === 0) return;
    const present = await tx.query(`SELECT content_hash FROM documents WHERE content_hash = ANY($1::text[])`, [[...first.keys()]]);
    for (const r of present.rows) first.delete(r['content_hash'] as string);
    const list = [...first.values()];
    if (list.length === 0) return;
    // Ids for the texts not stored, in batch order (one that another writer stores meanwhile leaves a gap).
    const reserved = await tx.query(`SELECT nextval(pg_get_serial_sequence('documents', 'id'))::bigint AS id FROM generate_series(1, $1)`, [list.length]);
    const ids = reserved.rows.map((r) => Number(r['id']));
    // One row of parameters per text, not arrays: a text and its analysis (tens of KB) then go as
    // they are, not escaped into an array literal that the server parses back. In content-hash
    // order, as every writer inserts (their unique-index entries taken in one order).
    const rows = list.map((d, i) => {
      noNul(d.sourceKey, 'source key');
      noNul(d.text, `the text of ${d.sourceKey}`);
      return [ids[i], ...documentColumnValues(d)];
    });
    rows.sort((a, b) => ((a[2] as string) < (b[2] as string) ? -1 : (a[2] as string) > (b[2] as string) ? 1 : 0));
    const width = rows[0]!.length;
    // A statement takes at most 65,535 parameters.
    for (let at = 0; at < rows.length; at += PREINSERT_ROWS) {
      const part = rows.slice(at, at + PREINSERT_ROWS);
      const r = await tx.query(
        `INSERT INTO documents (id, source_key, content_hash, title, url, source, author, published, published_date,
           language, origin, format, text, analysis, signature, ingested_at)
         VALUES ${part.map((_, i) => `(${Array.from({ length: width }, (_, c) => `$${i * width + c + 1}`).join(', ')})`).join(', ')}
         ON CONFLICT (content_hash) DO NOTHING RETURNING id, content_hash`,
        part.flat(),
      );
      for (const row of r.rows) tx.preinserted.set(row['content_hash'] as string, Number(row['id']));
    }
  }

  /**
   * Inside a transaction: reads what the store holds for these source keys and content hashes in
   * one statement, so that `sourceState` and `documentByHash` answer them without a round trip
   * for the rest of the transaction (the queue worker calls it for each batch, under the write lock).
   */
  async warm(keys: readonly string[], hashes: readonly string[], bands: readonly (readonly number[])[] = []): Promise<void> {
    const tx = this.txClient();
    if (!tx) return;
    this.alive();
    // The batch's LSH buckets, each as nearDuplicateCandidates reads it (its first LSH_BUCKET documents).
    const bucketBand: number[] = [];
    const bucketKey: number[] = [];
    const bucketId: string[] = [];
    const seen = new Set<string>();
    for (const list of bands) {
      list.forEach((key, band) => {
        const id = `${band}:${key}`;
        if (seen.has(id)) return;
        seen.add(id);
        bucketBand.push(band);
        bucketKey.push(key);
        bucketId.push(id);
      });
    }
    // Texts inserted before the lock (preinsertDocuments) are absent to the stages and have their
    // ids. The others are stored already (or, rarely, were stored by a writer that rolled back
    // after this one's pre-insert: then addDocument inserts them, taking an id then). No ids are
    // reserved here any more: writers take them before the lock, so the sequence is no longer
    // the lock holder's to set back.
    hashes = hashes.filter((h) => !tx.preinserted.has(h));
    const [known, read] = await tx.queryAll([
      {
        text: `SELECT 's' AS t, key, raw_hash, document_id, kind FROM sources WHERE key = ANY($1::text[])
          UNION ALL SELECT 'h', content_hash, NULL, id, NULL FROM documents WHERE content_hash = ANY($2::text[])`,
        values: [[...keys], [...hashes]],
      },
      // The buckets ('b' rows), then the signature records of the documents in them ('s' rows):
      // what the near-duplicate stage compares each new document with (one round trip per
      // document otherwise). The buckets are looked up once for both. Signatures capped: a batch
      // whose buckets hold more reads them per document, as before.
      {
        text: `WITH b AS MATERIALIZED (
            SELECT x.band, x.key, l.document_id FROM unnest($1::int[], $2::bigint[]) AS x(band, key)
            CROSS JOIN LATERAL (SELECT document_id FROM lsh_bands WHERE band = x.band AND key = x.key ORDER BY document_id LIMIT $3) l
          )
          SELECT * FROM (
            SELECT 'b' AS t, band, key, document_id AS id, NULL AS published, NULL::bytea AS signature, NULL::bigint AS copy_of FROM b
            UNION ALL
            (SELECT 's', NULL, NULL, d.id, d.published, d.signature, ${COPY_OF} FROM documents d WHERE d.id IN (SELECT document_id FROM b) LIMIT $4)
          ) x`,
        values: [bucketBand, bucketKey, LSH_BUCKET, SIGNATURES_AHEAD + 1],
      },
    ]);
    const buckets = read!.rows.filter((r) => r['t'] === 'b');
    const sigs = read!.rows.filter((r) => r['t'] === 's');
    for (const k of keys) tx.sources.set(k, null);
    for (const h of hashes) tx.hashes.set(h, null);
    for (const h of tx.preinserted.keys()) tx.hashes.set(h, null);
    for (const r of known!.rows) {
      if (r['t'] === 's') {
        tx.sources.set(r['key'] as string, { key: r['key'] as string, rawHash: r['raw_hash'] as string, documentId: r['document_id'] as number, kind: r['kind'] as SourceState['kind'] });
      } else {
        tx.hashes.set(r['key'] as string, r['document_id'] as number);
      }
    }
    // Bucket lists by band, then key (numbers: no key string made for each of the thousands of rows).
    const byBand = new Map<number, Map<number, number[]>>();
    const lists: number[][] = [];
    bucketId.forEach((id, i) => {
      const list: number[] = [];
      lists.push(list);
      tx.bands.set(id, list);
      let keys = byBand.get(bucketBand[i]!);
      if (!keys) byBand.set(bucketBand[i]!, (keys = new Map()));
      keys.set(bucketKey[i]!, list);
    });
    for (const r of buckets) byBand.get(r['band'] as number)!.get(r['key'] as number)!.push(r['id'] as number);
    // Each bucket in document order, as nearDuplicateCandidates reads it (sorted here: a few ids
    // each, where the server sorted the batch's thousands of rows).
    for (const list of lists) list.sort((a, b) => a - b);
    if (sigs.length <= SIGNATURES_AHEAD) {
      const withSignature = new Set<number>();
      for (const r of sigs) {
        if (r['signature'] == null) continue;
        const rec = signatureRecord(r);
        tx.signatures.set(rec.id, rec);
        withSignature.add(rec.id);
      }
      // Documents in a bucket always have a signature; any other id read here is one without.
      for (const r of buckets) {
        const id = Number(r['id']);
        if (!withSignature.has(id)) tx.signatures.set(id, null);
      }
    }
  }

  /**
   * The change log after `version` (under the write lock: inside a transaction that holds it,
   * nothing is added meanwhile). A queue worker whose caches were current at `version` applies
   * it instead of reloading them; `complete` is false when rows are missing (pruned) or one
   * replaced the index (a rebuild): then it must reload.
   */
  async changesSince(version: number): Promise<IndexChanges> {
    this.alive();
    const rows = await this.rows(
      `SELECT s.changes AS now, c.version, c.reset, c.entities, c.key_entity, c.key_kind, c.key_key, c.kb_entity, c.kb_id, c.link_document, c.link_entity
       FROM store_state s LEFT JOIN store_changes c ON c.version > $1 AND c.version <= s.changes WHERE s.id = 1 ORDER BY c.version`,
      [version],
    );
    const now = rows[0]!['now'] as number;
    const out: IndexChanges = { now, complete: true, entities: new Set(), keys: [], kb: [], together: [] };
    const present = rows.filter((r) => r['version'] != null);
    // (A row from before migration 8 has no links: not enough to bring a cache up to date.)
    if (present.length !== now - version || present.some((r) => r['reset'] === true || r['link_document'] == null)) return { ...out, complete: false };
    for (const r of present) {
      for (const id of r['entities'] as string[]) out.entities.add(Number(id));
      const ke = r['key_entity'] as string[];
      const kk = r['key_kind'] as string[];
      const kv = r['key_key'] as string[];
      for (let i = 0; i < ke.length; i++) out.keys.push({ kind: kk[i]!, key: kv[i]!, entity: Number(ke[i]) });
      const be = r['kb_entity'] as string[];
      const bi = r['kb_id'] as string[];
      for (let i = 0; i < be.length; i++) out.kb.push({ kb: bi[i]!, entity: Number(be[i]) });
      const ld = r['link_document'] as string[];
      const le = r['link_entity'] as string[];
      const byDocument = new Map<string, number[]>();
      for (let i = 0; i < ld.length; i++) {
        let list = byDocument.get(ld[i]!);
        if (!list) byDocument.set(ld[i]!, (list = []));
        list.push(Number(le[i]));
      }
      out.together.push(...byDocument.values());
    }
    return out;
  }

  /** Inside a transaction: its row of the change log says it replaced the entity index (`saksi migrate` copying one in). */
  markIndexReplaced(): void {
    const tx = this.txClient();
    if (tx) tx.touched.reset = true;
  }

  /** The change counter, as committed now (outside a transaction: no lock). */
  async changeCount(): Promise<number> {
    this.alive();
    return (await this.row('SELECT changes FROM store_state WHERE id = 1'))!['changes'] as number;
  }

  async sourceState(key: string): Promise<SourceState | undefined> {
    this.alive();
    const known = this.txClient()?.sources.get(key);
    if (known !== undefined) return known ?? undefined;
    const row = await this.row('SELECT key, raw_hash, document_id, kind FROM sources WHERE key = $1', [key]);
    if (!row) return undefined;
    return { key: row['key'] as string, rawHash: row['raw_hash'] as string, documentId: row['document_id'] as number, kind: row['kind'] as SourceState['kind'] };
  }

  async documentByHash(contentHash: string): Promise<DocId | undefined> {
    this.alive();
    const known = this.txClient()?.hashes.get(contentHash);
    if (known !== undefined) return known ?? undefined;
    const row = await this.row('SELECT id FROM documents WHERE content_hash = $1', [contentHash]);
    return row?.['id'] as number | undefined;
  }

  async getDocument(id: DocId): Promise<StoredDocument | undefined> {
    this.alive();
    if (!Number.isSafeInteger(id)) return undefined;
    const row = await this.row(
      `SELECT d.id, d.source_key, d.content_hash, d.title, d.url, d.source, d.author, d.published, d.language, d.origin, d.format,
         d.text, d.ingested_at, r.target_id AS copy_of, r.score AS copy_score
       FROM documents d LEFT JOIN relations r ON r.document_id = d.id AND r.kind = 'copy-of' WHERE d.id = $1`,
      [id],
    );
    if (!row) return undefined;
    const copies = (await this.rows(`SELECT document_id FROM relations WHERE target_id = $1 AND kind = 'copy-of' ORDER BY document_id`, [id])).map(
      (r) => r['document_id'] as number,
    );
    const duplicateKeys = (await this.rows(`SELECT key FROM sources WHERE document_id = $1 AND kind = 'exact-duplicate' ORDER BY key`, [id])).map(
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
    if (!Number.isSafeInteger(id)) return undefined;
    const row = await this.row('SELECT text, analysis FROM documents WHERE id = $1', [id]);
    if (!row || row['analysis'] === null) return undefined;
    const parsed = JSON.parse(row['analysis'] as string) as Omit<Analysis, 'text'>;
    return { ...parsed, text: row['text'] as string } as Analysis;
  }

  async documentEntities(id: DocId): Promise<DocumentEntityLink[]> {
    this.alive();
    const rows = await this.rows(
      `SELECT de.doc_entity, de.entity_id, de.evidence, e.name FROM document_entities de JOIN entities e ON e.id = de.entity_id
       WHERE de.document_id = $1 ORDER BY length(de.doc_entity), de.doc_entity`,
      [id],
    );
    return rows.map((r) => ({
      docEntity: r['doc_entity'] as string,
      entity: r['entity_id'] as number,
      name: r['name'] as string,
      evidence: JSON.parse(r['evidence'] as string) as MergeEvidence[],
    }));
  }

  /** A read with sequential scans off (see `search`): in a read-only transaction of its own, or in the current one as it is. */
  private async indexedRead(sql: string, params: unknown[]): Promise<Row[]> {
    const tx = currentTx.getStore();
    if (tx && tx.store === this) return this.rows(sql, params);
    const client = await this.pool.connect();
    const onError = (): void => undefined;
    client.on('error', onError);
    let broken = false;
    try {
      await client.query('BEGIN READ ONLY; SET LOCAL enable_seqscan = off');
      try {
        const rows = (await client.query(sql, params)).rows as Row[];
        await client.query('COMMIT');
        return rows;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw err;
      }
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  async search(q: SearchQuery): Promise<SearchHit[]> {
    this.alive();
    const params: unknown[] = [];
    // saksi's own syntax, parsed as for SQLite (a SearchSyntaxError for the user), then translated.
    const query = tsqueryExpression(parseSearchQuery(q.query), FTS_CONFIG, params);
    const where: string[] = [];
    if (q.language) {
      params.push(q.language);
      where.push(`d.language = $${params.length}`);
    }
    if (q.since) {
      params.push(q.since);
      where.push(`d.published_date >= $${params.length}`);
    }
    if (q.until) {
      params.push(q.until);
      where.push(`d.published_date <= $${params.length}`);
    }
    if (q.source) {
      params.push(q.source);
      where.push(`lower(d.source) = lower($${params.length})`);
    }
    const limit = Math.max(1, Math.min(MAX_SEARCH_LIMIT, Math.floor(q.limit ?? DEFAULT_SEARCH_LIMIT)));
    params.push(limit);
    const opts = `'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', '`;
    // The plan, checked with EXPLAIN ANALYZE at 10,000 and 100,000 documents (docs/scale-out.md):
    // - the tsquery is written into the WHERE clause, not joined from a CTE, so that the planner
    //   sees `fts @@ <query>` and can take the GIN index;
    // - the matches come from the GIN index (a bitmap scan, which reads no tsvector), and at most
    //   RANK_CANDIDATES of them are ranked: the newest (highest ids). ts_rank reads each ranked
    //   row's tsvector (TOASTed, decompressed per row), the cost that grew with the corpus; a
    //   query matching more than that (a very common word) ranks the newest ones. `d.id + 0`
    //   keeps the planner from walking the primary key backwards and testing every row's
    //   tsvector instead;
    // - the planner does not count the cost of reading TOASTed tsvectors, and for a common word
    //   prefers a sequential scan that tests every row's: the statement runs with
    //   enable_seqscan off (SET LOCAL, in its own read-only transaction);
    // - ts_headline, which re-parses the whole text, runs on the returned hits only.
    params.push(RANK_CANDIDATES);
    const cap = `$${params.length}`;
    const sql = `WITH matched AS (
        SELECT d.id, d.fts FROM documents d WHERE ${[`d.fts @@ ${query}`, ...where].join(' AND ')}
        ORDER BY d.id + 0 DESC LIMIT ${cap}
      ),
      hits AS (
        SELECT m.id, ts_rank('${RANK_WEIGHTS}', m.fts, ${query}) AS rank
        FROM matched m ORDER BY rank DESC, m.id LIMIT $${params.length - 1}
      )
      SELECT d.id, d.title, d.url, d.source, d.published, d.language, r.target_id AS copy_of, h.rank,
        ts_headline('${FTS_CONFIG}', d.text, ${query}, ${opts} || '${HEADLINE_OPTIONS.replace(/'/g, "''")}') AS snip,
        CASE WHEN d.title IS NULL THEN NULL ELSE ts_headline('${FTS_CONFIG}', d.title, ${query}, ${opts} || 'HighlightAll=true') END AS title_hl
      FROM hits h JOIN documents d ON d.id = h.id
      LEFT JOIN relations r ON r.document_id = d.id AND r.kind = 'copy-of'
      ORDER BY h.rank DESC, d.id`;
    let rows: Row[];
    try {
      rows = await this.indexedRead(sql, params);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === '42601' || /tsquery/i.test((err as Error).message)) {
        // The translation binds every word, so this is a bug, not the user's doing.
        throw new SearchSyntaxError(`cannot search for ${JSON.stringify(q.query.slice(0, 80))} (please report this query)`, { cause: err });
      }
      throw err;
    }
    return rows.map((r) => ({
      id: r['id'] as number,
      ...pick(r, { title: 'title', url: 'url', source: 'source', published: 'published', language: 'language' }),
      score: r['rank'] as number,
      snippet: r['snip'] as string,
      ...(r['title'] != null ? { titleHighlighted: r['title_hl'] as string } : {}),
      ...(r['copy_of'] != null ? { copyOf: r['copy_of'] as number } : {}),
    }));
  }

  async listEntities(options: { type?: EntityType; top?: number } = {}): Promise<EntitySummary[]> {
    this.alive();
    const limit = Math.max(1, Math.floor(options.top ?? 50));
    const rows = options.type
      ? await this.rows('SELECT * FROM entities WHERE type = $1 ORDER BY mentions DESC, documents DESC, id LIMIT $2', [options.type, limit])
      : await this.rows('SELECT * FROM entities ORDER BY mentions DESC, documents DESC, id LIMIT $1', [limit]);
    return rows.map(toSummary);
  }

  async findEntities(name: string): Promise<EntitySummary[]> {
    this.alive();
    const folded = foldAlias(name);
    if (folded === '') return [];
    const rows = await this.rows(
      `SELECT e.*, MIN(CASE WHEN a.folded = $1 THEN 0 ELSE 1 END) AS exact
       FROM entity_aliases a JOIN entities e ON e.id = a.entity_id
       WHERE a.folded = $1 OR strpos(' ' || a.folded || ' ', ' ' || $1 || ' ') > 0
       GROUP BY e.id
       ORDER BY exact, e.mentions DESC, e.id
       LIMIT 50`,
      [folded],
    );
    return rows.map(toSummary);
  }

  async entityDetail(id: EntityId, options: { claimLimit?: number } = {}): Promise<EntityDetail | undefined> {
    this.alive();
    if (!Number.isSafeInteger(id)) return undefined;
    const row = await this.row('SELECT * FROM entities WHERE id = $1', [id]);
    if (!row) return undefined;
    const claimLimit = Math.max(0, Math.floor(options.claimLimit ?? 50));
    const bySource = (
      await this.rows(
        `SELECT COALESCE(d.source, 'unknown') COLLATE "C" AS source, SUM(de.mention_count) AS mentions, COUNT(DISTINCT d.id) AS documents
         FROM document_entities de JOIN documents d ON d.id = de.document_id WHERE de.entity_id = $1
         GROUP BY 1 ORDER BY mentions DESC, source`,
        [id],
      )
    ).map((r) => ({ source: r['source'] as string, mentions: r['mentions'] as number, documents: r['documents'] as number }));
    const byMonth = (
      await this.rows(
        `SELECT COALESCE(substr(d.published_date, 1, 7), 'unknown') COLLATE "C" AS month, SUM(de.mention_count) AS mentions, COUNT(DISTINCT d.id) AS documents
         FROM document_entities de JOIN documents d ON d.id = de.document_id WHERE de.entity_id = $1
         GROUP BY 1 ORDER BY month`,
        [id],
      )
    ).map((r) => ({ month: r['month'] as string, mentions: r['mentions'] as number, documents: r['documents'] as number }));
    const claims = async (role: 'speaker' | 'about'): Promise<ClaimRecord[]> => {
      // NULLS LAST: SQLite sorts undated claims after dated ones in descending order.
      const rows = await this.rows(
        `SELECT c.*, d.published, d.source, d.title FROM claim_entities ce
         JOIN claims c ON c.document_id = ce.document_id AND c.claim_id = ce.claim_id
         JOIN documents d ON d.id = c.document_id
         WHERE ce.entity_id = $1 AND ce.role = $2
           AND ($2 = 'speaker' OR NOT EXISTS (SELECT 1 FROM claim_entities s WHERE s.entity_id = ce.entity_id AND s.role = 'speaker'
                AND s.document_id = ce.document_id AND s.claim_id = ce.claim_id))
         ORDER BY d.published_date COLLATE "C" DESC NULLS LAST, c.document_id DESC, c.span_start LIMIT $3`,
        [id, role, claimLimit],
      );
      return this.claimRecords(rows);
    };
    const evidence = (await this.rows('SELECT * FROM evidence WHERE entity_id = $1 ORDER BY count DESC, id LIMIT 200', [id])).map(
      (r): EvidenceRecord => ({
        ...toEvidence(r),
        count: r['count'] as number,
        documentId: r['document_id'] as number,
        docEntity: r['doc_entity'] as string,
        surface: r['surface'] as string,
      }),
    );
    const record = await this.entityRows([row]);
    return { ...record[0]!, bySource, byMonth, claimsBy: await claims('speaker'), claimsAbout: await claims('about'), evidence };
  }

  /** Entity rows with their aliases and roles, fetched for the whole page at once. */
  private async entityRows(rows: Row[]): Promise<EntityRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r['id'] as number);
    const aliases = await this.rows('SELECT entity_id, alias, count FROM entity_aliases WHERE entity_id = ANY($1::bigint[]) ORDER BY entity_id, count DESC, alias', [ids]);
    const roles = await this.rows('SELECT entity_id, role, count FROM entity_roles WHERE entity_id = ANY($1::bigint[]) ORDER BY entity_id, count DESC, role', [ids]);
    const byEntity = <T>(list: Row[], map: (r: Row) => T): Map<number, T[]> => {
      const out = new Map<number, T[]>();
      for (const r of list) {
        const id = r['entity_id'] as number;
        let l = out.get(id);
        if (!l) out.set(id, (l = []));
        l.push(map(r));
      }
      return out;
    };
    const a = byEntity(aliases, (r) => ({ alias: r['alias'] as string, count: r['count'] as number }));
    const ro = byEntity(roles, (r) => ({ role: r['role'] as string, count: r['count'] as number }));
    return rows.map((r) => ({ ...toSummary(r), aliases: a.get(r['id'] as number) ?? [], roles: ro.get(r['id'] as number) ?? [] }));
  }

  private async claimRecords(rows: Row[]): Promise<ClaimRecord[]> {
    if (rows.length === 0) return [];
    const people = await this.rows(
      `SELECT ce.document_id, ce.claim_id, ce.entity_id, ce.role FROM claim_entities ce
       JOIN unnest($1::bigint[], $2::text[]) AS k(d, c) ON ce.document_id = k.d AND ce.claim_id = k.c
       ORDER BY ce.entity_id`,
      [rows.map((r) => r['document_id']), rows.map((r) => r['claim_id'])],
    );
    const links = new Map<string, Row[]>();
    for (const p of people) {
      const key = `${p['document_id'] as number}\u0000${p['claim_id'] as string}`;
      let l = links.get(key);
      if (!l) links.set(key, (l = []));
      l.push(p);
    }
    const keys = [rows.map((r) => r['document_id']), rows.map((r) => r['claim_id'])];
    const group = (list: Row[]): Map<string, Row[]> => {
      const out = new Map<string, Row[]>();
      for (const x of list) {
        const key = `${x['document_id'] as number}\u0000${x['claim_id'] as string}`;
        let l = out.get(key);
        if (!l) out.set(key, (l = []));
        l.push(x);
      }
      return out;
    };
    const quantities = group(
      await this.rows(
        `SELECT cq.* FROM claim_quantities cq JOIN unnest($1::bigint[], $2::text[]) AS k(d, c) ON cq.document_id = k.d AND cq.claim_id = k.c ORDER BY cq.ord`,
        keys,
      ),
    );
    const dates = group(
      await this.rows(`SELECT cd.* FROM claim_dates cd JOIN unnest($1::bigint[], $2::text[]) AS k(d, c) ON cd.document_id = k.d AND cd.claim_id = k.c ORDER BY cd.ord`, keys),
    );
    return rows.map((r) => {
      const key = `${r['document_id'] as number}\u0000${r['claim_id'] as string}`;
      const l = links.get(key) ?? [];
      const q = (quantities.get(key) ?? []).map((x): ClaimQuantity => {
        const out: Record<string, unknown> = {};
        for (const k of ['value', 'low', 'high', 'unit', 'kind', 'currency']) if (x[k] != null) out[k] = x[k];
        return { ...out, start: x['span_start'] as number, end: x['span_end'] as number, text: x['text'] as string };
      });
      const d = (dates.get(key) ?? []).map(
        (x): ClaimDate => ({ value: x['value'] as string, relative: x['relative'] === true, start: x['span_start'] as number, end: x['span_end'] as number, text: x['text'] as string }),
      );
      return {
        documentId: r['document_id'] as number,
        claimId: r['claim_id'] as string,
        text: r['text'] as string,
        start: r['span_start'] as number,
        end: r['span_end'] as number,
        quote: r['quote'] === true,
        stance: r['stance'] as Stance,
        ...pick(r, { cue: 'cue', target: 'target', published: 'published', source: 'source', title: 'title' }),
        speakerText: JSON.parse(r['speaker_text'] as string) as string[],
        speakers: l.filter((x) => x['role'] === 'speaker').map((x) => x['entity_id'] as number),
        about: l.filter((x) => x['role'] === 'about').map((x) => x['entity_id'] as number),
        quantities: q,
        dates: d,
      };
    });
  }

  async documentIdsInOrder(): Promise<DocId[]> {
    this.alive();
    const rows = await this.rows('SELECT id FROM documents ORDER BY published_date IS NULL, published_date COLLATE "C", content_hash COLLATE "C"');
    return rows.map((r) => r['id'] as number);
  }

  scan<K extends keyof ScanRows>(kind: K): AsyncIterable<ScanRows[K]> {
    this.alive();
    switch (kind) {
      case 'documents':
        return this.pages<DocumentRow>(
          `SELECT d.id, d.source_key, d.content_hash, d.title, d.url, d.source, d.author, d.published, d.language, d.origin, d.format,
             d.ingested_at, d.text, ${COPY_OF} AS copy_of
           FROM documents d
           WHERE d.id > $1 ORDER BY d.id LIMIT $2`,
          async (rows) =>
            rows.map((r) => ({
              id: r['id'] as number,
              sourceKey: r['source_key'] as string,
              contentHash: r['content_hash'] as string,
              ingestedAt: r['ingested_at'] as string,
              ...meta(r),
              ...(r['copy_of'] != null ? { copyOf: r['copy_of'] as number } : {}),
              text: r['text'] as string,
            })),
        ) as AsyncIterable<ScanRows[K]>;
      case 'entities':
        return this.pages<EntityRecord>('SELECT * FROM entities WHERE id > $1 ORDER BY id LIMIT $2', (rows) => this.entityRows(rows)) as AsyncIterable<ScanRows[K]>;
      case 'signatures':
        return this.pages<SignatureRecord>(
          `${SIGNATURE_ROWS}
           WHERE d.id > $1 AND d.signature IS NOT NULL ORDER BY d.id LIMIT $2`,
          async (rows) => rows.map(signatureRecord),
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

  /** Keyset pagination over an integer id: no cursor or transaction stays open between pages. */
  private async *pages<T>(sql: string, map: (rows: Row[]) => Promise<T[]>): AsyncGenerator<T> {
    let after = 0;
    for (;;) {
      this.alive();
      const rows = await this.rows(sql, [after, SCAN_PAGE_SIZE]);
      if (rows.length === 0) return;
      const mapped = await map(rows);
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
      const rows = await this.rows(
        `SELECT c.*, d.published, d.source, d.title FROM claims c JOIN documents d ON d.id = c.document_id
         WHERE (c.document_id, c.claim_id) > ($1, $2) ORDER BY c.document_id, c.claim_id LIMIT $3`,
        [afterDoc, afterClaim, SCAN_PAGE_SIZE],
      );
      if (rows.length === 0) return;
      const last = rows[rows.length - 1]!;
      afterDoc = last['document_id'] as number;
      afterClaim = last['claim_id'] as string;
      for (const c of await this.claimRecords(rows)) yield c;
      if (rows.length < SCAN_PAGE_SIZE) return;
    }
  }

  private async *linkPages(): AsyncGenerator<LinkRecord> {
    let afterDoc = 0;
    let afterEntity = '';
    for (;;) {
      this.alive();
      const rows = await this.rows(
        `SELECT document_id, doc_entity, entity_id FROM document_entities
         WHERE (document_id, doc_entity) > ($1, $2) ORDER BY document_id, doc_entity LIMIT $3`,
        [afterDoc, afterEntity, SCAN_PAGE_SIZE],
      );
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
      const rows = await this.rows('SELECT * FROM failures WHERE key > $1 ORDER BY key LIMIT $2', [after, SCAN_PAGE_SIZE]);
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!['key'] as string;
      for (const r of rows) {
        yield { key: r['key'] as string, origin: r['origin'] as string, code: r['code'] as string, message: r['message'] as string, at: r['at'] as string };
      }
      if (rows.length < SCAN_PAGE_SIZE) return;
    }
  }

  private readView(): StoreReader {
    // The store's own methods: inside a transaction they run on its client (AsyncLocalStorage).
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

  async nearDuplicateCandidates(keys: readonly number[], perBand: number): Promise<DocId[]> {
    this.alive();
    if (keys.length === 0) return [];
    const tx = this.txClient();
    const n = Math.max(0, Math.floor(perBand));
    if (tx && tx.bands.size > 0 && n <= LSH_BUCKET) {
      // The buckets read ahead for the batch (warm), when they hold all of these.
      const buckets = keys.map((key, band) => tx.bands.get(`${band}:${key}`));
      if (buckets.every((b) => b !== undefined)) {
        const out = new Set<DocId>();
        for (const b of buckets) for (const id of b!.slice(0, n)) out.add(id);
        return [...out];
      }
    }
    // Per band: the first `perBand` documents by id; bands in order, each document once (first band wins).
    const rows = await this.rows(
      `SELECT x.band, l.document_id FROM unnest($1::bigint[]) WITH ORDINALITY AS x(key, band)
       CROSS JOIN LATERAL (SELECT document_id FROM lsh_bands WHERE band = x.band - 1 AND key = x.key ORDER BY document_id LIMIT $2) l
       ORDER BY x.band, l.document_id`,
      [[...keys], Math.max(0, Math.floor(perBand))],
    );
    return [...new Set(rows.map((r) => r['document_id'] as number))];
  }

  async signatures(ids: readonly DocId[]): Promise<SignatureRecord[]> {
    this.alive();
    if (ids.length === 0) return [];
    const tx = this.txClient();
    if (tx && tx.signatures.size > 0 && ids.every((id) => tx.signatures.has(id))) {
      // Read ahead for the batch (warm), kept current by this transaction.
      const out: SignatureRecord[] = [];
      for (const id of ids) {
        const r = tx.signatures.get(id);
        if (r) out.push(r);
      }
      return out;
    }
    const rows = await this.rows(
      `${SIGNATURE_ROWS} WHERE d.id = ANY($1::bigint[]) AND d.signature IS NOT NULL`,
      [ids.filter((id) => Number.isSafeInteger(id))],
    );
    const byId = new Map(rows.map((r) => [r['id'] as number, r]));
    const out: SignatureRecord[] = [];
    for (const id of ids) {
      const r = byId.get(id);
      if (r) out.push(signatureRecord(r));
    }
    return out;
  }

  async copiesOf(id: DocId): Promise<DocId[]> {
    this.alive();
    return (await this.rows(`SELECT document_id FROM relations WHERE target_id = $1 AND kind = 'copy-of' ORDER BY document_id`, [id])).map((r) => r['document_id'] as number);
  }

  async cooccurring(id: EntityId, others: readonly EntityId[]): Promise<EntityId[]> {
    this.alive();
    const candidates = [...new Set(others)].filter((o) => o !== id);
    if (candidates.length === 0) return [];
    const rows = await this.rows(
      `SELECT DISTINCT b.entity_id FROM document_entities a JOIN document_entities b ON b.document_id = a.document_id
       WHERE a.entity_id = $1 AND b.entity_id = ANY($2::bigint[])`,
      [id, candidates],
    );
    const found = new Set(rows.map((r) => r['entity_id'] as number));
    return candidates.filter((o) => found.has(o));
  }

  async entitiesByKey(kind: string, keys: readonly string[]): Promise<Map<string, EntityId[]>> {
    this.alive();
    const out = new Map<string, EntityId[]>();
    const unique = [...new Set(keys)];
    for (const k of unique) out.set(k, []);
    if (unique.length === 0) return out;
    const rows = await this.rows('SELECT key, entity_id FROM entity_keys WHERE kind = $1 AND key = ANY($2::text[]) ORDER BY seq', [kind, unique]);
    for (const r of rows) out.get(r['key'] as string)!.push(r['entity_id'] as number);
    return out;
  }

  async keysOfEntities(kind: string, ids: readonly EntityId[]): Promise<Map<EntityId, string[]>> {
    this.alive();
    const out = new Map<EntityId, string[]>();
    const unique = [...new Set(ids)];
    for (const id of unique) out.set(id, []);
    if (unique.length === 0) return out;
    // One index probe per entity (OFFSET 0 keeps the subquery apart): without statistics (a young
    // store, autovacuum off) the planner chose, from a hundred ids or so, to read every key of the
    // kind and filter, which grows with the corpus (1.1 ms for 100 ids among 4,895 name keys).
    const rows = await this.rows(
      `SELECT k.entity_id, k.key FROM unnest($2::bigint[]) AS x(id)
       CROSS JOIN LATERAL (SELECT entity_id, key, seq FROM entity_keys WHERE entity_id = x.id AND kind = $1 OFFSET 0) k ORDER BY k.seq`,
      [kind, unique],
    );
    for (const r of rows) out.get(r['entity_id'] as number)!.push(r['key'] as string);
    return out;
  }

  async entitiesByKb(kbIds: readonly string[]): Promise<Map<string, EntityId>> {
    this.alive();
    const out = new Map<string, EntityId>();
    if (kbIds.length === 0) return out;
    const rows = await this.rows('SELECT kb, id FROM entities WHERE kb = ANY($1::text[])', [[...new Set(kbIds)]]);
    const byKb = new Map(rows.map((r) => [r['kb'] as string, r['id'] as number]));
    for (const kb of kbIds) {
      const id = byKb.get(kb);
      if (id !== undefined) out.set(kb, id);
    }
    return out;
  }

  async entityRecords(ids: readonly EntityId[]): Promise<EntityRecord[]> {
    this.alive();
    if (ids.length === 0) return [];
    // The entities with their aliases and roles in one statement (the resolver asks for a few at a time, often).
    const rows = await this.rows(
      `SELECT e.*,
         (SELECT coalesce(json_agg(json_build_object('alias', a.alias, 'count', a.count) ORDER BY a.count DESC, a.alias), '[]') FROM entity_aliases a WHERE a.entity_id = e.id) AS alias_list,
         (SELECT coalesce(json_agg(json_build_object('role', r.role, 'count', r.count) ORDER BY r.count DESC, r.role), '[]') FROM entity_roles r WHERE r.entity_id = e.id) AS role_list
       FROM entities e WHERE e.id = ANY($1::bigint[])`,
      [ids.filter((id) => Number.isSafeInteger(id))],
    );
    const byId = new Map(rows.map((r) => [r['id'] as number, r]));
    const out: EntityRecord[] = [];
    for (const id of ids) {
      const r = byId.get(id);
      if (r) out.push({ ...toSummary(r), aliases: r['alias_list'] as EntityRecord['aliases'], roles: r['role_list'] as EntityRecord['roles'] });
    }
    return out;
  }

  async namesPending(): Promise<boolean> {
    this.alive();
    return (await this.row('SELECT names_pending FROM store_state WHERE id = 1'))!['names_pending'] === true;
  }

  async bandsPending(): Promise<boolean> {
    this.alive();
    return (await this.row('SELECT bands_pending FROM store_state WHERE id = 1'))!['bands_pending'] === true;
  }

  async listDocuments(q: DocumentListQuery = {}): Promise<{ total: number; items: DocumentSummary[] }> {
    this.alive();
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.language) {
      params.push(q.language);
      where.push(`d.language = $${params.length}`);
    }
    if (q.source) {
      params.push(q.source);
      where.push(`lower(d.source) = lower($${params.length})`);
    }
    if (q.since) {
      params.push(q.since);
      where.push(`d.published_date >= $${params.length}`);
    }
    if (q.until) {
      params.push(q.until);
      where.push(`d.published_date <= $${params.length}`);
    }
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total = (await this.row(`SELECT count(*) AS n FROM documents d ${filter}`, params))!['n'] as number;
    const limit = Math.max(1, Math.min(1000, Math.floor(q.limit ?? 20)));
    const offset = Math.max(0, Math.floor(q.offset ?? 0));
    const rows = await this.rows(
      `SELECT d.id, d.title, d.url, d.source, d.author, d.published, d.language, d.origin, d.format, d.ingested_at, length(d.text) AS len,
         ${COPY_OF} AS copy_of
       FROM documents d
       ${filter} ORDER BY d.published_date IS NULL, d.published_date COLLATE "C" DESC, d.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
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

  // --- stories (issue 9): the read side, in stories.ts ---
  private readonly storyReader = pgStoryReader(
    (sql, params = []) => this.rows(sql, params),
    () => this.alive(),
  );
  listStories: StoryReader['listStories'] = (q) => this.storyReader.listStories(q);
  getStory: StoryReader['getStory'] = (id) => this.storyReader.getStory(id);
  storyDocuments: StoryReader['storyDocuments'] = (id) => this.storyReader.storyDocuments(id);
  storyEdges: StoryReader['storyEdges'] = (id) => this.storyReader.storyEdges(id);
  storyOfDocument: StoryReader['storyOfDocument'] = (id) => this.storyReader.storyOfDocument(id);
  storyAssignments: StoryReader['storyAssignments'] = () => this.storyReader.storyAssignments();
  sourceKeys: StoryReader['sourceKeys'] = () => this.storyReader.sourceKeys();

  async stats(): Promise<StoreStats> {
    this.alive();
    const row = (await this.row(
      `SELECT (SELECT COUNT(*) FROM documents) AS documents,
         (SELECT COUNT(*) FROM sources WHERE kind = 'exact-duplicate') AS exact_duplicate_keys,
         (SELECT COUNT(*) FROM relations WHERE kind = 'copy-of') AS near_duplicates,
         (SELECT COUNT(*) FROM entities) AS entities,
         (SELECT COUNT(*) FROM mentions) AS mentions,
         (SELECT COUNT(*) FROM claims) AS claims,
         (SELECT COUNT(*) FROM failures) AS failures`,
    ))!;
    return {
      documents: row['documents'] as number,
      exactDuplicateKeys: row['exact_duplicate_keys'] as number,
      nearDuplicates: row['near_duplicates'] as number,
      entities: row['entities'] as number,
      mentions: row['mentions'] as number,
      claims: row['claims'] as number,
      failures: row['failures'] as number,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/** Texts per INSERT when pre-inserting a batch (16 parameters each). */
const PREINSERT_ROWS = 1000;

/**
 * A document's copy-of link (of `documents d`), by its primary key for each row read. As a LEFT
 * JOIN under a LIMIT, the planner read every copy-of row for each page or batch (a nested loop
 * over them, or a hash of them all): a batch's signature read-ahead took 40 ms rather than 19 ms
 * with 1,972 documents, and that work grows with the corpus.
 */
const COPY_OF = `(SELECT r.target_id FROM relations r WHERE r.document_id = d.id AND r.kind = 'copy-of')`;

/** The rows `signatureRecord` reads: documents with their copy-of link (add a WHERE). */
const SIGNATURE_ROWS = `SELECT d.id, d.published, d.signature, ${COPY_OF} AS copy_of FROM documents d`;

function signatureRecord(r: Row): SignatureRecord {
  return {
    id: r['id'] as number,
    signature: toSignature(r['signature'])!,
    ...(r['published'] != null ? { published: r['published'] as string } : {}),
    ...(r['copy_of'] != null ? { copyOf: r['copy_of'] as number } : {}),
  };
}
