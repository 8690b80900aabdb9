/**
 * A story's summary from its documents' features alone (a pure function of the set, so the same
 * after an incremental update and after a rebuild): title from key parts, entities, dates, outlets.
 */
import { createHash } from 'node:crypto';
import type { StoryDocumentRow, StoryRow } from '../../store/stories.js';
import { nameWords, parsedFeatures, type StoryFeatures } from './features.js';

/** Key entities kept per story. */
const STORY_ENTITIES = 8;

/**
 * A story's id: a hash of the rank (day and text hash) of its earliest document, so that it does not
 * depend on ingest order, and two stories never share one (the same text is never stored twice).
 */
export function storyId(rank: string): string {
  return `s${createHash('sha256').update(rank, 'utf8').digest('hex').slice(0, 10)}`;
}

export function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
}

export interface StorySummary {
  /** Key entities with names and in how many documents. */
  readonly entities: { readonly key: string; readonly name: string; readonly documents: number }[];
  /** Topical concepts by number of documents. */
  readonly concepts: { readonly concept: string; readonly documents: number }[];
  readonly outlets: { readonly outlet: string; readonly documents: number }[];
}

function count<T>(items: Iterable<T>): Map<T, number> {
  const m = new Map<T, number>();
  for (const x of items) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

function ranked<T>(m: Map<T, number>, cmp: (a: T, b: T) => number): [T, number][] {
  return [...m.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]));
}

/** What a story's summary takes from one document's features, worked out once per features object (they are shared and never changed, see `parsedFeatures`). */
interface MemberFacts {
  /** The key of each salient entity (its corpus id where it has one, else its first name word), without repeats. */
  readonly keys: readonly string[];
  /** Each salient entity's key and name, in order, where it has a name. */
  readonly named: readonly (readonly [string, string])[];
  /** The corpus ids of the salient entities, in order. */
  readonly ids: readonly number[];
}
const factsCache = new WeakMap<StoryFeatures, MemberFacts>();
function factsOf(f: StoryFeatures): MemberFacts {
  let facts = factsCache.get(f);
  if (facts) return facts;
  const keys = new Set<string>();
  const named: [string, string][] = [];
  const ids: number[] = [];
  for (const hs of f.entities) {
    const k = hs.find((h) => h.startsWith('#')) ?? hs[0]!;
    keys.add(k);
    const name = f.names[hs[0]!];
    if (name) named.push([k, name]);
    for (const h of hs) if (h.startsWith('#')) ids.push(Number(h.slice(1)));
  }
  facts = { keys: [...keys], named, ids };
  factsCache.set(f, facts);
  return facts;
}

export function summarize(members: readonly StoryDocumentRow[]): StoryRow {
  const sorted = [...members].sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
  const features = sorted.map((m) => parsedFeatures(m.documentId, m.features));
  const facts = features.map(factsOf);
  // Entities are counted by corpus id where they have one, else by their first name word.
  const names = new Map<string, string>();
  for (const { named } of facts) for (const [k, name] of named) if (!names.has(k)) names.set(k, name);
  // Ties go by name, then key: a corpus entity id ('#12') depends on the order documents arrived in,
  // its name does not, so the title is the same on every backend and in every order.
  const byName = (a: string, b: string): number => {
    const x = names.get(a) ?? a;
    const y = names.get(b) ?? b;
    return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
  };
  const entities = ranked(count(facts.flatMap((f) => f.keys)), byName).slice(0, STORY_ENTITIES);
  const concepts = ranked(count(features.flatMap((f) => f.concepts)), (a, b) => a.localeCompare(b));
  const outlets = ranked(count(features.map((f) => f.source ?? '(unknown)')), (a, b) => a.localeCompare(b));
  const days = features.map((f) => f.day).filter((d): d is string => d !== undefined).sort();
  const languages = [...new Set(features.map((f) => f.lang))].sort();
  const summary: StorySummary = {
    entities: entities.map(([key, n]) => ({ key, name: names.get(key) ?? key, documents: n })),
    concepts: concepts.map(([concept, n]) => ({ concept, documents: n })),
    outlets: outlets.map(([outlet, n]) => ({ outlet, documents: n })),
  };
  // The title names the three most frequent entities, skipping a name that repeats one already taken.
  const key: string[] = [];
  const taken = new Set<string>();
  for (const e of summary.entities) {
    if (key.length === 3) break;
    const ws = nameWords(e.name);
    if ([...ws].some((w) => taken.has(w))) continue;
    for (const w of ws) taken.add(w);
    key.push(e.name);
  }
  const what = summary.concepts.filter((c) => c.documents * 2 >= features.length || c === summary.concepts[0]).slice(0, 2).map((c) => c.concept);
  const title = `${key.join(', ') || '(no entities)'}${what.length ? `: ${what.join(', ')}` : ''}`;
  return {
    id: storyId(sorted[0]!.rank),
    title,
    ...(days.length ? { firstSeen: days[0]!, lastSeen: days[days.length - 1]! } : {}),
    documents: members.length,
    outlets: outlets.filter(([o]) => o !== '(unknown)').length,
    languages,
    entities: [...new Set(facts.flatMap((f) => f.ids))].sort((a, b) => a - b),
    summary: JSON.stringify(summary),
  };
}
