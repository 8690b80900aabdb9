/**
 * Every input `saksi ingest` accepts, as one stream of records (or failures), in a
 * deterministic order: files, folders (recursive, sorted, include/exclude globs), JSONL and
 * JSON record files, RSS/Atom feeds from a file or URL (following item links), single URLs,
 * and WARC files. Nothing big is held in memory: JSONL, JSON arrays and WARC files are read
 * record by record; anything held whole (a file, a line, a page, a feed, a WARC payload) is
 * capped at `maxBytes`.
 *
 * A failure never stops the stream: one bad input, line or item yields a `SourceFailure` and
 * the rest continues.
 */

import { createReadStream, type Stats } from 'node:fs';
import { readFile, readdir, realpath, stat, open } from 'node:fs/promises';
import * as path from 'node:path';
import { createGunzip, gunzipSync, constants as zlibConstants } from 'node:zlib';
import { decodeBytes } from './decode.js';
import { titleFromText } from '../title.js';
import { formatBytes, LIMIT_HINTS } from '../diagnostics.js';
import { parseFeed, sniffFeed, type FeedItem, type ParsedFeed } from './feeds.js';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_REDIRECTS, DEFAULT_TIMEOUT_MS } from '../types.js';
import { parseHttpUrl, safeFetch, type FetchedResource, type FetchOptions } from '../fetch.js';
import { compileGlob, matchAny, type GlobMatcher } from './glob.js';
import { JsonArraySplitter, readLines } from './json-stream.js';
import { recordFromJson } from './records.js';
import type { EnumerateOptions, SkipReason, SourceFailure, SourceRecord } from './types.js';
import { warcRecords } from './warc.js';

export type { EnumerateOptions, SkipReason, SourceFailure, SourceRecord } from './types.js';
export { normalizeDate } from '../dates.js';
export { compileGlob, matchGlob } from './glob.js';
export { safeFetch, type FetchOutcome, type FetchedResource } from '../fetch.js';

export function isFailure(x: SourceRecord | SourceFailure): x is SourceFailure {
  return typeof (x as SourceFailure).code === 'string';
}

export type FileKind = 'text' | 'html' | 'jsonl' | 'json' | 'feed' | 'warc';

/** The kind of a file by its name, or undefined for an extension saksi does not read. */
export function kindByName(name: string): { kind: FileKind; gzip: boolean } | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.warc') || lower.endsWith('.warc.gz')) return { kind: 'warc', gzip: false };
  const gzip = lower.endsWith('.gz');
  const base = gzip ? lower.slice(0, -3) : lower;
  const ext = path.extname(base);
  switch (ext) {
    case '.jsonl':
    case '.ndjson':
      return { kind: 'jsonl', gzip };
    case '.json':
      return { kind: 'json', gzip };
  }
  if (gzip) return undefined;
  switch (ext) {
    case '.txt':
    case '.text':
      return { kind: 'text', gzip: false };
    case '.html':
    case '.htm':
    case '.xhtml':
      return { kind: 'html', gzip: false };
    case '.xml':
    case '.rss':
    case '.atom':
      return { kind: 'feed', gzip: false };
  }
  return undefined;
}

