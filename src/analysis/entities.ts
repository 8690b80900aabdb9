import { foldKey, foldName, MAX_COMPARE_LENGTH, nameTokens, phoneticKey, type KbEntry, type KnowledgeBase } from '../kb/index.js';
import type { LanguagePack } from '../lang/types.js';
import type { Tagger } from '../ner/tagger.js';
import { PhraseMatcher } from '../text/phrases.js';
import { isAllCaps, isCapitalized, tokenize, type Token } from '../text/tokenize.js';
import type { EntityType, Sentence, Span } from '../types.js';

/** One recognised name before resolution: where it is, what it is, and which rule said so. */
export interface EntityCandidate extends Span {
  readonly type: EntityType;
  readonly rule: string;
  readonly kb?: KbEntry;
  /** The title or role written before a person's name: "Sekretaris Jenderal NATO". */
  readonly role?: string;
  /** Start of the candidate this one is another name of: "Rerie" in "Lestari Moerdijat (Rerie)". */
  readonly sameAs?: number;
  readonly sentence: number;
}

export interface EntityRecognizer {
  /**
   * `tokens[i]` are the tokens of `sentences[i]` when the caller has them already, and `lower[i]`
   * their lower-cased forms as `tokenRun` makes them (words lower-cased, other tokens as written).
   */
  recognize(text: string, sentences: readonly Sentence[], tokens?: readonly (readonly Token[])[], lower?: readonly (readonly string[])[]): EntityCandidate[];
}

/** Longest name looked up in the gazetteers, in tokens ("Dewan Keamanan Perserikatan Bangsa-Bangsa" is 4). */
const MAX_GAZETTEER_TOKENS = 6;
/** Name parts shorter than this are not looked for on their own ("Un", "Jr"). */
const MIN_NAME_PART = 4;
/** ...except written out exactly: "Ema" after "Ema Nurnisya Putri". */
const MIN_EXACT_NAME_PART = 3;
/** A lone capitalised word this close to a person's name part is taken as a mention (Zelenskiy ~ Zelensky). */
const NAME_PART_SIMILARITY = 0.8;
/** ...or this close with the same phonetic key (Zielinski ~ Zelensky). */
const NAME_PART_SIMILARITY_SAME_KEY = 0.6;
/** Distinct words whose name-part keys an entity recogniser remembers (emptied when full). */
const WORD_KEY_MEMO_SIZE = 20_000;
/** Longest personal name after a title, in tokens. */
const MAX_NAME_TOKENS = 4;

// When candidates overlap, the higher score wins. A title before a name is the strongest cue; a
// gazetteer name beats head/tail rules and the tagger unless they found a longer span (an
// organisation that contains a place: "Bank Indonesia"); capitalisation alone is weakest. Each
// extra token adds 4.
// Where a language has a tagger, it has the last word on what is a name at all: titles, acronyms
// and speaker positions only propose (portfolio words after "Menteri", "BBM", "ATM" are not names),
// and place heads and tails ("Kabupaten", "County") are left to it (they only moved its boundaries).
const RULE_BASE = { title: 40, orgHead: 28, gazetteer: 26, tagger: 24, speaker: 20, capitalized: 10 } as const;

/** Rules that go by capitals (and the tagger's say) alone, without a title, gazetteer or organisation word. */
const WEAK_RULES: ReadonlySet<string> = new Set(['capitalized', 'speaker-position', 'acronym', 'tagger']);

const ROMAN_NUMERAL = /^(?=[IVX]{2,}$)X{0,3}(IX|IV|V?I{0,3})$/;

const TAGGER_TYPES: Readonly<Record<string, EntityType>> = { PER: 'PERSON', ORG: 'ORG', LOC: 'LOC', GPE: 'GPE', MISC: 'MISC' };

/** See `tagInfo` in createEntityRecognizer. */
interface TagInfo {
  readonly person: boolean;
  /** For a `B-X` tag, `I-X`; undefined for the others. */
  readonly inside?: string;
  readonly type: EntityType;
}

interface GazetteerHit {
  readonly length: number;
  readonly entry: KbEntry;
}

/** a to z. */
function isLowerAscii(c: number): boolean {
  return c >= 97 && c <= 122;
}

/** A space or a tab. */
function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

interface Scored extends EntityCandidate {
  readonly score: number;
  readonly firstToken: number;
  readonly lastToken: number;
}

/**
 * Builds the entity recogniser for one language: gazetteers (the knowledge base), the pack's
 * titles and organisation words, the statistical tagger when the language has one, and
 * capitalisation as the last resort.
 */
