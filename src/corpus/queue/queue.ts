/**
 * The ingest job queue, on PostgreSQL itself (pg-boss 10): one service to run, and a job's result
 * is committed in the same transaction as its completion (see consumer.ts), so a job is never
 * half-applied.
 *
 * - `enqueue` enumerates the sources and inserts one job per item, in batches. The job id is a
 *   UUID derived from the source key and the payload hash, and pg-boss inserts with ON CONFLICT DO
 *   NOTHING, so enqueueing the same inputs twice adds nothing; items already stored unchanged are
 *   not enqueued at all.
 * - Jobs are leased (`expireInSeconds`): a worker killed mid-batch leaves its jobs active until the
 *   lease runs out, then pg-boss's maintenance fails them back into `retry` and another worker
 *   takes them. Analysis errors and deadline overruns are retried with exponential backoff
 *   (`retryLimit`, `retryDelay`), then kept as `failed` with the error and the source key.
 */
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import { enumerateSources, type EnumerateOptions, type SourceFailure, type SourceRecord } from '../../read/sources/index.js';
import { StoreError } from '../../store/store.js';
import { CONNECT_TIMEOUT_MS, connectionMessage, pgTarget, redact } from '../../store/postgres/connect.js';
import type { PostgresStore } from '../../store/postgres/store.js';
import { enumerateOptionsOf, pickRecord } from '../ingest.js';
import { rawHash, type WorkerRecord } from '../worker.js';

/**
 * Jobs fetched per round: one transaction stores them all. 256 while every other worker's commit
 * emptied the resolver's cache (fewer, larger batches meant fewer cold starts); now that the cache
 * survives them (the change log), 64: the write lock changes hands more evenly and 4 workers share
 * 2,000 jobs without a long tail. A killed worker's batches wait for their lease, then run again.
 */
export const WORKER_BATCH = 64;
export const QUEUE_NAME = 'saksi-ingest';
/** Jobs inserted per round trip when enqueueing. */
export const ENQUEUE_BATCH = 200;

export interface QueuePolicy {
  /** Attempts after the first one before a job stays failed. */
  readonly retryLimit: number;
  /** Seconds before the first retry; doubled on each later one (backoff). */
  readonly retryDelay: number;
  /** The lease: a job active longer than this (its worker died) goes back to the queue. */
  readonly expireInSeconds: number;
}

export const DEFAULT_POLICY: QueuePolicy = { retryLimit: 3, retryDelay: 10, expireInSeconds: 15 * 60 };

/** What a job carries: the record as read, so a worker on another machine needs no access to the inputs. */
export interface JobData {
  readonly record: WorkerRecord;
  readonly rawHash: string;
  readonly defaultSource?: string;
}

export interface QueueOptions {
  /** The pg-boss schema (default `pgboss`; `$SAKSI_PG_SCHEMA_queue` when SAKSI_PG_SCHEMA is set). */
  readonly schema?: string;
  readonly policy?: Partial<QueuePolicy>;
  /** Run pg-boss maintenance (expiring leases, archiving) in this process; workers do. */
  readonly supervise?: boolean;
  readonly maintenanceIntervalSeconds?: number;
  readonly connectTimeoutMs?: number;
}

/** The pg-boss schema for a store schema. */
export function queueSchema(storeSchema: string | undefined): string {
  return storeSchema ? `${storeSchema}_queue` : 'pgboss';
}

/** The store schema named by SAKSI_PG_SCHEMA, if any (tests and side-by-side corpora on one database). */
export function envSchema(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const s = env['SAKSI_PG_SCHEMA']?.trim();
  return s ? s : undefined;
}

