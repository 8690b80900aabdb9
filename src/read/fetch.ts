/**
 * The one careful HTTP GET of ingest, shared by `readSource` (`saksi analyze <url>`) and
 * `enumerateSources` (`saksi ingest` feeds and URLs): http(s) only, one deadline for the whole
 * exchange (redirects and body included), a byte cap on the decoded body (checked while streaming,
 * so a lying or absent Content-Length cannot exhaust memory, and a gzip bomb stops at the cap),
 * redirects followed by hand (`redirect: 'manual'`) so every hop is checked: scheme, loop, count.
 * It returns raw bytes; deciding what they are (page, text, feed) is the caller's business.
 *
 * Never throws: the outcome is a resource or a failure with a stable code:
 * `unsupported-url`, `timeout`, `aborted`, `redirect-loop`, `too-many-redirects`, `bad-redirect`,
 * `http-error`, `unsupported-content-type`, `too-large`, `fetch-failed`.
 */

import { charsetFromContentType, mimeOf } from './decode.js';
import { describe, formatBytes, LIMIT_HINTS } from './diagnostics.js';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_REDIRECTS, DEFAULT_TIMEOUT_MS, DEFAULT_USER_AGENT } from './types.js';

/**
 * The failure codes that mean the network source could not be had (the server, the connection or
 * the redirects), as opposed to a bad argument (`unsupported-url`) or content saksi will not read
 * (`unsupported-content-type`, `too-large`). `saksi analyze` exits 69 (unavailable) on these.
 */
export const NETWORK_FAILURE_CODES: ReadonlySet<string> = new Set([
  'timeout',
  'aborted',
  'redirect-loop',
  'too-many-redirects',
  'bad-redirect',
  'http-error',
  'fetch-failed',
]);

export interface FetchOptions {
  /** Whole-exchange budget in ms (connect, redirects, body). Default `DEFAULT_TIMEOUT_MS`. */
  timeoutMs?: number;
  /** Largest decoded body in bytes. Default `DEFAULT_MAX_BYTES`. */
  maxBytes?: number;
  /** Redirects followed before `too-many-redirects`. Default `DEFAULT_MAX_REDIRECTS`. */
  maxRedirects?: number;
  /** Cancels the request from outside (the caller stopped iterating): failure code `aborted`. */
  signal?: AbortSignal;
  /** The Accept header. Default: pages, feeds and plain text. */
  accept?: string;
  /** The User-Agent header. Default `DEFAULT_USER_AGENT`. */
  userAgent?: string;
  /**
   * Checked on the final response's MIME type (lowercased, no parameters) before the body is
   * downloaded: `true` refuses it with `unsupported-content-type`.
   */
  refuseMime?: (mime: string) => boolean;
}

export interface FetchedResource {
  /** The URL asked for. */
  readonly requestedUrl: string;
  /** The URL the content came from, after redirects. */
  readonly url: string;
  readonly status: number;
  /** MIME type, lowercased, no parameters ('' when the server sent none). */
  readonly mime: string;
  /** The content-type charset label, lowercased, when the server sent one. */
  readonly charset?: string;
  readonly bytes: Uint8Array;
  /** The URLs that redirected, in order (the final `url` is not among them). */
  readonly redirects: readonly string[];
}

export interface FetchFailure {
  readonly code: string;
  readonly message: string;
  /** The URL that failed (the one being fetched when it did). */
  readonly url: string;
}

export type FetchOutcome = { ok: true; resource: FetchedResource } | { ok: false; failure: FetchFailure };

const ACCEPT =
  'text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5';

const REDIRECT = new Set([301, 302, 303, 307, 308]);

