import type { Diagnostic, DocumentMeta } from '../types.js';

/** A source turned into text the analysis can read. `diagnostics` holds warnings only. */
export interface SourceDocument {
  text: string;
  meta: DocumentMeta;
  diagnostics: Diagnostic[];
}

/** Either a document, or at least one error (and maybe warnings) saying why there is none. */
export type ReadResult = { ok: true; doc: SourceDocument } | { ok: false; diagnostics: Diagnostic[] };

export type SourceFormat = 'text' | 'html' | 'auto';

export interface ReadOptions {
  /** Largest input accepted, in bytes. Default 10 MiB. */
  maxBytes?: number;
  /** Whole-request budget for a URL (connect, redirects, body), in ms. Default 15000. */
  timeoutMs?: number;
  /** Redirects followed before giving up with `too-many-redirects`. Default 5. */
  maxRedirects?: number;
  /** Force a format; `auto` (default) goes by extension, content-type, then content sniffing. */
  format?: SourceFormat;
  /** User-Agent header sent with URL requests. */
  userAgent?: string;
  /** Stream read for the argument `-`; default `process.stdin`. */
  stdin?: NodeJS.ReadableStream;
}

export interface ReadBytesOptions {
  format?: SourceFormat;
  /** The URL the bytes were fetched from: the fallback for `meta.url` and the base for relative links. */
  url?: string;
  /**
   * Charset declared outside the bytes (an HTTP content-type); beats `<meta charset>`, loses to a BOM.
   * Pass `'utf-8'` for bytes made with `TextEncoder` from a JS string (e.g. a JSONL record's `html`):
   * the page's own `<meta charset>` no longer describes them (or call `htmlToDocument` on the string).
   */
  charset?: string;
}

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_REDIRECTS = 5;
export const DEFAULT_USER_AGENT = 'Mozilla/5.0 (compatible; saksi/0.1; +news reader for fact-checking)';
