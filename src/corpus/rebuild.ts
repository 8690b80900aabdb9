/**
 * `saksi rebuild`: what the corpus stages derived (copy-of links, corpus entities with their
 * aliases and evidence, claims, stories) recomputed from the stored documents and analyses, the
 * same for any order the documents arrived in (issue 11, "same results as SQLite"; issue 9, "a
 * full rebuild command").
 *
 * Online, each stage decides against what was stored before: which spelling of a name becomes a
 * corpus entity's name, what a merge reason saw as context, which copy of an undated group is its
 * original, which weak story links a triangle kept. Concurrent writers therefore leave results
 * that follow arrival order. The rebuild clears the derived tables and applies the same stages
 * (`NearDuplicateStage`, `EntityStage`, `ClaimStage`, `StoryStage`) to every document once, in
 * one canonical order: published day (undated last), then content hash, never arrival id. Where
 * a stage breaks a tie by document id, it gets the document's position in that order instead.
 *
 * Atomic: everything happens in one write transaction. Readers (`saksi serve`, searches) see the
 * old results until it commits, then the new ones; an interrupted rebuild (Ctrl-C, kill -9, a
 * lost server) leaves the store as it was, and running it again starts over. Writers wait for it
 * (the store's write lock). Documents are read and reported in batches inside the transaction.
 */
import type { KnowledgeBase } from '../kb/types.js';
import type { DocId, EntityId, Store, StoreStats, StoreWriter } from '../store/store.js';
import { CorpusResolver } from './entities.js';
import { CorpusStages, metadataOf, type CorpusDocument, type CorpusStage } from './stage.js';
import { ClaimStage, EntityStage, NearDuplicateStage } from './stages.js';
import { StoryStage } from './stories/stage.js';

/** What a rebuild can recompute; `entities` brings the claims and stories with it (both name entities). */
export const REBUILD_PARTS = ['near-duplicates', 'entities', 'stories'] as const;
export type RebuildPart = (typeof REBUILD_PARTS)[number];

/** Documents read and reported per step inside the rebuild's transaction. */
export const REBUILD_BATCH_SIZE = 200;

export interface RebuildOptions {
  /** What to recompute (default: all). */
  readonly what?: readonly RebuildPart[];
  /** A user knowledge-base file (`--kb`) for entity resolution, as given to `saksi ingest`. */
  readonly kb?: string;
  /** The knowledge base itself (tests); replaces `kb`. */
  readonly knowledgeBase?: KnowledgeBase;
  readonly batchSize?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
}

export interface RebuildProgress {
  readonly done: number;
  readonly total: number;
}

export interface RebuildSummary {
  readonly store: string;
  /** The stages that ran, in order: `near-duplicates`, `entities`, `claims`, `stories`. */
  readonly stages: string[];
  readonly documents: number;
  /** The store after the rebuild. */
  readonly totals: StoreStats;
  /** Stories of two or more documents. */
  readonly stories: number;
  readonly elapsedMs: number;
  readonly perSecond: number;
}

/** The parts to rebuild, with what they imply: entities → claims and stories. */
export function rebuildParts(what: readonly RebuildPart[] = REBUILD_PARTS): { nearDuplicates: boolean; entities: boolean; stories: boolean } {
  const set = new Set(what);
  const entities = set.has('entities');
  return { nearDuplicates: set.has('near-duplicates'), entities, stories: entities || set.has('stories') };
}

/**
 * Recomputes the derived corpus in one transaction, in the canonical order.
 * @example const summary = await rebuild(store, { what: ['entities'] });
 */
export async function rebuild(store: Store, options: RebuildOptions = {}): Promise<RebuildSummary> {
  const started = Date.now();
  const parts = rebuildParts(options.what);
  const batchSize = Math.max(1, options.batchSize ?? REBUILD_BATCH_SIZE);
  // A document's position in the canonical order, for the stages' tie-breaks (ids follow arrival).
  const position = new Map<DocId, number>();
  const stages: CorpusStage[] = [];
  if (parts.nearDuplicates) stages.push(new NearDuplicateStage((id) => position.get(id) ?? Number.MAX_SAFE_INTEGER));
  if (parts.entities) {
    const resolver = CorpusResolver.create(options.knowledgeBase ? { kb: options.knowledgeBase } : options.kb !== undefined ? { kbFile: options.kb } : {});
    stages.push(new EntityStage(resolver), new ClaimStage());
  }
  if (parts.stories) stages.push(new StoryStage());

  // Through CorpusStages, as ingest: the story stage takes each batch at once where the store reads ahead.
  const corpus = new CorpusStages(stages);
  let documents = 0;
  await store.transaction(async (tx) => {
    const order = await tx.read.documentIdsInOrder();
    order.forEach((id, i) => position.set(id, i));
    await tx.clearDerived({ nearDuplicates: parts.nearDuplicates, entities: parts.entities });
    if (parts.stories) await tx.storyClear();
    for (const stage of stages) await stage.load(tx.read);
    options.onProgress?.({ done: 0, total: order.length });
    for (let i = 0; i < order.length; i += batchSize) {
      const batch = order.slice(i, i + batchSize);
      for (const doc of await readBatch(tx, batch, !parts.entities)) {
        await corpus.apply(tx, doc);
        documents++;
      }
      await corpus.finish(tx);
      options.onProgress?.({ done: Math.min(order.length, i + batch.length), total: order.length });
    }
  });
  const elapsedMs = Date.now() - started;
  const totals = await store.stats();
  return {
    store: store.location,
    stages: stages.map((s) => s.name),
    documents,
    totals,
    stories: await storiesOfTwoOrMore(store),
    elapsedMs,
    perSecond: elapsedMs > 0 ? Math.round((documents / elapsedMs) * 1000 * 10) / 10 : documents,
  };
}

async function storiesOfTwoOrMore(store: Store): Promise<number> {
  const size = new Map<string, number>();
  for (const { story } of await store.storyAssignments()) size.set(story, (size.get(story) ?? 0) + 1);
  let n = 0;
  for (const count of size.values()) if (count >= 2) n++;
  return n;
}

/** The stored documents as the stages see them on ingest; `links`: their entity links as stored (when entities are kept). */
export async function readBatch(tx: StoreWriter, ids: readonly DocId[], links: boolean): Promise<CorpusDocument[]> {
  const signatures = new Map((await tx.read.signatures(ids)).map((s) => [s.id, s.signature]));
  const out: CorpusDocument[] = [];
  for (const id of ids) {
    const [doc, analysis] = await Promise.all([tx.read.getDocument(id), tx.read.getAnalysis(id)]);
    // A document stored without an analysis (none in saksi's own ingest) has nothing to derive.
    if (!doc || !analysis) continue;
    const entityIds = new Map<string, EntityId>();
    if (links) for (const l of await tx.read.documentEntities(id)) entityIds.set(l.docEntity, l.entity);
    const signature = signatures.get(id);
    out.push({ id, key: doc.sourceKey, analysis, meta: metadataOf(doc), ...(signature ? { signature } : {}), entityIds, copyOf: [], copies: [] });
  }
  return out;
}
