/**
 * The grouping decision for one pair of documents: a pure function of their features, so that
 * the stories (the connected components of these links) do not depend on the order documents
 * arrive in. Every link keeps its evidence.
 */
import type { StoryFeatures } from './features.js';

/** Two articles more than this many days apart are not linked (a developing story is linked through the articles between). */
export const WINDOW_DAYS = 7;
/** Score a pair needs to be one story. */
export const LINK_THRESHOLD = 4;

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

/** A side's view of what it shares with the other: entity groups, weighted 1, or 0.5 when famous. */
function shared(a: StoryFeatures, b: StoryFeatures, props: readonly string[]): { entities: string[]; weight: number; propEntities: number; specificProp: boolean } {
  const hb = new Set(b.entities.flat());
  const famous = new Set(a.famous ?? []);
  const propHandles = new Set(props.map((p) => p.slice(p.indexOf(':') + 1)));
  const groups = a.entities.filter((hs) => hs.some((h) => hb.has(h)));
  const inProps = groups.filter((hs) => hs.some((h) => propHandles.has(h)));
  return {
    entities: groups.map((hs) => hs[0]!),
    weight: groups.reduce((w, hs) => w + (famous.has(hs[0]!) ? 0.5 : 1), 0),
    propEntities: inProps.length,
    specificProp: inProps.some((hs) => !famous.has(hs[0]!)),
  };
}

/**
 * Scores a pair. Language-neutral evidence: a shared proposition (the same predicate concept about
 * the same entity) 2, or 3 when the shared propositions name two entities or more or an entity the
 * knowledge base does not know (famous names are in every other article; a local company is not);
 * shared salient entities, weighted 1 (0.5 when famous), +1 from 2, +2 from 3; a shared figure beside a shared concept +1. Within one
 * language, title and lead words (Jaccard) +1 from 0.12, +2 from 0.2, +3 from 0.3. A link needs a
 * shared proposition or two shared entities (what blocking finds) and LINK_THRESHOLD points: one
 * proposition about one famous name is not enough, so that a minister's other news stays out.
 */
export function relate(a: StoryFeatures, b: StoryFeatures): LinkEvidence | undefined {
  let days: number | undefined;
  if (a.day && b.day) {
    days = daysBetween(a.day, b.day);
    if (days > WINDOW_DAYS) return undefined;
  }
  const props = intersect(a.props, b.props);
  // Seen from both sides, the smaller, so that the relation is symmetric.
  const sa = shared(a, b, props);
  const sb = shared(b, a, props);
  const entities = sa.entities.length <= sb.entities.length ? sa.entities : sb.entities;
  if (props.length === 0 && entities.length < 2) return undefined;
  const weight = Math.min(sa.weight, sb.weight);
  const concepts = intersect(a.concepts, b.concepts);
  const numbers = intersect(a.numbers, b.numbers);
  let score = 0;
  if (props.length > 0) score += Math.min(sa.propEntities, sb.propEntities) >= 2 || (sa.specificProp && sb.specificProp) ? 3 : 2;
  if (weight >= 3) score += 2;
  else if (weight >= 2) score += 1;
  if (numbers.length > 0 && concepts.length > 0) score += 1;
  let words: number | undefined;
  let sharedWords: string[] | undefined;
  if (a.lang === b.lang && a.words.length > 0 && b.words.length > 0) {
    sharedWords = intersect(a.words, b.words);
    words = Math.round((sharedWords.length / (a.words.length + b.words.length - sharedWords.length)) * 1000) / 1000;
    if (words >= 0.3) score += 3;
    else if (words >= 0.2) score += 2;
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
