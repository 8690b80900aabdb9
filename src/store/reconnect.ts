/**
 * Waiting out a lost store server (PostgreSQL restarting, shutting down, a network cut): which
 * errors are a lost or refused connection rather than an error of the statement, and a step run
 * again with backoff while they last. The SQLite store never throws these, so callers wrap every
 * store step alike. Used by `saksi worker` (src/corpus/queue/consumer.ts) and `saksi ingest`.
 */

/** How long a step waits for a lost server to come back before it gives up. */
export const RECONNECT_MS = 120_000;

/**
 * A lost or refused connection (the server restarting, shutting down, unreachable), as opposed to
 * an error of the statement: the step may be retried as it was.
 */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  const code = e?.code ?? '';
  if (/^(08|57P)/.test(code)) return true; // connection exception; admin shutdown, crash shutdown, cannot connect now
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN'].includes(code)) return true;
  return /Connection terminated|terminating connection|connection to the server|the database system is (starting up|shutting down|in recovery mode)|Client has encountered a connection error|not queryable/i.test(
    e?.message ?? '',
  );
}

export interface ReconnectOptions {
  /** Give up (rethrow) once the first failure is this old; default RECONNECT_MS. */
  readonly maxMs?: number;
  readonly signal?: AbortSignal;
  /** Called before each wait, with the error that caused it. */
  readonly onRetry?: (err: unknown, attempt: number) => void;
}

/** Runs `step`, and again with backoff (0.2 s doubling to 5 s) while it fails for a lost connection. */
export async function retryWhileUnreachable<T>(step: () => Promise<T>, options: ReconnectOptions = {}): Promise<T> {
  const first = Date.now();
  const maxMs = options.maxMs ?? RECONNECT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (!isConnectionError(err) || Date.now() - first > maxMs || options.signal?.aborted) throw err;
      options.onRetry?.(err, attempt);
      await sleep(Math.min(5000, 200 * 2 ** attempt), options.signal);
    }
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
