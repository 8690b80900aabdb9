/**
 * `saksi ingest` as a function: enumerate sources → read and analyse on worker threads (bounded
 * queue, back-pressure) → store on the main thread in batched transactions, in input order.
 *
 * - Idempotent: a source key already stored with the same payload hash is skipped unread; a text
 *   already stored (same content hash) is recorded as an exact duplicate, never stored twice.
 * - Near-duplicates (MinHash/LSH) are stored and linked `copy-of` to the earliest copy (by
 *   published date, then ingest order); when an earlier copy arrives later, the group is relinked.
 * - Crash-safe: only committed batches exist; a killed run resumes by skipping what is stored.
 * - Corpus stages: each stored document goes through an ordered list of `CorpusStage`s
 *   (near-duplicates, entities, claims, then any passed in `stages`) inside its transaction.
 * - Safe with concurrent writers: each transaction holds the write lock from its start, and the
 *   stages reload their state (inside it) whenever another writer committed since they loaded.
 * - One document's failure never stops the run: it is counted, listed, and kept in `failures`.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { KnowledgeBase } from '../kb/types.js';
import { StoreError, type NewDocument, type Store, type StoreStats, type StoreWriter } from '../store/store.js';
import { enumerateSources, type EnumerateOptions, type SourceFailure, type SourceRecord } from '../read/sources/index.js';
import { CorpusResolver } from './entities.js';
import { optimiseLater } from './heap.js';
import { CorpusStages, type CorpusDocument, type CorpusStage } from './stage.js';

export { CorpusStages };
import { ClaimStage, EntityStage, NearDuplicateStage } from './stages.js';
import { StoryStage } from './stories/stage.js';
import { RECONNECT_MS, isConnectionError, retryWhileUnreachable, type ReconnectOptions } from '../store/reconnect.js';

export { NearDuplicateIndex } from './near-index.js';
export { claimsOf } from './stages.js';
import {
  WORKER_KIND,
  loadAnalyzer,
  rawHash,
  type AnalyzeFunction,
  type ProcessedDocument,
  type WorkerOutcome,
  type WireOutcome,
  fromWire,
  type WorkerRecord,
  type WorkerInit,
  type WorkerSignal,
  type WorkerTask,
} from './record.js';

/** Documents committed per transaction: large enough to amortise the commit, small enough that a crash loses little. */
export const BATCH_SIZE = 64;
/** A batch is committed at least this often, so a slow corpus still commits steadily. */
export const BATCH_MAX_MS = 1000;
/** A document whose analysis takes longer than this is failed and its worker replaced. */
export const DOCUMENT_TIMEOUT_MS = 120_000;
/** Records read ahead of the oldest uncommitted one, per worker: keeps workers busy without holding the corpus in memory. */
export const IN_FLIGHT_PER_WORKER = 8;
/** Failures and warnings kept for the summary (all are counted; failures are all kept in the store). */
export const SUMMARY_LIST_LIMIT = 1000;

