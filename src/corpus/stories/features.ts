/**
 * What story grouping knows of one document: language-neutral parts (resolved corpus entity ids,
 * predicate concepts, numbers, the day) and, for the same language only, the content words of the
 * title and lead. Features are a pure function of the stored document (its analysis, metadata and
 * entity links), so a rebuild recomputes exactly what ingest computed.
 */
import type { Analysis } from '../../types.js';
import type { DocumentMetadata, EntityId } from '../../store/store.js';
import { availableLanguages, findPack } from '../../lang/index.js';
import { foldAlias } from '../../store/store.js';
import { BoundedMemo } from '../../kb/fold.js';
import { PREDICATE_CONCEPTS } from '../../lang/predicates.js';
import { predicateMatcher, readingLanguage } from '../../lang/predicates-index.js';
import { wordRarity } from '../../lang/word-frequency.js';

/** Sentences after the title that count as the lead. */
export const LEAD_SENTENCES = 3;
/** At most this many salient entities per document (in order of first mention): bounds the blocking keys. */
export const MAX_SALIENT_ENTITIES = 8;
/**
 * Background rarity below which a word is an ordinary word: a name made only of such words
 * ("Dinas Sosial", "Jakarta") is in every other article and weighs as little as a famous one, and
 * a capitalised ordinary word the tagger did not take for a name ("Nomor", "Tahun") is not one.
 */
export const COMMON_WORD_RARITY = 0.6;
/** Content words shorter than this are ignored. */
const MIN_WORD_LENGTH = 4;

const TOPICAL: ReadonlySet<string> = new Set(PREDICATE_CONCEPTS.filter((c) => c.topical).map((c) => c.id));

export interface StoryFeatures {
  readonly lang: string;
  /** YYYY-MM-DD of publication, when known. */
  readonly day?: string;
  readonly source?: string;
  /** Salient entities (in the title or lead), in order of first mention, each as its handles (`#id`, `n:word`). */
  readonly entities: readonly (readonly string[])[];
  /** First handles of the salient entities the knowledge base knows (heads of state, countries): weak evidence, in every other article. */
  readonly famous?: readonly string[];
  /** Name of each salient entity by its first handle, for titles. */
  readonly names: Readonly<Record<string, string>>;
  /** Topical predicate concepts of the title and lead, sorted. */
  readonly concepts: readonly string[];
  /** `concept:handle` for each topical concept and entity handle in the same title or lead sentence, sorted. */
  readonly props: readonly string[];
  /** `kind:value` of the figures in the title and lead, sorted. */
  readonly numbers: readonly string[];
  /** Content words of the title and lead, lower case, sorted. */
  readonly words: readonly string[];
  /** The content words of the title alone, lower case, sorted (absent in features stored before they existed). */
  readonly titleWords?: readonly string[];
  /** Fingerprints of the direct quotations anywhere in the article (`quoteKeys`), sorted. */
  readonly quotes?: readonly string[];
}

/** The sort key that orders documents in a story: by day (undated last), then by content hash. */
export function rankKey(day: string | undefined, contentHash: string): string {
  return `${day ?? '9999-99-99'}|${contentHash}`;
}

export function dayOf(published: string | undefined): string | undefined {
  if (!published) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(published);
  if (m) return m[1];
  const t = Date.parse(published);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString().slice(0, 10);
}

/**
 * Topical concepts in a piece of text, in order, without repeats. Words inside a name ("PT Bangun
 * Karsa" holds "bangun", build) are skipped: `names` are spans in the text's own offsets.
 */
export function conceptsIn(language: string, text: string, names: readonly { start: number; end: number }[] = []): string[] {
  const matcher = predicateMatcher(language);
  if (!matcher) return [];
  const out: string[] = [];
  for (const m of matcher.find(text)) {
    if (!TOPICAL.has(m.concept) || out.includes(m.concept)) continue;
    if (names.some((n) => m.start < n.end && m.end > n.start)) continue;
    out.push(m.concept);
  }
  return out;
}

/** Mentions of `analysis` inside [start, end), shifted to offsets from `start`. */
export function namesWithin(analysis: Analysis, start: number, end: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const e of analysis.entities) for (const m of e.mentions) if (m.end > start && m.start < end) out.push({ start: m.start - start, end: m.end - start });
  return out;
}

/**
 * `foldAlias`, remembered (emptied when full): the same names and title words come back in
 * document after document, and the fold normalises and rewrites each string.
 */
const foldCache = new BoundedMemo((s) => foldAlias(s), 20_000);
function fold(s: string): string {
  return foldCache.get(s);
}

