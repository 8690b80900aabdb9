/**
 * Reading an article from an http(s) URL: the bytes come from `safeFetch` (checked redirects, one
 * deadline, a streamed size cap); this layer only refuses what is certainly not an article, decides
 * html or text from the content type, and hands the bytes to `readBytes`.
 */
import type { Diagnostic } from '../types.js';
import { error, fail } from './diagnostics.js';
import { readBytes } from './bytes.js';
import { safeFetch } from './fetch.js';
import type { ReadResult, SourceFormat } from './types.js';

export interface ReadUrlOptions {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  format: SourceFormat;
  userAgent: string;
}

const ACCEPT = 'text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5';

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

/** The article at `start` (already checked with `checkUrl`); diagnostics name `arg`. */
export async function readUrl(arg: string, start: URL, opts: ReadUrlOptions): Promise<ReadResult> {
  const outcome = await safeFetch(start, {
    maxBytes: opts.maxBytes,
    timeoutMs: opts.timeoutMs,
    maxRedirects: opts.maxRedirects,
    userAgent: opts.userAgent,
    accept: ACCEPT,
    ...(opts.format === 'auto' ? { refuseMime: (mime: string) => UNSUPPORTED.test(mime) } : {}),
  });
  if (!outcome.ok) return fail(error(outcome.failure.code, outcome.failure.message, arg));

  const res = outcome.resource;
  let format: SourceFormat = opts.format;
  if (format === 'auto') {
    if (res.mime === 'text/html' || res.mime === 'application/xhtml+xml') format = 'html';
    else if (res.mime === 'text/plain') format = 'text';
  }
  return readBytes(res.bytes, arg, { format, url: res.url, ...(res.charset ? { charset: res.charset } : {}) });
}