/** The source-reading options an ingest or an enqueue passes on to `enumerateSources`, unset ones left out. */
export function enumerateOptionsOf(options: Pick<EnumerateOptions, 'include' | 'exclude' | 'timeoutMs' | 'maxBytes' | 'maxRedirects' | 'followFeedLinks' | 'onSkip' | 'signal'>): EnumerateOptions {
  return {
    ...(options.include ? { include: options.include } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    ...(options.maxRedirects !== undefined ? { maxRedirects: options.maxRedirects } : {}),
    ...(options.followFeedLinks !== undefined ? { followFeedLinks: options.followFeedLinks } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onSkip ? { onSkip: options.onSkip } : {}),
  };
}

export interface IngestOptions extends Pick<EnumerateOptions, 'include' | 'exclude' | 'timeoutMs' | 'maxBytes' | 'maxRedirects' | 'followFeedLinks' | 'onSkip'> {
  /** The outlet for records that name none (`--source`). */
  readonly source?: string;
  /** A user knowledge base file (`--kb`), added to the starter KB. */
  readonly kb?: string;
  /** The knowledge base itself, for the corpus resolver and in-process analysis (tests); replaces `kb`. */
  readonly knowledgeBase?: KnowledgeBase;
  /**
   * Analysis worker threads, exactly; 0 analyses in-process. Default: adaptive (`analysisThreads`):
   * one per core but one, which the committing main thread needs, plus that one once analysis
   * falls behind the commits.
   */
  readonly workers?: number;
  readonly batchSize?: number;
  readonly batchMaxMs?: number;
  readonly documentTimeoutMs?: number;
  /** In-process analyzer (with `workers: 0`); default: the pipeline in src/analyze.ts. */
  readonly analyze?: AnalyzeFunction;
  /** Module URL exporting `analyze`, loaded by each worker; default: src/analyze.ts. */
  readonly analyzerModule?: string;
  /** Processes each record in place of the ingest's own workers (the server's analysis pool). */
  readonly process?: (task: WorkerTask) => Promise<WorkerOutcome>;
  /** Replaces `enumerateSources` (tests, the server's posted documents). */
  readonly enumerate?: (inputs: string[], options: EnumerateOptions) => AsyncIterable<SourceRecord | SourceFailure>;
  readonly onProgress?: (progress: IngestProgress) => void;
  readonly signal?: AbortSignal;
  /** Corpus stages run after the built-in ones (near-duplicates, entities, claims), in order, on each stored document. */
  readonly stages?: readonly CorpusStage[];
  /**
   * Called when the store's server went away (PostgreSQL restarting) and a step waits for it:
   * reads, and whole batches, are run again once it answers (up to 2 minutes; see store/reconnect.ts).
   */
  readonly onReconnect?: (message: string) => void;
  /**
   * With worker threads, hand the workers their next documents between the documents of a commit
   * (default true), so that analysis and commit overlap. Other code of this process then runs
   * while a transaction is open: pass false when it may use the same store meanwhile (a watch
   * of several feeds, say), since it would see the batch uncommitted or find a transaction open.
   */
  readonly overlapCommits?: boolean;
}

export interface IngestProgress {
  /** Items committed (stored, duplicate, unchanged or failed). */
  readonly done: number;
  /** Items enumerated so far; final once `enumerated` is true. */
  readonly seen: number;
  readonly enumerated: boolean;
  readonly ingested: number;
  readonly failed: number;
}

export interface IngestIssue {
  readonly key: string;
  readonly origin: string;
  readonly code: string;
  readonly message: string;
}

/** The run's account. `seen = ingested + exactDuplicates + unchanged + failed`; near-duplicates are among `ingested`. */
export interface IngestSummary {
  readonly store: string;
  readonly seen: number;
  readonly ingested: number;
  readonly exactDuplicates: number;
  readonly nearDuplicates: number;
  readonly unchanged: number;
  readonly failed: number;
  readonly failures: IngestIssue[];
  readonly warnings: IngestIssue[];
  /** Analysis worker threads at the end of the run (0: in-process). */
  readonly workers: number;
  readonly elapsedMs: number;
  /** Documents processed (all outcomes) per second. */
  readonly perSecond: number;
  /** The store after the run. */
  readonly totals: StoreStats;
}

/** The ingest cannot run at all (no analyzer, a worker that cannot start). */
export class IngestError extends Error {
  constructor(
    message: string,
    /** `kb`: the knowledge base cannot be loaded (a bad `--kb` file); `analyzer`: no pipeline or no workers. */
    readonly reason: 'kb' | 'analyzer',
  ) {
    super(message);
    this.name = 'IngestError';
  }
}

export type Outcome =
  | { readonly kind: 'failure'; readonly seq: number; readonly issue: IngestIssue }
  | { readonly kind: 'unchanged'; readonly seq: number; readonly key: string }
  | { readonly kind: 'document'; readonly seq: number; readonly key: string; readonly origin: string; readonly rawHash: string; readonly doc: ProcessedDocument };

interface Counters {
  seen: number;
  done: number;
  ingested: number;
  exactDuplicates: number;
  nearDuplicates: number;
  unchanged: number;
  failed: number;
  failures: IngestIssue[];
  warnings: IngestIssue[];
}

/**
 * Ingests `inputs` (paths, folders, JSONL, feeds, WARC, URLs) into `store`.
 * @example const summary = await ingest(store, ['corpus.jsonl'], { source: 'Detik' });
 */
export async function ingest(store: Store, inputs: string[], options: IngestOptions = {}): Promise<IngestSummary> {
  const started = Date.now();
  const threads = analysisThreads(options.workers);
  const workerCount = threads.start;
  const batchSize = Math.max(1, options.batchSize ?? BATCH_SIZE);
  const batchMaxMs = options.batchMaxMs ?? BATCH_MAX_MS;
  const c: Counters = { seen: 0, done: 0, ingested: 0, exactDuplicates: 0, nearDuplicates: 0, unchanged: 0, failed: 0, failures: [], warnings: [] };
  // Whichever thread analyses, it starts cold: V8 optimising later costs less CPU (src/corpus/heap.ts).
  optimiseLater();

  // The workers start first: they load their analyzer and KB while this thread loads its own.
  let pool: WorkerPool | undefined;
  let poolStarted: Promise<void> | undefined;
  if (workerCount > 0 && !options.process) {
    pool = new WorkerPool(workerCount, options.analyzerModule, options.kb !== undefined ? [options.kb] : [], options.documentTimeoutMs ?? DOCUMENT_TIMEOUT_MS);
    poolStarted = pool.start();
    poolStarted.catch(() => undefined);
  }
  let resolver: CorpusResolver;
  try {
    resolver = CorpusResolver.create(options.knowledgeBase ? { kb: options.knowledgeBase } : options.kb !== undefined ? { kbFile: options.kb } : {});
  } catch (err) {
    await pool?.close();
    throw new IngestError(`cannot load the knowledge base${options.kb !== undefined ? ` with ${options.kb}` : ''}: ${(err as Error).message}`, 'kb');
  }
  // The stages load their state inside the first transaction (under the write lock), not here.
  const corpus = new CorpusStages([new NearDuplicateStage(), new EntityStage(resolver), new ClaimStage(), new StoryStage(), ...(options.stages ?? [])]);

  let run: (task: WorkerTask) => Promise<WorkerOutcome>;
  if (options.process) {
    run = options.process;
  } else if (!pool) {
    let analyze: AnalyzeFunction;
    try {
      analyze = options.analyze ?? (await loadAnalyzer(options.analyzerModule));
    } catch (err) {
      throw new IngestError((err as Error).message, 'analyzer');
    }
    const kb = resolver.kb;
    // Loaded only for in-process analysis: it brings the HTML reader, which the main thread of an
    // ingest with workers never needs (about 150 ms of CPU to load).
    const { processRecord } = await import('./worker.js');
    run = async (task) => processRecord(task, analyze, kb);
  } else {
    await poolStarted;
    run = (task) => pool!.run(task);
  }

  let allSeen = false;
  const progress = (enumerated: boolean): void => {
    allSeen ||= enumerated;
    options.onProgress?.({ done: c.done, seen: c.seen, enumerated: allSeen, ingested: c.ingested, failed: c.failed });
  };

  // A lost server (a PostgreSQL restart) is waited out: the read or the batch runs again once it answers.
  let told = false;
  const reconnect: ReconnectOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    onRetry: (err) => {
      if (told) return;
      told = true;
      options.onReconnect?.(`lost the connection to ${store.location} (${(err as Error).message}); waiting for it to come back`);
    },
  };
  const pending = new Map<number, Promise<Outcome>>();
  let nextSeq = 0;
  let batch: Outcome[] = [];
  let lastCommit = Date.now();
  // With this ingest's own workers, a batch's worth more is read ahead and their messages are
  // handled between the documents of a commit, so that they analyse while this thread commits.
  const overlap = pool !== undefined && options.overlapCommits !== false;
  const maxInFlight = Math.max(8, Math.max(1, pool ? threads.max : workerCount) * IN_FLIGHT_PER_WORKER + (overlap ? batchSize : 0));
  // The commit thread's waits for analyses that a busy pool has not started: they decide whether it grows.
  const growth = pool && threads.max > workerCount ? new PoolGrowth() : undefined;
  let usedWorkers = workerCount;

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const items = batch;
    batch = [];
    await commitBatch(store, items, c, corpus, reconnect, overlap);
    lastCommit = Date.now();
    growth?.committed();
    progress(allSeen);
  };

  const drainOne = async (): Promise<void> => {
    const p = pending.get(nextSeq)!;
    const backlog = growth !== undefined && pool !== undefined && pool.queued > 0;
    const waitFrom = growth ? performance.now() : 0;
    const outcome = await p;
    if (growth && backlog) growth.waited(performance.now() - waitFrom);
    if (growth && pool && pool.planned < threads.max && growth.shouldGrow()) pool.grow();
    pending.delete(nextSeq);
    nextSeq++;
    batch.push(outcome);
    if (batch.length >= batchSize || Date.now() - lastCommit >= batchMaxMs) await flush();
  };

  const handle = async (seq: number, item: SourceRecord | SourceFailure): Promise<Outcome> => {
    if ('code' in item) {
      return { kind: 'failure', seq, issue: { key: item.key, origin: item.origin, code: item.code, message: item.message } };
    }
    const record: WorkerRecord = pickRecord(item);
    const raw = rawHash(record);
    const known = await retryWhileUnreachable(() => store.sourceState(record.key), reconnect).catch((err: unknown) => {
      throw isConnectionError(err) ? serverGone(store, err) : err;
    });
    if (known && known.rawHash === raw) return { kind: 'unchanged', seq, key: record.key };
    const task: WorkerTask = { seq, record, ...(options.source !== undefined ? { defaultSource: options.source } : {}) };
    const out = await run(task);
    if (!out.ok) return { kind: 'failure', seq, issue: { key: record.key, origin: record.origin, code: out.code, message: out.message } };
    return { kind: 'document', seq, key: record.key, origin: record.origin, rawHash: raw, doc: out.doc };
  };

  try {
    const enumerate = options.enumerate ?? enumerateSources;
    const enumOptions = enumerateOptionsOf(options);
    let seq = 0;
    let enumerated = false;
    for await (const item of lookahead(enumerate(inputs, enumOptions), {
      onItem: () => {
        c.seen++;
        progress(false);
      },
      onEnd: () => {
        enumerated = true;
        progress(true);
      },
    })) {
      if (options.signal?.aborted) break;
      const s = seq++;
      // A rejected promise here would be an internal error; keep it from being unhandled until drained.
      const p = handle(s, item);
      p.catch(() => undefined);
      pending.set(s, p);
      while (pending.size >= maxInFlight) await drainOne();
    }
    if (!enumerated) progress(true);
    while (pending.size > 0 && !options.signal?.aborted) await drainOne();
    await flush();
  } finally {
    usedWorkers = pool ? pool.size : workerCount;
    await pool?.close();
  }
  progress(true);

  const elapsedMs = Date.now() - started;
  return {
    store: store.location,
    seen: c.seen,
    ingested: c.ingested,
    exactDuplicates: c.exactDuplicates,
    nearDuplicates: c.nearDuplicates,
    unchanged: c.unchanged,
    failed: c.failed,
    failures: c.failures,
    warnings: c.warnings,
    workers: usedWorkers,
    elapsedMs,
    perSecond: elapsedMs > 0 ? Math.round((c.done / elapsedMs) * 1000 * 10) / 10 : c.done,
    totals: await retryWhileUnreachable(() => store.stats(), reconnect),
  };
}