/** Folded word tokens of a text with their offsets. */
function foldedTokens(text: string): { word: string; start: number; end: number }[] {
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({ word: fold(m[0]), start: m.index!, end: m.index! + m[0].length }));
}

/** Where the folded words `phrase` stand as consecutive tokens of `tokens`. */
function phraseAt(tokens: readonly { word: string; start: number; end: number }[], phrase: readonly string[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  if (phrase.length === 0) return out;
  for (let i = 0; i + phrase.length <= tokens.length; i++) {
    let k = 0;
    while (k < phrase.length && tokens[i + k]!.word === phrase[k]) k++;
    if (k === phrase.length) out.push({ start: tokens[i]!.start, end: tokens[i + k - 1]!.end });
  }
  return out;
}

/** An alias as folded words (a cached split: aliases repeat across documents). */
const aliasWordCache = new Map<string, string[]>();
function aliasWords(alias: string): string[] {
  let w = aliasWordCache.get(alias);
  if (!w) {
    if (aliasWordCache.size > 20_000) aliasWordCache.clear();
    w = fold(alias).split(' ').filter(Boolean);
    aliasWordCache.set(alias, w);
  }
  return w;
}

/** Words that are part of names without naming anything (titles, heads of names, days), from every pack. */
let generic: Set<string> | undefined;
/** (exported for weighing words in relate.ts) */
export function genericNameWords(): ReadonlySet<string> {
  if (generic) return generic;
  generic = new Set();
  for (const code of availableLanguages()) {
    const pack = findPack(code)!;
    const e = pack.entities;
    for (const list of [e.titles, e.honorifics, e.orgHeads, e.orgTails, e.placeHeads, e.placeTails, e.notNames, e.nameParticles, pack.text.stopwords]) {
      for (const phrase of list) for (const w of foldAlias(phrase).split(' ')) if (w) generic.add(w);
    }
  }
  return generic;
}

/**
 * An entity's handles: its corpus id (`#12`) and the distinctive words of its names (`n:karsk`),
 * so that "Ivo Karsk" in one language and "juru bicara ... Ivo Karsk" in another meet even when
 * entity linking kept them apart. Words in every pack's titles and name heads are left out.
 */
function handlesOf(id: EntityId | undefined, names: Iterable<string>): string[] {
  const out = id !== undefined ? [`#${id}`] : [];
  let seen: Set<string> | undefined;
  for (const name of names) {
    for (const h of nameHandles(name)) {
      if (seen === undefined) seen = new Set();
      else if (seen.has(h)) continue;
      seen.add(h);
      out.push(h);
    }
  }
  return out;
}

/** The name handles (`n:word`) of one name, in order, without repeats, remembered: names recur. */
const nameHandleCache = new BoundedMemo<readonly string[]>((name) => {
  const skip = genericNameWords();
  const out: string[] = [];
  for (const w of fold(name).split(' ')) {
    if (w.length >= 3 && !/^\d+$/.test(w) && !skip.has(w) && !out.includes(`n:${w}`)) out.push(`n:${w}`);
  }
  return out;
}, 20_000);
function nameHandles(name: string): readonly string[] {
  return nameHandleCache.get(name);
}


/** Where the names of `analysis` stand in a text it did not analyse (a title), by their surface forms. */
export function namesInTitle(analysis: Analysis, title: string): { start: number; end: number }[] {
  const tokens = foldedTokens(title);
  const out: { start: number; end: number }[] = [];
  for (const e of analysis.entities) {
    for (const alias of new Set([e.name, ...e.aliases])) if (alias.length >= 3) out.push(...phraseAt(tokens, aliasWords(alias)));
  }
  // A capitalised title word that is part of a name in the text ("Bangun" of "PT Bangun Karsa ...")
  // is taken for that name, even where the tagger's name does not stand whole in the title.
  const words = new Set<string>();
  for (const e of analysis.entities) for (const a of e.aliases) for (const w of aliasWords(a)) words.add(w);
  for (const t of tokens) if (/^\p{Lu}/u.test(title.slice(t.start, t.end)) && words.has(t.word)) out.push({ start: t.start, end: t.end });
  return out;
}

/** The distinctive words of a name (folded, without titles, name heads and stopwords of any pack). */
export function nameWords(name: string): Set<string> {
  return new Set(handlesOf(undefined, [name]).map((h) => h.slice(2)));
}

/** Whether every distinctive word of a name is an ordinary word of `lang` (see COMMON_WORD_RARITY). */
function ordinaryName(lang: string, handles: readonly string[]): boolean {
  const words = handles.filter((h) => h.startsWith('n:')).map((h) => h.slice(2));
  return words.length > 0 && words.every((w) => wordRarity(lang, w) < COMMON_WORD_RARITY);
}

/** A language's stopwords as a set, made once per language. */
const stopwordSets = new Map<string, ReadonlySet<string>>();
function stopwordsOf(lang: string): ReadonlySet<string> {
  let stop = stopwordSets.get(lang);
  if (!stop) stopwordSets.set(lang, (stop = new Set(findPack(lang)?.text.stopwords ?? [])));
  return stop;
}

/** A title written in Title Case says nothing by its capitals. */
function titleCase(title: string): boolean {
  const words = title.match(/\p{L}{4,}/gu) ?? [];
  return words.length > 0 && words.filter((w) => /^\p{Lu}/u.test(w)).length / words.length >= 0.6;
}

/**
 * Computes a document's story features.
 * @param entityIds document entity id (`e1`) → corpus entity id, from entity linking.
 */
export function storyFeatures(analysis: Analysis, meta: DocumentMetadata, entityIds: ReadonlyMap<string, EntityId>): StoryFeatures {
  const lang = readingLanguage(analysis.language);
  const title = meta.title ?? analysis.meta.title ?? '';
  const leadEnd = analysis.sentences[Math.min(LEAD_SENTENCES, analysis.sentences.length) - 1]?.end ?? 0;
  // Parts: the title, then each lead sentence; each with the entities (indices into `groups`) in it.
  const parts: { text: string; offset: number; entities: Set<number> }[] = [{ text: title, offset: -1, entities: new Set() }];
  for (const s of analysis.sentences.slice(0, LEAD_SENTENCES)) parts.push({ text: s.text, offset: s.start, entities: new Set() });
  const groups: { handles: string[]; name: string; first: number; famous?: boolean }[] = [];
  const titleTokens = foldedTokens(title);
  const sentenceOf = (at: number): number => {
    for (let k = 0; k < Math.min(LEAD_SENTENCES, analysis.sentences.length); k++) {
      const s = analysis.sentences[k]!;
      if (at >= s.start && at < s.end) return k;
    }
    return -1;
  };
  const covered: { start: number; end: number }[] = [];
  for (const entity of analysis.entities) {
    const handles = handlesOf(entityIds.get(entity.id), [entity.name, ...entity.aliases]);
    if (handles.length === 0) continue;
    const g = groups.length;
    let first = Infinity;
    for (const m of entity.mentions) {
      covered.push(m);
      if (m.start >= leadEnd) continue;
      const k = sentenceOf(m.start);
      if (k >= 0) {
        parts[k + 1]!.entities.add(g);
        first = Math.min(first, m.start + 1);
      }
    }
    // The title is not analysed: an entity is in it when one of its surface forms is, as whole words.
    for (const alias of new Set([entity.name, ...entity.aliases])) {
      if (alias.length < 3) continue;
      if (phraseAt(titleTokens, aliasWords(alias)).length > 0) {
        parts[0]!.entities.add(g);
        first = 0;
        break;
      }
    }
    if (first !== Infinity) groups.push({ handles, name: entity.name, first, ...(entity.kb || ordinaryName(lang, handles) ? { famous: true } : {}) });
  }
  // Names the tagger missed: capitalised words inside a sentence (not its first word), outside any mention.
  const skip = genericNameWords();
  parts.forEach((part, k) => {
    if (k === 0 && titleCase(title)) return;
    for (const m of part.text.matchAll(/\p{Lu}[\p{L}\p{M}'-]{2,}/gu)) {
      // A capital after a quote, a bracket or a stop opens a clause; it says nothing of a name.
      if (/(^|["“‘'(\[:.!?]\s*)$/u.test(part.text.slice(Math.max(0, m.index! - 3), m.index!))) continue;
      const at = part.offset >= 0 ? part.offset + m.index! : -1;
      if (at >= 0 && covered.some((c) => at >= c.start && at < c.end)) continue;
      const w = fold(m[0]);
      if (skip.has(w) || w.includes(' ') || wordRarity(lang, w) < COMMON_WORD_RARITY) continue;
      const handle = `n:${w}`;
      let g = groups.findIndex((x) => x.handles.includes(handle));
      if (g < 0) {
        g = groups.length;
        groups.push({ handles: [handle], name: m[0], first: Math.max(0, at) + 1 });
      }
      part.entities.add(g);
    }
  });
  const order = groups.map((_, i) => i).sort((a, b) => groups[a]!.first - groups[b]!.first || (groups[a]!.handles[0]! < groups[b]!.handles[0]! ? -1 : 1));
  const kept = order.slice(0, MAX_SALIENT_ENTITIES);
  const keptSet = new Set(kept);
  const concepts = new Set<string>();
  const props = new Set<string>();
  const titleNames = namesInTitle(analysis, title);
  for (const part of parts) {
    const names = part.offset < 0 ? titleNames : namesWithin(analysis, part.offset, part.offset + part.text.length);
    for (const c of conceptsIn(lang, part.text, names)) {
      concepts.add(c);
      for (const g of part.entities) if (keptSet.has(g)) for (const h of groups[g]!.handles) props.add(`${c}:${h}`);
    }
  }
  const numbers = new Set<string>();
  for (const q of analysis.quantities) {
    if (q.start >= leadEnd) continue;
    for (const v of [q.value, q.low, q.high]) if (significantFigure(v, q.kind)) numbers.add(`${q.kind}:${v}`);
  }
  const stop = stopwordsOf(lang);
  const contentWords = (text: string, minLength = MIN_WORD_LENGTH): Set<string> => {
    const out = new Set<string>();
    for (const m of text.matchAll(/\p{L}[\p{L}\p{M}\p{N}'-]*/gu)) {
      const w = m[0].toLowerCase();
      // A compound ("capres-cawapres", "ekspor-impor") is also its parts.
      for (const x of w.includes('-') ? [w, ...w.split('-')] : [w]) if (x.length >= minLength && !stop.has(x)) out.add(x);
    }
    return out;
  };
  const words = contentWords(`${title}\n${analysis.text.slice(0, leadEnd)}`);
  // Three letters are enough in a title, for names such as "CPO", "Unud" or "Zon".
  const titleWords = contentWords(title, 3);
  const names: Record<string, string> = {};
  for (const g of kept) names[groups[g]!.handles[0]!] = groups[g]!.name;
  const day = dayOf(meta.published ?? analysis.meta.published);
  return {
    lang,
    ...(day ? { day } : {}),
    ...(meta.source ? { source: meta.source } : {}),
    entities: kept.map((g) => groups[g]!.handles),
    famous: kept.filter((g) => groups[g]!.famous).map((g) => groups[g]!.handles[0]!),
    names,
    concepts: [...concepts].sort(),
    props: [...props].sort(),
    numbers: [...numbers].sort(),
    words: [...words].sort(),
    titleWords: [...titleWords].sort(),
    quotes: quoteKeys(analysis),
  };
}

/** Words a direct quotation needs to be fingerprinted, and words per shingle. */
const QUOTE_MIN_WORDS = 6;
const SHINGLE_WORDS = 5;
/** Fingerprints kept per quotation, and quotations per article (in order): bounds the keys. */
const KEYS_PER_QUOTE = 2;
const MAX_QUOTES = 12;

/**
 * Fingerprints of an article's direct quotations: for each quotation of six words or more, the two
 * smallest hashes of its runs of five words. Two articles that quote the same words of a speaker
 * report the same statement, so the same event, whatever else they say; choosing the smallest
 * hashes of each quotation makes two articles that quote the whole of it pick the same ones, and
 * one that quotes a part still shares a run with some chance.
 */
export function quoteKeys(analysis: Analysis): string[] {
  const out = new Set<string>();
  let quotes = 0;
  for (const c of analysis.claims) {
    if (!c.quote) continue;
    const words = analysis.text.slice(c.start, c.end).toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    if (words.length < QUOTE_MIN_WORDS) continue;
    // The smallest distinct hashes (as numbers: their 8-digit hex strings sort the same way) of the
    // runs, each `fnv1a` of the run's words joined by spaces, without joining them.
    const smallest: number[] = [];
    for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) {
      let h = FNV_OFFSET;
      for (let k = 0; k < SHINGLE_WORDS; k++) {
        if (k > 0) h = Math.imul(h ^ 32, FNV_PRIME) >>> 0;
        const w = words[i + k]!;
        for (let j = 0; j < w.length; j++) h = Math.imul(h ^ w.charCodeAt(j), FNV_PRIME) >>> 0;
      }
      keepSmallest(smallest, h, KEYS_PER_QUOTE);
    }
    for (const h of smallest) out.add(hex8(h));
    if (++quotes >= MAX_QUOTES) break;
  }
  return [...out].sort();
}

/**
 * Parsed features of stored documents, by their JSON (the key is the content, so an entry never
 * goes stale: `saksi rebuild` renumbers entity ids, a rolled-back transaction reuses document ids),
 * and the same entries by document id. Story grouping reads the same documents' features again and
 * again (candidates of the next documents within the time window, members of a growing story); a
 * read by id compares the JSON with the entry's (a hit costs a comparison of the strings, where a
 * look-up by a fresh string of a thousand characters hashes all of it first), and documents with
 * the same features share one object. A cache of the store only; the objects are shared, so they
 * are never changed.
 */
interface Parsed {
  readonly json: string;
  readonly features: StoryFeatures;
}
const parsed = new Map<string, Parsed>();
const parsedById = new Map<number, Parsed>();
/**
 * The cache's bound, in characters of the features' JSON (a parsed document's features take a
 * few times their JSON in memory): past it, the cache is emptied. A bound by count (50,000) let it
 * hold every document of a 20,000-document ingest (tens of MB) for few hits, since candidates are
 * spread over the whole time window.
 */
export const PARSED_CACHE_CHARS = 2_000_000;
let parsedChars = 0;

/** `JSON.parse` of stored document `documentId`'s features, remembered (see `parsed`). */
export function parsedFeatures(documentId: number, json: string): StoryFeatures {
  const mine = parsedById.get(documentId);
  if (mine !== undefined && mine.json === json) return mine.features;
  const hit = parsed.get(json);
  if (hit !== undefined) {
    parsedById.set(documentId, hit);
    return hit.features;
  }
  const f = JSON.parse(json) as StoryFeatures;
  keepParsed(documentId, json, f);
  return f;
}

/** Remembers `f` as the parse of document `documentId`'s features `json` (its own, just serialised). */
export function keepParsed(documentId: number, json: string, f: StoryFeatures): void {
  let entry = parsed.get(json);
  if (entry === undefined) {
    if (parsedChars + json.length > PARSED_CACHE_CHARS) {
      parsed.clear();
      parsedById.clear();
      parsedChars = 0;
    }
    entry = { json, features: f };
    parsed.set(json, entry);
    parsedChars += json.length;
  }
  parsedById.set(documentId, entry);
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** 32-bit FNV-1a of a string's UTF-16 code units, as 8 hex digits. */
export function fnv1a(s: string): string {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return hex8(h);
}

function hex8(h: number): string {
  return h.toString(16).padStart(8, '0');
}

/** Inserts `h` into `sorted` (ascending, distinct) when it is among the `k` smallest. */
function keepSmallest(sorted: number[], h: number, k: number): void {
  let at = sorted.length;
  while (at > 0 && sorted[at - 1]! > h) at--;
  if (at > 0 && sorted[at - 1] === h) return;
  if (at >= k) return;
  sorted.splice(at, 0, h);
  if (sorted.length > k) sorted.pop();
}

/** Small counts and year-like numbers say little about which event an article reports. */
export function significantFigure(v: number | undefined, kind: string, minCount = 10): boolean {
  if (v === undefined) return false;
  if (kind === 'count' && Number.isInteger(v) && v >= 1900 && v <= 2100) return false;
  if (kind === 'count') return Math.abs(v) >= minCount;
  return v !== 0;
}

/**
 * A figure precise enough that two articles giving it most likely report the same thing: three
 * significant digits or more (36.7 million, 82.2%), or two from a thousand up (Rp 8.3 trillion).
 * Round numbers (10, 20%, 4,000) are in many unrelated articles.
 */
export function specificFigure(figure: string): boolean {
  const value = Math.abs(Number(figure.slice(figure.indexOf(':') + 1)));
  if (!Number.isFinite(value) || value === 0) return false;
  const digits = value.toPrecision(15).replace('.', '').replace(/e.*$/, '').replace(/^0+/, '').replace(/0+$/, '').length;
  return digits >= 3 || (digits >= 2 && value >= 1000);
}

/**
 * Blocking keys: the handles of the salient entities, the precise figures (`f:count:36700000`) and
 * the quotation fingerprints (`q:1f3a9c07`). Two documents are compared only when they share one
 * (and are close in time); a link needs a shared entity, figure or quotation or a rare title word
 * (keyed apart, `rareTitleKeys`), so no link is missed.
 */
export function blockingKeys(f: StoryFeatures): string[] {
  const keys = new Set<string>();
  for (const hs of f.entities) for (const h of hs) keys.add(h);
  for (const n of f.numbers) if (specificFigure(n)) keys.add(`f:${n}`);
  for (const q of f.quotes ?? []) keys.add(`q:${q}`);
  return [...keys].sort();
}
