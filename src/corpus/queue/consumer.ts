/**
 * `saksi worker`: takes ingest jobs from the queue, analyses them on local threads, and stores
 * them — each batch's documents and the completion of its jobs in ONE transaction, so a job is
 * either done and stored, or neither (a worker killed at any moment leaves its jobs to be taken
 * again after their lease, and nothing stored twice).
 *
 * Cross-document resolution under many workers: the analysis (the slow part) runs in parallel
 * everywhere; the store step runs the same corpus stages as `saksi ingest` (near-duplicates,
 * entities, claims: `commitOne` over `CorpusStages`; stories after). Every store transaction holds the
 * store's write lock from its start (an advisory lock, see PostgresStore.transaction), and the
 * stages bring their state up to date inside it whenever the store's change counter shows that
 * another writer committed since this one last did: the resolver's cache by the change log
 * (LoggedEntityStage), else by a reload. Resolution therefore always sees every committed
 * entity and story, as in one SQLite process — no duplicate entities for one person, no lost
 * merges — and the unique keys (content hash, KB id) with upserts are a second line of defence.
 * We chose a lock over optimistic retries because resolution decisions depend on the whole
 * entity index, not on one row. Story grouping, which reads and writes only story rows, follows
 * in a second transaction under a stories lock of its own (`group`), so one worker groups while
 * another stores; documents stored and not yet grouped are marked pending in the store, and a
 * worker that died in between leaves them to the next (docs/scale-out.md).
 */
import type PgBoss from 'pg-boss';
import type { PostgresStore } from '../../store/postgres/store.js';
import { CorpusResolver } from '../entities.js';
import { CorpusStages, WorkerPool, analysisThreads, commitOne, emptyTally, newDocument, type Outcome, type Tally, DOCUMENT_TIMEOUT_MS } from '../ingest.js';
import { ClaimStage, EntityStage, NearDuplicateStage } from '../stages.js';
import { lshBandKeys } from '../near-duplicates.js';
import type { DocId, StoreReader } from '../../store/store.js';
import { StoryStage } from '../stories/stage.js';
import { readBatch } from '../rebuild.js';
import type { CorpusDocument, CorpusStage } from '../stage.js';
import { loadAnalyzer, processRecord, type AnalyzeFunction, type WorkerOutcome, type WorkerTask } from '../worker.js';
import { QUEUE_NAME, WORKER_BATCH, bossSchema, type JobData } from './queue.js';
import { isConnectionError, retryWhileUnreachable, sleep } from '../../store/reconnect.js';

export { RECONNECT_MS, isConnectionError } from '../../store/reconnect.js';

/** Wait between polls of an empty queue. */
export const POLL_MS = 500;

export interface WorkerOptions {
  /** Analysis threads (default: one per core but one, which this thread needs to store; see `analysisThreads`); 0 analyses in this thread. */
  readonly concurrency?: number;
  readonly batchSize?: number;
  readonly kb?: string;
  readonly analyzerModule?: string;
  /** In-process analyzer (with concurrency 0; tests). */
  readonly analyze?: AnalyzeFunction;
  /** The per-job deadline: an analysis running longer fails (and is retried). */
  readonly documentTimeoutMs?: number;
  /** Stop when no job is queued, retrying or active anywhere (benchmarks, tests, one-off runs). */
  readonly untilEmpty?: boolean;
  readonly signal?: AbortSignal;
  readonly onBatch?: (summary: WorkerSummary) => void;
}

export interface WorkerSummary {
  jobs: number;
  stored: number;
  duplicates: number;
  unchanged: number;
  failedAttempts: number;
  failedFinal: number;
  /** Transactions that found other writers' commits and reloaded the resolver's cache (the change log did not cover them). */
  reloads: number;
  /** Transactions that found other writers' commits and refreshed only what the change log names. */
  refreshes: number;
  /** Times a lost connection (a server restart, a network cut) was waited out and the step retried. */
  reconnects: number;
  elapsedMs: number;
  /** Time spent fetching jobs, waiting for their analysis, and storing them (the last under the write lock, waits included). */
  fetchMs: number;
  analyseMs: number;
  commitMs: number;
  /** Of commitMs: reading ahead what resolution needs, before taking the write lock. */
  prefetchMs: number;
  /** Of commitMs: holding the write lock (from taking it to COMMIT). */
  lockedMs: number;
  /** Of commitMs: grouping stored documents into stories, under the stories lock (a second transaction). */
  storiesMs: number;
  /** Documents that could not be grouped into stories (an error in grouping; `saksi rebuild-stories` regroups). */
  storyFailures: number;
}