interface Ctx {
  readonly maxBytes: number;
  readonly fetch: FetchOptions;
  readonly followFeedLinks: boolean;
  readonly maxFeedItems: number;
  readonly concurrency: number;
  readonly include: GlobMatcher[];
  readonly exclude: GlobMatcher[];
  readonly onSkip: (p: string, reason: SkipReason) => void;
  readonly seenFiles: Set<string>;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Streams the records of every input, in order. Inputs are paths (files or folders) and
 * http(s) URLs (pages or feeds).
 */
export async function* enumerateSources(
  inputs: string[],
  options: EnumerateOptions = {},
): AsyncGenerator<SourceRecord | SourceFailure> {
  const ctx: Ctx = {
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    fetch: {
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
      maxRedirects: options.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
      ...(options.signal ? { signal: options.signal } : {}),
    },
    followFeedLinks: options.followFeedLinks ?? true,
    maxFeedItems: options.maxFeedItems ?? Infinity,
    concurrency: Math.max(1, options.fetchConcurrency ?? 4),
    include: (options.include ?? []).map(compileGlob),
    exclude: (options.exclude ?? []).map(compileGlob),
    onSkip: options.onSkip ?? (() => undefined),
    seenFiles: new Set(),
    signal: options.signal,
  };
  for (const input of inputs) {
    if (ctx.signal?.aborted) return;
    try {
      yield* oneInput(input, ctx);
    } catch (e) {
      yield { key: input, origin: input, code: 'internal', message: `${input}: ${(e as Error).message}` };
    }
  }
}

const URL_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

async function* oneInput(input: string, ctx: Ctx): AsyncGenerator<SourceRecord | SourceFailure> {
  const scheme = URL_SCHEME.exec(input)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    yield* fromUrl(input, ctx);
    return;
  }
  if (scheme !== undefined) {
    yield { key: input, origin: input, code: 'unsupported-url', message: `${input}: only http and https URLs are read` };
    return;
  }
  const abs = path.resolve(input);
  let st: Stats;
  try {
    st = await stat(abs);
  } catch (e) {
    yield fsFailure(abs, input, e);
    return;
  }
  if (st.isDirectory()) {
    yield* walk(abs, input, ctx);
  } else if (st.isFile()) {
    if (await firstVisit(abs, input, ctx)) yield* fromFile(abs, input, st, undefined, ctx);
  } else {
    yield { key: abs, origin: input, code: 'not-a-file', message: `${input}: not a regular file or folder` };
  }
}

async function firstVisit(abs: string, display: string, ctx: Ctx): Promise<boolean> {
  let real = abs;
  try {
    real = await realpath(abs);
  } catch {
    // keep abs
  }
  if (ctx.seenFiles.has(real)) {
    ctx.onSkip(display, 'duplicate-input');
    return false;
  }
  ctx.seenFiles.add(real);
  return true;
}

function fsFailure(abs: string, display: string, e: unknown): SourceFailure {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return { key: abs, origin: display, code: 'not-found', message: `${display}: no such file or folder` };
  }
  return {
    key: abs,
    origin: display,
    code: 'unreadable',
    message: `${display}: cannot be read (${code ?? (e as Error).message})`,
  };
}

// ---------------------------------------------------------------------------------------------
// Folders