/** Records read ahead of the analysis, so that the progress bar knows the total early: at most this many... */
export const LOOKAHEAD_ITEMS = 5000;
/** ...and at most this much text (UTF-16 code units). */
export const LOOKAHEAD_CHARS = 4 * 1024 * 1024;

/**
 * Reads `source` ahead into a bounded buffer (items and characters), calling `onItem` as each
 * item is read and `onEnd` when the source is exhausted, while yielding items in order.
 */
async function* lookahead<T extends SourceRecord | SourceFailure>(
  source: AsyncIterable<T>,
  hooks: { onItem: () => void; onEnd: () => void },
): AsyncGenerator<T> {
  const buffer: T[] = [];
  let chars = 0;
  let done = false;
  let failure: { error: unknown } | undefined;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  const size = (x: T): number => ('code' in x ? 0 : (x.text?.length ?? 0) + (x.html?.length ?? 0));
  let stopped = false;
  const producer = (async () => {
    try {
      for await (const item of source) {
        if (stopped) break;
        buffer.push(item);
        chars += size(item);
        hooks.onItem();
        wakeConsumer?.();
        while (!stopped && (buffer.length >= LOOKAHEAD_ITEMS || chars >= LOOKAHEAD_CHARS)) await new Promise<void>((r) => (wakeProducer = r));
      }
    } catch (error) {
      failure = { error };
    } finally {
      done = true;
      if (!failure && !stopped) hooks.onEnd();
      wakeConsumer?.();
    }
  })();
  try {
    for (;;) {
      if (buffer.length > 0) {
        const item = buffer.shift()!;
        chars -= size(item);
        wakeProducer?.();
        yield item;
        continue;
      }
      if (failure) throw failure.error;
      if (done) return;
      await new Promise<void>((r) => (wakeConsumer = r));
      wakeConsumer = undefined;
    }
  } finally {
    stopped = true;
    wakeProducer?.();
    await producer;
  }
}