/** A document pending stories for longer than this was left by a worker that died (or stalls): whoever groups next takes it. */
export const STORIES_ORPHAN_SECONDS = 120;
/** `takeStoriesPending`'s age for "none but the documents named". */
const ONLY_THESE = -1;

type Job = PgBoss.JobWithMetadata<JobData>;

/** Runs until `signal` aborts (or the queue is empty, with `untilEmpty`). */
export async function runWorker(store: PostgresStore, boss: PgBoss, options: WorkerOptions = {}): Promise<WorkerSummary> {
  const started = Date.now();
  const concurrency = Math.max(0, Math.floor(options.concurrency ?? analysisThreads(undefined).start));
  const batchSize = Math.max(1, options.batchSize ?? WORKER_BATCH);
  const summary: WorkerSummary = { jobs: 0, stored: 0, duplicates: 0, unchanged: 0, failedAttempts: 0, failedFinal: 0, reloads: 0, refreshes: 0, reconnects: 0, elapsedMs: 0, fetchMs: 0, analyseMs: 0, commitMs: 0, prefetchMs: 0, lockedMs: 0, storiesMs: 0, storyFailures: 0 };
  const resolver = CorpusResolver.create(options.kb !== undefined ? { kbFile: options.kb } : {});
  // The stages load their state inside the first transaction (under the write lock), as in ingest;
  // the resolver's cache is kept across other workers' commits (see LoggedEntityStage).
  const entities = new LoggedEntityStage(resolver, store, summary);
  // Stories are grouped after the write lock, under a lock of their own (see `group`): the write
  // transaction only collects the documents it stores and marks them pending.
  let stored: CorpusDocument[] = [];
  const collect: CorpusStage = {
    name: 'stories (pending)',
    load: async () => undefined,
    apply: async (_tx, doc) => void stored.push(doc),
  };
  const corpus = new CorpusStages([new NearDuplicateStage(), entities, new ClaimStage(), collect]);
  const stories = new StoryStage();

  let run: (task: WorkerTask) => Promise<WorkerOutcome>;
  let pool: WorkerPool | undefined;
  const timeoutMs = options.documentTimeoutMs ?? DOCUMENT_TIMEOUT_MS;
  if (concurrency === 0) {
    const analyze = options.analyze ?? (await loadAnalyzer(options.analyzerModule));
    run = async (task) => processRecord(task, analyze, resolver.kb);
  } else {
    pool = new WorkerPool(concurrency, options.analyzerModule, options.kb !== undefined ? [options.kb] : [], timeoutMs);
    await pool.start();
    run = (task) => pool!.run(task);
  }
  const db = { executeSql: (text: string, values: unknown[]) => store.query(text, values ?? []) };

  /**
   * Groups into stories the documents of `mine` still pending, and any left pending by a worker
   * that died (all pending ones with `olderThanSeconds` 0), in one transaction under the stories
   * lock: another worker may meanwhile store its next batch under the write lock (grouping reads
   * and writes only story rows, which no write-locked queue transaction touches). Should that
   * fail (a bug on one odd document), each document is grouped on its own, ours and the others'
   * alike, so that one bad document, whoever left it, costs only itself.
   */
  const group = async (mine: readonly CorpusDocument[], olderThanSeconds: number): Promise<void> => {
    const t = Date.now();
    try {
      await groupPending(mine, olderThanSeconds);
    } catch (err) {
      if (isConnectionError(err)) throw err;
      const ours = new Set(mine.map((d) => d.id));
      const others = (await store.pendingStories(olderThanSeconds)).filter((id) => !ours.has(id));
      const each = [...mine.map((doc) => ({ id: doc.id, docs: [doc] })), ...others.map((id) => ({ id, docs: [] }))];
      for (const { id, docs } of each) {
        await groupPending(docs, ONLY_THESE, [id]).catch(async (e: unknown) => {
          if (isConnectionError(e)) throw e;
          summary.storyFailures++;
          process.stderr.write(`saksi worker: could not group document ${id} into stories (${(e as Error).message}); saksi rebuild-stories regroups the store\n`);
          await store.transaction(async () => void (await store.takeStoriesPending([id], ONLY_THESE)), { locks: 'stories' });
        });
      }
    } finally {
      summary.storiesMs += Date.now() - t;
    }
  };

  /** One grouping transaction: the pending ones among `mine` and `ids`, and those older than `olderThanSeconds`. */
  const groupPending = (mine: readonly CorpusDocument[], olderThanSeconds: number, ids: readonly DocId[] = mine.map((d) => d.id)): Promise<void> =>
    store.transaction(
      async (w) => {
        const taken = new Set(await store.takeStoriesPending(ids, olderThanSeconds));
        const own = mine.filter((d) => taken.has(d.id));
        for (const d of own) taken.delete(d.id);
        // Left by others: read back as rebuild reads them (analysis, entity links as stored).
        const left = taken.size > 0 ? await readBatch(w, [...taken], true) : [];
        await stories.applyBatch(w, [...left, ...own]);
      },
      { locks: 'stories' },
    );

  /** Stores `items` and completes their jobs in one transaction, the stages synced under the write lock first. */
  const commit = async (items: { job: Job; outcome: Outcome }[]): Promise<Tally> => {
    const tally = emptyTally();
    let counter = 0;
    stored = [];
    try {
      // Before the lock: what resolving the batch will ask the store, read at once (another worker
      // may hold the lock meanwhile). Under the lock, the change log then says which of it other
      // writers changed since (LoggedEntityStage.load).
      const t = Date.now();
      if (entities.validAt === undefined) {
        const now = await store.changeCount();
        await resolver.reload(store);
        entities.validAt = now;
      }
      await resolver.prefetch(
        store,
        items.flatMap((i) => (i.outcome.kind === 'document' ? [i.outcome.doc.analysis] : [])),
      );
      summary.prefetchMs += Date.now() - t;
      let locked = 0;
      await store.transaction(async (w) => {
        counter = await corpus.ensure(w);
        locked = Date.now();
        // What the store holds for the batch's keys and texts, in one round trip rather than two per document.
        await store.warm(
          items.map((i) => i.job.data.record.key),
          items.flatMap((i) => (i.outcome.kind === 'document' ? [i.outcome.doc.contentHash] : [])),
          items.flatMap((i) => (i.outcome.kind === 'document' && i.outcome.doc.signature ? [lshBandKeys(i.outcome.doc.signature)] : [])),
        );
        for (const { outcome } of items) await commitOne(w, outcome, tally, corpus);
        await corpus.finish(w);
        store.holdStoriesPending(stored.map((d) => d.id));
        // On this transaction's connection: the jobs are done exactly when their documents are stored.
        // (complete(name, ids, data, options): the options come fourth.)
        await (boss.complete as (name: string, ids: string[], data: object | null, options: PgBoss.ConnectionOptions) => Promise<void>)(
          QUEUE_NAME,
          items.map((i) => i.job.id),
          null,
          { db },
        );
      }, {
        locks: 'write',
        // Before the lock, in the same transaction: the rows of the batch's new texts (the
        // tsvector, index entries and TOASTed analysis are the server's largest cost per document;
        // nothing is decided from them). See PostgresStore.preinsertDocuments.
        beforeLock: () => store.preinsertDocuments(items.flatMap((i) => (i.outcome.kind === 'document' ? [newDocument(i.outcome)] : []))),
      });
      summary.lockedMs += Date.now() - locked;
    } catch (err) {
      corpus.invalidate();
      entities.validAt = undefined;
      throw err;
    }
    corpus.committed(counter);
    entities.validAt = counter + 1;
    // Stored and done: grouping them follows (retried while the server is away). Should this
    // worker die first, they stay pending and the next worker to group takes them.
    const mine = stored;
    stored = [];
    await retrying(() => group(mine, STORIES_ORPHAN_SECONDS));
    return tally;
  };

  const fail = async (job: Job, code: string, message: string): Promise<void> => {
    const final = job.retryCount >= job.retryLimit;
    summary.failedAttempts++;
    if (final) {
      summary.failedFinal++;
      // The last attempt: the store keeps the failure too, with its source key (`saksi show`, exports).
      await store
        .transaction(async (w) => w.recordFailure({ key: job.data.record.key, origin: job.data.record.origin, code, message }))
        .catch(() => undefined);
    }
    await boss.fail(QUEUE_NAME, job.id, { code, message, key: job.data.record.key, origin: job.data.record.origin, attempt: job.retryCount + 1 });
  };

  /** Runs a step again, with backoff, while the server is unreachable (up to RECONNECT_MS). */
  const retrying = <T>(step: () => Promise<T>): Promise<T> =>
    retryWhileUnreachable(step, { ...(options.signal ? { signal: options.signal } : {}), onRetry: () => summary.reconnects++ });

  type Analysed = { job: Job; out: WorkerOutcome }[];
  let seq = 0;
  /** Fetches a batch and starts its analysis; resolves when every job of it is analysed. */
  const fetchAndAnalyse = async (): Promise<Analysed> => {
    let t = Date.now();
    const jobs = (await retrying(() => boss.fetch<JobData>(QUEUE_NAME, { batchSize, includeMetadata: true }))) as Job[];
    summary.fetchMs += Date.now() - t;
    t = Date.now();
    const analysed = await Promise.all(
      jobs.map(async (job) => {
        const task: WorkerTask = { seq: seq++, record: job.data.record, ...(job.data.defaultSource !== undefined ? { defaultSource: job.data.defaultSource } : {}) };
        let out: WorkerOutcome;
        try {
          out = await run(task);
        } catch (err) {
          out = { seq: task.seq, ok: false, code: 'analyze-failed', message: (err as Error).message };
        }
        return { job, out };
      }),
    );
    summary.analyseMs += Date.now() - t;
    return analysed;
  };

  const store1 = async (analysed: Analysed): Promise<void> => {
    summary.jobs += analysed.length;
    const good: { job: Job; outcome: Outcome }[] = [];
    for (const { job, out } of analysed) {
      if (!out.ok) await retrying(() => fail(job, out.code, out.message));
      else good.push({ job, outcome: { kind: 'document', seq: out.seq, key: job.data.record.key, origin: job.data.record.origin, rawHash: job.data.rawHash, doc: out.doc } });
    }
    if (good.length === 0) return;
    const t = Date.now();
    let tallies: Tally[];
    try {
      // A lost connection rolls the transaction back (neither stored nor completed): the same
      // batch is committed again once the server answers.
      tallies = [await retrying(() => commit(good))];
    } catch {
      // One document may be at fault (the stages reload, see `commit`): store one job per transaction.
      tallies = [];
      for (const item of good) {
        try {
          tallies.push(await retrying(() => commit([item])));
        } catch (err) {
          await fail(item.job, 'store-failed', `could not store: ${(err as Error).message}`).catch(() => undefined);
        }
      }
    }
    summary.commitMs += Date.now() - t;
    for (const t of tallies) {
      summary.stored += t.ingested;
      summary.duplicates += t.exactDuplicates;
      summary.unchanged += t.unchanged;
    }
    summary.elapsedMs = Date.now() - started;
    options.onBatch?.(summary);
  };

  // A pipeline of two batches: while one batch is stored (under the write lock, on this thread),
  // the next one is already fetched and analysed on the analysis threads, so they do not idle
  // during commits. Stopping (the signal) stores the batch already fetched, then ends.
  let next: Promise<Analysed> | undefined;
  try {
    while (!options.signal?.aborted || next) {
      const analysed = await (next ?? fetchAndAnalyse());
      next = undefined;
      if (analysed.length === 0) {
        if (options.signal?.aborted) break;
        // Nothing to store: group what workers that died left pending (any age: a live worker
        // between its two transactions then finds its documents grouped already).
        if ((await retrying(() => store.pendingStories())).length > 0) await retrying(() => group([], 0));
        if (options.untilEmpty && (await retrying(() => queueIdle(boss)))) break;
        await sleep(POLL_MS, options.signal);
        continue;
      }
      if (!options.signal?.aborted) {
        next = fetchAndAnalyse();
        // Should the fetch fail for good (the server gone past RECONNECT_MS), it is awaited in the next round.
        next.catch(() => undefined);
      }
      await store1(analysed);
    }
  } finally {
    await next?.catch(() => undefined);
    await pool?.close();
  }
  summary.elapsedMs = Date.now() - started;
  return summary;
}