async function* walk(rootAbs: string, rootDisplay: string, ctx: Ctx): AsyncGenerator<SourceRecord | SourceFailure> {
  const visitedDirs = new Set<string>();
  async function* dir(abs: string, rel: string): AsyncGenerator<SourceRecord | SourceFailure> {
    let real = abs;
    try {
      real = await realpath(abs);
    } catch {
      // keep abs
    }
    if (visitedDirs.has(real)) return; // a symlink cycle
    visitedDirs.add(real);
    let entries;
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch (e) {
      yield fsFailure(abs, rel ? path.join(rootDisplay, rel) : rootDisplay, e);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const childAbs = path.join(abs, entry.name);
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const display = path.join(rootDisplay, childRel);
      if (entry.name.startsWith('.')) {
        ctx.onSkip(display, 'dotfile');
        continue;
      }
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let st: Stats | undefined;
      if (entry.isSymbolicLink()) {
        try {
          st = await stat(childAbs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          ctx.onSkip(display, 'not-a-file');
          continue;
        }
      }
      if (isDir) {
        if (ctx.exclude.length && matchAny(ctx.exclude, childRel)) {
          ctx.onSkip(display, 'excluded');
          continue;
        }
        yield* dir(childAbs, childRel);
        continue;
      }
      if (!isFile) {
        ctx.onSkip(display, 'not-a-file');
        continue;
      }
      const kind = kindByName(entry.name);
      if (!kind) {
        ctx.onSkip(display, 'unknown-extension');
        continue;
      }
      if (ctx.include.length && !matchAny(ctx.include, childRel)) {
        ctx.onSkip(display, 'not-included');
        continue;
      }
      if (ctx.exclude.length && matchAny(ctx.exclude, childRel)) {
        ctx.onSkip(display, 'excluded');
        continue;
      }
      if (!(await firstVisit(childAbs, display, ctx))) continue;
      try {
        st ??= await stat(childAbs);
      } catch (e) {
        yield fsFailure(childAbs, display, e);
        continue;
      }
      yield* fromFile(childAbs, display, st, kind, ctx);
    }
  }
  yield* dir(rootAbs, '');
}

// ---------------------------------------------------------------------------------------------
// Files

async function* fromFile(
  abs: string,
  display: string,
  st: Stats,
  known: { kind: FileKind; gzip: boolean } | undefined,
  ctx: Ctx,
): AsyncGenerator<SourceRecord | SourceFailure> {
  try {
    const kind = known ?? kindByName(abs) ?? (await sniffFile(abs));
    if (!kind) {
      yield {
        key: abs,
        origin: display,
        code: 'unknown-format',
        message: `${display}: not a format saksi reads (.txt, .html, .json, .jsonl, .xml/.rss/.atom feeds, .warc[.gz])`,
      };
      return;
    }
    switch (kind.kind) {
      case 'jsonl':
        yield* jsonlFile(abs, display, kind.gzip, ctx);
        return;
      case 'json':
        yield* jsonFile(abs, display, kind.gzip, ctx);
        return;
      case 'warc':
        yield* warcRecords(abs, display, { maxBytes: ctx.maxBytes, onSkip: ctx.onSkip });
        return;
    }
    if (st.size > ctx.maxBytes) {
      yield { key: abs, origin: display, code: 'too-large', message: `${display}: ${st.size} bytes, over the limit of ${formatBytes(ctx.maxBytes)}; ${LIMIT_HINTS.maxBytes}` };
      return;
    }
    const bytes = await readFile(abs);
    if (kind.kind === 'feed') {
      const decoded = decodeBytes(bytes, { sniff: true, what: display });
      if (!decoded.ok) {
        yield { key: abs, origin: display, code: decoded.code, message: decoded.message };
        return;
      }
      const parsed = parseFeed(decoded.text, { maxItems: ctx.maxFeedItems });
      if (!parsed.ok) {
        yield { key: abs, origin: display, code: parsed.code, message: `${display}: ${parsed.message}` };
        return;
      }
      yield* feedItems(parsed.feed, abs, display, ctx);
      return;
    }
    const html = kind.kind === 'html';
    const decoded = decodeBytes(bytes, { sniff: html, what: display });
    if (!decoded.ok) {
      yield { key: abs, origin: display, code: decoded.code, message: decoded.message };
      return;
    }
    if (decoded.text.trim() === '') {
      yield bytes.length === 0
        ? { key: abs, origin: display, code: 'empty', message: `${display}: the file is empty` }
        : { key: abs, origin: display, code: 'whitespace-only', message: `${display}: the file holds only whitespace (${bytes.length} bytes)` };
      return;
    }
    const rec: SourceRecord = html ? { key: abs, origin: display, html: decoded.text } : { key: abs, origin: display, text: decoded.text };
    const title = html ? undefined : titleFromText(decoded.text);
    if (title !== undefined) rec.title = title;
    if (decoded.warning) rec.warning = `${display}: ${decoded.warning}`;
    yield rec;
  } catch (e) {
    yield fsFailure(abs, display, e);
  }
}

/** For a file named directly with an extension saksi does not know: look at its first bytes. */
async function sniffFile(abs: string): Promise<{ kind: FileKind; gzip: boolean } | undefined> {
  const fh = await open(abs, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  if (head.length === 0) return { kind: 'text', gzip: false }; // reported as empty
  if (head[0] === 0x1f && head[1] === 0x8b) {
    let inner: Buffer;
    try {
      inner = gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch {
      return undefined;
    }
    const s = inner.toString('latin1').trimStart();
    if (s.startsWith('WARC/')) return { kind: 'warc', gzip: false };
    if (s.startsWith('{')) return { kind: 'jsonl', gzip: true };
    if (s.startsWith('[')) return { kind: 'json', gzip: true };
    return undefined;
  }
  const s = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (s.startsWith('WARC/')) return { kind: 'warc', gzip: false };
  if (s.startsWith('[')) return { kind: 'json', gzip: false };
  if (s.startsWith('{')) return /\n\{/.test(s) ? { kind: 'jsonl', gzip: false } : { kind: 'json', gzip: false };
  if (s.startsWith('<')) {
    if (sniffFeed(s)) return { kind: 'feed', gzip: false };
    if (/^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b/i.test(s)) return { kind: 'html', gzip: false };
  }
  if (head.includes(0)) return undefined;
  return { kind: 'text', gzip: false };
}

/** A byte stream of the file, gunzipped when asked; destroyed when the reader stops. */
function byteStream(abs: string, gzip: boolean): { chunks: AsyncIterable<Buffer>; close: () => void } {
  const file = createReadStream(abs, { highWaterMark: 1 << 20 });
  if (!gzip) return { chunks: file, close: () => file.destroy() };
  const gunzip = createGunzip();
  file.on('error', (e) => gunzip.destroy(e));
  file.pipe(gunzip);
  return {
    chunks: gunzip,
    close: () => {
      file.destroy();
      gunzip.destroy();
    },
  };
}

async function* jsonlFile(abs: string, display: string, gzip: boolean, ctx: Ctx): AsyncGenerator<SourceRecord | SourceFailure> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const seenIds = new Set<string>();
  const { chunks, close } = byteStream(abs, gzip);
  let lastLine = 0;
  try {
    for await (const l of readLines(chunks, ctx.maxBytes)) {
      lastLine = l.line;
      const origin = `${display}:${l.line}`;
      const key = `${abs}#line-${l.line}`;
      if ('tooLong' in l) {
        yield { key, origin, code: 'too-large', message: `${origin}: line of ${l.length} bytes, over the limit of ${formatBytes(ctx.maxBytes)}; ${LIMIT_HINTS.maxBytes}` };
        continue;
      }
      let s: string;
      try {
        s = decoder.decode(l.bytes);
      } catch {
        yield { key, origin, code: 'invalid-utf8', message: `${origin}: the line is not valid UTF-8` };
        continue;
      }
      if (s.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(s);
      } catch (e) {
        yield { key, origin, code: 'invalid-json', message: `${origin}: ${(e as Error).message}` };
        continue;
      }
      yield recordFromJson(value, { keyBase: abs, fallbackSuffix: `line-${l.line}`, origin }, seenIds);
    }
  } catch (e) {
    yield readFailure(abs, display, lastLine, e);
  } finally {
    close();
  }
}

function readFailure(abs: string, display: string, line: number, e: unknown): SourceFailure {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'EPERM') return fsFailure(abs, display, e);
  return {
    key: abs,
    origin: display,
    code: 'read-error',
    message: `${display}: reading stopped${line ? ` after line ${line}` : ''}: ${(e as Error).message}`,
  };
}

async function* jsonFile(abs: string, display: string, gzip: boolean, ctx: Ctx): AsyncGenerator<SourceRecord | SourceFailure> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const splitter = new JsonArraySplitter(ctx.maxBytes);
  const seenIds = new Set<string>();
  const { chunks, close } = byteStream(abs, gzip);
  let sawBytes = false;
  const handle = function* (events: ReturnType<JsonArraySplitter['push']>): Generator<SourceRecord | SourceFailure> {
    for (const ev of events) {
      if (ev.kind === 'item') {
        const origin = `${display}:${ev.line} (item ${ev.index})`;
        let value: unknown;
        try {
          value = JSON.parse(ev.text);
        } catch (e) {
          yield { key: `${abs}#item-${ev.index}`, origin, code: 'invalid-json', message: `${origin}: ${(e as Error).message}` };
          continue;
        }
        yield recordFromJson(value, { keyBase: abs, fallbackSuffix: `item-${ev.index}`, origin }, seenIds);
      } else if (ev.kind === 'too-large') {
        const origin = `${display}:${ev.line} (item ${ev.index})`;
        yield { key: `${abs}#item-${ev.index}`, origin, code: 'too-large', message: `${origin}: item over the limit of ${formatBytes(ctx.maxBytes)}; ${LIMIT_HINTS.maxBytes}` };
      } else if (ev.kind === 'single') {
        let value: unknown;
        try {
          value = JSON.parse(ev.text);
        } catch (e) {
          yield { key: abs, origin: display, code: 'invalid-json', message: `${display}: ${(e as Error).message}` };
          continue;
        }
        yield recordFromJson(value, { keyBase: abs, fallbackSuffix: 'item-1', fallbackKey: abs, origin: display });
      } else {
        yield { key: abs, origin: `${display}:${ev.line}`, code: 'malformed-json', message: `${display}:${ev.line}: ${ev.message}` };
      }
    }
  };
  try {
    for await (const chunk of chunks) {
      if (chunk.length) sawBytes = true;
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        yield { key: abs, origin: display, code: 'invalid-utf8', message: `${display}: not valid UTF-8` };
        return;
      }
      yield* handle(splitter.push(text));
    }
    try {
      const rest = decoder.decode();
      if (rest) yield* handle(splitter.push(rest));
    } catch {
      yield { key: abs, origin: display, code: 'invalid-utf8', message: `${display}: not valid UTF-8 (truncated character at the end)` };
      return;
    }
    if (!sawBytes) {
      yield { key: abs, origin: display, code: 'empty', message: `${display}: the file is empty` };
      return;
    }
    yield* handle(splitter.end());
  } catch (e) {
    yield readFailure(abs, display, 0, e);
  } finally {
    close();
  }
}

