/**
 * A careful HTTP GET for ingest: http(s) only, one deadline for the whole exchange (redirects and
 * body included), a byte cap on the decoded body (checked while streaming, so a lying or absent
 * Content-Length cannot exhaust memory, and a gzip bomb stops at the cap), redirects followed by
 * hand (`redirect: 'manual'`) so every hop is checked: scheme, loop, count.
 *
 * Never throws: the outcome is a resource or a failure with a stable code:
 * `unsupported-url`, `timeout`, `redirect-loop`, `too-many-redirects`, `bad-redirect`,
 * `http-error`, `too-large`, `fetch-failed`, `aborted`.
 */

import { DEFAULT_MAX_BYTES, DEFAULT_MAX_REDIRECTS, DEFAULT_TIMEOUT_MS, DEFAULT_USER_AGENT } from '../types.js';
import { mimeType, charsetFromContentType } from './decode.js';

// The same limits as `readSource` for a single URL.
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_REDIRECTS, DEFAULT_TIMEOUT_MS };

export interface FetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** Cancels the request from outside (the caller stopped iterating). */
  signal?: AbortSignal;
  accept?: string;
}

export interface FetchedResource {
  /** The URL asked for. */
  readonly requestedUrl: string;
  /** The URL the content came from, after redirects. */
  readonly url: string;
  readonly status: number;
  /** MIME type, lowercased, no parameters ('' when the server sent none). */
  readonly mime: string;
  readonly charset?: string;
  readonly bytes: Uint8Array;
  readonly redirects: readonly string[];
}

export interface FetchFailure {
  readonly code: string;
  readonly message: string;
  readonly url: string;
}

export type FetchOutcome = { ok: true; resource: FetchedResource } | { ok: false; failure: FetchFailure };

const ACCEPT =
  'text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5';

const REDIRECT = new Set([301, 302, 303, 307, 308]);

/** Parses and checks a URL: only http and https are fetched. */
export function parseHttpUrl(raw: string, base?: string): URL | null {
  try {
    const u = new URL(raw, base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u;
  } catch {
    return null;
  }
}

export async function safeFetch(url: string, options: FetchOptions = {}): Promise<FetchOutcome> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const fail = (code: string, message: string, at = url): FetchOutcome => ({
    ok: false,
    failure: { code, message, url: at },
  });

  const first = parseHttpUrl(url);
  if (!first) return fail('unsupported-url', `not an http(s) URL: ${url}`);

  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  timer.unref?.();
  const signal = options.signal ? AbortSignal.any([deadline.signal, options.signal]) : deadline.signal;
  const why = (e: unknown, at: string): FetchOutcome => {
    if (deadline.signal.aborted) return fail('timeout', `no complete answer from ${at} within ${timeoutMs} ms`, at);
    if (options.signal?.aborted) return fail('aborted', `fetch of ${at} was cancelled`, at);
    return fail('fetch-failed', `could not fetch ${at}: ${describe(e)}`, at);
  };

  const visited = new Set<string>();
  const redirects: string[] = [];
  let current = first;
  try {
    for (;;) {
      visited.add(current.href);
      let res: Response;
      try {
        res = await fetch(current, {
          redirect: 'manual',
          signal,
          headers: { 'user-agent': DEFAULT_USER_AGENT, accept: options.accept ?? ACCEPT },
        });
      } catch (e) {
        return why(e, current.href);
      }

      if (REDIRECT.has(res.status)) {
        await res.body?.cancel().catch(() => undefined);
        const location = res.headers.get('location');
        const next = location ? parseHttpUrl(location, current.href) : null;
        if (!next) {
          return fail('bad-redirect', `${current.href} redirects to an unusable location: ${location ?? '(none)'}`, current.href);
        }
        if (visited.has(next.href)) {
          return fail('redirect-loop', `redirect loop: ${[...redirects, current.href, next.href].join(' -> ')}`);
        }
        if (redirects.length + 1 > maxRedirects) {
          return fail('too-many-redirects', `more than ${maxRedirects} redirects starting at ${url}`);
        }
        redirects.push(current.href);
        current = next;
        continue;
      }

      if (res.status < 200 || res.status > 299) {
        await res.body?.cancel().catch(() => undefined);
        return fail('http-error', `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''} from ${current.href}`, current.href);
      }

      const contentType = res.headers.get('content-type');
      const declared = Number(res.headers.get('content-length') ?? NaN);
      if (Number.isFinite(declared) && declared > maxBytes) {
        await res.body?.cancel().catch(() => undefined);
        return fail('too-large', `${current.href} is ${declared} bytes, over the limit of ${maxBytes}`, current.href);
      }

      const chunks: Uint8Array[] = [];
      let total = 0;
      if (res.body) {
        const reader = res.body.getReader();
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            total += value.byteLength;
            if (total > maxBytes) {
              await reader.cancel().catch(() => undefined);
              return fail('too-large', `${current.href} is over the limit of ${maxBytes} bytes`, current.href);
            }
            chunks.push(value);
          }
        } catch (e) {
          return why(e, current.href);
        }
      }
      const bytes = concat(chunks, total);
      const charset = charsetFromContentType(contentType);
      return {
        ok: true,
        resource: {
          requestedUrl: first.href,
          url: current.href,
          status: res.status,
          mime: mimeType(contentType),
          ...(charset ? { charset } : {}),
          bytes,
          redirects,
        },
      };
    }
  } finally {
    clearTimeout(timer);
  }
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: unknown }).cause;
    if (cause instanceof Error) {
      const code = (cause as Error & { code?: string }).code;
      return code ? `${code} (${cause.message})` : cause.message;
    }
    return e.message;
  }
  return String(e);
}
