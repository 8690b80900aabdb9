/** The records `enumerateSources` yields. Re-exported by `./index.ts`. */
import type { DocumentMetadata } from '../../types.js';

/** The metadata fields a source record may carry: those of the one `DocumentMetadata` type, writable while reading. */
export type SourceRecordMetadata = { -readonly [K in 'title' | 'url' | 'published' | 'source' | 'author']?: DocumentMetadata[K] };

export interface SourceRecord extends SourceRecordMetadata {
  /**
   * Stable per input item, for idempotent re-runs: an absolute path; `<abs path>#<id>` or
   * `<abs path>#line-N` (JSONL) / `<abs path>#item-N` (JSON array, 1-based) for records; a URL
   * (as given, normalised by `new URL`, without fragment) for pages and feed items;
   * `warc:<abs path>#<WARC-Record-ID>` for WARC records.
   */
  key: string;
  /** Plain text. Both `text` and `html` may be set when a JSON record carries both. */
  text?: string;
  /** HTML, to be converted by the consumer (page meta, JSON-LD, Readability...). */
  html?: string;
  // title, url, published (ISO 8601, the writer's offset kept; from the record or feed, never a
  // crawl or fetch time), source, author: see `DocumentMetadata`.
  id?: string;
  /** Where it came from, for messages: `file.jsonl:12`, a URL, `feed.xml: <item link>`. */
  origin: string;
  /** WARC records only: WARC-Date, when the page was crawled (not when it was published). */
  crawled?: string;
  /**
   * Set when the record is a fallback: a feed item whose page could not be fetched is yielded
   * with the feed's own content and a warning saying why (`fetch failed (timeout): ...`).
   */
  warning?: string;
}

export interface SourceFailure {
  key: string;
  origin: string;
  /**
   * Stable code: `not-found`, `unreadable`, `empty`, `binary`, `invalid-utf8`, `invalid-encoding`,
   * `too-large`, `unsupported-url`, `unknown-format`, `invalid-json`, `not-an-object`,
   * `no-content`, `malformed-json`, `malformed-feed`, `unsafe-xml`, `not-a-feed`,
   * `malformed-warc`, `unsupported-content-type`, and the fetch codes `timeout`,
   * `aborted`, `redirect-loop`, `too-many-redirects`, `bad-redirect`, `http-error`, `fetch-failed`.
   */
  code: string;
  message: string;
}

export type SkipReason = 'dotfile' | 'unknown-extension' | 'excluded' | 'not-included' | 'not-a-file' | 'duplicate-input' | 'warc-record';

export interface EnumerateOptions {
  /** Globs a file in a folder must match (any of them). Not applied to files named directly. */
  include?: string[];
  /** Globs that drop files (and prune folders) in a folder walk. */
  exclude?: string[];
  /** Per URL, redirects and body included. Default 15 000. */
  timeoutMs?: number;
  /** Cap on anything held in memory at once: a file, a JSONL line, a feed, a page, a WARC record. Default 10 MiB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Fetch each feed item's link and yield the page. Default true. */
  followFeedLinks?: boolean;
  /** Items read per feed, in feed order. Default: all. */
  maxFeedItems?: number;
  /** Feed item pages fetched at once (order of results is kept). Default 4. */
  fetchConcurrency?: number;
  /** Told about what was skipped without being a failure (dotfiles, unknown extensions...). */
  onSkip?: (path: string, reason: SkipReason) => void;
  /** Cancels pending fetches. */
  signal?: AbortSignal;
}
