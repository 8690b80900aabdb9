/**
 * Store contract for stories (issue 9): the rows story grouping keeps. Additive to store.ts; the
 * SQLite implementation is in sqlite-stories.ts.
 */
import type { DocId, EntityId } from './store.js';

/** One document as story grouping stored it. */
export interface StoryDocumentRow {
  readonly documentId: DocId;
  readonly story: string;
  /** Orders a story's documents: `day|hash`, undated last. */
  readonly rank: string;
  readonly day?: string;
  /** The document's story features (JSON, see corpus/stories/features.ts). */
  readonly features: string;
}

/** A link between two documents of one story, with its evidence (JSON). */
export interface StoryEdgeRow {
  readonly a: DocId;
  readonly b: DocId;
  readonly score: number;
  readonly evidence: string;
}

/** A story's summary row, recomputed whenever its documents change. */
export interface StoryRow {
  readonly id: string;
  readonly title: string;
  readonly firstSeen?: string;
  readonly lastSeen?: string;
  readonly documents: number;
  /** Distinct outlets. */
  readonly outlets: number;
  readonly languages: readonly string[];
  /** Key entities, most frequent first. */
  readonly entities: readonly EntityId[];
  /** More summary fields (JSON): entity names, concepts. */
  readonly summary: string;
}

export interface StoryListQuery {
  readonly entities?: readonly EntityId[];
  /** YYYY-MM-DD: stories last seen on or after. */
  readonly since?: string;
  readonly language?: string;
  /** Stories with at least this many documents (default 2). */
  readonly minDocuments?: number;
  readonly limit?: number;
}

/** Story writes and the reads grouping needs inside the write transaction. */
export interface StoryWriter {
  /** Stores a document's features and blocking keys; the document starts as its own story `story`. */
  storyPutDocument(row: StoryDocumentRow, keys: readonly string[]): Promise<void>;
  /** Documents other than `except` sharing a key, dated within `windowDays` of `day` (or undated; all when `day` is undefined). */
  storyCandidates(keys: readonly string[], day: string | undefined, windowDays: number, except: DocId): Promise<StoryDocumentRow[]>;
  storyAddEdges(edges: readonly StoryEdgeRow[]): Promise<void>;
  /** Every document of these stories. */
  storyMembers(stories: readonly string[]): Promise<StoryDocumentRow[]>;
  /**
   * Optional: the `storyCandidates` questions the rest of the transaction will ask (each a
   * document's keys and day; `windowDays` as there), so that the store can read their answers,
   * and the members of the stories found, at once. The answers must stay those `storyCandidates`
   * and `storyMembers` would give.
   */
  storyReadAhead?(questions: readonly { readonly keys: readonly string[]; readonly day?: string }[], windowDays: number): Promise<void>;
  /** Moves `documents` into story `row.id` (replacing the rows of `replaces`) and writes its summary. */
  storySet(row: StoryRow, documents: readonly DocId[], replaces: readonly string[]): Promise<void>;
  /** Forgets every story, document feature, key and edge (before a rebuild). */
  storyClear(): Promise<void>;
}

/** Story reads. */
export interface StoryReader {
  listStories(query?: StoryListQuery): Promise<StoryRow[]>;
  getStory(id: string): Promise<StoryRow | undefined>;
  storyDocuments(id: string): Promise<StoryDocumentRow[]>;
  storyEdges(id: string): Promise<StoryEdgeRow[]>;
  /** The story a document is in, if it has been grouped. */
  storyOfDocument(id: DocId): Promise<string | undefined>;
  /** The story of every stored document with story features, by document id. */
  storyAssignments(): Promise<{ readonly documentId: DocId; readonly story: string }[]>;
  /** Every source key and the document it holds (documents and exact duplicates). */
  sourceKeys(): Promise<{ readonly key: string; readonly documentId: DocId }[]>;
}