// ---------------------------------------------------------------------------------------------
// URLs and feeds

const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/xml',
  'text/xml',
  'application/x-rss+xml',
]);
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

async function* fromUrl(input: string, ctx: Ctx): AsyncGenerator<SourceRecord | SourceFailure> {
  const url = parseHttpUrl(input);
  if (!url) {
    yield { key: input, origin: input, code: 'unsupported-url', message: `${input}: not a valid http(s) URL` };
    return;
  }
  const key = url.href;
  const outcome = await safeFetch(key, ctx.fetch);
  if (!outcome.ok) {
    yield { key, origin: input, code: outcome.failure.code, message: outcome.failure.message };
    return;
  }
  const res = outcome.resource;
  const page = pageContent(res, input);
  if (page.kind === 'failure') {
    yield { key, origin: input, code: page.code, message: page.message };
  } else if (page.kind === 'feed') {
    const parsed = parseFeed(page.text, { baseUrl: res.url, maxItems: ctx.maxFeedItems });
    if (!parsed.ok) {
      yield { key, origin: input, code: parsed.code, message: `${input}: ${parsed.message}` };
      return;
    }
    yield* feedItems(parsed.feed, key, input, ctx);
  } else {
    const rec: SourceRecord = { key, origin: input, url: res.url };
    if (page.kind === 'html') rec.html = page.text;
    else rec.text = page.text;
    if (page.warning) rec.warning = page.warning;
    yield rec;
  }
}