export function createEntityRecognizer(pack: LanguagePack, kb: KnowledgeBase, tagger: Tagger | undefined): EntityRecognizer {
  const lex = pack.entities;
  const titles = new PhraseMatcher([...lex.titles, ...lex.honorifics]);
  const honorifics = new Set(lex.honorifics);
  const orgHeads = new PhraseMatcher(lex.orgHeads);
  const orgTails = new Set(lex.orgTails.map((w) => w.toLowerCase()));
  const placeHeads = new PhraseMatcher(lex.placeHeads);
  const placeTails = new Set(lex.placeTails.map((w) => w.toLowerCase()));
  const notNames = new Set(lex.notNames.map((w) => w.toLowerCase()));
  const particles = new Set(lex.nameParticles);
  const stopwords = new Set(pack.text.stopwords);
  const pronouns = new Set(lex.personPronouns);
  const cues = new Set([...pack.claims.reportCues, ...pack.claims.quoteCues].map((c) => c.word.toLowerCase()));
  const auxiliaries = new Set(pack.claims.auxiliaries);
  const negators = new Set(pack.claims.negators);
  const groups = new Map(Object.entries(lex.groups));
  const aliasMarkers = new PhraseMatcher(lex.aliasMarkers ?? []);
  const ordinaryAcronyms = new Map(Object.entries(lex.ordinaryAcronyms ?? {}).map(([k, senses]) => [k, senses.map((w) => w.toLowerCase())] as const));
  /** Whether some ordinary acronym starts with a lower-case ASCII letter (else such words need no lookup). */
  const acronymStartsLower = [...ordinaryAcronyms.keys()].some((k) => isLowerAscii(k.charCodeAt(0)));
  /** The acronyms that stand for ordinary nouns in the sentence being read (see `ordinaryIn`). */
  let ordinaryHere: ReadonlySet<string> = new Set();

  /** The knowledge base's entries for a surface, best first (not copied when the knowledge base can say so: read only). */
  const lookupKb = kb.lookupEntries ? (surface: string): readonly KbEntry[] => kb.lookupEntries!(surface) : (surface: string): readonly KbEntry[] => kb.lookup(surface);

  function isNameWord(t: Token | undefined): boolean {
    return !!t && t.kind === 'word' && (isCapitalized(t.text) || isAllCaps(t.text)) && !notNames.has(t.text.toLowerCase()) && !ordinaryHere.has(t.text);
  }

  /**
   * The pack's ordinary-noun acronyms written in this sentence that mean the ordinary noun here:
   * always, or when the sentence holds one of the words of that sense. An acronym-only link to
   * the knowledge base needs the context to agree with it.
   */
  function ordinaryIn(tokens: readonly Token[], lower: readonly string[]): ReadonlySet<string> {
    let out: Set<string> | undefined;
    if (ordinaryAcronyms.size === 0) return NO_WORDS;
    let sentence: string | undefined;
    for (const t of tokens) {
      if (t.kind !== 'word' || (!acronymStartsLower && isLowerAscii(t.text.charCodeAt(0)))) continue;
      const senses = ordinaryAcronyms.get(t.text);
      if (!senses || out?.has(t.text)) continue;
      if (senses.length === 0) {
        (out ??= new Set()).add(t.text);
        continue;
      }
      sentence ??= ` ${lower.join(' ')} `;
      if (senses.some((w) => sentence!.includes(` ${w} `))) (out ??= new Set()).add(t.text);
    }
    // Most sentences hold none: one shared empty set for them.
    return out ?? NO_WORDS;
  }

  /**
   * A Title Case line (a headline, a quoted title): most of its words capitalised, function words
   * included ("Room Are Masters Of The Game"). Capitalisation says nothing about names there.
   */
  function isTitleCase(tokens: readonly Token[], lower: readonly string[]): boolean {
    let words = 0;
    let capitals = 0;
    let functionWords = 0;
    for (let n = 0; n < tokens.length; n++) {
      const t = tokens[n]!;
      if (t.kind !== 'word' || !hasLetter(t.text)) continue;
      words++;
      if (isCapitalized(t.text)) {
        capitals++;
        if (n > 0 && stopwords.has(lower[n]!)) functionWords++;
      }
    }
    return words >= 4 && functionWords >= 1 && capitals >= 0.75 * words;
  }

  /** Whether a run of tokens holds a capitalised function word after its first ("Masters Of", "Are"). */
  function capitalisedFunctionWord(tokens: readonly Token[], lower: readonly string[], first: number, last: number): boolean {
    for (let p = first + 1; p <= last; p++) if (isCapitalized(tokens[p]!.text) && stopwords.has(lower[p]!)) return true;
    return false;
  }

  /** A run of capitals made only of words the article writes in lower case too ("FULL TEXT"): a heading, not a name. */
  function shoutedWords(tokens: readonly Token[], lower: readonly string[], first: number, last: number, lowerForms: ReadonlySet<string>): boolean {
    if (last === first) return false;
    for (let p = first; p <= last; p++) {
      const t = tokens[p]!;
      if (t.kind !== 'word' || !isAllCaps(t.text) || !(lowerForms.has(lower[p]!) || stopwords.has(lower[p]!))) return false;
    }
    return true;
  }

  /**
   * Per sentence (`memoTokens`): `gazetteerAt` of each token (undefined: not asked yet, null: no
   * name), and whether each token may end a knowledge-base name (0: not asked yet, 1 yes, 2 no).
   */
  let memoTokens: readonly Token[] | undefined;
  let gazetteerMemo: (GazetteerHit | null | undefined)[] = [];
  let endsMemo = new Uint8Array(256);

  function memoFor(tokens: readonly Token[]): void {
    if (tokens === memoTokens) return;
    memoTokens = tokens;
    // One array kept and cleared (a sentence's worth), not one made per sentence.
    if (gazetteerMemo.length < tokens.length) gazetteerMemo = new Array<GazetteerHit | null | undefined>(2 * tokens.length);
    gazetteerMemo.fill(undefined, 0, tokens.length);
    if (endsMemo.length < tokens.length) endsMemo = new Uint8Array(2 * tokens.length);
    else endsMemo.fill(0, 0, tokens.length);
  }

  /** Whether tokens[k] can be the last word of a name the knowledge base knows (white space before it). */
  function mayEndAt(tokens: readonly Token[], k: number): boolean {
    let known = endsMemo[k]!;
    if (known === 0) endsMemo[k] = known = (kb.mayEndName?.(tokens[k]!.text) ?? true) ? 1 : 2;
    return known === 1;
  }

  function gazetteerAt(text: string, tokens: readonly Token[], i: number): GazetteerHit | undefined {
    memoFor(tokens);
    let hit = gazetteerMemo[i];
    if (hit === undefined) gazetteerMemo[i] = hit = gazetteerLookup(text, tokens, i) ?? null;
    return hit ?? undefined;
  }

  function gazetteerLookup(text: string, tokens: readonly Token[], i: number): GazetteerHit | undefined {
    const first = tokens[i]!;
    if (first.kind !== 'word' || !(isCapitalized(first.text) || isAllCaps(first.text)) || ordinaryHere.has(first.text)) return undefined;
    // With white space after the first word, a longer surface names something only if some name starts with that word.
    const longer = !(i + 1 < tokens.length && tokens[i + 1]!.start > first.end) || (kb.mayStartName?.(first.text) ?? true);
    for (let len = Math.min(MAX_GAZETTEER_TOKENS, tokens.length - i); len >= 1; len--) {
      const last = tokens[i + len - 1]!;
      if (last.kind !== 'word' || (len > 1 && !longer)) continue;
      // A surface whose last word (a whole word: white space before it) ends no name names nothing.
      if ((len === 1 || isBlank(text.charCodeAt(last.start - 1))) && !mayEndAt(tokens, i + len - 1)) continue;
      const surface = text.slice(first.start, last.end);
      if (surface.includes('\n')) continue;
      if (len === 1) {
        const lower = surface.toLowerCase();
        // A function word written with a capital (at a sentence start) is not a place ("Para", "Dia").
        if (!isAllCaps(surface) && (stopwords.has(lower) || pronouns.has(lower) || notNames.has(lower))) return undefined;
      }
      const entries = lookupKb(surface);
      if (entries.length > 0) return { length: len, entry: pickEntry(entries) };
    }
    return undefined;
  }

  /**
   * Where the role written before a person's name ends inside a run of capitalised words taken
   * as one name: the last title or rank word, acronym (two or more capitals) or gazetteer place or
   * organisation before the final word. Undefined when the run holds none.
   */
  function roleEnd(text: string, tokens: readonly Token[], first: number, last: number, titleBefore = false): number | undefined {
    let cut: number | undefined;
    for (let p = first; p < last; p++) {
      const t = tokens[p]!;
      const title = titles.matchAt(tokens, p);
      if (title && p + title.length - 1 < last) cut = p + title.length - 1;
      else if (t.kind === 'word' && t.text.length >= 2 && isAllCaps(t.text) && /^\p{Lu}+$/u.test(t.text)) cut = p;
      else if (orgHeads.matchAt(tokens, p)?.length === 1 && (p > first || titleBefore)) cut = p;
      else {
        const place = gazetteerAt(text, tokens, p);
        if (place && place.entry.type !== 'PERSON' && p + place.length - 1 < last) cut = p + place.length - 1;
      }
    }
    return cut;
  }

  /** Whether tokens[k] (after auxiliaries and negators) is a reporting verb. */
  function beforeCue(tokens: readonly Token[], k: number): boolean {
    let next = k;
    // "Lestari Moerdijat (Rerie) menekankan": past a short parenthesis.
    if (tokens[next]?.text === '(') {
      const close = tokens.findIndex((t, n) => n > next && t.text === ')');
      if (close > next && close - next <= 4) next = close + 1;
    }
    while (next < tokens.length && (auxiliaries.has(tokens[next]!.text.toLowerCase()) || negators.has(tokens[next]!.text.toLowerCase()))) next++;
    return next < tokens.length && cues.has(tokens[next]!.text.toLowerCase());
  }

  /**
   * Every token lower-cased once, for the phrase matchers and the word sets (a word's form comes
   * from the document's run; other tokens are lower-cased here, as a run keeps them as written).
   */
  function lowerCased(tokens: readonly Token[], runLower: readonly string[] | undefined): readonly string[] {
    if (!runLower) return tokens.map((t) => t.text.toLowerCase());
    // The run's own array when lower-casing changes none of its other tokens (digits and
    // punctuation have no case; a number written with a Roman numeral sign has): nothing copied.
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k]!;
      if (t.kind !== 'word' && t.text.toLowerCase() !== t.text) return tokens.map((x, n) => (x.kind === 'word' ? runLower[n]! : x.text.toLowerCase()));
    }
    return runLower;
  }


  /**
   * What the recogniser reads off a tag (the tagger gives the same few strings again and again):
   * whether it is a person's, and for a `B-X` tag the tag that continues it and the entity type.
   */
  const tagInfos = new Map<string, TagInfo>();
  function tagInfo(tag: string): TagInfo {
    let info = tagInfos.get(tag);
    if (info === undefined) {
      const label = tag.slice(2);
      info = tag.startsWith('B-') ? { person: tag.endsWith('-PER'), inside: `I-${label}`, type: TAGGER_TYPES[label] ?? 'MISC' } : { person: tag.endsWith('-PER'), type: 'MISC' };
      tagInfos.set(tag, info);
    }
    return info;
  }

  /** A word's folded keys for the name-part similarity (nameEditSimilarity's folding), remembered across articles. */
  const wordKeyMemo = new Map<string, { readonly key: string; readonly own: string }>();
  function wordKeys(word: string): { readonly key: string; readonly own: string } {
    let keys = wordKeyMemo.get(word);
    if (keys === undefined) {
      const folded = foldName(word);
      keys = { key: phoneticKey(folded), own: foldKey(folded).slice(0, MAX_COMPARE_LENGTH) };
      if (wordKeyMemo.size >= WORD_KEY_MEMO_SIZE) wordKeyMemo.clear();
      wordKeyMemo.set(word, keys);
    }
    return keys;
  }

  // Buffers of recognizeSentence kept between sentences (it finishes one sentence before the next).
  let nameWordBuffer = new Uint8Array(256);
  let personBuffer = new Uint8Array(256);
  const tokenTexts: string[] = [];
  const gazetteerHits = new Map<number, GazetteerHit>();

  function recognizeSentence(text: string, tokens: readonly Token[], lower: readonly string[], index: number, lowerForms: ReadonlySet<string>): Scored[] {
    const found: Scored[] = [];
    const run = { tokens, lower };
    ordinaryHere = ordinaryIn(tokens, lower);
    const headline = isTitleCase(tokens, lower);
    // Whether each token is a name word (as isNameWord says), decided once per token.
    const count = tokens.length;
    if (nameWordBuffer.length < count) nameWordBuffer = new Uint8Array(2 * count);
    const nameWords = nameWordBuffer;
    for (let k = 0; k < count; k++) {
      const t = tokens[k]!;
      nameWords[k] = t.kind === 'word' && (isCapitalized(t.text) || isAllCaps(t.text)) && !notNames.has(lower[k]!) && !ordinaryHere.has(t.text) ? 1 : 0;
    }
    const nameAt = (k: number): boolean => k < count && nameWords[k] === 1;
    const add = (first: number, last: number, type: EntityType, rule: string, base: number, extra?: { kb?: KbEntry; role?: string }) => {
      // A person's name does not carry the title, rank, unit or acronym written before it:
      // "Kasat Reskrim Polrestabes X AKBP Andrie Setiawan" names Andrie Setiawan, whose role is the rest.
      if (type === 'PERSON' && last > first && !extra?.kb) {
        const cut = roleEnd(text, tokens, first, last, !!extra?.role);
        if (cut !== undefined) {
          const inner = text.slice(tokens[first]!.start, tokens[cut]!.end);
          const role = extra?.role ? `${extra.role} ${inner}` : inner;
          const onlyCourtesy = honorifics.has(role);
          first = cut + 1;
          const { role: _r, ...rest } = extra ?? {};
          extra = { ...rest, ...(onlyCourtesy ? {} : { role }) };
        }
      }
      // "Polsek Sako Iptu Apriansyah": a rank or title inside an organisation's run starts a person.
      if (type === 'ORG' && !extra?.kb && last > first) {
        for (let p = first + 1; p < last; p++) {
          const title = titles.matchAt(tokens, p);
          if (!title || honorifics.has(title.phrase) || p + title.length > last || !isNameWord(tokens[p + title.length])) continue;
          add(first, p - 1, type, rule, base, extra);
          add(p + title.length, last, 'PERSON', `title:${title.phrase}`, RULE_BASE.title, { role: text.slice(tokens[first]!.start, tokens[p + title.length - 1]!.end) });
          return;
        }
        // "Komisi XI Bambang Irawan membantah": before a cue, the words after a numeral, acronym
        // or place that closes the organisation's name are the person speaking for it.
        const cut = rule.startsWith('org-head') && beforeCue(tokens, last + 1) ? roleEnd(text, tokens, first, last) : undefined;
        if (cut !== undefined && cut > first) {
          add(first, cut, type, rule, base, extra);
          add(cut + 1, last, 'PERSON', 'speaker-position', RULE_BASE.title, { role: text.slice(tokens[first]!.start, tokens[cut]!.end) });
          return;
        }
      }
      // A Roman numeral on its own is a list number ("Komisi II, III dan IV"), not a name.
      if (first === last && ROMAN_NUMERAL.test(tokens[first]!.text)) return;
      // Capitals alone say nothing in a Title Case line or a run with a capitalised function word
      // ("Room Are Masters Of"), nor in a shouted heading ("FULL TEXT"): there only gazetteers,
      // titles and organisation words name things.
      if (WEAK_RULES.has(rule)) {
        if (capitalisedFunctionWord(tokens, lower, first, last) || shoutedWords(tokens, lower, first, last, lowerForms)) return;
        if (headline && rule !== 'tagger') return;
      }
      const start = tokens[first]!.start;
      const end = tokens[last]!.end;
      found.push({ start, end, text: text.slice(start, end), type, rule, sentence: index, score: base + 4 * (last - first), firstToken: first, lastToken: last, ...extra });
    };

    // Gazetteer names: countries, cities, organisations, agencies, known people.
    const gazetteerAtToken = gazetteerHits;
    if (gazetteerAtToken.size > 0) gazetteerAtToken.clear();
    for (let i = 0; i < tokens.length; i++) {
      const hit = gazetteerAt(text, tokens, i);
      if (!hit) continue;
      gazetteerAtToken.set(i, hit);
      add(i, i + hit.length - 1, hit.entry.type, `gazetteer:${hit.entry.kind ?? hit.entry.type.toLowerCase()}`, RULE_BASE.gazetteer, { kb: hit.entry });
      i += hit.length - 1;
    }

    let taggedPerson: Uint8Array | undefined;
    let tags: string[] | undefined;
    if (tagger) {
      const texts = tokenTexts;
      texts.length = tokens.length;
      for (let n = 0; n < tokens.length; n++) texts[n] = tokens[n]!.text;
      tags = tagger.tag(texts);
      if (personBuffer.length < tags.length) personBuffer = new Uint8Array(2 * tags.length);
      taggedPerson = personBuffer;
      // Most tags are `O` (a one-character string: no need to ask the memo).
      for (let n = 0; n < tags.length; n++) taggedPerson[n] = tags[n]!.length > 1 && tagInfo(tags[n]!).person ? 1 : 0;
    }
    /** Whether the tagger tagged some token of [from, to) as a person. */
    const personIn = (from: number, to: number): boolean => {
      for (let n = from; n < to && n < tags!.length; n++) if (taggedPerson![n] === 1) return true;
      return false;
    };
    const kbPersonAt = (first: number, last: number) => lookupKb(text.slice(tokens[first]!.start, tokens[last]!.end)).find((e) => e.type === 'PERSON');

    // An organisation named by its head word runs over capitalised words, but ends at a country
    // followed by more names: "Kementerian Luar Negeri China | Mao Ning".
    const orgEndAt = (i: number): number | undefined => {
      const head = orgHeads.matchAt(run, i);
      if (!head || !nameAt(i)) return undefined;
      let k = i;
      while (k + 1 < tokens.length && !stopwords.has(lower[k + 1]!) && (nameAt(k + 1) || (particles.has(tokens[k + 1]!.text) && nameAt(k + 2)))) k++;
      if (k < i + head.length) return undefined;
      for (let g = k - 1; g >= i + head.length; g--) {
        const place = gazetteerAtToken.get(g);
        if (place && place.entry.type === 'GPE' && g + place.length - 1 < k) return g + place.length - 1;
      }
      return k;
    };

    // Title (and an optional country or organisation) before a name: "Sekretaris Jenderal NATO Mark Rutte".
    for (let i = 0; i < tokens.length; i++) {
      const title = titles.matchAt(run, i);
      if (!title) continue;
      let j = i + title.length;
      if (tokens[j]?.text === '.') j++;
      const org = gazetteerAtToken.get(j);
      if (org && org.entry.type !== 'PERSON') j += org.length;
      else {
        const orgEnd = orgEndAt(j);
        if (orgEnd !== undefined) {
          add(j, orgEnd, 'ORG', `org-head:${orgHeads.matchAt(run, j)!.phrase}`, RULE_BASE.orgHead);
          j = orgEnd + 1;
        }
      }
      let k = j;
      const placeAt = (n: number) => {
        const g = gazetteerAtToken.get(n);
        return g !== undefined && g.entry.type !== 'PERSON';
      };
      while (
        k < tokens.length &&
        k - j < MAX_NAME_TOKENS &&
        !placeAt(k) &&
        (nameAt(k) || (k > j && particles.has(tokens[k]!.text) && nameAt(k + 1) && !placeAt(k + 1)))
      ) {
        if (titles.matchAt(run, k) && k === j) break;
        k++;
      }
      const known = k > j ? kbPersonAt(j, k - 1) : undefined;
      if (k > j && (!taggedPerson || personIn(j, k) || known || beforeCue(tokens, k))) {
        // "Pak", "Mr." are courtesies, not roles to look people up by.
        const role = honorifics.has(title.phrase) && j === i + title.length ? undefined : text.slice(tokens[i]!.start, tokens[j - 1]!.end);
        add(j, k - 1, 'PERSON', `title:${title.phrase}`, RULE_BASE.title, { ...(role ? { role } : {}), ...(known ? { kb: known } : {}) });
        i = k - 1;
      }
    }

    // The statistical tagger.
    if (tags) {
      for (let i = 0; i < tags.length; i++) {
        if (tags[i]!.charCodeAt(0) !== 66) continue; // not B-...
        const info = tagInfo(tags[i]!);
        if (info.inside === undefined) continue;
        let k = i + 1;
        while (k < tags.length && tags[k] === info.inside) k++;
        const surface = text.slice(tokens[i]!.start, tokens[k - 1]!.end);
        let type = info.type;
        const known = lookupKb(surface);
        if (known.length > 0 && type !== 'PERSON') type = pickEntry(known).type;
        // A name right after a place word ("Kabupaten", "Kecamatan", "County of") is that place, not a person.
        if (type === 'PERSON' && i > 0 && placeHeads.matchEndingAt(run, i - 1)) type = known.find((e) => e.type !== 'PERSON')?.type ?? 'LOC';
        // An organisation run into the name of the person speaking for it, right before a reporting
        // verb: "Kementerian Keuangan Rosmauli mengatakan" is the ministry, then Rosmauli.
        const titled = i > 0 && titles.matchEndingAt(tokens, i - 1) !== undefined;
        const cut = type !== 'PERSON' && known.length === 0 && k - 1 > i && (beforeCue(tokens, k) || titled) ? roleEnd(text, tokens, i, k - 1, titled) : undefined;
        if (cut !== undefined && isNameWord(tokens[i])) {
          add(i, cut, type, 'tagger', RULE_BASE.tagger);
          add(cut + 1, k - 1, 'PERSON', 'speaker-position', RULE_BASE.tagger);
        }
        // The tagger sometimes runs a name into the lower-case words before it ("wilayah pendudukan Ukraina").
        else if (isNameWord(tokens[i])) add(i, k - 1, type, 'tagger', RULE_BASE.tagger, known.length > 0 ? { kb: pickEntry(known) } : undefined);
        i = k - 1;
      }
    }

    // Groups such as "Barat" (the West).
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind === 'word' && isCapitalized(t.text) && groups.has(t.text)) add(i, i, 'NORP', `group:${groups.get(t.text)}`, RULE_BASE.gazetteer);
    }

    // Organisation and place heads and tails, acronyms, and a capitalised name right before a reporting verb.
    for (let i = 0; i < tokens.length; i++) {
      if (!nameAt(i)) continue;
      const sentenceInitial = i === 0 || OPENING_MARKS.has(tokens[i - 1]!.text);
      if (sentenceInitial && lowerForms.has(lower[i]!)) continue;
      // A capitalised function word ("Are", "Of", "Yang") neither starts nor continues a name.
      if (!sentenceInitial && stopwords.has(lower[i]!) && !isAllCaps(tokens[i]!.text)) continue;
      let k = i;
      while (k + 1 < tokens.length && !(stopwords.has(lower[k + 1]!) && !isAllCaps(tokens[k + 1]!.text)) && (nameAt(k + 1) || (particles.has(tokens[k + 1]!.text) && nameAt(k + 2)))) k++;
      // A gazetteer name of exactly this extent already says what it is ("Associated Press").
      const known = gazetteerAtToken.get(i);
      if (known && i + known.length - 1 === k) {
        i = k;
        continue;
      }
      const head = orgHeads.matchAt(run, i);
      const placeHead = placeHeads.matchAt(run, i);
      const orgEnd = orgEndAt(i);
      const tail = lower[k]!;
      if (head && orgEnd !== undefined) {
        add(i, orgEnd, 'ORG', `org-head:${head.phrase}`, RULE_BASE.orgHead);
        k = orgEnd;
      } else if (k > i && orgTails.has(tail)) {
        add(i, k, 'ORG', `org-tail:${tokens[k]!.text}`, RULE_BASE.orgHead);
      } else if (!tagger && placeHead && k >= i + placeHead.length) {
        add(i, k, 'LOC', `place-head:${placeHead.phrase}`, RULE_BASE.orgHead);
      } else if (!tagger && k > i && placeTails.has(tail)) {
        add(i, k, 'LOC', `place-tail:${tokens[k]!.text}`, RULE_BASE.orgHead);
      } else if (!tagger && i === k && isAllCaps(tokens[i]!.text) && tokens[i]!.text.length <= 6) {
        add(i, k, 'ORG', 'acronym', RULE_BASE.capitalized);
      } else if (!pronouns.has(lower[i]!)) {
        let next = k + 1;
        while (next < tokens.length && (auxiliaries.has(lower[next]!) || negators.has(lower[next]!))) next++;
        const beforeCue = next < tokens.length && cues.has(lower[next]!);
        const afterPlaceWord = i > 0 && placeHeads.matchEndingAt(run, i - 1) !== undefined;
        if (beforeCue && !placeHead && !afterPlaceWord && (!taggedPerson || personIn(i, k + 1))) add(i, k, 'PERSON', 'speaker-position', RULE_BASE.speaker);
        else if (!tagger && k > i) add(i, k, 'PERSON', 'capitalized', RULE_BASE.capitalized);
      }
      i = k;
    }
    return found;
  }

  /**
   * A capitalised word the first pass left alone is a person when it is, or closely resembles, a
   * part of a person's name found elsewhere in the article ("Namun Zielinski tidak ..." after
   * "Zelensky"). Resolution decides later whether it joins that person.
   */
  function namePartsPass(
    sentences: readonly Sentence[],
    tokens: readonly (readonly Token[])[],
    lower: readonly (readonly string[])[],
    found: Scored[][],
    lowerForms: ReadonlySet<string>,
  ): void {
    const parts = new Map<string, string>();
    for (const chosen of found) {
      for (const c of chosen) {
        if (c.type !== 'PERSON') continue;
        for (const part of nameTokens(c.text)) if (part.length >= MIN_EXACT_NAME_PART) parts.set(part, phoneticKey(part));
      }
    }
    if (parts.size === 0) return;
    // The parts' keys, for the similarity (nameEditSimilarity's own folding, done once per part).
    const partKeys = [...parts].map(([part, partKey]) => ({ key: foldKey(part).slice(0, MAX_COMPARE_LENGTH), partKey, exactOnly: part.length < MIN_NAME_PART }));
    // A word's verdict depends on its text only: each distinct word is compared with the parts once.
    const verdicts = new Map<string, string | undefined>();
    // The parts' own keys: a word equal to one is a name part, whatever the other parts say.
    const exactKeys = new Set(partKeys.map((p) => p.key));
    const verdict = (word: string): string | undefined => {
      if (verdicts.has(word)) return verdicts.get(word);
      const { key, own } = wordKeys(word);
      let why: string | undefined;
      if (exactKeys.has(own)) why = 'name-part';
      else {
        // No part is written the same: the first close enough makes it a variant.
        for (const { key: other, partKey, exactOnly } of partKeys) {
          // A short part counts only written out exactly.
          if (exactOnly) continue;
          // Only a part with the same phonetic key may be as far as NAME_PART_SIMILARITY_SAME_KEY.
          const sameKey = key === partKey;
          const threshold = sameKey ? NAME_PART_SIMILARITY_SAME_KEY : NAME_PART_SIMILARITY;
          // The edit distance is at least the difference in length: a part too long or too short cannot reach the threshold.
          const longer = Math.max(own.length, other.length);
          if (1 - Math.abs(own.length - other.length) / longer < threshold) continue;
          // Nor can a pair whose distance goes past the most the threshold allows.
          const limit = sameKey ? limitsSameKey[longer]! : limitsOther[longer]!;
          const distance = boundedLevenshtein(own, other, limit);
          if (distance > limit) continue;
          const sim = 1 - distance / longer;
          if (sim >= NAME_PART_SIMILARITY || (sameKey && sim >= NAME_PART_SIMILARITY_SAME_KEY)) {
            why = 'name-part-variant';
            break;
          }
        }
      }
      verdicts.set(word, why);
      return why;
    };
    sentences.forEach((sentence, index) => {
      const taken = found[index]!;
      const sentenceTokens = tokens[index]!;
      const sentenceLower = lower[index]!;
      for (let i = 0; i < sentenceTokens.length; i++) {
        const t = sentenceTokens[i]!;
        // A name word (as isNameWord says) that is not all capitals: so a capitalised one.
        if (t.kind !== 'word' || !isCapitalized(t.text) || isAllCaps(t.text) || notNames.has(sentenceLower[i]!) || ordinaryHere.has(t.text)) continue;
        if (overlapsAny(taken, t.start, t.end)) continue;
        if (i === 0 && lowerForms.has(t.text.toLowerCase())) continue;
        const why = verdict(t.text);
        if (why) taken.push({ start: t.start, end: t.end, text: t.text, type: 'PERSON', rule: why, sentence: index, score: 0, firstToken: i, lastToken: i });
      }
    });
  }

  /**
   * A short name in parentheses right after a name is another name of it: "Lestari Moerdijat
   * (Rerie)", "Agus Harimurti Yudhoyono (AHY)"; after a title it names the person who follows:
   * "Menteri Agama (Menag) Nasaruddin Umar". The short name becomes a candidate of its own that
   * points at the full one (`sameAs`), so its later mentions join that entity.
   */
  function parenthesisAliases(text: string, tokens: readonly (readonly Token[])[], found: Scored[][]): void {
    // A plain loop, and the work for each parenthesis in a function of its own: closures that
    // capture the loop's variables would make the engine allocate a scope for every token.
    for (let index = 0; index < found.length; index++) {
      const toks = tokens[index]!;
      // The sentence's candidates by position as they were before this pass (sorted when first needed, before any change).
      let sorted: Scored[] | undefined;
      for (let n = 0; n < toks.length; n++) if (toks[n]!.text === '(') sorted = parenthesisAlias(text, toks, found[index]!, index, n, sorted);
    }
  }

  /** The alias in the parenthesis opening at toks[n], if any, added to `chosen`; returns `sorted`, made if it was needed. */
  function parenthesisAlias(text: string, toks: readonly Token[], chosen: Scored[], index: number, n: number, sorted: Scored[] | undefined): Scored[] | undefined {
    let close = n + 1;
    while (close < toks.length && close - n <= 5 && toks[close]!.text !== ')') close++;
    if (toks[close]?.text !== ')' || close === n + 1) return sorted;
    const inner = toks.slice(n + 1, close);
    if (!inner.every((t) => isNameWord(t)) || inner.length > 4) return sorted;
    const start = inner[0]!.start;
    const end = inner.at(-1)!.end;
    sorted ??= stableSort([...chosen], byStart);
    const before = sorted.find((c) => c.end === toks[n - 1]?.end && c.end - c.start > end - start);
    const title = n > 0 ? titles.matchEndingAt(toks, n - 1) : undefined;
    const after = title && !honorifics.has(title.phrase) ? sorted.find((c) => c.start === toks[close + 1]?.start && c.type === 'PERSON') : undefined;
    const full = before ?? after;
    if (!full) return sorted;
    const existing = chosen.findIndex((c) => c.start < end && start < c.end);
    if (existing >= 0) chosen.splice(existing, 1);
    chosen.push({ start, end, text: text.slice(start, end), type: full.type, rule: 'parenthesis-alias', sentence: index, score: 0, firstToken: n + 1, lastToken: close - 1, sameAs: full.start });
    return sorted;
  }

  /** "Lestari atau Rerie", "Budi alias Ucok": one word not known as anything else. True when one was added. */
  function markerAliases(tokens: readonly (readonly Token[])[], found: Scored[][]): boolean {
    let added = false;
    found.forEach((chosen, index) => {
      const toks = tokens[index]!;
      // Only people are read below: a sentence without one needs no sorted copy.
      if (!hasPerson(chosen)) return;
      const sorted = stableSort([...chosen], byStart);
      for (const person of sorted) {
        if (person.type !== 'PERSON') continue;
        const after = toks.findIndex((t) => t.start >= person.end);
        const marker = after >= 0 ? aliasMarkers.matchAt(toks, after) : undefined;
        const alias = marker ? toks[after + marker.length] : undefined;
        if (!marker || !alias || !isNameWord(alias) || isNameWord(toks[after + marker.length + 1])) continue;
        const there = chosen.findIndex((c) => c.start === alias.start && c.end === alias.end);
        const other = chosen.find((c) => c !== chosen[there] && c.start < alias.end && alias.start < c.end);
        if (other || (there >= 0 && chosen[there]!.kb)) continue;
        if (found.some((list) => list.some((c) => c.type === 'PERSON' && c !== person && nameTokens(c.text).length > 1 && nameTokens(c.text).includes(foldName(alias.text))))) continue;
        if (there >= 0) chosen.splice(there, 1);
        chosen.push({ start: alias.start, end: alias.end, text: alias.text, type: 'PERSON', rule: `alias:${marker.phrase}`, sentence: index, score: 0, firstToken: after + marker.length, lastToken: after + marker.length, sameAs: person.start });
        added = true;
      }
    });
    return added;
  }

  return {
    recognize(text, sentences, given, givenLower) {
      const tokens = given ?? sentences.map((s) => tokenize(text, s.start, s.end));
      const lowerForms = lowercaseWords(tokens);
      const lowers = tokens.map((sentence, index) => lowerCased(sentence, given ? givenLower?.[index] : undefined));
      const found = sentences.map((_, index) => {
        const chosen: Scored[] = [];
        for (const c of stableSort(recognizeSentence(text, tokens[index]!, lowers[index]!, index, lowerForms), byScoreThenStart)) {
          if (!chosen.some((o) => o.start < c.end && c.start < o.end)) chosen.push(c);
        }
        return chosen;
      });
      parenthesisAliases(text, tokens, found);
      namePartsPass(sentences, tokens, lowers, found, lowerForms);
      // Later mentions of a name given with "atau" / "alias" are found like other name parts.
      if (markerAliases(tokens, found)) namePartsPass(sentences, tokens, lowers, found, lowerForms);
      const out: EntityCandidate[] = [];
      for (const chosen of found) {
        stableSort(chosen, byStart);
        for (const c of chosen) out.push(withoutScore(c));
      }
      return out;
    },
  };
}

