/**
 * Fetching an article over http(s): redirects followed by hand (so each hop is checked and counted),
 * one time budget for the whole exchange, and a body read as a stream that stops at the size limit.
 */
import type { Diagnostic } from '../types.js';
import { charsetFromContentType, mimeOf } from './decode.js';
import { describe, error, fail, tooLarge } from './diagnostics.js';
import { readBytes } from './bytes.js';
import type { ReadResult, SourceFormat } from './types.js';

export interface FetchOptions {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  format: SourceFormat;
  userAgent: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Content types that are certainly not an article; refused before the body is downloaded. */
const UNSUPPORTED = /^(?:image|audio|video|font|model)\/|^application\/(?:pdf|zip|gzip|x-gzip|x-tar|x-7z-compressed|vnd\.|msword|x-bzip2|wasm)/;

/** `http:`/`https:` URLs only. A `URL` when acceptable, else the `unsupported-url`/`invalid-url` error. */
export function checkUrl(raw: string, origin: string): URL | Diagnostic {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return error('invalid-url', `Not a valid URL: ${raw}`, origin);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return error(
      'unsupported-url',
      `Only http and https URLs can be read, not ${url.protocol.replace(/:$/, '')}:${url.protocol === 'file:' ? ' give the path of the file instead' : ''}.`,
      origin,
    );
  }
  return url;
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

export async function readUrl(arg: string, start: URL, opts: FetchOptions): Promise<ReadResult> {
  const origin = arg;
  const signal = AbortSignal.timeout(opts.timeoutMs);
  const timeout = () =>
    fail(
      error(
        'timeout',
        `No complete response within ${opts.timeoutMs} ms; raise the timeoutMs option if the site is just slow.`,
        origin,
      ),
    );

  const chain: string[] = [start.href];
  let current = start;
  let res: Response;
  for (;;) {
    try {
      res = await fetch(current, {
        redirect: 'manual',
        signal,
        headers: {
          'user-agent': opts.userAgent,
          accept: 'text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5',
        },
      });
    } catch (e) {
      if (signal.aborted) return timeout();
      return fail(error('fetch-failed', `Could not fetch ${current.href}: ${causeOf(e)}.`, origin));
    }
    if (!REDIRECTS.has(res.status)) break;

    const location = res.headers.get('location');
    await discard(res);
    if (!location) {
      return fail(error('http-error', `HTTP ${res.status} redirect without a Location header from ${current.href}.`, origin));
    }
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      return fail(error('http-error', `HTTP ${res.status} redirect to an invalid URL: ${location}`, origin));
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      return fail(error('unsupported-url', `Redirected to a ${next.protocol} URL (${next.href}); only http and https are followed.`, origin));
    }
    if (chain.includes(next.href)) {
      return fail(error('too-many-redirects', `Redirect loop: ${[...chain, next.href].join(' → ')}`, origin));
    }
    if (chain.length > opts.maxRedirects) {
      return fail(
        error(
          'too-many-redirects',
          `More than ${opts.maxRedirects} redirects (${chain.join(' → ')} → …); raise the maxRedirects option to follow more.`,
          origin,
        ),
      );
    }
    chain.push(next.href);
    current = next;
  }

  if (res.status < 200 || res.status > 299) {
    await discard(res);
    const text = res.statusText ? ` ${res.statusText}` : '';
    return fail(error('http-error', `HTTP ${res.status}${text} from ${current.href}.`, origin));
  }

  const contentType = res.headers.get('content-type');
  const mime = mimeOf(contentType);
  let format: SourceFormat = opts.format;
  if (format === 'auto') {
    if (mime === 'text/html' || mime === 'application/xhtml+xml') format = 'html';
    else if (mime === 'text/plain') format = 'text';
    else if (UNSUPPORTED.test(mime)) {
      await discard(res);
      return fail(
        error('unsupported-content-type', `The URL serves ${mime}, not an HTML page or plain text.`, origin),
      );
    }
  }

  // Refuse early when the server announces the size (only meaningful without content-encoding).
  const declared = Number(res.headers.get('content-length'));
  const encoded = (res.headers.get('content-encoding') ?? 'identity').toLowerCase() !== 'identity';
  if (!encoded && Number.isFinite(declared) && declared > opts.maxBytes) {
    await discard(res);
    return fail(tooLarge(origin, opts.maxBytes, declared, true));
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
        if (total > opts.maxBytes) {
          await reader.cancel().catch(() => undefined);
          return fail(tooLarge(origin, opts.maxBytes, total, false));
        }
        chunks.push(value);
      }
    } catch (e) {
      if (signal.aborted) return timeout();
      return fail(error('fetch-failed', `The connection failed while reading ${current.href}: ${causeOf(e)}.`, origin));
    }
  }
  const bytes = concat(chunks, total);
  return readBytes(bytes, origin, {
    format,
    url: current.href,
    ...(charsetFromContentType(contentType) ? { charset: charsetFromContentType(contentType)! } : {}),
  });
}

async function discard(res: Response): Promise<void> {
  try {
    await res.body?.cancel();
  } catch {
    // nothing to do: the response is abandoned either way
  }
}

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