type PageContent =
  | { kind: 'html'; text: string; warning?: string }
  | { kind: 'text'; text: string; warning?: string }
  | { kind: 'feed'; text: string; warning?: string }
  | { kind: 'failure'; code: string; message: string };

/** What a fetched resource is: a page, plain text, a feed, or something saksi does not read. */
function pageContent(res: FetchedResource, origin: string): PageContent {
  const mime = res.mime;
  const xml = FEED_TYPES.has(mime) || (mime.endsWith('+xml') && !HTML_TYPES.has(mime));
  const textual = mime === '' || mime.startsWith('text/') || HTML_TYPES.has(mime) || xml;
  if (!textual) {
    return { kind: 'failure', code: 'unsupported-content-type', message: `${origin}: ${res.url} is ${mime}, not a page or feed` };
  }
  const decoded = decodeBytes(res.bytes, { charset: res.charset, sniff: true, lenient: true, what: res.url });
  if (!decoded.ok) return { kind: 'failure', code: decoded.code, message: decoded.message };
  const text = decoded.text;
  const warning = decoded.warning ? `${res.url}: ${decoded.warning}` : undefined;
  const out = (kind: 'html' | 'text' | 'feed'): PageContent => (warning ? { kind, text, warning } : { kind, text });
  if (text.trim() === '') return { kind: 'failure', code: 'empty', message: `${origin}: ${res.url} returned an empty body` };
  if (sniffFeed(text)) return out('feed');
  if (xml) return { kind: 'failure', code: 'not-a-feed', message: `${origin}: ${res.url} is XML but not an RSS or Atom feed` };
  if (HTML_TYPES.has(mime)) return out('html');
  if (mime === 'text/plain') return out('text');
  if (/^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b/i.test(text.slice(0, 4096))) return out('html');
  if (mime === '' || mime === 'text/plain') return out('text');
  return { kind: 'failure', code: 'unsupported-content-type', message: `${origin}: ${res.url} is ${mime}, not a page or feed` };
}