export function pickRecord(r: SourceRecord): WorkerRecord {
  const out: Record<string, string> = { key: r.key, origin: r.origin };
  for (const k of ['text', 'html', 'title', 'url', 'published', 'source', 'author', 'warning'] as const) {
    const v = r[k];
    if (typeof v === 'string') out[k] = v;
  }
  return out as unknown as WorkerRecord;
}

function pushLimited(list: IngestIssue[], issue: IngestIssue): void {
  if (list.length < SUMMARY_LIST_LIMIT) list.push(issue);
}


/**
 * Commits outcomes in one transaction. Should the transaction fail (a bug on one odd document,
 * a full disk), the stages are reloaded and the outcomes retried one per transaction, so that
 * one document's failure costs only that document.
 */
async function commitBatch(store: Store, items: Outcome[], c: Counters, corpus: CorpusStages, reconnect: ReconnectOptions = {}, yieldBetween = false): Promise<void> {
  const inTransaction = async (fn: (w: StoreWriter) => Promise<void>): Promise<void> => {
    let counter = 0;
    try {
      await store.transaction(async (w) => {
        counter = await corpus.ensure(w);
        await fn(w);
        await corpus.finish(w);
      });
    } catch (err) {
      corpus.invalidate();
      throw err;
    }
    corpus.committed(counter);
  };
  // A transaction cut by a lost connection was rolled back (or, cut in its COMMIT, committed: the
  // documents are then found stored and counted unchanged): it runs again, whole, once the server
  // answers, with a fresh tally and reloaded stages.
  const attempt = (fn: (w: StoreWriter, t: Tally) => Promise<void>): Promise<Tally> =>
    retryWhileUnreachable(async () => {
      const t = emptyTally();
      await inTransaction((w) => fn(w, t));
      return t;
    }, reconnect);
  try {
    apply(
      c,
      await attempt(async (w, t) => {
        for (const item of items) {
          await commitOne(w, item, t, corpus);
          // Between documents, the workers' messages are handled (each finished analysis hands its
          // worker the next document): without this, a worker finishing its document during the
          // batch would wait for the whole commit, and analysis and commit would take turns.
          if (yieldBetween) await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }),
    );
    return;
  } catch (err) {
    // A server that stayed away: stop here (what is committed stays; a run again resumes).
    if (isConnectionError(err)) throw serverGone(store, err);
    // Else one document may be at fault: retried one by one below.
  }
  for (const item of items) {
    try {
      apply(c, await attempt((w, t) => commitOne(w, item, t, corpus)));
    } catch (err) {
      const key = item.kind === 'failure' ? item.issue.key : item.key;
      const origin = item.kind === 'document' ? item.origin : item.kind === 'failure' ? item.issue.origin : key;
      const issue = { key, origin, code: 'store-failed', message: `could not store: ${(err as Error).message}` };
      const failed = emptyTally();
      failed.failed++;
      pushLimited(failed.failures, issue);
      try {
        await store.transaction(async (w) => w.recordFailure(issue));
      } catch {
        // The store itself is failing; the summary still lists the document.
      }
      apply(c, failed);
    }
  }
}

/** The documents row of an analysed outcome, as `commitOne` writes it (the queue worker inserts it ahead, too). */
export function newDocument(item: Extract<Outcome, { kind: 'document' }>): NewDocument {
  const { doc } = item;
  return {
    sourceKey: item.key,
    rawHash: item.rawHash,
    contentHash: doc.contentHash,
    text: doc.text,
    analysis: doc.analysis,
    ...(doc.analysisJson !== undefined ? { analysisJson: doc.analysisJson } : {}),
    signature: doc.signature,
    ...doc.meta,
  };
}

/** The store's server stayed away past the reconnect wait: one line for the user. */
function serverGone(store: Store, err: unknown): StoreError {
  return new StoreError(
    `lost the connection to ${store.location}, and it did not come back within ${Math.round(RECONNECT_MS / 1000)} s: ${(err as Error).message}; run the ingest again to resume`,
    'unavailable',
  );
}

export type Tally = Omit<Counters, 'seen'>;

export function emptyTally(): Tally {
  return { done: 0, ingested: 0, exactDuplicates: 0, nearDuplicates: 0, unchanged: 0, failed: 0, failures: [], warnings: [] };
}

function apply(c: Counters, t: Tally): void {
  c.done += t.done;
  c.ingested += t.ingested;
  c.exactDuplicates += t.exactDuplicates;
  c.nearDuplicates += t.nearDuplicates;
  c.unchanged += t.unchanged;
  c.failed += t.failed;
  for (const f of t.failures) pushLimited(c.failures, f);
  for (const f of t.warnings) pushLimited(c.warnings, f);
}

export async function commitOne(w: StoreWriter, item: Outcome, t: Tally, corpus: CorpusStages): Promise<void> {
  t.done++;
  if (item.kind === 'unchanged') {
    // Seen as stored when it was read; make sure that was not a write since rolled back.
    if (await w.read.sourceState(item.key)) t.unchanged++;
    else {
      t.failed++;
      const issue = { key: item.key, origin: item.key, code: 'not-stored', message: 'could not be stored in this run (a batch failed); run the ingest again' };
      pushLimited(t.failures, issue);
      await w.recordFailure(issue);
    }
    return;
  }
  if (item.kind === 'failure') {
    t.failed++;
    pushLimited(t.failures, item.issue);
    // A key already stored that fails to read again (a URL down today) keeps its document and
    // is not marked failed in the store; a key never stored is.
    if (!(await w.read.sourceState(item.issue.key))) await w.recordFailure(item.issue);
    return;
  }
  const { doc, key } = item;
  // The same key may have been committed earlier in this run (an input named twice).
  const known = await w.read.sourceState(key);
  if (known && known.rawHash === item.rawHash) {
    t.unchanged++;
    return;
  }
  for (const message of doc.warnings) pushLimited(t.warnings, { key, origin: item.origin, code: 'warning', message });
  const existing = await w.read.documentByHash(doc.contentHash);
  if (existing !== undefined) {
    await w.addDuplicateKey(key, item.rawHash, existing);
    await w.clearFailure(key);
    // The same input re-read with only cosmetic changes (line ends, spacing) is the same document.
    if (known?.documentId === existing) t.unchanged++;
    else t.exactDuplicates++;
    return;
  }
  const { id } = await w.addDocument(newDocument(item));
  const corpusDoc: CorpusDocument = {
    id,
    key,
    analysis: doc.analysis,
    meta: doc.meta,
    signature: doc.signature,
    entityIds: new Map(),
    copyOf: [],
    copies: [],
  };
  await corpus.apply(w, corpusDoc);
  // A document that joins a group of copies (as a copy, or as the new earliest) is a near-duplicate.
  if (corpusDoc.copyOf.length > 0 || (corpusDoc.copies?.length ?? 0) > 0) t.nearDuplicates++;
  await w.clearFailure(key);
  t.ingested++;
}

interface Slot {
  worker: Worker;
  /** The tasks posted to this worker, oldest first: the first is being analysed (its timer runs), the next waits in the worker's port. */
  busy: { task: WorkerTask; resolve: (o: WorkerOutcome) => void; timer?: NodeJS.Timeout }[];
}

/**
 * Tasks posted to a worker at once: the next ones wait in the worker's port, so that the worker
 * starts one as soon as it posts the last, not once this thread (busy committing, or closing a
 * batch: its COMMIT and full-text rows take tens of milliseconds) has read that message and
 * answered with the next task. With 2, a lone worker ran dry at each batch's end.
 */
export const TASKS_PER_WORKER = 8;

/**
 * How many analysis threads an ingest starts and may grow to. `workers` set: exactly that many.
 * Unset: one per core but one, since the main thread that commits is as busy as an analysis
 * thread (about 2 ms a document each on the Detik articles); and one more, up to one per core,
 * when analysis falls behind (`PoolGrowth`: HTML pages, long texts). On 2 cores, 1 worker
 * ingested the 500 Detik dev articles 15-25 % faster than 2, with a fifth less CPU: each worker is
 * a V8 isolate that compiles the analysis for itself and runs it cold until it has, and at 2
 * workers each saw only half the documents.
 * @example analysisThreads(undefined, 2) // { start: 1, max: 2 }
 */
export function analysisThreads(workers: number | undefined, cores = availableParallelism()): { start: number; max: number } {
  if (workers !== undefined) {
    const n = Math.max(0, Math.floor(workers));
    return { start: n, max: n };
  }
  return { start: Math.max(1, cores - 1), max: Math.max(1, cores) };
}

/**
 * Share of the main thread's time spent waiting for analyses that no worker had started, above
 * which the pool grows. A waiting share w means analysis takes 1 / (1 - w) times as long as a
 * commit; another worker on the core the main thread leaves idle pays only from about 3 times
 * (the worker starts cold, and three threads then share the cores): measured on 2 cores with
 * HTML pages costing twice a commit, growing made the run slower.
 */
export const GROW_WHEN_WAITING = 0.65;
/** The stretch (ms) over which that share is judged; it must hold over two in a row. The first starts at the first commit, after the workers' cold start. */
export const GROW_WINDOW_MS = 500;

/**
 * Decides, as each document is taken for its commit, whether the analysis pool should grow by
 * one: when, over two stretches in a row, the main thread spent at least `GROW_WHEN_WAITING` of
 * its time waiting for a document while other documents queued for a worker (analysis, not the
 * sources or the commits, held the run back). The clock starts at the first commit: before it
 * the workers start and run cold, and the main thread waits for them whatever their number.
 */
export class PoolGrowth {
  private from: number | undefined;
  private waitedMs = 0;
  private behind = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** A batch was committed (the first starts the clock). */
  committed(): void {
    this.from ??= this.now();
  }

  /** The main thread waited `ms` for an analysis while tasks queued for a worker. */
  waited(ms: number): void {
    if (this.from !== undefined) this.waitedMs += ms;
  }

  /** True when the pool should take one more worker. */
  shouldGrow(): boolean {
    if (this.from === undefined) return false;
    const t = this.now();
    const span = t - this.from;
    if (span < GROW_WINDOW_MS) return false;
    this.behind = this.waitedMs >= GROW_WHEN_WAITING * span ? this.behind + 1 : 0;
    this.from = t;
    this.waitedMs = 0;
    if (this.behind < 2) return false;
    this.behind = 0;
    return true;
  }
}

/**
 * A fixed set of analysis workers with a queue. A worker that crashes or times out on a document
 * fails that document only and is replaced.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  /** Workers spawned and not yet ready (a replacement, a growth). */
  private starting = 0;
  private readonly queue: { task: WorkerTask; resolve: (o: WorkerOutcome) => void }[] = [];
  private closing = false;

  constructor(
    private readonly initialSize: number,
    private readonly analyzerModule: string | undefined,
    private readonly kbFiles: readonly string[],
    private readonly timeoutMs: number,
  ) {}

  async start(): Promise<void> {
    // Fresh isolates warm up faster when V8 optimises later (src/corpus/heap.ts).
    optimiseLater();
    const started = await Promise.allSettled(Array.from({ length: this.initialSize }, () => this.spawn()));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await this.close();
      throw new IngestError(`cannot start the analysis workers: ${(failed.reason as Error).message}`, 'analyzer');
    }
  }

  private spawn(): Promise<Slot> {
    this.starting++;
    const started = this.spawnOne();
    void started.then(
      () => this.starting--,
      () => this.starting--,
    );
    return started;
  }

  private spawnOne(): Promise<Slot> {
    const init: WorkerInit = {
      kind: WORKER_KIND,
      ...(this.analyzerModule !== undefined ? { analyzerModule: this.analyzerModule } : {}),
      ...(this.kbFiles.length > 0 ? { kbFiles: this.kbFiles } : {}),
    };
    const here = import.meta.url;
    let worker: Worker;
    if (here.endsWith('.ts')) {
      // Running from sources (vitest, tsx): the worker loads TypeScript through tsx.
      const url = new URL('./worker-thread.ts', here).href;
      const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); });`;
      worker = new Worker(boot, { eval: true, workerData: init });
    } else {
      worker = new Worker(new URL('./worker-thread.js', here), { workerData: init });
    }
    const slot: Slot = { worker, busy: [] };
    return new Promise<Slot>((resolve, reject) => {
      let ready = false;
      worker.on('message', (msg: WireOutcome | WorkerSignal) => {
        if ('type' in msg) {
          if (msg.type === 'ready') {
            ready = true;
            if (this.closing) {
              // A replacement that came up after close(): nothing will use or stop it.
              void worker.terminate();
              resolve(slot);
              return;
            }
            this.slots.push(slot);
            resolve(slot);
            this.dispatch();
          } else {
            reject(new Error(msg.message));
            void worker.terminate();
          }
          return;
        }
        const busy = slot.busy[0];
        if (busy && busy.task.seq === msg.seq) {
          clearTimeout(busy.timer);
          slot.busy.shift();
          // The worker now analyses the next task it was given: its clock starts.
          if (slot.busy.length > 0) this.startTimer(slot, slot.busy[0]!);
          this.dispatch();
          let outcome: WorkerOutcome;
          try {
            outcome = fromWire(msg);
          } catch (err) {
            outcome = { seq: msg.seq, ok: false, code: 'internal-error', message: `the worker's analysis could not be read: ${(err as Error).message}` };
          }
          busy.resolve(outcome);
        }
      });
      worker.on('error', (err) => {
        if (!ready) reject(err);
        else this.lost(slot, 'worker-crashed', `the analysis worker crashed: ${err.message}`);
      });
      worker.on('exit', (code) => {
        if (!ready) reject(new Error(`worker exited with code ${code} before starting`));
        else if (!this.closing) this.lost(slot, 'worker-crashed', `the analysis worker exited (code ${code})`);
      });
    });
  }

  /** A worker died or hung: fail its document, replace it. */
  private lost(slot: Slot, code: string, message: string): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    const [busy, ...waiting] = slot.busy;
    slot.busy = [];
    if (busy) {
      clearTimeout(busy.timer);
      busy.resolve({ seq: busy.task.seq, ok: false, code, message });
    }
    // Tasks the worker had not started go back to the front of the queue, in order, for another worker.
    if (waiting.length > 0) {
      this.queue.unshift(...waiting.map(({ task, resolve }) => ({ task, resolve })));
      this.dispatch();
    }
    void slot.worker.terminate();
    if (this.closing) return;
    this.spawn().catch((err: Error) => {
      // Could not replace it: the queue drains on the remaining workers, or fails if none remain.
      if (this.slots.length === 0) {
        for (const q of this.queue.splice(0)) q.resolve({ seq: q.task.seq, ok: false, code: 'worker-crashed', message: `no analysis worker left: ${err.message}` });
      }
    });
  }

  /** Workers running (a crashed one's replacement counts once it is up). */
  get size(): number {
    return this.slots.length;
  }

  /** Workers running or starting. */
  get planned(): number {
    return this.slots.length + this.starting;
  }

  /** Tasks waiting for a worker to take them. */
  get queued(): number {
    return this.queue.length;
  }

  /** Starts one more worker; it takes queued tasks once ready. A failed start leaves the pool as it was. */
  grow(): void {
    if (this.closing) return;
    this.spawn().catch(() => undefined);
  }

  run(task: WorkerTask): Promise<WorkerOutcome> {
    return new Promise((resolve) => {
      // Waiting tasks in input order: a task arrives once its record's stored state has been read,
      // and those reads answer in any order; documents are committed in input order, so a record
      // queued behind later ones held every later document's commit back (a 60-file ingest on a
      // fresh PostgreSQL committed 2 documents, then the other 58 together at its end).
      let at = this.queue.length;
      while (at > 0 && this.queue[at - 1]!.task.seq > task.seq) at--;
      this.queue.splice(at, 0, { task, resolve });
      this.dispatch();
    });
  }

  private dispatch(): void {
    // Each idle worker gets a task first, then each gets a second one to hold.
    for (let depth = 0; depth < TASKS_PER_WORKER; depth++) {
      for (const slot of this.slots) {
        if (this.queue.length === 0) return;
        if (slot.busy.length > depth) continue;
        const next = this.queue.shift()!;
        const entry: Slot['busy'][number] = { ...next };
        slot.busy.push(entry);
        if (slot.busy.length === 1) this.startTimer(slot, entry);
        slot.worker.postMessage(next.task);
      }
    }
  }

  private startTimer(slot: Slot, entry: Slot['busy'][number]): void {
    entry.timer = setTimeout(
      () => this.lost(slot, 'analyze-timeout', `the analysis took longer than ${Math.round(this.timeoutMs / 1000)} s`),
      this.timeoutMs,
    );
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }
}
