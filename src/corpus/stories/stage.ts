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
import { metadataOf, type CorpusDocument, type CorpusStage } from '../stage.js';
import { blockingKeys, keepParsed, parsedFeatures, rankKey, storyFeatures, type StoryFeatures } from './features.js';
import { rareTitleKeys, relate, strength, WINDOW_DAYS, type LinkEvidence } from './relate.js';
import { storyId, summarize, textHash } from './summary.js';

export class StoryStage implements CorpusStage {
  readonly name = 'stories';

  /** The stage keeps nothing in memory between documents: every read goes to the store. */
  async load(_store: Store): Promise<void> {}

  async apply(tx: StoreWriter, doc: CorpusDocument): Promise<void> {
    await applyStory(tx, doc.id, doc.analysis, doc.meta, doc.entityIds);
  }

  /** Only a store that reads ahead (PostgreSQL: one round trip for the batch) gains from `applyBatch`. */
  batches(tx: StoreWriter): boolean {
    return tx.storyReadAhead !== undefined;
  }

  /**
   * The documents of one transaction, in order: the same stories as `apply` on each in turn (a
   * document's grouping reads only story rows, which the other stages do not write), but the
   * store may first read at once what the whole batch will ask (`storyReadAhead`).
   */
  async applyBatch(tx: StoreWriter, docs: readonly CorpusDocument[]): Promise<void> {
    const prepared = docs.map((d) => prepareStory(d.id, d.analysis, d.meta, d.entityIds));
    if (prepared.length > 1 && tx.storyReadAhead) {
      await tx.storyReadAhead(
        prepared.flatMap((p) => (p.keys.length > 0 ? [{ keys: p.keys, ...(p.features.day ? { day: p.features.day } : {}) }] : [])),
        WINDOW_DAYS,
      );
    }
    for (const p of prepared) await applyPrepared(tx, p);
  }
}

/** A document's story features, blocking keys and row: what grouping it needs before any read. */
interface PreparedStory {
  readonly id: DocId;
  readonly features: StoryFeatures;
  readonly keys: readonly string[];
  readonly own: StoryDocumentRow;
}

function prepareStory(id: DocId, analysis: Analysis, meta: DocumentMetadata, entityIds: ReadonlyMap<string, EntityId>): PreparedStory {
  const features = storyFeatures(analysis, meta, entityIds);
  const rank = rankKey(features.day, textHash(analysis.text));
  const keys = [...blockingKeys(features), ...rareTitleKeys(features)];
  const own: StoryDocumentRow = { documentId: id, story: storyId(rank), rank, ...(features.day ? { day: features.day } : {}), features: JSON.stringify(features) };
  // `summarize` reads the document's own features back from this JSON: the object it came from.
  keepParsed(id, own.features, features);
  return { id, features, keys, own };
}

/** Groups one stored document into the stories; returns its story id. */
export async function applyStory(
  tx: StoreWriter,
  id: DocId,
  analysis: Analysis,
  meta: DocumentMetadata,
  entityIds: ReadonlyMap<string, EntityId>,
): Promise<string> {
  return applyPrepared(tx, prepareStory(id, analysis, meta, entityIds));
}

async function applyPrepared(tx: StoreWriter, { id, features, keys, own }: PreparedStory): Promise<string> {
  await tx.storyPutDocument(own, keys);
  const edges: StoryEdgeRow[] = [];
  const linked = new Set<string>();
  if (keys.length > 0) {
    // The documents this one relates to, strongly or weakly.
    const near: { row: StoryDocumentRow; f: StoryFeatures; e: LinkEvidence; strong: boolean; group: string }[] = [];
    // In rank order (day, then text hash), not id order: which weak links a triangle keeps
    // follows this order, and ids follow arrival order.
    const candidates = (await tx.storyCandidates(keys, features.day, WINDOW_DAYS, id)).sort((x, y) => (x.rank < y.rank ? -1 : x.rank > y.rank ? 1 : x.documentId - y.documentId));
    for (const c of candidates) {
      const f = parsedFeatures(c.documentId, c.features);
      const e = relate(features, f);
      if (e) near.push({ row: c, f, e, strong: strength(e) === 'strong', group: c.story });
    }
    const { keep } = triangleLinks(near, (x, y) => {
      const e = relate(x.f, y.f);
      return e && { strength: strength(e), evidence: e };
    });
    near.forEach((n, i) => {
      if (!keep[i]) return;
      edges.push(edgeRow(id, n.row.documentId, n.e));
      linked.add(n.row.story);
    });
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
 * Which links of a new document count, given the documents it relates to (`near`, each with the
 * strength of its link to the new one) and the relation between two of them. A strong link always
 * counts; a weak one only inside a triangle with a strong side: the new document's weak link to y
 * when some x relates to both and one of the links to x is strong. An older weak link x–y that the
 * new document closes into such a triangle joins nothing the new document's kept links do not
 * already join (both x and y are then linked to it), so it is not looked for: the stories (the
 * components of the kept links) are those of the batch rule whatever the arrival order (the
 * property test in test/stories.test.ts), and the work stays linear in a crowded block (one name
 * in every article of a season): two strong neighbours are never compared, and a weak one only
 * until its first triangle. `group` is the story a neighbour is in now: two weak neighbours in
 * different stories are not compared (a strong link between them would have joined their stories).
 */
export function triangleLinks<T extends { strong: boolean; group: string }, E>(
  near: readonly T[],
  rel: (x: T, y: T) => { strength: 'strong' | 'weak'; evidence: E } | undefined,
): { keep: boolean[] } {
  const keep = near.map((n) => n.strong);
  const strong: number[] = [];
  const weakByGroup = new Map<string, number[]>();
  near.forEach((n, i) => {
    if (n.strong) strong.push(i);
    else {
      const g = weakByGroup.get(n.group);
      if (g) g.push(i);
      else weakByGroup.set(n.group, [i]);
    }
  });
  for (let j = 0; j < near.length; j++) {
    if (keep[j]) continue;
    const y = near[j]!;
    // A strong neighbour related to y in any way.
    for (const i of strong) {
      if (rel(near[i]!, y)) {
        keep[j] = true;
        break;
      }
    }
    if (keep[j]) continue;
    // A weak neighbour strongly related to y (then both count).
    for (const i of weakByGroup.get(y.group)!) {
      if (i === j) continue;
      if (rel(near[i]!, y)?.strength === 'strong') {
        keep[i] = keep[j] = true;
        break;
      }
    }
  }
  return { keep };
}

function edgeRow(p: DocId, q: DocId, e: LinkEvidence): StoryEdgeRow {
  return { a: Math.min(p, q), b: Math.max(p, q), score: e.score, evidence: JSON.stringify({ ...e, strength: strength(e) }) };
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
      await applyStory(tx, id, analysis, metadataOf(doc), entityIds);
      done++;
      onProgress?.(done);
    }
  });
  const stories = new Set((await store.storyAssignments()).map((a) => a.story)).size;
  return { documents: done, stories };
}
