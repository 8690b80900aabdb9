/**
 * Analysis off the event loop: a fixed pool of worker threads (src/server/analysis-worker.ts)
 * with a bounded queue. A task over capacity is refused at once with `PoolBusyError` (the
 * server answers 503 with Retry-After), never queued without bound. A task that runs past its
 * deadline has its worker terminated and replaced, and fails with `PoolTimeoutError`.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerOutcome, WorkerTask } from '../corpus/worker.js';
import type { Analysis, DocumentMeta } from '../types.js';

export interface AnalyzeInput {
  readonly text?: string;
  readonly html?: string;
  /** The page's address (for HTML read from a URL: metadata, relative links). */
  readonly url?: string;
  readonly lang?: string;
  readonly date?: string;
  readonly meta?: DocumentMeta;
}

export type PoolTask =
  | { readonly id: number; readonly kind: 'analyze'; readonly input: AnalyzeInput }
  | { readonly id: number; readonly kind: 'process'; readonly task: WorkerTask }
  /** Tests: hold a worker busy for `ms`, or throw inside it. */
  | { readonly id: number; readonly kind: 'sleep'; readonly ms: number }
  | { readonly id: number; readonly kind: 'crash' };

type NewTask = PoolTask extends infer T ? (T extends PoolTask ? Omit<T, 'id'> : never) : never;

export type PoolReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  /** `client`: the input is at fault (an unreadable page), else the analysis failed. */
  | { readonly id: number; readonly ok: false; readonly code: string; readonly message: string; readonly client: boolean };

export type PoolSignal = { readonly type: 'ready' } | { readonly type: 'fatal'; readonly message: string };

/** The queue is full: try again later. */
export class PoolBusyError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('the analysis queue is full; try again shortly');
    this.name = 'PoolBusyError';
  }
}

export class PoolTimeoutError extends Error {
  constructor(ms: number) {
    super(`the analysis took longer than ${ms} ms and was stopped`);
    this.name = 'PoolTimeoutError';
  }
}

/** The input could not be analysed (an unreadable page): the client's problem, with a code. */
export class AnalysisInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AnalysisInputError';
  }
}

/** What the server needs from an analyzer: the pool, or anything with the same shape (tests). */
export interface Analyzer {
  analyze(input: AnalyzeInput): Promise<Analysis>;
  /** One ingest record through `processRecord` (read, hash, MinHash, analyse); not refused when full (the caller bounds the records). */
  process(task: WorkerTask): Promise<WorkerOutcome>;
  stats(): { workers: number; busy: number; queued: number; capacity: number };
  /** Whether a new bounded task would be refused now. */
  full(): boolean;
  close(): Promise<void>;
}

export interface PoolOptions {
  /** Worker threads (default 2). */
  readonly workers?: number;
  /** Tasks waiting beyond those running (default 4 per worker). */
  readonly queue?: number;
  /** Deadline of one task in ms (default 60 s). */
  readonly timeoutMs?: number;
  /** User knowledge-base files added to the starter KB. */
  readonly kbFiles?: readonly string[];
}

interface Job {
  readonly task: PoolTask;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  job?: Job;
  timer?: NodeJS.Timeout;
}

export class AnalysisPool implements Analyzer {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  readonly size: number;
  readonly capacity: number;
  private readonly timeoutMs: number;

  private constructor(private readonly options: PoolOptions) {
    this.size = Math.max(1, Math.floor(options.workers ?? 2));
    this.capacity = Math.max(0, Math.floor(options.queue ?? this.size * 4));
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** Starts the workers and waits until each has loaded the pipeline. */
  static async start(options: PoolOptions = {}): Promise<AnalysisPool> {
    const pool = new AnalysisPool(options);
    const started = await Promise.allSettled(Array.from({ length: pool.size }, () => pool.spawn()));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await pool.close();
      throw new Error(`cannot start the analysis workers: ${(failed.reason as Error).message}`);
    }
    return pool;
  }

