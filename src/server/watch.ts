/**
 * `saksi serve --watch FEED...`: the feed watcher of `saksi watch` (src/corpus/watch.ts) inside the
 * server. Its ingests take the server's one-writer queue (never two writes at once on the store),
 * its analyses the server's worker pool, and every event goes to the event hub, so open story
 * pages (subscribed to `GET /api/events`) reload when new claims arrive.
 */
import { watchFeeds, type WatchEvent, type WatchOptions } from '../corpus/watch.js';
import type { Store } from '../store/store.js';
import type { EventHub } from './events.js';
import type { Analyzer } from './pool.js';
import type { WriteQueue } from './writes.js';

export interface ServerWatchOptions {
  readonly feeds: readonly string[];
  readonly intervalMs: number;
  readonly maxPolls?: number;
  /** Replaces `fetch` (tests). */
  readonly fetch?: typeof fetch;
  /** Each event also goes here (the CLI prints them). */
  readonly onEvent?: (event: WatchEvent) => void;
}

export interface FeedWatcher {
  /** Resolves when the watcher stops (after `maxPolls`, or `stop()`). */
  readonly done: Promise<number>;
  stop(): Promise<void>;
}

export function startFeedWatcher(deps: { store: Store; analyzer: Analyzer; events: EventHub; writes: WriteQueue }, options: ServerWatchOptions): FeedWatcher {
  const controller = new AbortController();
  const { store, analyzer, events, writes } = deps;
  let pending: { documents: Set<number>; stories: Set<string> } = { documents: new Set(), stories: new Set() };
  const watchOptions: WatchOptions = {
    intervalMs: options.intervalMs,
    ...(options.maxPolls !== undefined ? { maxPolls: options.maxPolls } : {}),
    signal: controller.signal,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ingest: { process: (task) => analyzer.process(task) },
    // Claims come per story while the write runs; one `stored` event after it tells list pages too.
    exclusive: async (write) => {
      try {
        return await writes.run(write, { wait: true });
      } finally {
        flush();
      }
    },
    onEvent: (e) => {
      options.onEvent?.(e);
      events.publish(e);
    },
  };
  const inner = watchOptions.onEvent;
  const flush = (): void => {
    if (pending.documents.size === 0) return;
    events.publish({ type: 'stored', documents: [...pending.documents], stories: [...pending.stories], via: 'watch' });
    pending = { documents: new Set(), stories: new Set() };
  };
  const done = watchFeeds(store, options.feeds, {
    ...watchOptions,
    onEvent: (e) => {
      if (e.type === 'claim') {
        pending.documents.add(e.document);
        pending.stories.add(e.story);
      }
      inner(e);
    },
  });
  return {
    done,
    stop: async () => {
      controller.abort();
      await done.catch(() => undefined);
    },
  };
}
