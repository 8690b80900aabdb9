/** Waiting out a lost store server (src/store/reconnect.ts), as saksi ingest and saksi worker do. */
import { describe, expect, it } from 'vitest';
import { isConnectionError, retryWhileUnreachable } from '../src/store/reconnect.js';

const err = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });

describe('retryWhileUnreachable', () => {
  it('tells a lost or refused connection from an error of the statement', () => {
    expect(isConnectionError(err('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isConnectionError(err('ECONNREFUSED'))).toBe(true);
    expect(isConnectionError(err('08006'))).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(err('42601', 'syntax error'))).toBe(false);
    expect(isConnectionError(err('23505', 'duplicate key value'))).toBe(false);
    expect(isConnectionError(err('SQLITE_BUSY', 'database is locked'))).toBe(false);
  });

  it('runs the step again while the server is away, then returns its answer', async () => {
    let calls = 0;
    const retries: unknown[] = [];
    const value = await retryWhileUnreachable(
      async () => {
        calls++;
        if (calls < 3) throw err('57P03', 'the database system is starting up');
        return 'stored';
      },
      { onRetry: (e) => retries.push((e as { code: string }).code) },
    );
    expect(value).toBe('stored');
    expect(retries).toEqual(['57P03', '57P03']);
  });

  it('rethrows any other error at once, and a lost connection past the wait', async () => {
    let calls = 0;
    await expect(
      retryWhileUnreachable(async () => {
        calls++;
        throw err('23505', 'duplicate key value');
      }),
    ).rejects.toThrow('duplicate key value');
    expect(calls).toBe(1);
    await expect(retryWhileUnreachable(async () => Promise.reject(err('ECONNREFUSED', 'refused')), { maxMs: -1 })).rejects.toThrow('refused');
    const aborted = new AbortController();
    aborted.abort();
    await expect(retryWhileUnreachable(async () => Promise.reject(err('ECONNREFUSED', 'refused')), { signal: aborted.signal })).rejects.toThrow('refused');
  });
});
