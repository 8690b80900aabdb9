/**
 * A story's summary from its documents' features alone (a pure function of the set, so the same
 * after an incremental update and after a rebuild): title from key parts, entities, dates, outlets.
 */
import { createHash } from 'node:crypto';
import type { StoryDocumentRow, StoryRow } from '../../store/stories.js';
import { nameWords, parsedFeatures } from './features.js';

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

export function summarize(members: readonly StoryDocumentRow[]): StoryRow {
  const sorted = [...members].sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
  const features = sorted.map((m) => parsedFeatures(m.documentId, m.features));
  // Entities are counted by corpus id where they have one, else by their first name word.
  const names = new Map<string, string>();
  const keyOf = (hs: readonly string[]): string => hs.find((h) => h.startsWith('#')) ?? hs[0]!;
  for (const f of features) {
    for (const hs of f.entities) {
      const k = keyOf(hs);
      const name = f.names[hs[0]!];
      if (!names.has(k) && name) names.set(k, name);
    }
  }
  // Ties go by name, then key: a corpus entity id ('#12') depends on the order documents arrived in,
  // its name does not, so the title is the same on every backend and in every order.
  const byName = (a: string, b: string): number => {
    const x = names.get(a) ?? a;
    const y = names.get(b) ?? b;
    return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
  };
  const entities = ranked(count(features.flatMap((f) => [...new Set(f.entities.map(keyOf))])), byName).slice(0, STORY_ENTITIES);
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
    entities: [...new Set(features.flatMap((f) => f.entities.flatMap((hs) => hs.filter((h) => h.startsWith('#')).map((h) => Number(h.slice(1))))))].sort((a, b) => a - b),
    summary: JSON.stringify(summary),
  };
}
