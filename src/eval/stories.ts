/**
 * Scores stored stories against a gold grouping: pairwise precision, recall and F1 over documents
 * (two documents in one gold story should share a stored story, and the other way round), and over
 * claims where the gold lists them.
 *
 * Gold: `{"clusters": [{"label": "...", "ids": ["detik-12", ...], "claims": ["detik-12:c3", ...]}]}`.
 * An id is a source key, or the record id of a JSONL corpus (the part of the key after `#`); an id
 * that was an exact duplicate counts as the document it duplicates. Stored documents that no gold
 * story lists are singletons; so are unlisted claims.
 */
import type { DocId, Store } from '../store/store.js';

export interface GoldCluster {
  readonly label: string;
  readonly ids: readonly string[];
  /** `<document id>:<claim id>`, e.g. `detik-12:c3`. */
  readonly claims?: readonly string[];
}

export interface PairScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Pairs together in both. */
  readonly truePairs: number;
  readonly predictedPairs: number;
  readonly goldPairs: number;
  readonly items: number;
}

export interface StoryEvalResult {
  readonly documents: PairScores;
  readonly claims?: PairScores;
  readonly goldStories: number;
  readonly storedStories: number;
  /** Gold ids that name no stored document. */
  readonly unknownIds: readonly string[];
  /** Per gold story: its documents spread over which stored stories. */
  readonly perStory: readonly { readonly label: string; readonly documents: number; readonly stories: number; readonly largestShare: number }[];
}

export class GoldFormatError extends Error {}

/** Parses and checks a gold file's JSON; errors name the place (`clusters[2].ids[0]`). */
export function parseGold(text: string, file: string): GoldCluster[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new GoldFormatError(`${file}: not JSON: ${(err as Error).message}`);
  }
  const clusters = (data as { clusters?: unknown })?.clusters;
  if (!Array.isArray(clusters)) throw new GoldFormatError(`${file}: expected {"clusters": [...]}`);
  return clusters.map((c: unknown, i): GoldCluster => {
    const o = c as { label?: unknown; ids?: unknown; claims?: unknown };
    if (typeof o !== 'object' || o === null) throw new GoldFormatError(`${file}: clusters[${i}] is not an object`);
    if (!Array.isArray(o.ids) || o.ids.some((x) => typeof x !== 'string')) throw new GoldFormatError(`${file}: clusters[${i}].ids must be a list of strings`);
    if (o.claims !== undefined && (!Array.isArray(o.claims) || o.claims.some((x) => typeof x !== 'string' || !x.includes(':')))) {
      throw new GoldFormatError(`${file}: clusters[${i}].claims must be a list of "<document id>:<claim id>" strings`);
    }
    return { label: typeof o.label === 'string' ? o.label : `#${i + 1}`, ids: o.ids as string[], ...(o.claims ? { claims: o.claims as string[] } : {}) };
  });
}

const pairs = (n: number): number => (n * (n - 1)) / 2;

/** Pairwise scores from two labelings of the same items (item → cluster label). */
export function pairwise(predicted: ReadonlyMap<string, string>, gold: ReadonlyMap<string, string>): PairScores {
  const cells = new Map<string, number>();
  const pred = new Map<string, number>();
  const gld = new Map<string, number>();
  for (const [item, p] of predicted) {
    const g = gold.get(item) ?? `singleton:${item}`;
    const cell = `${p}\u0000${g}`;
    cells.set(cell, (cells.get(cell) ?? 0) + 1);
    pred.set(p, (pred.get(p) ?? 0) + 1);
    gld.set(g, (gld.get(g) ?? 0) + 1);
  }
  let truePairs = 0;
  for (const n of cells.values()) truePairs += pairs(n);
  let predictedPairs = 0;
  for (const n of pred.values()) predictedPairs += pairs(n);
  let goldPairs = 0;
  for (const n of gld.values()) goldPairs += pairs(n);
  const precision = predictedPairs === 0 ? 1 : truePairs / predictedPairs;
  const recall = goldPairs === 0 ? 1 : truePairs / goldPairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truePairs, predictedPairs, goldPairs, items: predicted.size };
}

/** Scores the stories of `store` against `gold`. */
export async function evaluateStories(store: Store, gold: readonly GoldCluster[]): Promise<StoryEvalResult> {
  const assignments = await store.storyAssignments();
  const storyOf = new Map<DocId, string>(assignments.map((a) => [a.documentId, a.story]));
  // id → document: full source keys, and record ids after '#'.
  const byId = new Map<string, DocId>();
  const ambiguous = new Set<string>();
  for (const { key, documentId } of await store.sourceKeys()) {
    byId.set(key, documentId);
    const hash = key.lastIndexOf('#');
    if (hash >= 0) {
      const rec = key.slice(hash + 1);
      if (byId.has(rec) && byId.get(rec) !== documentId && !ambiguous.has(rec)) ambiguous.add(rec);
      if (!byId.has(rec)) byId.set(rec, documentId);
    }
  }
  const resolve = (id: string): DocId | undefined => (ambiguous.has(id) ? undefined : byId.get(id));
  const unknownIds: string[] = [];
  const goldDocs = new Map<string, string>();
  const perStory: { label: string; documents: number; stories: number; largestShare: number }[] = [];
  gold.forEach((cluster, i) => {
    const docs = new Set<DocId>();
    for (const id of cluster.ids) {
      const doc = resolve(id);
      if (doc === undefined || !storyOf.has(doc)) unknownIds.push(id);
      else docs.add(doc);
    }
    for (const d of docs) goldDocs.set(String(d), `gold:${i}`);
    const spread = new Map<string, number>();
    for (const d of docs) spread.set(storyOf.get(d)!, (spread.get(storyOf.get(d)!) ?? 0) + 1);
    perStory.push({ label: cluster.label, documents: docs.size, stories: spread.size, largestShare: docs.size ? Math.max(...spread.values()) / docs.size : 0 });
  });
  const predictedDocs = new Map<string, string>([...storyOf].map(([d, s]) => [String(d), s]));
  const documents = pairwise(predictedDocs, goldDocs);
  let claims: PairScores | undefined;
  if (gold.some((c) => c.claims && c.claims.length > 0)) {
    const goldClaims = new Map<string, string>();
    gold.forEach((cluster, i) => {
      for (const ref of cluster.claims ?? []) {
        const cut = ref.lastIndexOf(':');
        const doc = resolve(ref.slice(0, cut));
        if (doc === undefined || !storyOf.has(doc)) unknownIds.push(ref);
        else goldClaims.set(`${doc}:${ref.slice(cut + 1)}`, `gold:${i}`);
      }
    });
    const predictedClaims = new Map<string, string>();
    for await (const c of store.scan('claims')) {
      const s = storyOf.get(c.documentId);
      if (s !== undefined) predictedClaims.set(`${c.documentId}:${c.claimId}`, s);
    }
    claims = pairwise(predictedClaims, goldClaims);
  }
  return {
    documents,
    ...(claims ? { claims } : {}),
    goldStories: gold.length,
    storedStories: new Set(storyOf.values()).size,
    unknownIds: [...new Set(unknownIds)],
    perStory,
  };
}
