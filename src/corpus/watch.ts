/**
 * Following feeds as they change (`saksi watch`): poll each feed with a conditional request
 * (If-None-Match / If-Modified-Since from the last answer), ingest the items not stored yet, and
 * report each new claim and each change of stance in the stories the new articles joined.
 *
 * Polite: feeds are fetched one after the other, never more often than the interval (at least
 * MIN_INTERVAL_MS), with a User-Agent that names saksi; a 304 costs the server nothing. One
 * failing feed (down, not a feed, too large) is reported and the others go on.
 */
import type { Store } from '../store/store.js';
import { parseFeed, type FeedItem } from '../read/sources/feeds.js';
import type { SourceRecord } from '../read/sources/types.js';
import { DEFAULT_USER_AGENT } from '../read/types.js';
import { ingest, type IngestOptions } from './ingest.js';
import { storyDetail } from './stories/detail.js';

/** No feed is polled more often than this. */
export const MIN_INTERVAL_MS = 1000;
export const FEED_TIMEOUT_MS = 30_000;
export const FEED_MAX_BYTES = 10 * 1024 * 1024;

export type WatchEvent =
  | { readonly type: 'poll'; readonly poll: number; readonly at: string }
  | { readonly type: 'feed'; readonly feed: string; readonly status: 'unchanged' | 'fetched'; readonly items: number; readonly newItems: number }
  | { readonly type: 'error'; readonly feed: string; readonly code: string; readonly message: string }
  | {
      readonly type: 'claim';
      readonly story: string;
      readonly storyTitle: string;
      readonly document: number;
      readonly key: string;
      readonly date?: string;
      readonly outlet?: string;
      readonly speaker: string;
      readonly stance: string;
      readonly proposition: string;
      readonly text: string;
      readonly figures: readonly string[];
      readonly link: { readonly document: number; readonly start: number; readonly end: number };
    }
  | {
      readonly type: 'stance-change';
      readonly story: string;
      readonly storyTitle: string;
      readonly proposition: string;
      readonly speaker: string;
      readonly from: string;
      readonly to: string;
      readonly date?: string;
      readonly document: number;
    };

export interface WatchOptions {
  readonly intervalMs: number;
  /** Stop after this many polls (each feed once per poll); unbounded when undefined. */
  readonly maxPolls?: number;
  readonly signal?: AbortSignal;
  readonly ingest?: Pick<IngestOptions, 'workers' | 'knowledgeBase' | 'kb' | 'analyze' | 'process'>;
  /** Runs each store write (ingest and its report) when the store is free: a server's one-writer queue. Default: at once. */
  readonly exclusive?: <T>(write: () => Promise<T>) => Promise<T>;
  readonly onEvent: (event: WatchEvent) => void;
  /** Replaces `fetch` (tests). */
  readonly fetch?: typeof fetch;
}

interface FeedState {
  etag?: string;
  lastModified?: string;
}

export function itemKey(feed: string, item: FeedItem): string {
  return item.link ?? (item.guid ? `${feed}#${item.guid}` : `${feed}#item-${item.index + 1}`);
}

async function readBody(res: Response): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > FEED_MAX_BYTES) {
      await reader.cancel();
      throw Object.assign(new Error(`the feed is larger than ${FEED_MAX_BYTES} bytes`), { code: 'too-large' });
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });

/** Polls `feeds` until `maxPolls` or the signal; returns the number of polls made. */
export async function watchFeeds(store: Store, feeds: readonly string[], options: WatchOptions): Promise<number> {
  const state = new Map<string, FeedState>(feeds.map((f) => [f, {}]));
  const doFetch = options.fetch ?? fetch;
  const interval = Math.max(MIN_INTERVAL_MS, options.intervalMs);
  let poll = 0;
  while (!options.signal?.aborted && (options.maxPolls === undefined || poll < options.maxPolls)) {
    poll++;
    const started = Date.now();
    options.onEvent({ type: 'poll', poll, at: new Date(started).toISOString() });
    for (const feed of feeds) {
      if (options.signal?.aborted) break;
      try {
        await pollFeed(store, feed, state.get(feed)!, doFetch, options);
      } catch (err) {
        const e = err as Error & { code?: string };
        options.onEvent({ type: 'error', feed, code: e.code ?? 'failed', message: e.message });
      }
    }
    if (options.maxPolls !== undefined && poll >= options.maxPolls) break;
    await sleep(Math.max(0, interval - (Date.now() - started)), options.signal);
  }
  return poll;
}

