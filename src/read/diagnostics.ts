import type { Diagnostic } from '../types.js';
import type { ReadResult } from './types.js';

/** The name diagnostics use for an origin: stdin is spelled `<stdin>`, everything else as given. */
export function displayName(origin: string): string {
  return origin === '-' ? '<stdin>' : origin;
}

export function error(code: string, message: string, origin: string, at?: { line: number; column: number }): Diagnostic {
  return { code, severity: 'error', message, file: displayName(origin), ...(at ? { line: at.line, column: at.column } : {}) };
}

export function warning(code: string, message: string, origin: string, at?: { line: number; column: number }): Diagnostic {
  return { code, severity: 'warning', message, file: displayName(origin), ...(at ? { line: at.line, column: at.column } : {}) };
}

export function fail(...diagnostics: Diagnostic[]): ReadResult {
  return { ok: false, diagnostics };
}

/**
 * How a user raises each limit: the `saksi` flag (analyze and ingest take the same ones). Library
 * callers pass the matching option (`maxBytes`, `timeoutMs`, `maxRedirects`) instead.
 */
export const LIMIT_HINTS = {
  maxBytes: 'raise the limit with --max-size <MB>',
  timeout: 'raise --timeout <seconds>',
  redirects: 'raise --max-redirects <n>',
} as const;

/** `52428800` → `50.0 MiB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  return `${(n / (1024 * 1024 * 1024)).toFixed(1)} GiB`;
}

/** The `too-large` error. `size` is exact when known (stat, content-length), else the bytes seen so far. */
export function tooLarge(origin: string, maxBytes: number, size: number, exact: boolean): Diagnostic {
  const what = exact ? `is ${formatBytes(size)} (${size} bytes)` : `is more than ${formatBytes(maxBytes)} (read ${size} bytes before stopping)`;
  return error(
    'too-large',
    `Input ${what}, over the limit of ${formatBytes(maxBytes)} (${maxBytes} bytes); ${LIMIT_HINTS.maxBytes} if this really is one article.`,
    origin,
  );
}

/** The message of an unknown thrown value. */
export function describe(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