/** maxDistanceFor(longer, threshold) of the name-part test for every length it can meet (keys are cut to MAX_COMPARE_LENGTH). */
const limitsSameKey = Int32Array.from({ length: MAX_COMPARE_LENGTH + 1 }, (_, n) => (n === 0 ? 0 : maxDistanceFor(n, NAME_PART_SIMILARITY_SAME_KEY)));
const limitsOther = Int32Array.from({ length: MAX_COMPARE_LENGTH + 1 }, (_, n) => (n === 0 ? 0 : maxDistanceFor(n, NAME_PART_SIMILARITY)));

/** The largest edit distance whose similarity (1 − d / longer) still reaches `threshold`. */
function maxDistanceFor(longer: number, threshold: number): number {
  let d = Math.floor(longer * (1 - threshold));
  while (1 - (d + 1) / longer >= threshold) d++;
  while (d >= 0 && 1 - d / longer < threshold) d--;
  return d;
}

/** The two rows boundedLevenshtein works in, kept between calls (grown when a longer string comes). */
let LEVENSHTEIN_ROWS: [Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64)];

/** levenshtein(a, b) when it is at most `limit`, else some number above `limit` (stops once every path is past it). */
function boundedLevenshtein(a: string, b: string, limit: number): number {
  if (a === b) return 0;
  if (a.length === 0 || b.length === 0) return Math.max(a.length, b.length);
  if (LEVENSHTEIN_ROWS[0].length <= b.length) LEVENSHTEIN_ROWS = [new Int32Array(2 * b.length + 2), new Int32Array(2 * b.length + 2)];
  let prev = LEVENSHTEIN_ROWS[0];
  let cur = LEVENSHTEIN_ROWS[1];
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      const v = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    const row = prev;
    prev = cur;
    cur = row;
  }
  return prev[b.length]!;
}