async function pollFeed(store: Store, feed: string, st: FeedState, doFetch: typeof fetch, options: WatchOptions): Promise<void> {
  const headers: Record<string, string> = { 'user-agent': DEFAULT_USER_AGENT, accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9' };
  if (st.etag) headers['if-none-match'] = st.etag;
  if (st.lastModified) headers['if-modified-since'] = st.lastModified;
  const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(FEED_TIMEOUT_MS)]) : AbortSignal.timeout(FEED_TIMEOUT_MS);
  let res: Response;
  try {
    res = await doFetch(feed, { headers, signal, redirect: 'follow' });
  } catch (err) {
    throw Object.assign(new Error(`cannot fetch ${feed}: ${(err as Error).message}`), { code: 'fetch-failed' });
  }
  if (res.status === 304) {
    await res.body?.cancel();
    options.onEvent({ type: 'feed', feed, status: 'unchanged', items: 0, newItems: 0 });
    return;
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw Object.assign(new Error(`${feed} answered HTTP ${res.status}`), { code: 'http-error' });
  }
  const xml = await readBody(res);
  const parsed = parseFeed(xml, { baseUrl: res.url || feed });
  if (!parsed.ok) throw Object.assign(new Error(`${feed}: ${parsed.message}`), { code: parsed.code });
  // Remember the validators only once the feed was read, so a failed read is retried in full.
  const etag = res.headers.get('etag');
  const lastModified = res.headers.get('last-modified');
  if (etag) st.etag = etag;
  if (lastModified) st.lastModified = lastModified;
  const records: SourceRecord[] = [];
  for (const item of parsed.feed.items) {
    if (!item.content) continue;
    const key = itemKey(feed, item);
    if (await store.sourceState(key)) continue;
    records.push({
      key,
      origin: `${feed}: ${item.link ?? item.guid ?? `item ${item.index + 1}`}`,
      ...(item.contentIsText ? { text: item.content } : { html: item.content }),
      ...(item.title ? { title: item.title } : {}),
      ...(item.link ? { url: item.link } : {}),
      ...(item.published ? { published: item.published } : {}),
      ...(item.source ? { source: item.source } : {}),
      ...(item.author ? { author: item.author } : {}),
    });
  }
  options.onEvent({ type: 'feed', feed, status: 'fetched', items: parsed.feed.items.length, newItems: records.length });
  if (records.length === 0) return;
  const write = async (): Promise<void> => {
    await ingest(store, [feed], {
      ...(options.ingest ?? {}),
      // Other feeds read the store while this one writes: no code of theirs inside a transaction.
      overlapCommits: false,
      enumerate: async function* () {
        yield* records;
      },
    });
    await report(store, records.map((r) => r.key), options.onEvent);
  };
  await (options.exclusive ? options.exclusive(write) : write());
}

/** Reports the claims of the newly stored items, and the stance changes they brought to their stories. */
async function report(store: Store, keys: readonly string[], onEvent: WatchOptions['onEvent']): Promise<void> {
  const fresh = new Map<number, string>();
  for (const key of keys) {
    const s = await store.sourceState(key);
    if (s?.kind === 'document') fresh.set(s.documentId, key);
  }
  const stories = new Map<string, number[]>();
  for (const id of fresh.keys()) {
    const story = await store.storyOfDocument(id);
    if (story) stories.set(story, [...(stories.get(story) ?? []), id]);
  }
  for (const [id, docs] of stories) {
    const detail = await storyDetail(store, id);
    if (!detail) continue;
    const mine = new Set(docs);
    for (const t of detail.timeline) {
      if (!mine.has(t.document)) continue;
      onEvent({
        type: 'claim',
        story: id,
        storyTitle: detail.title,
        document: t.document,
        key: fresh.get(t.document)!,
        ...(t.date ? { date: t.date } : {}),
        ...(t.outlet ? { outlet: t.outlet } : {}),
        speaker: t.speaker,
        stance: t.position,
        proposition: t.proposition,
        text: t.text,
        figures: t.figures.map((f) => f.text),
        link: t.link,
      });
    }
    for (const p of detail.propositions) {
      for (const s of p.stances) {
        for (const ch of s.changes) {
          if (!mine.has(ch.document)) continue;
          onEvent({ type: 'stance-change', story: id, storyTitle: detail.title, proposition: p.id, speaker: s.speaker, from: ch.from, to: ch.to, ...(ch.date ? { date: ch.date } : {}), document: ch.document });
        }
      }
    }
  }
}