/**
 * The entity stage of a queue worker, whose resolver cache survives other workers' commits. Its
 * `load` (run by CorpusStages under the write lock when the change counter moved) applies the
 * store's change log since `validAt` — the counter the cache was current at — to the cache
 * (CorpusResolver.applyChanges: lookups and names of the keys others added, mention counts and
 * roles of the entities they touched, their KB entities, which entities now share a document)
 * instead of emptying it; when the log does not cover the range (pruned rows, a rebuild), it
 * reloads as the plain entity stage does. The worker sets `validAt` after each commit (its own
 * commit included) and clears it when a transaction fails.
 */
class LoggedEntityStage extends EntityStage {
  validAt: number | undefined;

  constructor(
    resolver: CorpusResolver,
    private readonly store: PostgresStore,
    private readonly summary: WorkerSummary,
  ) {
    super(resolver);
  }

  override async load(reader: StoreReader): Promise<void> {
    if (this.validAt !== undefined) {
      const changes = await this.store.changesSince(this.validAt);
      if (changes.complete) {
        await this.resolver.applyChanges(reader, changes);
        this.validAt = changes.now;
        this.summary.refreshes++;
        return;
      }
    }
    this.summary.reloads++;
    await super.load(reader);
    this.validAt = await this.store.changeCount();
  }
}

/** No job of the queue is waiting, retrying (even later, after its backoff) or active. */
async function queueIdle(boss: PgBoss): Promise<boolean> {
  const r = await boss.getDb().executeSql(`SELECT count(*)::int AS n FROM ${bossSchema(boss)}.job WHERE name = $1 AND state < 'completed'`, [QUEUE_NAME]);
  return (r.rows[0].n as number) === 0;
}