/** Words seen in lower case somewhere in the body: their capitalised form at a sentence start is not a name. */
function lowercaseWords(tokens: readonly (readonly Token[])[]): Set<string> {
  const forms = new Set<string>();
  for (const sentence of tokens) {
    for (const t of sentence) {
      if (t.kind !== 'word') continue;
      // ASCII answers without the regex: a-z starts lower case, any other ASCII character does not.
      const c = t.text.charCodeAt(0);
      if (c < 128 ? c >= 97 && c <= 122 : LOWER_START.test(t.text)) forms.add(t.text);
    }
  }
  return forms;
}

const LOWER_START = /^\p{Ll}/u;
const LETTER = /\p{L}/u;

/** Whether a word holds a letter: an ASCII letter first answers without the regex. */
function hasLetter(word: string): boolean {
  const c = word.charCodeAt(0) | 32;
  return (c >= 97 && c <= 122) || LETTER.test(word);
}
/** A quote or bracket before a word: the word starts a sentence. */
const OPENING_MARKS: ReadonlySet<string> = new Set(['"', '“', '‘', "'", '(']);

/** Of several entries sharing a name, prefer countries and cities, then organisations, then people. */
function pickEntry(entries: readonly KbEntry[]): KbEntry {
  // The first entry of the best-placed type: what a stable sort by type would put first.
  let best = entries[0]!;
  let bestRank = PICK_ORDER.indexOf(best.type);
  for (let n = 1; n < entries.length; n++) {
    const rank = PICK_ORDER.indexOf(entries[n]!.type);
    if (rank < bestRank) {
      best = entries[n]!;
      bestRank = rank;
    }
  }
  return best;
}
const PICK_ORDER: readonly string[] = ['GPE', 'ORG', 'LOC', 'PERSON', 'NORP', 'MISC'];

