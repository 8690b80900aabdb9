/**
 * The grouping decision for one pair of documents: a pure function of their features, so that
 * the stories (the connected components of these links) do not depend on the order documents
 * arrive in. Every link keeps its evidence.
 */
import type { StoryFeatures } from './features.js';

/** Two articles more than this many days apart are not linked (a developing story is linked through the articles between). */
export const WINDOW_DAYS = 10;
/** Score a pair needs to be one story. */
export const LINK_THRESHOLD = 3;

export interface LinkEvidence {
  readonly score: number;
  /** Shared salient entities (their first handle, as seen from the first document). */
  readonly entities: readonly string[];
  /** Shared `concept:entity` propositions. */
  readonly props: readonly string[];
  /** Shared topical concepts. */
  readonly concepts: readonly string[];
  /** Shared figures `kind:value`. */
  readonly numbers: readonly string[];
  /** Days between the two (absent when one is undated). */
  readonly days?: number;
  /** Jaccard similarity of title and lead content words (same language only). */
  readonly words?: number;
  /** The shared rare words behind `words`. */
  readonly sharedWords?: readonly string[];
}

function intersect<T>(a: readonly T[], b: readonly T[]): T[] {
  const s = new Set(b);
  return a.filter((x) => s.has(x));
}

export function daysBetween(a: string, b: string): number {
  return Math.round(Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000);
}

/**
 * Scores a pair: a shared proposition (same concept about the same entity) 3; a shared topical
 * concept otherwise 1; two or more shared entities 1; a shared figure 1 (only beside a shared
 * concept); title/lead words (same language) 2 for Jaccard ≥ 0.25, 1 for ≥ 0.12. A link needs a
 * shared proposition or two shared entities (what blocking finds), and a score of LINK_THRESHOLD.
 */
/** Entities of each side with a handle on the other side; the smaller count, so that the relation is symmetric. */
function sharedEntities(a: StoryFeatures, b: StoryFeatures): string[] {
  const ha = new Set(a.entities.flat());
  const hb = new Set(b.entities.flat());
  const fromA = a.entities.filter((hs) => hs.some((h) => hb.has(h))).map((hs) => hs[0]!);
  const fromB = b.entities.filter((hs) => hs.some((h) => ha.has(h))).map((hs) => hs[0]!);
  return fromA.length <= fromB.length ? fromA : fromB;
}

export function relate(a: StoryFeatures, b: StoryFeatures): LinkEvidence | undefined {
  let days: number | undefined;
  if (a.day && b.day) {
    days = daysBetween(a.day, b.day);
    if (days > WINDOW_DAYS) return undefined;
  }
  const entities = sharedEntities(a, b);
  const props = intersect(a.props, b.props);
  if (props.length === 0 && entities.length < 2) return undefined;
  const concepts = intersect(a.concepts, b.concepts);
  const numbers = intersect(a.numbers, b.numbers);
  let score = 0;
  if (props.length > 0) score += 3;
  else if (concepts.length > 0) score += 1;
  if (entities.length >= 2) score += 1;
  if (numbers.length > 0 && concepts.length > 0) score += 1;
  let words: number | undefined;
  let sharedWords: string[] | undefined;
  if (a.lang === b.lang && a.words.length > 0 && b.words.length > 0) {
    sharedWords = intersect(a.words, b.words);
    words = Math.round((sharedWords.length / (a.words.length + b.words.length - sharedWords.length)) * 1000) / 1000;
    if (words >= 0.25) score += 2;
    else if (words >= 0.12) score += 1;
  }
  if (score < LINK_THRESHOLD) return undefined;
  return {
    score,
    entities,
    props,
    concepts,
    numbers,
    ...(days !== undefined ? { days } : {}),
    ...(words !== undefined ? { words, sharedWords: sharedWords!.slice(0, 12) } : {}),
  };
}
