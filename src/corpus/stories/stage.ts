/**
 * Story grouping as a corpus stage. For each stored document: compute its features, find the
 * documents sharing a blocking key (a proposition or a pair of entities) within the time window,
 * link those that `relate` accepts (keeping the evidence), and merge the linked stories into one.
 *
 * Stories are the connected components of the links, and a link is a pure function of the two
 * documents, so the stories do not depend on the order documents arrive in: ingesting one by one
 * and rebuilding from the store give the same stories (test/stories.test.ts checks it).
 */
import type { Analysis } from '../../types.js';
import type { DocId, DocumentMetadata, EntityId, Store, StoreWriter } from '../../store/store.js';
import type { StoryDocumentRow, StoryEdgeRow } from '../../store/stories.js';
import type { CorpusDocument, CorpusStage } from '../stage.js';
import { blockingKeys, rankKey, storyFeatures, type StoryFeatures } from './features.js';
import { relate, WINDOW_DAYS } from './relate.js';
import { storyId, summarize, textHash } from './summary.js';

export class StoryStage implements CorpusStage {
  readonly name = 'stories';

  /** The stage keeps nothing in memory between documents: every read goes to the store. */
  async load(_store: Store): Promise<void> {}

  async apply(tx: StoreWriter, doc: CorpusDocument): Promise<void> {
    await applyStory(tx, doc.id, doc.analysis, doc.meta, doc.entityIds);
  }
}

/**
 * Parsed features of stored documents, by `id|rank` (the rank holds the text's hash, so a document
 * id reused after a rolled-back transaction cannot hit a stale entry). A cache of the store only.
 */
const parsed = new Map<string, StoryFeatures>();
const PARSED_CACHE_SIZE = 50_000;

function featuresOf(row: StoryDocumentRow): StoryFeatures {
  const key = `${row.documentId}|${row.rank}`;
  let f = parsed.get(key);
  if (!f) {
    if (parsed.size >= PARSED_CACHE_SIZE) parsed.clear();
    f = JSON.parse(row.features) as StoryFeatures;
    parsed.set(key, f);
  }
  return f;
}

/** Groups one stored document into the stories; returns its story id. */
export async function applyStory(
  tx: StoreWriter,
  id: DocId,
  analysis: Analysis,
  meta: DocumentMetadata,
  entityIds: ReadonlyMap<string, EntityId>,
): Promise<string> {
  const features = storyFeatures(analysis, meta, entityIds);
  const rank = rankKey(features.day, textHash(analysis.text));
  const keys = blockingKeys(features);
  const own: StoryDocumentRow = { documentId: id, story: storyId(rank), rank, ...(features.day ? { day: features.day } : {}), features: JSON.stringify(features) };
  await tx.storyPutDocument(own, keys);
  const edges: StoryEdgeRow[] = [];
  const linked = new Set<string>();
  if (keys.length > 0) {
    for (const c of await tx.storyCandidates(keys, features.day, WINDOW_DAYS, id)) {
      const evidence = relate(features, featuresOf(c));
      if (!evidence) continue;
      edges.push({ a: Math.min(id, c.documentId), b: Math.max(id, c.documentId), score: evidence.score, evidence: JSON.stringify(evidence) });
      linked.add(c.story);
    }
  }
  await tx.storyAddEdges(edges);
  const members = [own, ...(await tx.storyMembers([...linked]))];
  const row = summarize(members);
  await tx.storySet(
    row,
    members.map((m) => m.documentId),
    [...linked, own.story].filter((s) => s !== row.id),
  );
  return row.id;
}

/**
 * Recomputes every story from the stored documents (analyses and entity links), in one
 * transaction: the same stories incremental grouping made, or the first ones for a store
 * ingested before stories existed.
 */
export async function rebuildStories(store: Store, onProgress?: (done: number) => void): Promise<{ documents: number; stories: number }> {
  const all: DocId[] = [];
  for await (const d of store.scan('documents')) all.push(d.id);
  let done = 0;
  await store.transaction(async (tx) => {
    await tx.storyClear();
    for (const id of all) {
      const [doc, analysis, links] = await Promise.all([store.getDocument(id), store.getAnalysis(id), store.documentEntities(id)]);
      if (!doc || !analysis) continue;
      const entityIds = new Map(links.map((l) => [l.docEntity, l.entity]));
      const { text: _t, copies: _c, duplicateKeys: _d, copyOf: _o, id: _i, sourceKey: _k, contentHash: _h, ingestedAt: _a, ...meta } = doc;
      await applyStory(tx, id, analysis, meta, entityIds);
      done++;
      onProgress?.(done);
    }
  });
  const stories = new Set((await store.storyAssignments()).map((a) => a.story)).size;
  return { documents: done, stories };
}