/** Item pages fetched `concurrency` at a time, yielded in feed order. */
async function* feedItems(feed: ParsedFeed, feedKey: string, feedOrigin: string, ctx: Ctx): AsyncGenerator<SourceRecord | SourceFailure> {
  const items = feed.items;
  if (items.length === 0) return;
  const controller = new AbortController();
  const signal = ctx.signal ? AbortSignal.any([controller.signal, ctx.signal]) : controller.signal;
  const fetchOpts: FetchOptions = { ...ctx.fetch, signal };
  const pending: (Promise<Awaited<ReturnType<typeof safeFetch>>> | undefined)[] = [];
  let started = 0;
  const fetchable = (it: FeedItem): string | undefined => (ctx.followFeedLinks && it.link ? parseHttpUrl(it.link)?.href : undefined);
  const fill = (upTo: number) => {
    for (; started < items.length && started < upTo; started++) {
      const link = fetchable(items[started]!);
      if (link) pending[started] = safeFetch(link, fetchOpts);
    }
  };
  try {
    for (let i = 0; i < items.length; i++) {
      fill(i + ctx.concurrency);
      const item = items[i]!;
      // An item is keyed by its absolute http(s) link (the same article in two feeds is one key),
      // else by the feed and its guid or position.
      const link = item.link ? parseHttpUrl(item.link)?.href : undefined;
      const key = link ?? (item.guid ? `${feedKey}#${item.guid}` : `${feedKey}#item-${i + 1}`);
      const origin = `${feedOrigin} item ${i + 1}${item.link ? ` (${item.link})` : ''}`;
      const base: SourceRecord = { key, origin };
      if (item.title) base.title = item.title;
      if (item.published) base.published = item.published;
      if (item.author) base.author = item.author;
      if (item.source) base.source = item.source;
      if (item.guid) base.id = item.guid;
      if (link) base.url = link;

      const own = (): SourceRecord | undefined => {
        if (!item.content) return undefined;
        return item.contentIsText ? { ...base, text: item.content } : { ...base, html: item.content };
      };
      const promise = pending[i];
      pending[i] = undefined;
      if (!promise) {
        const rec = own();
        if (rec) yield rec;
        else yield { key, origin, code: 'no-content', message: `${origin}: the item has no content${ctx.followFeedLinks ? ' and no http(s) link' : ''}` };
        continue;
      }
      const outcome = await promise;
      let code: string;
      let message: string;
      if (outcome.ok) {
        const page = pageContent(outcome.resource, origin);
        if (page.kind === 'html' || page.kind === 'text') {
          const rec: SourceRecord = { ...base, url: outcome.resource.url };
          if (page.kind === 'html') rec.html = page.text;
          else rec.text = page.text;
          if (page.warning) rec.warning = page.warning;
          yield rec;
          continue;
        }
        if (page.kind === 'feed') {
          code = 'unsupported-content-type';
          message = `${origin}: the link is a feed, not an article`;
        } else {
          code = page.code;
          message = page.message;
        }
      } else {
        code = outcome.failure.code;
        message = outcome.failure.message;
      }
      // The page could not be had: the feed's full content stands in, marked; a summary does not.
      const rec = item.fullContent ? own() : undefined;
      if (rec) {
        rec.warning = `page not fetched (${code}: ${message}); the feed's own content was used`;
        yield rec;
      } else {
        yield { key, origin, code, message: message.startsWith(origin) ? message : `${origin}: ${message}` };
      }
    }
  } finally {
    controller.abort();
  }
}
