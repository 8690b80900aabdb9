/** One writer: ingests (the API's and the feed watcher's) run one at a time on the one store. */
import { ApiError } from './errors.js';

/** Ingest requests that may wait behind the running one. */
export const MAX_WAITING_INGESTS = 4;

export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  /** Refuses when the running ingest has `MAX_WAITING_INGESTS` behind it already. */
  check(): void {
    if (this.waiting >= MAX_WAITING_INGESTS + 1) throw new ApiError(503, 'busy', 'too many ingests waiting; try again shortly', { 'Retry-After': '2' });
  }

  /** Runs `fn` after the writes before it; `wait` (the feed watcher) queues even when the queue is long. */
  run<T>(fn: () => Promise<T>, options: { wait?: boolean } = {}): Promise<T> {
    if (!options.wait) this.check();
    this.waiting++;
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined).finally(() => this.waiting--);
    return next;
  }
}
