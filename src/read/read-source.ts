/**
 * Sources → documents: a path, `-` (standard input) or an http(s) URL becomes the text the analysis
 * reads, with its metadata, or a list of diagnostics saying why it cannot. Bad input never throws;
 * only misuse (a negative limit) does.
 *
 * Decisions:
 * - Plain text is returned byte-exact (CRLF, trailing spaces, no final newline: all kept). The one
 *   change is that a leading UTF-8 byte-order mark is dropped. Invalid UTF-8 in plain text is an
 *   error (`invalid-utf8`, with byte offset, line and column); in HTML it is a warning and the bad
 *   bytes become U+FFFD, as in a browser.
 * - Charset: a BOM wins, then the HTTP content-type charset, then (HTML only) `<meta charset>`, then
 *   UTF-8. Anything TextDecoder knows is accepted (ISO-8859-1 is read as Windows-1252, as browsers do).
 * - Format: `options.format`, else the extension (.html/.htm/.xhtml, .txt), else the content-type,
 *   else sniffing the start of the bytes for `<!doctype html`, `<html`, `<head` or `<body`.
 */
import { stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';

import type { Diagnostic } from '../types.js';
import { readBytes } from './bytes.js';
import { error, fail, tooLarge } from './diagnostics.js';
import { concat } from './fetch.js';
import { checkUrl, readUrl } from './fetch-url.js';
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_REDIRECTS,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_USER_AGENT,
  type ReadOptions,
  type ReadResult,
  type SourceFormat,
} from './types.js';

export type { ReadBytesOptions, ReadOptions, ReadResult, SourceDocument, SourceFormat } from './types.js';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_REDIRECTS, DEFAULT_TIMEOUT_MS } from './types.js';
export { readBytes } from './bytes.js';
export { htmlToDocument } from './html.js';

/** Schemes that make an argument a URL rather than a path (so `file:` and `ftp:` get a clear refusal). */
const URL_LIKE = /^(?:[a-z][a-z0-9+.-]+:\/\/|(?:https?|file|ftp|ftps|data|mailto|javascript|about|blob|ws|wss):)/i;

/** Whether `arg` will be treated as a URL by `readSource`. */
export function isUrlArgument(arg: string): boolean {
  return URL_LIKE.test(arg);
}

function positive(name: string, v: number | undefined, dflt: number, allowZero = false): number {
  if (v === undefined) return dflt;
  if (!Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new RangeError(`readSource: ${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${v}`);
  }
  return v;
}

/**
 * Read `arg` — a file path, `-` for standard input, or an http(s) URL — into a document.
 * Resolves to `{ ok: false, diagnostics }` (at least one error) for any bad input; never rejects
 * for it.
 */
export async function readSource(arg: string, options: ReadOptions = {}): Promise<ReadResult> {
  const maxBytes = positive('maxBytes', options.maxBytes, DEFAULT_MAX_BYTES);
  const timeoutMs = positive('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const maxRedirects = positive('maxRedirects', options.maxRedirects, DEFAULT_MAX_REDIRECTS, true);
  const format: SourceFormat = options.format ?? 'auto';

  if (arg === '-') {
    const read = await readStream(options.stdin ?? process.stdin, maxBytes, '-');
    if (!read.ok) return fail(read.diagnostic);
    return readBytes(read.bytes, '-', { format });
  }

  if (isUrlArgument(arg)) {
    const url = checkUrl(arg, arg);
    if (!(url instanceof URL)) return fail(url);
    return readUrl(arg, url, {
      maxBytes,
      timeoutMs,
      maxRedirects,
      format,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    });
  }

  return readFile(arg, maxBytes, format);
}

async function readFile(path: string, maxBytes: number, format: SourceFormat): Promise<ReadResult> {
  if (path === '') return fail(error('not-found', 'No file name given.', path));
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    return fail(fsError(e, path));
  }
  if (info.isDirectory()) {
    return fail(error('is-directory', `${path} is a directory; give the path of a file.`, path));
  }
  // Checked before reading anything, so a huge file is refused at once.
  if (info.isFile() && info.size > maxBytes) return fail(tooLarge(path, maxBytes, info.size, true));

  // Devices and pipes have no meaningful size: they are read as a stream with the same limit.
  const read = await readStream(createReadStream(path), maxBytes, path);
  if (!read.ok) return fail(read.diagnostic);

  let fmt = format;
  if (fmt === 'auto') {
    const ext = extname(path).toLowerCase();
    if (ext === '.html' || ext === '.htm' || ext === '.xhtml') fmt = 'html';
    else if (ext === '.txt' || ext === '.text') fmt = 'text';
  }
  return readBytes(read.bytes, path, { format: fmt });
}

function fsError(e: unknown, path: string): Diagnostic {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return error('not-found', `No such file: ${path}`, path);
    case 'EISDIR':
      return error('is-directory', `${path} is a directory; give the path of a file.`, path);
    case 'EACCES':
    case 'EPERM':
      return error('unreadable', `Permission denied reading ${path}.`, path);
    default:
      return error('unreadable', `Cannot read ${path}: ${(e as Error)?.message ?? String(e)}`, path);
  }
}

type StreamRead = { ok: true; bytes: Uint8Array } | { ok: false; diagnostic: Diagnostic };

/** All of a stream, or `too-large` as soon as it passes `maxBytes` (the stream is then destroyed). */
async function readStream(stream: NodeJS.ReadableStream, maxBytes: number, origin: string): Promise<StreamRead> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Uint8Array | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      total += bytes.byteLength;
      if (total > maxBytes) {
        // leaving the loop ends the iteration, which destroys the stream: nothing more is read
        return { ok: false, diagnostic: tooLarge(origin, maxBytes, total, false) };
      }
      chunks.push(bytes);
    }
  } catch (e) {
    if (origin !== '-') return { ok: false, diagnostic: fsError(e, origin) };
    return { ok: false, diagnostic: error('unreadable', `Cannot read standard input: ${(e as Error)?.message ?? String(e)}`, origin) };
  }
  return { ok: true, bytes: concat(chunks, total) };
}