  private spawn(): Promise<Slot> {
    const init = { kind: 'saksi-server-worker', kbFiles: [...(this.options.kbFiles ?? [])] };
    const here = import.meta.url;
    let worker: Worker;
    if (here.endsWith('.ts')) {
      const url = new URL('./analysis-worker.ts', here).href;
      const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); });`;
      worker = new Worker(boot, { eval: true, workerData: init });
    } else {
      worker = new Worker(new URL('./analysis-worker.js', here), { workerData: init });
    }
    const slot: Slot = { worker };
    return new Promise<Slot>((resolve, reject) => {
      let ready = false;
      worker.on('message', (msg: PoolReply | PoolSignal) => {
        if ('type' in msg) {
          if (msg.type === 'ready') {
            ready = true;
            this.slots.push(slot);
            resolve(slot);
            this.dispatch();
          } else {
            reject(new Error(msg.message));
            void worker.terminate();
          }
          return;
        }
        const job = slot.job;
        if (!job || job.task.id !== msg.id) return;
        clearTimeout(slot.timer);
        slot.job = undefined;
        if (msg.ok) job.resolve(msg.value);
        else job.reject(msg.client ? new AnalysisInputError(msg.code, msg.message) : new Error(msg.message));
        this.dispatch();
      });
      worker.on('error', (err) => {
        if (!ready) reject(err);
        else this.replace(slot, err);
      });
      worker.on('exit', (code) => {
        if (!ready) reject(new Error(`the analysis worker exited with code ${code}`));
        else if (!this.closed && this.slots.includes(slot)) this.replace(slot, new Error(`the analysis worker exited with code ${code}`));
      });
    });
  }

  /** A worker died or overran: fail its job, start another in its place. */
  private replace(slot: Slot, err: Error): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = undefined;
    void slot.worker.terminate();
    job?.reject(err);
    if (this.closed) return;
    this.spawn().catch((e: Error) => {
      // No worker can start any more: fail what waits rather than leave it hanging.
      if (this.slots.length === 0) for (const j of this.queue.splice(0)) j.reject(e);
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.job = job;
      slot.timer = setTimeout(() => this.replace(slot, new PoolTimeoutError(this.timeoutMs)), this.timeoutMs);
      slot.worker.postMessage(job.task);
    }
  }

  /** `bounded: false` for tasks whose number the caller already bounds (one ingest request's records). */
  private submit<T>(task: NewTask, bounded = true): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the analysis pool is closed'));
    if (bounded && this.full()) return Promise.reject(new PoolBusyError(this.retryAfter()));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ task: { ...task, id: this.nextId++ } as PoolTask, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** No worker is idle and the queue holds `capacity` tasks. */
  full(): boolean {
    return !this.slots.some((s) => !s.job) && this.queue.length >= this.capacity;
  }

  /** Seconds until a place is likely free: about one analysis per queued task per worker. */
  private retryAfter(): number {
    return Math.max(1, Math.ceil(this.queue.length / this.size));
  }

  analyze(input: AnalyzeInput): Promise<Analysis> {
    return this.submit<Analysis>({ kind: 'analyze', input });
  }

  process(task: WorkerTask): Promise<WorkerOutcome> {
    return this.submit<WorkerOutcome>({ kind: 'process', task }, false);
  }

  /** Tests: occupy a worker for `ms`. */
  sleep(ms: number): Promise<void> {
    return this.submit<void>({ kind: 'sleep', ms });
  }

  /** Tests: a worker that dies mid-task. */
  crash(): Promise<void> {
    return this.submit<void>({ kind: 'crash' });
  }

  stats(): { workers: number; busy: number; queued: number; capacity: number } {
    return { workers: this.slots.length, busy: this.slots.filter((s) => s.job).length, queued: this.queue.length, capacity: this.capacity };
  }

  async close(): Promise<void> {
    this.closed = true;
    const err = new Error('the server is shutting down');
    for (const job of this.queue.splice(0)) job.reject(err);
    await Promise.all(
      this.slots.splice(0).map((s) => {
        clearTimeout(s.timer);
        s.job?.reject(err);
        return s.worker.terminate();
      }),
    );
  }
}