/** Parses and checks a URL: only http and https are fetched. The fragment is dropped. */
export function parseHttpUrl(raw: string | URL, base?: string): URL | null {
  try {
    const u = new URL(raw, base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u;
  } catch {
    return null;
  }
}

export async function safeFetch(url: string | URL, options: FetchOptions = {}): Promise<FetchOutcome> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const asked = String(url);
  const fail = (code: string, message: string, at = asked): FetchOutcome => ({
    ok: false,
    failure: { code, message, url: at },
  });

  const first = parseHttpUrl(url);
  if (!first) return fail('unsupported-url', `Not an http(s) URL: ${asked}`);

  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  timer.unref?.();
  const signal = options.signal ? AbortSignal.any([deadline.signal, options.signal]) : deadline.signal;
  const why = (e: unknown, at: string, reading: boolean): FetchOutcome => {
    if (deadline.signal.aborted) {
      return fail('timeout', `No complete answer from ${at} within ${timeoutMs / 1000} s; ${LIMIT_HINTS.timeout} if the site is just slow.`, at);
    }
    if (options.signal?.aborted) return fail('aborted', `The fetch of ${at} was cancelled.`, at);
    const what = reading ? `The connection failed while reading ${at}` : `Could not fetch ${at}`;
    return fail('fetch-failed', `${what}: ${causeOf(e)}.`, at);
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
          headers: { 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT, accept: options.accept ?? ACCEPT },
        });
      } catch (e) {
        return why(e, current.href, false);
      }

      if (REDIRECT.has(res.status)) {
        await discard(res);
        const location = res.headers.get('location');
        const next = location ? parseHttpUrl(location, current.href) : null;
        if (!next) {
          const where = location ? `an unusable location (only http and https are followed): ${location}` : 'nowhere (no Location header)';
          return fail('bad-redirect', `HTTP ${res.status} from ${current.href} redirects to ${where}.`, current.href);
        }
        if (visited.has(next.href)) {
          return fail('redirect-loop', `Redirect loop: ${[...redirects, current.href, next.href].join(' -> ')}.`);
        }
        if (redirects.length + 1 > maxRedirects) {
          return fail(
            'too-many-redirects',
            `More than ${maxRedirects} redirects (${[...redirects, current.href].join(' -> ')} -> ...); ${LIMIT_HINTS.redirects} to follow more.`,
          );
        }
        redirects.push(current.href);
        current = next;
        continue;
      }

      if (res.status < 200 || res.status > 299) {
        await discard(res);
        return fail('http-error', `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''} from ${current.href}.`, current.href);
      }

      const contentType = res.headers.get('content-type');
      const mime = mimeOf(contentType);
      if (options.refuseMime?.(mime)) {
        await discard(res);
        return fail('unsupported-content-type', `${current.href} serves ${mime}, not an HTML page or plain text.`, current.href);
      }

      // Refuse early when the server announces the size (only meaningful without content-encoding:
      // the cap is on the decoded body).
      const declared = Number(res.headers.get('content-length') ?? NaN);
      const encoded = (res.headers.get('content-encoding') ?? 'identity').toLowerCase() !== 'identity';
      if (!encoded && Number.isFinite(declared) && declared > maxBytes) {
        await discard(res);
        return fail('too-large', tooLargeMessage(current.href, maxBytes, declared, true), current.href);
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
              return fail('too-large', tooLargeMessage(current.href, maxBytes, total, false), current.href);
            }
            chunks.push(value);
          }
        } catch (e) {
          return why(e, current.href, true);
        }
      }
      const charset = charsetFromContentType(contentType);
      return {
        ok: true,
        resource: {
          requestedUrl: first.href,
          url: current.href,
          status: res.status,
          mime,
          ...(charset ? { charset } : {}),
          bytes: concat(chunks, total),
          redirects,
        },
      };
    }
  } finally {
    clearTimeout(timer);
  }
}

function tooLargeMessage(url: string, maxBytes: number, size: number, exact: boolean): string {
  const what = exact ? `is ${formatBytes(size)} (${size} bytes)` : `is more than ${formatBytes(maxBytes)} (read ${size} bytes before stopping)`;
  return `${url} ${what}, over the limit of ${formatBytes(maxBytes)} (${maxBytes} bytes); ${LIMIT_HINTS.maxBytes} if this really is one article.`;
}

async function discard(res: Response): Promise<void> {
  try {
    await res.body?.cancel();
  } catch {
    // nothing to do: the response is abandoned either way
  }
}

/** The network-level reason of a failed `fetch` (undici puts it in `cause`). */
function causeOf(e: unknown): string {
  const cause = (e as { cause?: unknown })?.cause ?? e;
  const c = cause as { code?: unknown; message?: unknown; errors?: unknown };
  let msg = typeof c?.message === 'string' ? c.message : describe(cause);
  if (!msg && Array.isArray(c?.errors)) msg = c.errors.map((x) => describe(x)).join('; ');
  const code = typeof c?.code === 'string' ? c.code : undefined;
  if (code && !msg.includes(code)) msg = `${msg} (${code})`;
  return msg || 'unknown network error';
}

/** The chunks of a stream, joined. */
export function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
