/**
 * The grouping decision for one pair of documents: a pure function of their features, so that
 * the stories (the connected components of these links) do not depend on the order documents
 * arrive in. Every link keeps its evidence.
 */
import type { StoryFeatures } from './features.js';
import { wordRarity } from '../../lang/word-frequency.js';
import { nonTopicalWords } from '../../lang/predicates-index.js';
import { genericNameWords, specificFigure } from './features.js';

/** Two articles more than this many days apart are not linked (a developing story is linked through the articles between). */
export const WINDOW_DAYS = 7;
/**
 * Summed weight of the shared salient entities (1 each, famous 0.5) that lets a pair be compared
 * without a shared proposition or rare title word: two specific names, or one and a famous one;
 * two famous ones (a president and the capital) are in too many articles to say anything.
 */
export const GATE_WEIGHT = 1.5;
/** Score a pair needs to be one story. */
export const LINK_THRESHOLD = 5;

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
  /** How many quotation fingerprints the two share (the same quoted words of a speaker). */
  readonly quotes?: number;
  /** Days between the two (absent when one is undated). */
  readonly days?: number;
  /** Jaccard similarity of title and lead content words (same language only). */
  readonly words?: number;
  /** The shared rare words behind `words`, rarest first. */
  readonly sharedWords?: readonly string[];
  /** The titles name different rare people, places or things: two cases of one topic (a penalty). */
  readonly distinctCases?: boolean;
}

/** The elements of `a` that `b` holds, in `a`'s order. */
function intersect(a: readonly string[], b: readonly string[]): string[] {
  if (a.length === 0 || b.length === 0) return [];
  // Features hold their lists sorted without repeats: a merge, without building a set. (A list
  // written otherwise, as tests may, takes the set.)
  if (ascending(a) && ascending(b)) {
    const out: string[] = [];
    for (let i = 0, j = 0; i < a.length && j < b.length; ) {
      const x = a[i]!;
      const y = b[j]!;
      if (x < y) i++;
      else if (x > y) j++;
      else {
        out.push(x);
        i++;
        j++;
      }
    }
    return out;
  }
  const s = new Set(b);
  return a.filter((x) => s.has(x));
}

function ascending(list: readonly string[]): boolean {
  for (let i = 1; i < list.length; i++) if (!(list[i - 1]! < list[i]!)) return false;
  return true;
}

/**
 * What relating needs of one document's features, computed once per features object (features
 * are not changed once made; the story stage keeps the parsed features of stored documents).
 */
interface View {
  /** The features it is a view of. */
  readonly f: StoryFeatures;
  /** The day's time (`Date.parse` of its midnight UTC), when dated. */
  readonly time?: number;
  /** Every handle of the salient entities (`entities.flat()`). */
  readonly handles: ReadonlySet<string>;
  /** The name handles (`n:word`) of the salient entities, in order, with repeats (`entities.flat()`'s). */
  readonly nameHandles: readonly string[];
  /** The word of each of `nameHandles`. */
  readonly nameWords: readonly string[];
  readonly famous: ReadonlySet<string>;
  /** `famousWords`. */
  readonly famousWords: ReadonlySet<string>;
  /** Title words that are also lead words and rare (`rareTitleKeys`' words), in title-word order. */
  readonly rareTitle: readonly string[];
  /** `titleNames`, computed on first use. */
  titleNames?: { names: Set<string>; famous: Set<string> };
  /** `wordWeights`, computed on first use. */
  weights?: WordWeights;
}
const views = new WeakMap<StoryFeatures, View>();
function viewOf(f: StoryFeatures): View {
  let v = views.get(f);
  if (v) return v;
  const handles = new Set<string>();
  const nameHandles: string[] = [];
  const nameWords: string[] = [];
  for (const hs of f.entities) {
    for (const h of hs) {
      handles.add(h);
      if (h.startsWith('n:')) {
        nameHandles.push(h);
        nameWords.push(h.slice(2));
      }
    }
  }
  const words = new Set(f.words);
  const rareTitle: string[] = [];
  for (const w of f.titleWords ?? []) if (words.has(w) && wordWeight(f.lang, w, NO_WORDS) >= RARE_TITLE_WORD) rareTitle.push(w);
  v = { f, ...(f.day ? { time: dayTime(f.day) } : {}), handles, nameHandles, nameWords, famous: new Set(f.famous ?? []), famousWords: new Set(famousWords(f)), rareTitle };
  views.set(f, v);
  return v;
}

