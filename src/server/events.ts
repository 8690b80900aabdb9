/**
 * What changed in the store, for pages that stay open: every ingest (the API's and the feed
 * watcher's) publishes here, and `GET /api/events` streams it to browsers as server-sent events.
 * In memory, for this process only; a subscriber that cannot keep up is dropped, never buffered
 * without bound.
 */
import type { WatchEvent } from '../corpus/watch.js';

export type ServerEvent =
  /** Documents were stored (or replaced) and these stories changed. */
  | { readonly type: 'stored'; readonly documents: readonly number[]; readonly stories: readonly string[]; readonly via: 'api' | 'watch' }
  | WatchEvent;

/** At most this many open event streams; more get 503. */
export const MAX_SUBSCRIBERS = 64;

export interface Subscriber {
  send(event: ServerEvent, seq: number): void;
  close(): void;
}

export class EventHub {
  private readonly subscribers = new Set<Subscriber>();
  private seq = 0;

  get size(): number {
    return this.subscribers.size;
  }

  /** The number of the last event published. */
  get last(): number {
    return this.seq;
  }

  full(): boolean {
    return this.subscribers.size >= MAX_SUBSCRIBERS;
  }

  subscribe(s: Subscriber): () => void {
    this.subscribers.add(s);
    return () => this.subscribers.delete(s);
  }

  publish(event: ServerEvent): void {
    const seq = ++this.seq;
    for (const s of [...this.subscribers]) {
      try {
        s.send(event, seq);
      } catch {
        this.subscribers.delete(s);
      }
    }
  }

  /** Ends every stream (server shutdown). */
  close(): void {
    for (const s of [...this.subscribers]) {
      this.subscribers.delete(s);
      try {
        s.close();
      } catch {
        // already gone
      }
    }
  }
}