/** Whether some candidate overlaps [start, end) (a loop, not `some` with a closure: no scope allocated per token). */
function overlapsAny(candidates: readonly Span[], start: number, end: number): boolean {
  for (let k = 0; k < candidates.length; k++) {
    const c = candidates[k]!;
    if (c.start < end && start < c.end) return true;
  }
  return false;
}

const byStart = (a: Scored, b: Scored): number => a.start - b.start;
const byScoreThenStart = (a: Scored, b: Scored): number => b.score - a.score || a.start - b.start;

/**
 * `list.sort(compare)` (stable, so the same order for a consistent comparison): an insertion sort
 * for the few candidates of a sentence, which allocates nothing (the built-in sort copies the array
 * each time); the built-in sort for long lists.
 */
function stableSort<T>(list: T[], compare: (a: T, b: T) => number): T[] {
  if (list.length > 24) return list.sort(compare);
  for (let i = 1; i < list.length; i++) {
    const x = list[i]!;
    let j = i - 1;
    while (j >= 0 && compare(list[j]!, x) > 0) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = x;
  }
  return list;
}

function hasPerson(candidates: readonly Scored[]): boolean {
  for (let k = 0; k < candidates.length; k++) if (candidates[k]!.type === 'PERSON') return true;
  return false;
}

/** The candidate without its score and token positions, its other keys in their order (as `{ score, firstToken, lastToken, ...rest }` gives `rest`). */
function withoutScore(c: Scored): EntityCandidate {
  const out: Record<string, unknown> = {};
  for (const key in c) if (key !== 'score' && key !== 'firstToken' && key !== 'lastToken') out[key] = c[key as keyof Scored];
  return out as unknown as EntityCandidate;
}

const NO_WORDS: ReadonlySet<string> = new Set();