function dayTime(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

function daysApart(a: number, b: number): number {
  return Math.round(Math.abs(a - b) / 86_400_000);
}

/**
 * A side's view of what it shares with the other: entity groups, weighted 1, or 0.5 when famous;
 * `propHandles` are the entity handles of the shared propositions.
 */
function shared(a: StoryFeatures, famous: ReadonlySet<string>, other: ReadonlySet<string>, propHandles: ReadonlySet<string> | undefined): { entities: string[]; weight: number; propEntities: number; specificProp: boolean } {
  const entities: string[] = [];
  let weight = 0;
  let propEntities = 0;
  let specificProp = false;
  for (const hs of a.entities) {
    if (!holdsAny(other, hs)) continue;
    const first = hs[0]!;
    entities.push(first);
    weight += famous.has(first) ? 0.5 : 1;
    if (propHandles && holdsAny(propHandles, hs)) {
      propEntities++;
      if (!famous.has(first)) specificProp = true;
    }
  }
  return { entities, weight, propEntities, specificProp };
}

function holdsAny(set: ReadonlySet<string>, items: readonly string[]): boolean {
  for (const x of items) if (set.has(x)) return true;
  return false;
}

/**
 * Scores a pair. Language-neutral evidence: a shared proposition (the same predicate concept about
 * the same entity) 2, or 3 when the shared propositions name two entities or more or an entity the
 * knowledge base does not know (famous names are in every other article; a local company is not);
 * shared salient entities, weighted 1 (0.5 when famous), +1 from 2, +2 from 3; a shared figure
 * beside a shared concept +1, a precise figure (`specificFigure`) +1, the same quoted words
 * (`quoteKeys`) +3. Within one language, the weighted similarity of title and lead words
 * (`wordSimilarity`: rare words count, words of every other article and famous names hardly)
 * +1 from 0.1, +2 from 0.14, +3 from 0.2, +4 from 0.3, and rare words shared by both titles +1
 * from TITLE_SHARE. A link needs a shared proposition, quotation or precise figure, two shared
 * entities (not both famous) or a shared rare title word (what blocking finds) and LINK_THRESHOLD
 * points: one proposition about one famous name is not enough, so that a minister's other news
 * stays out.
 */
export function relate(a: StoryFeatures, b: StoryFeatures): LinkEvidence | undefined {
  const va = viewOf(a);
  const vb = viewOf(b);
  let days: number | undefined;
  if (a.day && b.day) {
    days = daysApart(va.time!, vb.time!);
    if (days > WINDOW_DAYS) return undefined;
  }
  const props = intersect(a.props, b.props);
  const numbers = intersect(a.numbers, b.numbers);
  const quotes = intersect(a.quotes ?? [], b.quotes ?? []);
  const sameLanguage = a.lang === b.lang && a.words.length > 0 && b.words.length > 0;
  // A precise figure both give is a fingerprint of one report, in any language; so are the same
  // quoted words.
  const fingerprint = props.length > 0 || quotes.length > 0 || numbers.some(specificFigure);
  // Without a shared proposition, quotation or precise figure or two entities (GATE_WEIGHT), only a
  // shared rare title word can open the gate: a title word of both that is a lead word of `a` and
  // rare (one of `a`'s `rareTitle` in `b`'s title), weighing RARE_TITLE_WORD in the pair.
  let titleOpens: boolean | undefined;
  const opens = (weight: number): boolean =>
    fingerprint || weight >= GATE_WEIGHT || (titleOpens ??= sameLanguage && sharesRareTitleWord(va, vb));
  const propHandles = props.length > 0 ? new Set(props.map((p) => p.slice(p.indexOf(':') + 1))) : undefined;
  // Seen from both sides, the smaller, so that the relation is symmetric (so the gate is shut when
  // it is shut to one side's weight).
  const sa = shared(a, va.famous, vb.handles, propHandles);
  if (!opens(sa.weight)) return undefined;
  const sb = shared(b, vb.famous, va.handles, propHandles);
  const weight = Math.min(sa.weight, sb.weight);
  if (!opens(weight)) return undefined;
  const entities = sa.entities.length <= sb.entities.length ? sa.entities : sb.entities;
  const ws = sameLanguage ? wordEvidence(va, vb) : undefined;
  const concepts = intersect(a.concepts, b.concepts);
  let score = 0;
  if (props.length > 0) score += Math.min(sa.propEntities, sb.propEntities) >= 2 || (sa.specificProp && sb.specificProp) ? 3 : 2;
  if (weight >= 3) score += 2;
  else if (weight >= 2) score += 1;
  if (numbers.length > 0 && concepts.length > 0) score += 1;
  if (numbers.some(specificFigure)) score += SPECIFIC_FIGURE_POINTS;
  if (quotes.length > 0) score += QUOTE_POINTS;
  let words: number | undefined;
  let sharedWords: string[] | undefined;
  if (ws) {
    words = Math.round(ws.similarity * 1000) / 1000;
    sharedWords = rarestFirst(ws.shared);
    score += WORD_POINTS * (ws.similarity + TITLE_SHARE_FACTOR * ws.titleShared);
  }
  // Two articles whose titles each name someone or something rare the other does not, and share no
  // such name, report two cases of one topic (two corruption cases, two demonstrations).
  const distinct = ws ? casesDiffer(va, vb) : false;
  if (distinct) score -= DISTINCT_CASES_PENALTY;
  score = Math.round(score * 100) / 100;
  if (score < WEAK_THRESHOLD) return undefined;
  return {
    score,
    entities,
    props,
    concepts,
    numbers,
    ...(quotes.length > 0 ? { quotes: quotes.length } : {}),
    ...(days !== undefined ? { days } : {}),
    ...(words !== undefined ? { words, sharedWords: sharedWords!.slice(0, 12) } : {}),
    ...(distinct ? { distinctCases: true } : {}),
  };
}

/** Points for quoting the same words (`quoteKeys`): the same statement, so the same event. */
export const QUOTE_POINTS = 3;

/** Points for a shared figure precise enough to be a fingerprint of one report (`specificFigure`). */
export const SPECIFIC_FIGURE_POINTS = 1;

/** Points taken off a pair whose titles name different rare people, places or things (`distinctCases`). */
export const DISTINCT_CASES_PENALTY = 2;
/** Rarity from which a name word in a title marks a case. */
export const RARE_NAME = 0.75;

const NO_WORDS: ReadonlySet<string> = new Set();

/**
 * The name words of a title: title words that are words of a salient entity's name and rare in
 * the background; `famous` says which belong to a famous entity (a minister names a case too, but
 * sharing one is no sign of one case: a president is in every other title).
 */
function titleNames(f: StoryFeatures): { names: Set<string>; famous: Set<string> } {
  const title = new Set(f.titleWords ?? []);
  const famousIds = new Set(f.famous ?? []);
  const names = new Set<string>();
  const famous = new Set<string>();
  for (const hs of f.entities) {
    for (const h of hs) {
      if (!h.startsWith('n:')) continue;
      const w = h.slice(2);
      if (!title.has(w) || wordWeight(f.lang, w, NO_WORDS) < RARE_NAME) continue;
      names.add(w);
      if (famousIds.has(hs[0]!)) famous.add(w);
    }
  }
  return { names, famous };
}

/**
 * Whether two same-language articles report two cases of one topic: each title names someone or
 * something rare that the other does not, and they share no such name (a shared famous name does
 * not count).
 */
export function distinctCases(a: StoryFeatures, b: StoryFeatures): boolean {
  return casesDiffer(viewOf(a), viewOf(b));
}

function casesDiffer(va: View, vb: View): boolean {
  const a = va.f;
  const b = vb.f;
  const na = (va.titleNames ??= titleNames(a));
  const nb = (vb.titleNames ??= titleNames(b));
  let onlyA = 0;
  for (const w of na.names) {
    if (!nb.names.has(w)) onlyA++;
    else if (!na.famous.has(w) && !nb.famous.has(w)) return false;
  }
  let onlyB = 0;
  for (const w of nb.names) if (!na.names.has(w)) onlyB++;
  return onlyA > 0 && onlyB > 0;
}

/** Points per unit of word evidence (`similarity + TITLE_SHARE_FACTOR × rarity of the shared title words`). */
export const WORD_POINTS = 20;
/** How much the summed rarity of the words both titles hold adds to the word similarity. */
export const TITLE_SHARE_FACTOR = 0.05;
/** Rarity of a title word that makes it a blocking key (and lets word evidence alone make a link). */
export const RARE_TITLE_WORD = 0.6;
/** Score of a weak link: one that counts only when a third article confirms it (see `strength`). */
export const WEAK_THRESHOLD = 3;

/**
 * A link's strength: strong links (LINK_THRESHOLD points) join two articles' stories by
 * themselves; a weak one only inside a triangle (a third article linked to both, one of those two
 * links strong), so that one middling resemblance cannot chain two stories of one topic together.
 */
export function strength(e: LinkEvidence): 'strong' | 'weak' {
  return e.score >= LINK_THRESHOLD ? 'strong' : 'weak';
}

/** A title word counts this many times a lead word. */
export const TITLE_WORD_WEIGHT = 2;

/** Word rarities by language, remembered (emptied past RARITY_CACHE_SIZE words). */
const rarities = new Map<string, Map<string, number>>();
const RARITY_CACHE_SIZE = 50_000;
let raritiesKept = 0;
function rarity(lang: string, word: string): number {
  let byWord = rarities.get(lang);
  if (byWord === undefined) rarities.set(lang, (byWord = new Map()));
  let r = byWord.get(word);
  if (r === undefined) {
    if (raritiesKept > RARITY_CACHE_SIZE) {
      for (const m of rarities.values()) m.clear();
      raritiesKept = 0;
    }
    r = wordRarity(lang, word);
    byWord.set(word, r);
    raritiesKept++;
  }
  return r;
}

/** A document's words (sorted, as in its features) with their own weights, computed once per features object. */
interface WordWeights {
  /** The features' words (a set: no repeats). */
  readonly words: readonly string[];
  /** Where each word is in `words`. */
  readonly index: ReadonlyMap<string, number>;
  /** Weight without the title factor: rarity, a tenth for generic and non-topical words. */
  readonly plain: Float64Array;
  /** Whether the word is already weighed low (generic or non-topical). */
  readonly low: Uint8Array;
  readonly title: Uint8Array;
  /** Sum of `plain × title factor`. */
  readonly total: number;
}
function weightsOf(v: View): WordWeights {
  return (v.weights ??= wordWeights(v.f));
}

function wordWeights(f: StoryFeatures): WordWeights {
  const title = new Set(f.titleWords ?? []);
  const n = f.words.length;
  const plain = new Float64Array(n);
  const low = new Uint8Array(n);
  const inTitle = new Uint8Array(n);
  let total = 0;
  const index = new Map<string, number>();
  f.words.forEach((w, i) => {
    index.set(w, i);
    const isLow = genericNameWords().has(w) || nonTopicalWords(f.lang).has(w);
    plain[i] = rarity(f.lang, w) * (isLow ? LOW_WORD_WEIGHT : 1);
    low[i] = isLow ? 1 : 0;
    inTitle[i] = title.has(w) ? 1 : 0;
    total += plain[i]! * (inTitle[i] ? TITLE_WORD_WEIGHT : 1);
  });
  return { words: f.words, index, plain, low, title: inTitle, total };
}

/** Weight of the words of a name both documents hold (already counted as a shared entity): what they share beyond who. */
export const SHARED_NAME_WEIGHT = 0.7;

/** Weight of a word that names nothing of the event (a title, a day, page furniture) or is part of a famous name. */
export const LOW_WORD_WEIGHT = 0.1;

function wordWeight(lang: string, w: string, low: ReadonlySet<string>): number {
  const r = rarity(lang, w);
  return low.has(w) || genericNameWords().has(w) || nonTopicalWords(lang).has(w) ? r * LOW_WORD_WEIGHT : r;
}

/** The name words both documents' salient entities hold: counted as shared entities, not again as words. */
function sharedNameWords(a: View, b: View): ReadonlySet<string> {
  let out: Set<string> | undefined;
  a.nameHandles.forEach((h, i) => {
    if (b.handles.has(h)) (out ??= new Set()).add(a.nameWords[i]!);
  });
  return out ?? NO_WORDS;
}

/** The name words of a document's famous entities (heads of state, countries): in every other article. */
function famousWords(f: StoryFeatures): string[] {
  const famous = new Set(f.famous ?? []);
  const out: string[] = [];
  for (const hs of f.entities) if (famous.has(hs[0]!)) for (const h of hs) if (h.startsWith('n:')) out.push(h.slice(2));
  return out;
}

/** The discounts of a pair's words: the famous-name words of either document, the name words both hold. */
interface PairWords {
  readonly lowA: ReadonlySet<string>;
  readonly lowB: ReadonlySet<string>;
  readonly names: ReadonlySet<string>;
}

function pairWords(va: View, vb: View): PairWords {
  return { lowA: va.famousWords, lowB: vb.famousWords, names: sharedNameWords(va, vb) };
}

/** A word's weight in a pair, without the title factor: famous-name words low, shared-name words lower. */
function pairWeight(ww: WordWeights, i: number, p: PairWords): number {
  const w = ww.words[i]!;
  return ww.plain[i]! * ((p.lowA.has(w) || p.lowB.has(w)) && !ww.low[i] ? LOW_WORD_WEIGHT : 1) * (p.names.has(w) ? SHARED_NAME_WEIGHT : 1);
}

/**
 * A document's total in a pair: its own total less what the pair's discounts take off, word by
 * word in the document's word order (the same sum, to the last bit, as a walk over all its words),
 * visiting only the few discounted words.
 */
function totalIn(ww: WordWeights, p: PairWords): number {
  let t = ww.total;
  if (p.lowA.size + p.lowB.size + p.names.size === 0) return t;
  // Their indices, ascending (with repeats: a word can be in more than one list).
  const at: number[] = [];
  for (const list of [p.lowA, p.lowB, p.names]) {
    for (const w of list) {
      const i = ww.index.get(w);
      if (i === undefined) continue;
      let k = at.length;
      at.push(i);
      for (; k > 0 && at[k - 1]! > i; k--) at[k] = at[k - 1]!;
      at[k] = i;
    }
  }
  at.forEach((i, k) => {
    if (k === 0 || i !== at[k - 1]) t -= (ww.plain[i]! - pairWeight(ww, i, p)) * (ww.title[i] ? TITLE_WORD_WEIGHT : 1);
  });
  return t;
}

/**
 * Whether the titles of two same-language documents share a word of both's lead words that
 * weighs RARE_TITLE_WORD in the pair (`wordEvidence`'s `rareTitleWord`): one of `a`'s
 * `rareTitle`, since a word weighs no more in a pair than alone.
 */
function sharesRareTitleWord(va: View, vb: View): boolean {
  const A = weightsOf(va);
  const B = weightsOf(vb);
  let p: PairWords | undefined;
  for (const w of va.rareTitle) {
    const j = B.index.get(w);
    if (j === undefined || !B.title[j]) continue;
    if (pairWeight(A, A.index.get(w)!, (p ??= pairWords(va, vb))) >= RARE_TITLE_WORD) return true;
  }
  return false;
}

/**
 * Weighted Jaccard (Ruzicka) similarity of two same-language documents' title and lead words,
 * each word weighted by its rarity in the language's fixed background list (a title word twice):
 * the sum of the smaller weights of the shared words over the sum of the larger weights of all.
 * Returns the similarity and the shared words with their weights, in word order.
 */
function wordEvidence(va: View, vb: View): { similarity: number; shared: [string, number][]; titleShared: number; rareTitleWord: boolean } {
  const p = pairWords(va, vb);
  const A = weightsOf(va);
  const B = weightsOf(vb);
  let num = 0;
  const shared: [string, number][] = [];
  let titleShared = 0;
  let rareTitleWord = false;
  // Word lists are sorted: the shared words are visited in word order, whichever side is `a`.
  for (let i = 0; i < A.words.length; i++) {
    const wa = A.words[i]!;
    const j = B.index.get(wa);
    if (j !== undefined) {
      const pa = pairWeight(A, i, p);
      const pb = pairWeight(B, j, p);
      num += Math.min(pa * (A.title[i] ? TITLE_WORD_WEIGHT : 1), pb * (B.title[j] ? TITLE_WORD_WEIGHT : 1));
      shared.push([wa, pa]);
      if (A.title[i] && B.title[j]) {
        titleShared += pa;
        if (pa >= RARE_TITLE_WORD) rareTitleWord = true;
      }
    }
  }
  // Sum of the larger weights over all words = both totals less the sum of the smaller shared ones.
  const den = totalIn(A, p) + totalIn(B, p) - num;
  return { similarity: den <= 0 ? 0 : num / den, shared, titleShared, rareTitleWord };
}

/** Weighed words, rarest (heaviest) first. */
function rarestFirst(words: [string, number][]): string[] {
  return words.sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1)).map(([w]) => w);
}

/** `wordEvidence` with the shared words rarest first. */
export function wordSimilarity(a: StoryFeatures, b: StoryFeatures): { similarity: number; shared: string[]; titleShared: number; rareTitleWord: boolean } {
  const ws = wordEvidence(viewOf(a), viewOf(b));
  return { ...ws, shared: rarestFirst(ws.shared) };
}

/**
 * The blocking keys of a document's rare title words (`w:ijazah`): two same-language articles
 * whose titles share a rare word are compared even when they share no entity. The same weight as
 * `wordSimilarity` gives, without the famous-name discount (a pure function of one document).
 */
export function rareTitleKeys(f: StoryFeatures): string[] {
  const words = new Set(f.words);
  const out: string[] = [];
  for (const w of f.titleWords ?? []) if (words.has(w) && wordWeight(f.lang, w, NO_WORDS) >= RARE_TITLE_WORD) out.push(`w:${f.lang}:${w}`);
  return out;
}