/** The deterministic job id of one input item: the same key with the same payload is the same job. */
export function jobId(key: string, raw: string): string {
  const h = createHash('sha256').update(key, 'utf8').update('\u0000').update(raw).digest();
  h[6] = (h[6]! & 0x0f) | 0x50; // version 5-style
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** Starts pg-boss on `url` (installing its schema on first use) with the saksi ingest queue. */
export async function openQueue(url: string, options: QueueOptions = {}): Promise<PgBoss> {
  const target = pgTarget(url);
  const policy = { ...DEFAULT_POLICY, ...options.policy };
  const schema = options.schema ?? queueSchema(envSchema());
  const boss = new PgBoss({
    connectionString: url.trim(),
    schema,
    max: 3,
    application_name: 'saksi-queue',
    supervise: options.supervise ?? false,
    schedule: false,
    ...(options.maintenanceIntervalSeconds ? { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds } : {}),
    // Passed on to node-postgres's pool.
    ...({ connectionTimeoutMillis: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS } as object),
  });
  // pg-boss reports background errors (a dropped connection during maintenance) as events; the
  // next poll reconnects, so they must not crash the process.
  boss.on('error', (err: Error) => {
    if (process.env['SAKSI_DEBUG']) process.stderr.write(`saksi: queue: ${err.message}\n`);
  });
  try {
    await boss.start();
    const existing = await boss.getQueue(QUEUE_NAME);
    const settings = { name: QUEUE_NAME, policy: 'standard' as const, retryLimit: policy.retryLimit, retryDelay: policy.retryDelay, retryBackoff: true, expireInSeconds: policy.expireInSeconds };
    if (!existing) {
      try {
        await boss.createQueue(QUEUE_NAME, settings);
      } catch (err) {
        // Another process created it at the same moment.
        if (!(await boss.getQueue(QUEUE_NAME))) throw err;
      }
    } else if (options.policy) {
      await boss.updateQueue(QUEUE_NAME, settings);
    }
  } catch (err) {
    await boss.stop({ graceful: false, wait: false } as PgBoss.StopOptions).catch(() => undefined);
    throw new StoreError(connectionMessage(err, target) ?? `cannot use the job queue in PostgreSQL at ${target.host}:${target.port}: ${(err as Error).message}`, 'io');
  }
  schemas.set(boss, schema);
  return boss;
}

const schemas = new WeakMap<PgBoss, string>();

/** The quoted pg-boss schema of a queue opened with `openQueue`. */
export function bossSchema(boss: PgBoss): string {
  return `"${(schemas.get(boss) ?? 'pgboss').replace(/"/g, '""')}"`;
}

export async function closeQueue(boss: PgBoss): Promise<void> {
  await boss.stop({ graceful: true, wait: true, timeout: 10_000 } as PgBoss.StopOptions).catch(() => undefined);
}

export interface EnqueueOptions extends Pick<EnumerateOptions, 'include' | 'exclude' | 'timeoutMs' | 'maxBytes' | 'maxRedirects' | 'followFeedLinks'> {
  readonly source?: string;
  readonly signal?: AbortSignal;
  readonly enumerate?: (inputs: string[], options: EnumerateOptions) => AsyncIterable<SourceRecord | SourceFailure>;
  readonly onProgress?: (p: { seen: number; enqueued: number }) => void;
}

export interface EnqueueSummary {
  readonly store: string;
  readonly seen: number;
  /** Jobs offered to the queue (a job already queued with the same key and payload is not added twice). */
  readonly enqueued: number;
  /** Jobs the queue did not have before. */
  readonly added: number;
  /** Already stored with the same payload: not enqueued. */
  readonly unchanged: number;
  /** Could not be read (kept in the store's failures). */
  readonly failed: number;
  readonly elapsedMs: number;
}

async function queuedCount(boss: PgBoss): Promise<number> {
  const r = await boss.getDb().executeSql(`SELECT count(*)::int AS n FROM ${bossSchema(boss)}.job WHERE name = $1`, [QUEUE_NAME]);
  return r.rows[0].n as number;
}

/**
 * Enumerates `inputs` and enqueues their items for the workers, in batches.
 * @example await enqueue(store, boss, ['corpus.jsonl'], { source: 'Detik' });
 */
export async function enqueue(store: PostgresStore, boss: PgBoss, inputs: string[], options: EnqueueOptions = {}): Promise<EnqueueSummary> {
  const started = Date.now();
  const before = await queuedCount(boss);
  let seen = 0;
  let enqueued = 0;
  let unchanged = 0;
  let failed = 0;
  let batch: PgBoss.JobInsert[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await boss.insert(batch);
    enqueued += batch.length;
    batch = [];
    options.onProgress?.({ seen, enqueued });
  };
  const enumerate = options.enumerate ?? enumerateSources;
  const enumOptions = enumerateOptionsOf(options);
  for await (const item of enumerate(inputs, enumOptions)) {
    if (options.signal?.aborted) break;
    seen++;
    if ('code' in item) {
      failed++;
      const known = await store.sourceState(item.key);
      if (!known) await store.transaction(async (w) => w.recordFailure({ key: item.key, origin: item.origin, code: item.code, message: item.message }));
      continue;
    }
    const record = pickRecord(item);
    const raw = rawHash(record);
    const known = await store.sourceState(record.key);
    if (known && known.rawHash === raw) {
      unchanged++;
      continue;
    }
    const data: JobData = { record, rawHash: raw, ...(options.source !== undefined ? { defaultSource: options.source } : {}) };
    batch.push({ id: jobId(record.key, raw), name: QUEUE_NAME, data: data as unknown as object });
    if (batch.length >= ENQUEUE_BATCH) await flush();
  }
  await flush();
  const after = await queuedCount(boss);
  return { store: store.location, seen, enqueued, added: Math.max(0, after - before), unchanged, failed, elapsedMs: Date.now() - started };
}

export interface QueueStatus {
  readonly created: number;
  readonly retry: number;
  readonly active: number;
  readonly completed: number;
  readonly failed: number;
  readonly cancelled: number;
}

export interface FailedJob {
  readonly id: string;
  readonly key: string;
  readonly origin: string;
  readonly code: string;
  readonly message: string;
  readonly attempts: number;
  readonly failedAt?: string;
}


/** Jobs by state (archived completed jobs counted as completed). */
export async function queueStatus(boss: PgBoss): Promise<QueueStatus> {
  const s = bossSchema(boss);
  const r = await boss.getDb().executeSql(
    `SELECT state::text AS state, count(*)::int AS n FROM (
       SELECT state FROM ${s}.job WHERE name = $1
       UNION ALL SELECT state FROM ${s}.archive WHERE name = $1) j GROUP BY state`,
    [QUEUE_NAME],
  );
  const out: Record<string, number> = { created: 0, retry: 0, active: 0, completed: 0, failed: 0, cancelled: 0 };
  for (const row of r.rows) out[row.state as string] = row.n as number;
  return out as unknown as QueueStatus;
}

/**
 * Documents the workers stored and have not grouped into stories yet (0 where the store has no
 * such table): a moment's worth while workers run, more when one died between its two
 * transactions (the next worker groups them; see src/corpus/queue/consumer.ts).
 */
export async function storiesPending(boss: PgBoss, storeSchema = envSchema()): Promise<number> {
  const table = storeSchema ? `"${storeSchema.replace(/"/g, '""')}".story_pending` : 'story_pending';
  const db = boss.getDb();
  const t = await db.executeSql('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
  if (!t.rows[0].present) return 0;
  return Number((await db.executeSql(`SELECT count(*)::int AS n FROM ${table}`, [])).rows[0].n);
}

/** Failed jobs with their reason and source key, oldest first. */
export async function failedJobs(boss: PgBoss, limit = 1000): Promise<FailedJob[]> {
  const s = bossSchema(boss);
  const r = await boss.getDb().executeSql(
    `SELECT id::text AS id, data, output, retry_count, completed_on FROM ${s}.job
     WHERE name = $1 AND state = 'failed' ORDER BY completed_on NULLS LAST, id LIMIT $2`,
    [QUEUE_NAME, limit],
  );
  return r.rows.map((row) => {
    const data = row.data as JobData;
    const out = (row.output ?? {}) as { code?: string; message?: string; value?: { message?: string } };
    return {
      id: row.id as string,
      key: data.record.key,
      origin: data.record.origin,
      code: out.code ?? 'failed',
      message: out.message ?? out.value?.message ?? 'no reason recorded',
      attempts: (row.retry_count as number) + 1,
      ...(row.completed_on ? { failedAt: new Date(row.completed_on as string).toISOString() } : {}),
    };
  });
}

/** Puts failed jobs (all, or those of the given ids or source keys) back in the queue; returns how many. */
export async function retryFailed(boss: PgBoss, which: readonly string[] = []): Promise<number> {
  const failed = await failedJobs(boss, 1_000_000);
  const wanted = which.length === 0 ? failed : failed.filter((f) => which.includes(f.id) || which.includes(f.key));
  if (wanted.length === 0) return 0;
  const s = bossSchema(boss);
  // Like pg-boss's retry(), and the attempts start again from zero.
  const r = await boss.getDb().executeSql(
    `UPDATE ${s}.job SET state = 'retry', retry_count = 0, start_after = now(), output = NULL
     WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'failed'`,
    [QUEUE_NAME, wanted.map((f) => f.id)],
  );
  return (r as { rowCount?: number }).rowCount ?? wanted.length;
}

export { redact };
