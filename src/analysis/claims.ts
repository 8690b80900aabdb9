import type { ClaimLexicon, EntityLexicon } from '../lang/types.js';
import type { PronounResolver } from './pronouns.js';
import { lowerFormsOf, PhraseIndex, PhraseMatcher, sliceTokens, type TokenRun } from '../text/phrases.js';
import { sentenceIndexAt } from '../text/sentences.js';
import { isCapitalized, tokenize, type Token } from '../text/tokenize.js';
import { WordFilter } from '../text/word-filter.js';
import type { Attitude, AttitudeAct, Claim, DateMention, Entity, Quantity, Sentence, Span, Speaker, Stance } from '../types.js';

/** How many tokens after a cue a complementiser ("bahwa", "that") may stand: "mengatakan dalam konferensi pers bahwa". */
const COMPLEMENTIZER_WINDOW = 8;
/** How many tokens after a closing quote its cue may stand: `"...," kata seorang pejabat`. */
const QUOTE_CUE_WINDOW = 6;
/** Longest unnamed-source phrase in tokens: "a senior Western defence official". */
const MAX_UNNAMED_TOKENS = 5;
/** Longest title (with its place or organisation) written between a cue and the speaker's name. */
const MAX_TITLE_TOKENS = 5;
/** At most this many words may follow a cue that closes its sentence ("..., officials said on Tuesday"). */
const MAX_TRAILING_WORDS = 4;
/** Longest attribution between a quotation and its continuation: `," ujar Dedi, seorang warga, "`. */
const MAX_CONTINUATION_GAP = 120;
/** Longest run of capitalised words taken as an unrecognised speaker after a quote cue. */
const MAX_SPEAKER_RUN = 8;
/** Characters after a closing quote searched for its cue and speaker. */
const QUOTE_LOOKAHEAD_CHARS = 200;
/** Longest noun phrase taken as a speaker without a known head: "Para nelayan tradisional". */
const MAX_NOUN_PHRASE_TOKENS = 3;
/** Longest apposition between commas: "Michael McFaul, a senior fellow at the Hoover Institution, said". */
const MAX_APPOSITION_TOKENS = 24;
/** Longest source after a source prefix read up to a comma: "according to an analysis by X". */
const MAX_SOURCE_TOKENS = 12;
/** Longest phrase between a named speaker and the cue: "Sanders on Tuesday said". */
const MAX_GAP_TOKENS = 4;
/** Longest described speaker closed by a demonstrative: "Aktris berusia 39 tahun itu". */
const MAX_DESCRIBED_TOKENS = 6;
/** How many sentences back the speaker of an earlier attribution is still the one "ujarnya" / "she says" means. */
const MAX_SPEAKER_SENTENCES_BACK = 3;
/** Longest parenthesis skipped between a speaker and the cue: "Agus Harimurti Yudhoyono (AHY) mengatakan". */
const MAX_PAREN_TOKENS = 6;
/** Longest noun phrase opening a clause taken whole as the speaker: "A USA TODAY analysis of newly filed reports". */
const MAX_CLAUSE_SUBJECT_TOKENS = 10;
/** Longest speaker label of a transcript turn: "SEN. ELIZABETH WARREN:". */
const MAX_LABEL_WORDS = 3;
/** Fewest words in a transcript turn. */
const MIN_TURN_WORDS = 3;
/** Fewest words of a clause before ", said X" taken as its content. */
const MIN_INVERTED_CONTENT_WORDS = 3;
/** A quoted stretch shorter than this (in words) with no cue is a scare quote, not a statement. */
const MIN_UNATTRIBUTED_QUOTE_WORDS = 6;

export interface ClaimInput {
  readonly text: string;
  readonly sentences: readonly Sentence[];
  readonly entities: readonly Entity[];
  readonly quantities: readonly Quantity[];
  readonly dates: readonly DateMention[];
  readonly claims: ClaimLexicon;
  readonly names: EntityLexicon;
  /** The pack's function words: never the head of a speaker phrase. */
  readonly stopwords: readonly string[];
  readonly pronouns: PronounResolver;
  /** Tokens of each sentence, when the caller has them already. */
  readonly tokens?: readonly (readonly Token[])[];
  /** `claims`, `names` and `stopwords` compiled (compileClaimVocabulary), when the caller has them already. */
  readonly vocabulary?: ClaimVocabulary;
}

export interface ClaimResult {
  readonly claims: Claim[];
  /** Beliefs, feelings, intentions and requests, found like claims but no claims. */
  readonly attitudes: Attitude[];
  /** Quotations with no speaker found: a reader should know who said them. */
  readonly unattributedQuotes: Span[];
  /** Reporting verbs under negation ("tidak mengungkapkan"): a statement that nothing was said. */
  readonly negatedCues: Span[];
}

interface MentionRef {
  readonly start: number;
  readonly end: number;
  readonly entity: string;
  readonly type: string;
}

interface Quote {
  /** Offsets of the quote marks; `close` is the paragraph end for an unclosed quote. */
  readonly open: number;
  readonly close: number;
  readonly content: Span;
  readonly sentence: number;
}

interface Draft {
  start: number;
  end: number;
  quote: boolean;
  stance: Stance;
  cue?: Span | undefined;
  speakers: Speaker[];
  rule: string;
  sentence: number;
  target?: number | undefined;
  /** A belief, feeling, intention or request rather than a statement: an attitude, not a claim. */
  act?: AttitudeAct | undefined;
}

/** Dashes that sign a quotation with its speaker's name: `"..." ― Name`, `"..." -- Name`. */
const SIGNATURE_DASHES = new Set(['―', '—', '–', '-']);
const OPENING_QUOTES = new Set(['“', '«', '„', '‘']);
const CLOSING_QUOTES = new Set(['”', '»', '’']);
/** The character codes findQuotes looks at: the apostrophe, the straight quote, and the opening and closing quotes. */
const QUOTE_CHAR = (() => {
  const codes = [..."'\"", ...OPENING_QUOTES, ...CLOSING_QUOTES].map((c) => c.charCodeAt(0));
  const table = new Uint8Array(Math.max(...codes) + 1);
  for (const c of codes) table[c] = 1;
  return table;
})();
const TRAILING_PUNCT = /[\s,.;:!?…—–-]+$/u;

/**
 * Finds who says what: direct quotations with their cue and speaker, reported speech
 * ("X mengatakan bahwa ...", "X said that ..."), source phrases ("menurut X", "according to X")
 * and passive denials ("dibantah oleh X"), each with a stance from the pack's cue lists.
 */
export function extractClaims(input: ClaimInput): ClaimResult {
  return new ClaimFinder(input).run();
}

/** The pack's word lists as lookup structures, built once per pack rather than per article. */
/** A pack's claim words compiled for matching: an analyzer compiles each pack's once. */
export type ClaimVocabulary = ReturnType<typeof compileClaimVocabulary>;

export function compileClaimVocabulary(lex: ClaimLexicon, names: EntityLexicon, stopwords: readonly string[]) {
  const v = compileWords(lex, names, stopwords);
  const speechWords = speechWordsOf(v, names.pronounSuffixes);
  return { ...v, speechWords, speechFilter: new WordFilter(speechWords) };
}

/**
 * Every lower-cased word at which reportedSpeech can find something: a word that starts a source
 * prefix, participle, passive or attitude phrase, a quote or report cue alone or with a pronoun
 * suffix ("ujarnya"), and a source prefix with one ("menurutnya"). Any other word is passed over.
 */
function speechWordsOf(v: ReturnType<typeof compileWords>, suffixes: readonly string[]): ReadonlySet<string> {
  const words = new Set<string>();
  for (const m of [v.sourcePrefixes, v.participleCues, v.passiveCues]) for (const w of m.firstWords()) words.add(w);
  for (const w of v.attitudeCues.firstWords()) words.add(w);
  for (const base of [...v.quoteCues.keys(), ...v.reportCues.keys(), ...v.sourcePrefixStances.keys()]) {
    words.add(base);
    for (const suffix of suffixes) words.add(base + suffix);
  }
  return words;
}

function compileWords(lex: ClaimLexicon, names: EntityLexicon, stopwords: readonly string[]) {
  return {
    quoteCues: new Map(lex.quoteCues.map((c) => [c.word.toLowerCase(), c.stance])) as ReadonlyMap<string, Stance>,
    reportCues: new Map(lex.reportCues.map((c) => [c.word.toLowerCase(), c.stance])) as ReadonlyMap<string, Stance>,
    sourcePrefixes: new PhraseMatcher(lex.sourcePrefixes.map((c) => c.word)),
    /** Each source prefix, lower-cased, to its stance (the first listed on a repeat). */
    sourcePrefixStances: new Map([...lex.sourcePrefixes].reverse().map((c) => [c.word.toLowerCase(), c.stance])) as ReadonlyMap<string, Stance>,
    passiveCues: new PhraseMatcher(lex.passiveCues.map((c) => c.word)),
    participleCues: new PhraseMatcher(lex.participleCues.map((c) => c.word)),
    doubt: new PhraseMatcher(lex.doubtPhrases),
    negators: new PhraseMatcher(lex.negators),
    anaphoric: new PhraseMatcher(lex.anaphoricObjects),
    unnamedHeads: new PhraseMatcher(lex.unnamedSources),
    determiners: new PhraseMatcher(lex.unnamedDeterminers),
    auxiliaries: new Set(lex.auxiliaries),
    complementizers: new Set(lex.complementizers),
    gapOpeners: new Set(lex.gapOpeners),
    conjunctions: new Set(lex.speakerConjunctions),
    relativePronouns: new Set(lex.relativePronouns),
    pronouns: new Set(names.personPronouns),
    demonstratives: new Set(names.demonstratives),
    functionWords: new Set([...stopwords, ...names.personPronouns, ...lex.negators]),
    nonClaimOpeners: new PhraseMatcher(lex.nonClaimOpeners ?? []),
    denyPhrases: new PhraseMatcher(lex.denyPhrases ?? []),
    /** The act of a quote or report cue that is no statement ("harap": intention), by its word. */
    cueActs: new Map([...lex.quoteCues, ...lex.reportCues].flatMap((c) => (c.act && c.act !== 'statement' ? [[c.word.toLowerCase(), c.act] as const] : []))) as ReadonlyMap<string, AttitudeAct>,
    attitudeCues: new PhraseIndex<{ act: AttitudeAct; activeOnly: boolean }>((lex.attitudeCues ?? []).map((c) => [c.word, { act: c.act, activeOnly: c.activeOnly === true }] as const)),
    passiveMarkers: new Set(lex.passiveMarkers ?? []),
    adverbEndings: lex.adverbEndings ?? [],
    possessiveEndings: lex.possessiveEndings ?? [],
    requestOpeners: new PhraseMatcher(lex.requestOpeners ?? []),
    attitudeOpeners: new PhraseMatcher([...(lex.attitudeOpeners ?? []), ...lex.complementizers]),
  };
}

function vocabularyFor(input: ClaimInput): ClaimVocabulary {
  return input.vocabulary ?? compileClaimVocabulary(input.claims, input.names, input.stopwords);
}

class ClaimFinder {
  private readonly text: string;
  private readonly lex: ClaimLexicon;
  private readonly quoteCues: ReadonlyMap<string, Stance>;
  private readonly reportCues: ReadonlyMap<string, Stance>;
  private readonly sourcePrefixes: PhraseMatcher;
  private readonly sourcePrefixStances: ReadonlyMap<string, Stance>;
  private readonly passiveCues: PhraseMatcher;
  private readonly participleCues: PhraseMatcher;
  private readonly doubt: PhraseMatcher;
  private readonly negators: PhraseMatcher;
  private readonly anaphoric: PhraseMatcher;
  private readonly unnamedHeads: PhraseMatcher;
  private readonly determiners: PhraseMatcher;
  private readonly auxiliaries: ReadonlySet<string>;
  private readonly complementizers: ReadonlySet<string>;
  private readonly gapOpeners: ReadonlySet<string>;
  private readonly conjunctions: ReadonlySet<string>;
  private readonly relativePronouns: ReadonlySet<string>;
  private readonly pronouns: ReadonlySet<string>;
  private readonly suffixes: readonly string[];
  private readonly demonstratives: ReadonlySet<string>;
  private readonly functionWords: ReadonlySet<string>;
  private readonly personIds = new Set<string>();
  private readonly negatedSpeakers: { start: number; sentence: number; entity: string }[] = [];
  private readonly nonClaimOpeners: PhraseMatcher;
  private readonly denyPhrases: PhraseMatcher;
  private readonly cueActs: ReadonlyMap<string, AttitudeAct>;
  private readonly attitudeCues: PhraseIndex<{ act: AttitudeAct; activeOnly: boolean }>;
  private readonly passiveMarkers: ReadonlySet<string>;
  private readonly adverbEndings: readonly string[];
  private readonly possessiveEndings: readonly string[];
  private readonly requestOpeners: PhraseMatcher;
  private readonly attitudeOpeners: PhraseMatcher;
  private readonly speechWords: ReadonlySet<string>;
  /** A quick, certain no for most words outside speechWords (without hashing the word). */
  private readonly speechFilter: WordFilter;
  private readonly mentionByStart = new Map<number, MentionRef>();
  private readonly mentionByEnd = new Map<number, MentionRef>();
  private readonly drafts: Draft[] = [];
  /** The last attributed quotation, for one that goes on after its attribution. */
  private lastQuote: { close: number; draft: Draft } | undefined;
  private readonly paragraphEnds = new Map<number, number>();
  private readonly unattributed: Span[] = [];
  private readonly negated: Span[] = [];
  private wholeRun: { run: TokenRun; starts: Int32Array } | undefined;
  private doubtMemo: Int32Array | undefined;
  private denyMemo: Int32Array | undefined;

  constructor(private readonly input: ClaimInput) {
    this.text = input.text;
    this.lex = input.claims;
    const v = vocabularyFor(input);
    this.quoteCues = v.quoteCues;
    this.reportCues = v.reportCues;
    this.sourcePrefixes = v.sourcePrefixes;
    this.sourcePrefixStances = v.sourcePrefixStances;
    this.passiveCues = v.passiveCues;
    this.participleCues = v.participleCues;
    this.doubt = v.doubt;
    this.negators = v.negators;
    this.anaphoric = v.anaphoric;
    this.unnamedHeads = v.unnamedHeads;
    this.determiners = v.determiners;
    this.auxiliaries = v.auxiliaries;
    this.complementizers = v.complementizers;
    this.gapOpeners = v.gapOpeners;
    this.conjunctions = v.conjunctions;
    this.relativePronouns = v.relativePronouns;
    this.pronouns = v.pronouns;
    this.suffixes = input.names.pronounSuffixes;
    this.demonstratives = v.demonstratives;
    this.functionWords = v.functionWords;
    this.nonClaimOpeners = v.nonClaimOpeners;
    this.denyPhrases = v.denyPhrases;
    this.cueActs = v.cueActs;
    this.attitudeCues = v.attitudeCues;
    this.passiveMarkers = v.passiveMarkers;
    this.adverbEndings = v.adverbEndings;
    this.possessiveEndings = v.possessiveEndings;
    this.requestOpeners = v.requestOpeners;
    this.attitudeOpeners = v.attitudeOpeners;
    this.speechWords = v.speechWords;
    this.speechFilter = v.speechFilter;
    for (const sentence of input.sentences) this.paragraphEnds.set(sentence.paragraph, sentence.end);
    for (const e of input.entities) {
      if (e.type === 'PERSON') this.personIds.add(e.id);
      for (const m of e.mentions) {
        const ref = { start: m.start, end: m.end, entity: e.id, type: e.type };
        this.mentionByStart.set(m.start, ref);
        this.mentionByEnd.set(m.end, ref);
      }
    }
  }

  run(): ClaimResult {
    const quotes = this.findQuotes();
    const quotesBySentence = new Map<number, Quote[]>();
    for (const q of quotes) {
      const list = quotesBySentence.get(q.sentence);
      if (list) list.push(q);
      else quotesBySentence.set(q.sentence, [q]);
    }
    const turns = this.transcriptTurns();
    // Cues already spent on a quotation, by offset: a quotation running over several sentences
    // spends a cue that stands in a later one.
    const usedCues = new Set<number>();
    this.input.sentences.forEach((sentence, index) => {
      const tokens = this.sentenceTokens(index);
      this.resolvePronouns(tokens);
      const turn = turns.get(index);
      if (turn) this.drafts.push(turn);
      const sentenceQuotes = quotesBySentence.get(index) ?? [];
      // A transcript turn quoted whole ("WALLACE: ...) is the turn's, not a quotation to attribute.
      for (const q of sentenceQuotes) if (!turn || q.open > turn.start || q.close < turn.start) this.attributeQuote(q, usedCues);
      this.reportedSpeech(tokens, index, quotes, usedCues);
    });
    const { claims, attitudes } = this.finish();
    return { claims, attitudes, unattributedQuotes: this.unattributed, negatedCues: this.negated };
  }

  /**
   * Turns of a transcript: paragraphs that open (after an optional quotation mark) with a speaker's
   * label in capitals and a colon, "WALLACE: Let's start ...", "PENCE: Well, ...". Only where the
   * article has two turns or more, so that a lone "UPDATE:" is none. Keyed by sentence.
   */
  private transcriptTurns(): Map<number, Draft> {
    const turns = new Map<number, Draft>();
    const { sentences } = this.input;
    sentences.forEach((sentence, index) => {
      if (index > 0 && sentences[index - 1]!.paragraph === sentence.paragraph) return;
      const tokens = this.sentenceTokens(index);
      let k = 0;
      if (tokens[0]?.kind === 'punct' && /^["“]$/.test(tokens[0].text)) k++;
      const first = k;
      while (k < tokens.length && k - first < MAX_LABEL_WORDS && tokens[k]!.kind === 'word' && /^\p{Lu}[\p{Lu}'’.-]+$/u.test(tokens[k]!.text)) k++;
      if (k === first || tokens[k]?.text !== ':') return;
      const mention = this.mentionStartingAt(tokens[first]!.start);
      if (mention && mention.type !== 'PERSON' && mention.type !== 'ORG') return;
      const end = this.paragraphEnd(index);
      const content = this.trimmedSpan(tokens[k]!.end, end);
      if (!content || wordCount(content.text) < MIN_TURN_WORDS) return;
      const label = this.span(tokens[first]!.start, tokens[k - 1]!.end);
      const speaker: Speaker = mention ? { start: label.start, end: label.end, text: label.text, kind: 'name', entity: mention.entity } : { start: label.start, end: label.end, text: label.text, kind: 'name' };
      const cleaned = this.trimmedSpan(content.start, /["”]$/.test(content.text) ? content.end - 1 : content.end) ?? content;
      turns.set(index, { start: cleaned.start, end: cleaned.end, quote: true, stance: this.stanceOf('assert', cleaned), cue: this.span(tokens[k]!.start, tokens[k]!.end), speakers: [speaker], rule: 'transcript-turn', sentence: index });
    });
    return turns.size >= 2 ? turns : new Map();
  }

  /** Pronouns are resolved in reading order so that each one can lean on the ones before. */
  private resolvePronouns(tokens: readonly Token[]): void {
    const lower = lowerFormsOf(tokens);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind === 'word' && this.pronouns.has(lower?.[i] ?? t.text.toLowerCase())) this.input.pronouns.resolve(t.start);
    }
  }

  // ---- quotations -------------------------------------------------------------------------------

  private findQuotes(): Quote[] {
    const quotes: Quote[] = [];
    const { sentences } = this.input;
    let s = 0;
    while (s < sentences.length) {
      const paragraph = sentences[s]!.paragraph;
      let e = s;
      while (e + 1 < sentences.length && sentences[e + 1]!.paragraph === paragraph) e++;
      const start = sentences[s]!.start;
      const end = sentences[e]!.end;
      let open = -1;
      let straight = false;
      for (let i = start; i < end; i++) {
        // Only quote marks and the apostrophe matter here: every other character is passed over.
        const code = this.text.charCodeAt(i);
        if (code >= QUOTE_CHAR.length || QUOTE_CHAR[code] === 0) continue;
        let ch = this.text[i]!;
        // Two apostrophes stand for a straight double quote in some wire texts: ''Yes,'' he said.
        if (ch === "'" && this.text[i + 1] === "'") {
          ch = '"';
          if (open < 0) i++;
        }
        if (open < 0) {
          if (ch === '"' || OPENING_QUOTES.has(ch)) {
            // An apostrophe-like ‘ inside a word is not a quote.
            if (ch === '‘' && i > start && /\p{L}/u.test(this.text[i - 1]!)) continue;
            open = i;
            straight = ch === '"';
          }
        } else if ((straight && ch === '"') || (!straight && CLOSING_QUOTES.has(ch) && !(ch === '’' && /\p{L}/u.test(this.text[i + 1] ?? '')))) {
          this.pushQuote(quotes, open, i, s);
          open = -1;
        }
      }
      if (open >= 0) this.pushQuote(quotes, open, end, s);
      s = e + 1;
    }
    return quotes;
  }

  private pushQuote(quotes: Quote[], open: number, close: number, firstSentence: number): void {
    let start = open + 1;
    let end = close;
    const inner = this.text.slice(start, end);
    const lead = inner.length - inner.trimStart().length;
    start += lead;
    const trimmed = this.text.slice(start, end).replace(TRAILING_PUNCT, '');
    end = start + trimmed.length;
    if (end <= start) return;
    const sentence = Math.max(firstSentence, sentenceIndexAt(this.input.sentences, open));
    quotes.push({ open, close, content: { start, end, text: this.text.slice(start, end) }, sentence });
  }

  private attributeQuote(q: Quote, usedCues: Set<number>): void {
    const paragraphEnd = this.paragraphEnd(q.sentence);
    // Only a short window after the quote can hold its cue: tokenizing the rest of a long paragraph
    // for every quote would be quadratic.
    const windowEnd = Math.min(paragraphEnd, q.close + 1 + QUOTE_LOOKAHEAD_CHARS);
    const after = this.tokensAfter(Math.min(q.close + 1, windowEnd), windowEnd, QUOTE_CUE_WINDOW + MAX_UNNAMED_TOKENS);
    const words = after.filter((t) => t.kind === 'word');
    const quoteSentence = this.sentenceAt(q.close);

    // `"..." ― Sonya Herridge`: a name after a dash that ends the paragraph signs the quotation.
    if (this.signedQuote(q, after, paragraphEnd, quoteSentence)) return;
    // `"...," kata X` / `"...," ujarnya` / `"...," said X`
    let k = 0;
    while (k < after.length && after[k]!.kind === 'punct' && /[,.!?—–'-]/.test(after[k]!.text)) k++;
    const cueToken = after[k];
    const cue = cueToken ? this.cueOf(cueToken, this.quoteCues) : undefined;
    if (cueToken && cue) {
      const speakers = this.quoteSpeakers(q.open, q.sentence, cue.clitic ? this.cliticSpeaker(cueToken, cue.clitic) : this.speakerAfter(after, k + 1));
      if (speakers.length > 0) {
        usedCues.add(cueToken.start);
        this.quoteDraft(q, cue.stance, this.span(cueToken.start, cue.end), speakers, 'quote-cue-speaker', quoteSentence, cue.act);
        return;
      }
    }
    // `"...," X said` / `"...," Zelensky menambahkan`
    const firstWord = words[0];
    if (firstWord && after.indexOf(firstWord) <= 1) {
      const speakerEnd = this.speakerTokensForward(after, after.indexOf(firstWord));
      if (speakerEnd) {
        let j = speakerEnd.next;
        while (j < after.length && this.auxiliaries.has(after[j]!.text.toLowerCase())) j++;
        const t = after[j];
        const c = t ? (this.cueOf(t, this.quoteCues) ?? this.cueOf(t, this.reportCues)) : undefined;
        if (t && c) {
          usedCues.add(t.start);
          this.quoteDraft(q, c.stance, this.span(t.start, c.end), this.quoteSpeakers(q.open, q.sentence, speakerEnd.speakers), 'quote-speaker-cue', quoteSentence, c.act);
          return;
        }
      }
    }
    // `"...," IMF chief economist Maury Obstfeld said` / `"...," Mr. Obama said` / `"...," she says`:
    // the first cue after the quote, with its speaker read backwards from it, as in reported speech.
    const from = k;
    for (let j = from + 1; j < after.length; j++) {
      const x = after[j]!;
      if (x.kind === 'punct' && /^["“”«»]$/.test(x.text)) break;
      const c = this.cueOf(x, this.quoteCues) ?? this.cueOf(x, this.reportCues);
      if (!c) continue;
      const head = after.slice(from, j);
      const speakers = c.clitic ? [] : this.quoteSpeakers(q.open, q.sentence, this.speakerBefore(head, this.skipAuxiliariesBack(head, head.length - 1)));
      if (speakers.length > 0 && speakers[0]!.start >= after[from]!.start) {
        usedCues.add(x.start);
        this.quoteDraft(q, c.stance, this.span(x.start, c.end), speakers, 'quote-speaker-cue', quoteSentence, c.act);
        return;
      }
      break;
    }
    // `X said: "..."` / `X mengatakan, "..."`
    const before = this.tokensBefore(q.sentence, q.open);
    let j = before.length - 1;
    while (j >= 0 && before[j]!.kind === 'punct' && /[,:]/.test(before[j]!.text)) j--;
    const t = before[j];
    const c = t ? (this.cueOf(t, this.reportCues) ?? this.cueOf(t, this.quoteCues)) : undefined;
    if (t && c && j < before.length - 1) {
      const speakers = this.quoteSpeakers(q.open, q.sentence, c.clitic && this.quoteCues.has(t.text.toLowerCase()) ? this.cliticSpeaker(t, c.clitic) : this.speakerBefore(before, j - 1));
      if (speakers.length > 0) {
        usedCues.add(t.start);
        this.quoteDraft(q, c.stance, this.span(t.start, c.end), speakers, 'speaker-cue-quote', q.sentence, c.act);
        return;
      }
    }
    // `"...," ujar Dedi, seorang warga, "...."`: the quote goes on after its attribution.
    const last = this.lastQuote;
    const sameParagraph = last !== undefined && this.input.sentences[last.draft.sentence]!.paragraph === this.input.sentences[q.sentence]!.paragraph;
    if (last && sameParagraph && last.draft.cue && q.open - last.close <= MAX_CONTINUATION_GAP && last.draft.cue.start > last.close && last.draft.cue.end < q.open) {
      this.quoteDraft(q, last.draft.stance, last.draft.cue, last.draft.speakers, 'quote-continued', q.sentence, last.draft.act);
      return;
    }
    // A paragraph that opens with a quotation right after a paragraph of attributed quotation goes on
    // with the same speaker: news style introduces a new speaker before quoting them.
    const { sentences } = this.input;
    const paragraph = sentences[q.sentence]!.paragraph;
    const opensParagraph = sentences[q.sentence - 1]?.paragraph !== paragraph && q.open === sentences[q.sentence]!.start;
    if (last && opensParagraph && sentences[last.draft.sentence]!.paragraph === paragraph - 1) {
      this.quoteDraft(q, 'assert', last.draft.cue && !last.draft.act ? last.draft.cue : undefined, last.draft.speakers, 'quote-next-paragraph', q.sentence, undefined);
      return;
    }
    if (wordCount(q.content.text) >= MIN_UNATTRIBUTED_QUOTE_WORDS && !this.speakerWithinReach(q)) this.unattributed.push(q.content);
  }

  /** `"..." ― Name` / `"..." — Name, Title`: a dash right after the quotation, then its speaker to the paragraph end. */
  private signedQuote(q: Quote, after: readonly Token[], paragraphEnd: number, sentence: number): boolean {
    let k = 0;
    while (k < after.length && after[k]!.kind === 'punct' && /^[.,]$/.test(after[k]!.text)) k++;
    const first = after[k];
    if (!first || !SIGNATURE_DASHES.has(first.text)) return false;
    let last = k;
    if (first.text === '-' && after[k + 1]?.text === '-' && after[k + 1]!.start === first.end) last = k + 1;
    else if (first.text === '-') return false;
    const speakers = this.speakerAfter(after, last + 1).filter((sp) => sp.kind === 'name');
    const end = speakers[speakers.length - 1]?.end;
    if (end === undefined || !/^[\s.,;]*$/.test(this.text.slice(end, paragraphEnd)) && !/^,\s/.test(this.text.slice(end, end + 2))) return false;
    this.quoteDraft(q, 'assert', this.span(first.start, after[last]!.end), speakers, 'quote-dash-speaker', sentence, undefined);
    return true;
  }

  /**
   * Whether a speaker may stand near a quotation we could not attribute: a reporting verb or a
   * person's name outside the quote in its sentence or the next one. Then the miss is ours, not
   * the article's, and no flag is raised.
   */
  private speakerWithinReach(q: Quote): boolean {
    for (const index of [q.sentence, q.sentence + 1]) {
      const s = this.input.sentences[index];
      if (!s) continue;
      for (const t of this.sentenceTokens(index)) {
        if (t.start >= q.open && t.end <= q.close + 1) continue;
        if (t.kind !== 'word') continue;
        if (this.cueOf(t, this.quoteCues) || this.cueOf(t, this.reportCues)) return true;
        const m = this.mentionStartingAt(t.start);
        if (m && m.type === 'PERSON') return true;
      }
    }
    return false;
  }

  /** A quotation's draft: its content, stance (read from the content for an assertion), cue, speakers and act. */
  private quoteDraft(q: Quote, stance: Stance, cue: Span | undefined, speakers: Speaker[], rule: string, sentence: number, act: AttitudeAct | undefined): void {
    // One shape for every draft (cue and act present, maybe undefined): readers test them for undefined.
    this.pushQuoteDraft(q, { start: q.content.start, end: q.content.end, quote: true, stance: this.stanceOf(stance, q.content), cue, speakers, rule, sentence, act: act ? act : undefined });
  }

  private pushQuoteDraft(q: Quote, draft: Draft): void {
    this.drafts.push(draft);
    this.lastQuote = { close: q.close, draft };
  }

  // ---- reported speech --------------------------------------------------------------------------

  private reportedSpeech(tokens: readonly Token[], sentence: number, quotes: readonly Quote[], usedCues: ReadonlySet<number>): void {
    const { start: sentenceStart, end } = this.input.sentences[sentence]!;
    const near: Quote[] = [];
    for (let q = firstEndingAfter(quotes, sentenceStart); q < quotes.length && quotes[q]!.open < end; q++) near.push(quotes[q]!);
    const inQuote = (offset: number): boolean => {
      for (let q = 0; q < near.length; q++) if (near[q]!.open < offset && offset < near[q]!.close) return true;
      return false;
    };
    const lower = lowerFormsOf(tokens);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind !== 'word') continue;
      const lowerWord = lower?.[i] ?? t.text.toLowerCase();
      // Nothing below finds anything at a word outside speechWords: pass it over at once.
      if (!this.speechFilter.mayHave(lowerWord) || !this.speechWords.has(lowerWord) || usedCues.has(t.start) || inQuote(t.start)) continue;

      const cliticPrefix = this.cliticSourcePrefix(t, lowerWord);
      if (cliticPrefix) {
        this.cliticSourcePhrase(tokens, i, cliticPrefix, sentence);
        continue;
      }
      const prefix = this.sourcePrefixes.matchAt(tokens, i);
      if (prefix) {
        this.sourcePhrase(tokens, i, prefix.length, prefix.phrase, sentence);
        continue;
      }
      const participle = i > 0 && tokens[i - 1]!.text === ',' ? this.participleCues.matchAt(tokens, i) : undefined;
      if (participle) {
        this.participleClaim(tokens, i, participle.length, participle.phrase, sentence);
        i += participle.length - 1;
        continue;
      }
      const passive = this.passiveCues.matchAt(tokens, i);
      if (passive) {
        this.passiveClaim(tokens, i, passive.length, passive.phrase, sentence);
        i += passive.length - 1;
        continue;
      }
      // "Selain itu, lanjutnya, guru ...": a quote cue with its clitic between commas.
      const aside = i > 0 && tokens[i - 1]!.text === ',' && tokens[i + 1]?.text === ',' ? this.cueOf(t, this.quoteCues, lowerWord) : undefined;
      if (aside?.clitic) {
        this.cliticSourcePhrase(tokens, i, { stance: aside.stance, clitic: aside.clitic, act: aside.act ? aside.act : undefined }, sentence);
        continue;
      }
      // A report cue ("said", "mengatakan"), else the cue of a belief, feeling, intention or request
      // ("wants", "is convinced", "berharap"), which may be a phrase.
      let cue = this.cueOf(t, this.reportCues, lowerWord);
      let last = i;
      // "called for" is a request though "called" alone is a statement: the longer cue wins.
      const attitude = this.attitudeCues.match(tokens, i);
      if (!cue || (attitude && attitude.next > i + 1)) {
        if (!attitude || (attitude.value.activeOnly && this.passiveBefore(tokens, i))) continue;
        last = attitude.next - 1;
        cue = { stance: 'assert', end: tokens[last]!.end, act: attitude.value.act };
      }
      // A capitalised cue word after another word is part of a name: "the United States".
      if (isCapitalized(t.text) && i > 0 && tokens[i - 1]!.kind === 'word') continue;
      const cueSpan = this.span(t.start, cue.end);
      if (this.isNegated(tokens, i)) {
        if (cue.act) continue;
        this.negated.push(cueSpan);
        // Who did not say it is still the person the next "Menurutnya" means.
        let k = i - 1;
        for (let m = this.negators.matchEndingAt(tokens, k); k >= 0 && (m || this.auxiliaries.has(tokens[k]!.text.toLowerCase())); m = this.negators.matchEndingAt(tokens, k)) k -= m ? m.length : 1;
        for (const sp of this.speakerBefore(tokens, this.skipAuxiliariesBack(tokens, k))) {
          if (sp.entity !== undefined && sp.kind === 'name' && this.personIds.has(sp.entity)) this.negatedSpeakers.push({ start: sp.start, sentence, entity: sp.entity });
        }
        continue;
      }
      // "The losses would outstrip the gains, said Batchelder.": the speaker after the cue, the clause
      // before the comma its content.
      if (!cue.act && !cue.clitic && i > 1 && tokens[i - 1]!.text === ',' && this.invertedClaim(tokens, i, cueSpan, cue.stance, sentence)) continue;
      if (!cue.act && !cue.clitic && i === 0 && this.cueFirstClaim(tokens, cueSpan, cue.stance, sentence)) break;
      const subject = this.subjectBefore(tokens, i);
      const speakers = this.quoteSpeakers(t.start, sentence, subject.length > 0 ? subject : this.clauseSubject(tokens, i));
      // "the administration's plans to ...", "Trump's claims": the cue is a noun its owner holds.
      if (speakers.length === 0 || (cue.act && speakers.some((sp) => this.possessiveEndings.some((x) => sp.text.endsWith(x))))) continue;
      // "mengingatkan agar ...": a request; "menyampaikan apresiasi ...": thanks, nothing at all.
      let afterCue = last + 1;
      while (afterCue < tokens.length && tokens[afterCue]!.kind === 'punct' && /[,:]/.test(tokens[afterCue]!.text)) afterCue++;
      let act = cue.act;
      if (!cue.clitic && !act) {
        if (this.requestOpeners.matchAt(tokens, afterCue)) act = 'request';
        else if (this.nonClaimOpeners.matchAt(tokens, afterCue)) continue;
      }
      let stance = cue.stance;
      let content: Span | undefined;
      let target: number | undefined;
      const objectStart = cue.clitic || act ? -1 : i + 1;
      const anaphor = objectStart > 0 ? this.anaphoric.matchAt(tokens, objectStart) : undefined;
      const pointsBack = (cue.clitic !== undefined && !act) || (anaphor !== undefined && this.endsClause(tokens, objectStart + anaphor.length));
      if (pointsBack) {
        // "Moskow dan Pyongyang membantahnya": what they deny is the claim just before.
        target = this.previousDraft(t.start);
        const previous = target !== undefined ? this.drafts[target] : undefined;
        content = previous ? this.span(previous.start, previous.end) : this.previousSentenceContent(sentence);
      } else {
        const before = this.contentBeforeSpeaker(tokens, last, speakers);
        const from = before ? undefined : act ? this.attitudeContentStart(tokens, afterCue) : this.contentStart(tokens, i + 1);
        content = before ?? (from !== undefined ? this.trimmedSpan(from, end) : undefined);
        // "That's what the campaign now hopes.": nothing after a cue that ends the sentence; what
        // it reports stands before its speaker.
        if (!content && tokens.slice(last + 1).every((x) => x.kind === 'punct') && speakers[0]) {
          const lead = this.trimmedSpan(this.input.sentences[sentence]!.start, speakers[0].start);
          // Not the tail of a quotation with its own cue: `Tidak sama sekali," kata X menegaskan.`
          const spent = quoteBetween(near, sentenceStart, speakers[0].start);
          if (lead && !spent && wordCount(lead.text) >= MIN_INVERTED_CONTENT_WORDS) content = lead;
        }
      }
      if (!content) continue;
      if (act) {
        this.drafts.push({ start: content.start, end: content.end, quote: false, stance: 'assert', cue: this.span(t.start, cue.end), speakers, rule: cue.act ? 'attitude-cue-content' : 'speaker-cue-request', sentence, act });
        i = last;
        continue;
      }
      stance = this.stanceOf(stance, content);
      this.drafts.push({ start: content.start, end: content.end, quote: false, stance, cue: cueSpan, speakers, rule: pointsBack ? 'speaker-cue-anaphor' : 'speaker-cue-content', sentence, target, act: undefined });
    }
  }

  /** "Said Ellis: ...": a sentence that opens with the cue, its speaker and a colon. */
  private cueFirstClaim(tokens: readonly Token[], cue: Span, stance: Stance, sentence: number): boolean {
    const found = this.speakerAfter(tokens, 1);
    const lastSpeaker = found[found.length - 1];
    const colon = lastSpeaker ? tokens.findIndex((x) => x.start >= lastSpeaker.end) : -1;
    if (colon < 0 || tokens[colon]!.text !== ':') return false;
    const content = this.trimmedSpan(tokens[colon]!.end, this.paragraphEnd(sentence));
    if (!content) return false;
    const quoted = /^["“]/.test(content.text) ? this.trimmedSpan(content.start + 1, /["”]$/.test(content.text) ? content.end - 1 : content.end) ?? content : content;
    this.drafts.push({ start: quoted.start, end: quoted.end, quote: quoted !== content, stance: this.stanceOf(stance, quoted), cue, speakers: this.quoteSpeakers(cue.start, sentence, found), rule: 'cue-speaker-colon', sentence });
    return true;
  }

  /** "<content>, said X." / "<content>, said X, the ...": a speaker right after the cue that ends its clause. */
  private invertedClaim(tokens: readonly Token[], i: number, cue: Span, stance: Stance, sentence: number): boolean {
    const found = this.speakerAfter(tokens, i + 1);
    const lastSpeaker = found[found.length - 1];
    if (!lastSpeaker) return false;
    const rest = tokens.filter((x) => x.start >= lastSpeaker.end);
    // What follows the speaker: an apposition, the sentence end, or a few words ("in the room").
    if (rest[0] && !/^[,.;!?]$/.test(rest[0].text) && rest.filter((x) => x.kind === 'word').length > MAX_TRAILING_WORDS) return false;
    const content = this.trimmedSpan(this.input.sentences[sentence]!.start, tokens[i - 1]!.start);
    if (!content || wordCount(content.text) < MIN_INVERTED_CONTENT_WORDS) return false;
    const speakers = this.quoteSpeakers(cue.start, sentence, found);
    this.drafts.push({ start: content.start, end: content.end, quote: false, stance: this.stanceOf(stance, content), cue, speakers, rule: 'content-cue-speaker', sentence });
    return true;
  }

  /** A lower-case word with one of the pack's adverb endings: "cynically", "forcefully". */
  private isAdverb(t: Token): boolean {
    return t.kind === 'word' && t.text === t.text.toLowerCase() && this.adverbEndings.some((x) => t.text.length > x.length + 3 && t.text.endsWith(x));
  }

  /** A form of "be" before tokens[i], past auxiliaries: "is also expected". */
  private passiveBefore(tokens: readonly Token[], i: number): boolean {
    for (let k = i - 1; k >= 0 && i - k <= 3; k--) {
      const w = tokens[k]!.text.toLowerCase();
      if (this.passiveMarkers.has(w)) return true;
      if (!this.auxiliaries.has(w)) return false;
    }
    return false;
  }

  /** Where what is believed, wanted or asked begins: past an opener ("to", "that"; "untuk", "agar", "bahwa"). */
  private attitudeContentStart(tokens: readonly Token[], i: number): number | undefined {
    const opener = this.attitudeOpeners.matchAt(tokens, i);
    return tokens[opener ? i + opener.length : i]?.start;
  }

  /**
   * "The bridge will close, city officials said on Tuesday.": when the cue ends its sentence (a few
   * words at most after it, and no complementiser) and a comma stands before the speaker, the
   * content is the clause before that comma.
   */
  private contentBeforeSpeaker(tokens: readonly Token[], cue: number, speakers: readonly Speaker[]): Span | undefined {
    const first = speakers[0];
    if (!first) return undefined;
    // At most a few words after the cue, none of them a complementiser (read no further than that).
    let trailing = 0;
    for (let x = cue + 1; x < tokens.length; x++) {
      const t = tokens[x]!;
      if (t.kind !== 'word') continue;
      if (++trailing > MAX_TRAILING_WORDS || this.complementizers.has(t.text.toLowerCase())) return undefined;
    }
    let k = tokens.findIndex((t) => t.start >= first.start) - 1;
    // "..., the Tax Foundation said": past a determiner the speaker span left out.
    const det = k >= 1 ? this.determiners.matchEndingAt(tokens, k) : undefined;
    if (det && tokens[k]!.kind === 'word') k -= det.length;
    if (k < 1 || tokens[k]!.text !== ',') return undefined;
    while (k > 0 && tokens[k - 1]!.kind === 'punct' && tokens[k - 1]!.text !== '"') k--;
    return this.trimmedSpan(tokens[0]!.start, tokens[k]!.start);
  }

  /** "Menurutnya" / "according to him": a one-word source prefix carrying a clitic. */
  private cliticSourcePrefix(t: Token, lower = t.text.toLowerCase()): { stance: Stance; clitic: string } | undefined {
    if (t.kind !== 'word') return undefined;
    for (const suffix of this.suffixes) {
      if (lower.length <= suffix.length + 2 || !lower.endsWith(suffix)) continue;
      const stance = this.sourcePrefixStances.get(lower.slice(0, -suffix.length));
      if (stance) return { stance, clitic: t.text.slice(-suffix.length) };
    }
    return undefined;
  }

  /** "Menurutnya, ...": the clitic speaks what follows (or, at the end, what came before in the sentence). */
  private cliticSourcePhrase(tokens: readonly Token[], i: number, prefix: { stance: Stance; clitic: string; act?: AttitudeAct | undefined }, sentence: number): void {
    const t = tokens[i]!;
    const s = this.input.sentences[sentence]!;
    let k = i + 1;
    while (k < tokens.length && tokens[k]!.kind === 'punct' && /[,:]/.test(tokens[k]!.text)) k++;
    let wordsAfter = 0;
    for (let x = k; x < tokens.length; x++) if (tokens[x]!.kind === 'word') wordsAfter++;
    let content: Span | undefined;
    if (wordsAfter >= 3) content = this.trimmedSpan(tokens[k]!.start, s.end);
    else if (i > 0) content = this.trimmedSpan(s.start, tokens[i - 1]!.start);
    if (!content) return;
    const speakers = this.quoteSpeakers(t.start, sentence, this.cliticSpeaker(t, prefix.clitic));
    const cue = this.span(t.start, t.end - prefix.clitic.length);
    this.drafts.push({ start: content.start, end: content.end, quote: false, stance: prefix.act ? 'assert' : this.stanceOf(prefix.stance, content), cue, speakers, rule: 'source-phrase', sentence, act: prefix.act ? prefix.act : undefined });
  }

  /**
   * Whatever a source prefix introduces, up to the next comma or the sentence end, when it names no
   * known speaker: "according to the nonpartisan Congressional Budget Office", "according to exit polls".
   */
  private sourceUpToComma(tokens: readonly Token[], i: number): { speakers: Speaker[]; next: number } | undefined {
    let k = i;
    while (k < tokens.length && k - i < MAX_SOURCE_TOKENS && !/^[,.;:!?"“”]$/.test(tokens[k]!.text)) k++;
    if (k === i || (k < tokens.length && k - i >= MAX_SOURCE_TOKENS)) return undefined;
    if (tokens.slice(i, k).every((t) => this.isFunctionWord(t.text))) return undefined;
    return { speakers: [this.speakerAt(tokens[i]!.start, tokens[k - 1]!.end, 'unnamed')], next: k };
  }

  /** "Menurut X, ..." and "..., menurut X." */
  private sourcePhrase(tokens: readonly Token[], i: number, length: number, phrase: string, sentence: number): void {
    const stance = this.lex.sourcePrefixes.find((p) => p.word === phrase)?.stance ?? 'assert';
    // Read up to the comma only where the prefix opens a clause ("..., according to X." / "According to X, ...").
    const opensClause = i === 0 || tokens[i - 1]!.kind === 'punct';
    const found = this.speakerTokensForward(tokens, i + length) ?? (opensClause ? this.sourceUpToComma(tokens, i + length) : undefined);
    if (!found) return;
    const s = this.input.sentences[sentence]!;
    const cue = this.span(tokens[i]!.start, tokens[i + length - 1]!.end);
    let content: Span | undefined;
    if (tokens[found.next]?.text === ',') {
      content = this.trimmedSpan(tokens[found.next]!.end, s.end);
    } else if (i > 0) {
      let k = i - 1;
      while (k >= 0 && tokens[k]!.kind === 'punct') k--;
      if (k >= 0) content = this.trimmedSpan(s.start, tokens[k]!.end);
    }
    if (!content) return;
    this.drafts.push({ start: content.start, end: content.end, quote: false, stance: this.stanceOf(stance, content), cue, speakers: found.speakers, rule: 'source-phrase', sentence });
  }

  /**
   * "A business group denied that ..., saying shops would stay open": more words of the speaker of
   * the claim this clause belongs to. The host claim ends at the comma.
   */
  private participleClaim(tokens: readonly Token[], i: number, length: number, phrase: string, sentence: number): void {
    const comma = tokens[i - 1]!.start;
    const host = this.drafts.findIndex((d) => d.sentence === sentence && d.start < comma && d.end >= comma);
    // "Clinton had mocked the complaint, saying ...": with no claim before it, the subject of the
    // clause speaks.
    const subject = host < 0 ? this.speakerTokensForward(tokens, 0)?.speakers.filter((sp) => sp.kind !== 'unnamed') : undefined;
    if (host < 0 && (!subject || subject.length === 0)) return;
    const hostDraft = host >= 0 ? this.drafts[host]! : undefined;
    if (hostDraft) {
      const trimmed = this.trimmedSpan(hostDraft.start, comma);
      if (trimmed) hostDraft.end = trimmed.end;
    }
    const word = this.lex.participleCues.find((p) => p.word === phrase);
    const act = word?.act && word.act !== 'statement' ? word.act : undefined;
    // ", promising to lift ...": what is promised or asked for starts past its opener.
    const from = act ? this.attitudeContentStart(tokens, i + length) : this.contentStart(tokens, i + length);
    const content = from !== undefined ? this.trimmedSpan(from, this.input.sentences[sentence]!.end) : undefined;
    if (!content) return;
    const stance = word?.stance ?? 'assert';
    const cue = this.span(tokens[i]!.start, tokens[i + length - 1]!.end);
    const speakers = hostDraft?.speakers ?? this.quoteSpeakers(tokens[i]!.start, sentence, subject!);
    this.drafts.push({ start: content.start, end: content.end, quote: false, stance: act ? 'assert' : this.stanceOf(stance, content), cue, speakers, rule: 'participle-cue', sentence, act: act ? act : undefined });
  }

  /** "..., namun berulang kali dibantah oleh Teheran": a denial of the clause before it. */
  private passiveClaim(tokens: readonly Token[], i: number, length: number, phrase: string, sentence: number): void {
    const stance = this.lex.passiveCues.find((p) => p.word === phrase)?.stance ?? 'deny';
    const found = this.speakerTokensForward(tokens, i + length);
    if (!found) return;
    const s = this.input.sentences[sentence]!;
    // The denied clause ends at the last comma before the cue and starts where this sentence's
    // own claim content starts (after "bahwa"), or at the sentence start.
    let k = i - 1;
    while (k >= 0 && tokens[k]!.text !== ',') k--;
    const clauseEnd = k >= 0 ? tokens[k]!.start : tokens[Math.max(0, i - 1)]!.start;
    const host = this.drafts.findIndex((d) => d.sentence === sentence && d.start < clauseEnd && d.end > clauseEnd);
    const clauseStart = host >= 0 ? this.drafts[host]!.start : s.start;
    if (host >= 0) {
      // The host claim ends where the denial begins.
      const trimmed = this.trimmedSpan(this.drafts[host]!.start, clauseEnd);
      if (trimmed) this.drafts[host]!.end = trimmed.end;
    }
    const content = this.trimmedSpan(clauseStart, clauseEnd);
    if (!content) return;
    const cue = this.span(tokens[i]!.start, tokens[i + length - 1]!.end);
    this.drafts.push({ start: content.start, end: content.end, quote: false, stance, cue, speakers: found.speakers, rule: 'passive-cue', sentence, target: host >= 0 ? host : undefined });
  }

  // ---- speakers ---------------------------------------------------------------------------------

  /**
   * The speaker of the cue at tokens[i]: right before it (past auxiliaries), or before a short
   * phrase opened by a gap opener when a name stands there: "Sanders on Tuesday said",
   * "Smith in a statement said".
   */
  private subjectBefore(tokens: readonly Token[], i: number): Speaker[] {
    const k = this.skipAuxiliariesBack(tokens, i - 1);
    const direct = this.speakerBefore(tokens, k);
    if (direct.length > 0) return direct;
    for (let g = k; g > 0 && k - g < MAX_GAP_TOKENS; g--) {
      const t = tokens[g]!;
      if (t.kind !== 'word') return [];
      if (!this.gapOpeners.has(t.text.toLowerCase())) continue;
      const named = this.speakerBefore(tokens, this.skipAuxiliariesBack(tokens, g - 1));
      if (named.length > 0 && named.every((sp) => sp.kind !== 'unnamed')) return named;
    }
    return [];
  }

  /**
   * The whole noun phrase that opens the clause of the cue at tokens[i], when no known speaker ends
   * right before it: "A USA TODAY analysis of newly filed reports shows", "Experts on North Korea
   * said". It starts with a capital or a determiner, runs from the clause start to the cue (past
   * auxiliaries), names someone (an unnamed-source head or an entity that is no place), and holds
   * no auxiliary, pronoun, complementiser, relative pronoun or cue: a clause, not a phrase, would.
   */
  private clauseSubject(tokens: readonly Token[], i: number): Speaker[] {
    if (!this.lex.clauseSubjects) return [];
    const last = this.skipAuxiliariesBack(tokens, i - 1);
    let first = last;
    while (first > 0 && last - first < MAX_CLAUSE_SUBJECT_TOKENS && !/^[,;:(“”"—–]$/.test(tokens[first - 1]!.text)) first--;
    if (first < 0 || last < first || (first > 0 && !/^[,;:(“”"—–]$/.test(tokens[first - 1]!.text))) return [];
    const head = tokens[first]!;
    if (head.kind !== 'word' || (!isCapitalized(head.text) && !this.determiners.matchAt(tokens, first))) return [];
    let anchored = false;
    for (let k = first; k <= last; k++) {
      const w = tokens[k]!.text.toLowerCase();
      if (this.unnamedHeads.matchAt(tokens, k) || (this.mentionStartingAt(tokens[k]!.start)?.type ?? 'LOC') !== 'LOC') anchored = true;
      if (tokens[k]!.kind === 'punct' && !/^['’.-]$/.test(tokens[k]!.text)) return [];
      if (this.auxiliaries.has(w) || this.pronouns.has(w) || this.complementizers.has(w) || this.relativePronouns.has(w) || this.negators.matchAt(tokens, k)) return [];
      if (this.reportCues.has(w) || this.quoteCues.has(w) || this.attitudeCues.match(tokens, k) || this.isAdverb(tokens[k]!)) return [];
    }
    if (!anchored || wordCount(this.text.slice(head.start, tokens[last]!.end)) < 2) return [];
    return [this.speakerAt(head.start, tokens[last]!.end, 'unnamed')];
  }

  /** The speaker(s) whose phrase ends at tokens[k]: named entities joined by "dan"/"and", a pronoun, or an unnamed source. */
  private speakerBefore(tokens: readonly Token[], k: number): Speaker[] {
    if (k < 0) return [];
    // "Rep. Gwen Moore (D-Wis.), chairman of ..., said": past a short parenthesis.
    if (tokens[k]!.text === ')') {
      let j = k - 1;
      while (j >= 0 && k - j <= MAX_PAREN_TOKENS && tokens[j]!.text !== '(' && tokens[j]!.text !== ')') j--;
      return j >= 1 && tokens[j]!.text === '(' ? this.speakerBefore(tokens, j - 1) : [];
    }
    // "Mark Rutte, who said ...": the name before the relative pronoun speaks.
    if (this.relativePronouns.has(tokens[k]!.text.toLowerCase()) && k >= 2 && tokens[k - 1]!.text === ',') {
      const named = this.mentionEndingAt(tokens[k - 2]!.end);
      if (named && named.type !== 'LOC') return this.speakerBefore(tokens, k - 2);
      return [];
    }
    // "black listeners who said ...": an unnamed source right before the relative pronoun.
    if (this.relativePronouns.has(tokens[k]!.text.toLowerCase()) && k >= 1) return this.unnamedEndingAt(tokens, k - 1) ? [this.unnamedEndingAt(tokens, k - 1)!.speaker] : [];
    // An apposition between commas: "Rutte, the NATO chief, said" names the speaker before it;
    // "Kepala BPBD setempat, Agus Salim, mengatakan" names them inside it.
    if (tokens[k]!.text === ',') {
      let j = k - 1;
      while (j >= 0 && tokens[j]!.text !== ',' && k - j < MAX_APPOSITION_TOKENS) j--;
      if (j < 0 || tokens[j]!.text !== ',') return [];
      const inside = this.mentionEndingAt(tokens[k - 1]!.end);
      if (inside && inside.type === 'PERSON' && inside.start === tokens[j + 1]!.start) return this.speakerBefore(tokens, k - 1);
      return this.speakerBefore(tokens, j - 1);
    }
    const speakers: Speaker[] = [];
    let end = k;
    for (;;) {
      const one = this.oneSpeakerEndingAt(tokens, end);
      if (!one) break;
      speakers.unshift(one.speaker);
      const before = one.first - 1;
      if (before >= 1 && this.conjunctions.has(tokens[before]!.text.toLowerCase())) end = before - 1;
      else if (before >= 1 && tokens[before]!.text === ',' && speakers.length > 1) end = before - 1;
      else break;
    }
    return speakers;
  }

  private oneSpeakerEndingAt(tokens: readonly Token[], k: number): { speaker: Speaker; first: number } | undefined {
    const t = tokens[k];
    if (!t) return undefined;
    const mention = this.mentionEndingAt(t.end);
    // "Para pejabat Barat": the unnamed officials speak, "Barat" only says which.
    const unnamed = this.unnamedEndingAt(tokens, k);
    if (unnamed && (!mention || (mention.type !== 'PERSON' && tokens[unnamed.first]!.start < mention.start))) return unnamed;
    if (mention && (mention.type === 'PERSON' || mention.type === 'ORG' || mention.type === 'GPE' || mention.type === 'NORP')) {
      let first = k;
      while (first > 0 && tokens[first - 1]!.start >= mention.start) first--;
      return { speaker: this.entitySpeakerAt(mention.start, mention.end, mention.entity, 'name'), first };
    }
    if (t.kind === 'word' && this.pronouns.has(t.text.toLowerCase())) {
      return { speaker: this.pronounSpeaker(t.start, t.end), first: k };
    }
    return unnamed ?? this.nounPhraseEndingAt(tokens, k);
  }

  /**
   * Any other speaker: a noun phrase with a determiner ("Para nelayan", "The ministry") or one
   * that opens its clause ("Fishermen have long said"). Content words only, at most three.
   */
  private nounPhraseEndingAt(tokens: readonly Token[], k: number): { speaker: Speaker; first: number } | undefined {
    // "Aktris berusia 39 tahun itu", "Ibu tiga anak itu": a described person, closed by a
    // demonstrative, that opens its clause.
    if (k > 0 && this.demonstratives.has(tokens[k]!.text.toLowerCase())) {
      for (let first = k - 1; first >= 0 && k - first <= MAX_DESCRIBED_TOKENS; first--) {
        const t = tokens[first]!;
        if (t.kind !== 'word' && !/^\d/.test(t.text)) break;
        if (this.reportCues.has(t.text.toLowerCase()) || this.quoteCues.has(t.text.toLowerCase())) break;
        const opens = first === 0 || /^[,;:(“"]$/.test(tokens[first - 1]!.text);
        if (opens && !this.isFunctionWord(t.text)) {
          // It points back at someone named before, as a pronoun does.
          return { speaker: this.speakerAt(tokens[first]!.start, tokens[k]!.end, 'pronoun'), first };
        }
      }
    }
    for (let first = k; first >= 0 && k - first < MAX_NOUN_PHRASE_TOKENS; first--) {
      const t = tokens[first]!;
      if (t.kind !== 'word' || this.isFunctionWord(t.text)) {
        const det = this.determiners.matchEndingAt(tokens, first);
        if (det && first < k) return this.phrase(tokens, first - det.length + 1, k);
        return undefined;
      }
      const det = first > 0 ? this.determiners.matchEndingAt(tokens, first - 1) : undefined;
      if (det) return this.phrase(tokens, first - det.length, k);
      // A clause opens at the sentence start, after punctuation, or after a sentence-initial "Namun" / "But".
      const opensClause = first === 0 || /^[,;:(“"]$/.test(tokens[first - 1]!.text) || (first === 1 && this.isFunctionWord(tokens[0]!.text));
      if (opensClause) return this.phrase(tokens, first, k);
    }
    return undefined;
  }

  private phrase(tokens: readonly Token[], first: number, last: number): { speaker: Speaker; first: number } {
    return { speaker: this.speakerAt(tokens[first]!.start, tokens[last]!.end, 'unnamed'), first };
  }

  private isFunctionWord(word: string): boolean {
    const w = word.toLowerCase();
    return this.functionWords.has(w) || this.reportCues.has(w) || this.quoteCues.has(w) || this.auxiliaries.has(w) || this.conjunctions.has(w) || this.complementizers.has(w);
  }

  /** "Para pejabat Barat", "Pejabat itu", "seorang pejabat", "a senior official", "officials". */
  private unnamedEndingAt(tokens: readonly Token[], k: number): { speaker: Speaker; first: number } | undefined {
    for (let head = k; head >= 0 && k - head < MAX_UNNAMED_TOKENS; head--) {
      const t = tokens[head]!;
      if (t.kind !== 'word') return undefined;
      const m = this.unnamedHeads.matchEndingAt(tokens, head);
      if (!m) continue;
      // What follows the head must be modifiers: a demonstrative or capitalised words ("Barat").
      const modifiersOk = tokens.slice(head + 1, k + 1).every((x) => this.demonstratives.has(x.text.toLowerCase()) || isCapitalized(x.text));
      if (!modifiersOk) return undefined;
      let first = head - m.length + 1;
      // Back over a determiner ("seorang", "the") or, up to the clause start, modifiers ("city officials").
      for (let d = first - 1; d >= -1 && first - d <= 3; d--) {
        if (d < 0 || tokens[d]!.kind === 'punct') {
          first = d + 1;
          break;
        }
        const det = this.determiners.matchEndingAt(tokens, d);
        if (det) {
          first = d - det.length + 1;
          break;
        }
        if (this.isFunctionWord(tokens[d]!.text)) break;
      }
      const span = this.span(tokens[first]!.start, tokens[k]!.end);
      return { speaker: this.speakerAt(span.start, span.end, 'unnamed'), first };
    }
    return undefined;
  }

  /** The speaker phrase starting at tokens[i] (after a quote cue or a source phrase). */
  private speakerTokensForward(tokens: readonly Token[], i: number): { speakers: Speaker[]; next: number } | undefined {
    const speakers: Speaker[] = [];
    let k = i;
    for (;;) {
      const one = this.oneSpeakerStartingAt(tokens, k);
      if (!one) break;
      speakers.push(one.speaker);
      k = one.next;
      if (k < tokens.length - 1 && this.conjunctions.has(tokens[k]!.text.toLowerCase())) k++;
      else break;
    }
    return speakers.length > 0 ? { speakers, next: k } : undefined;
  }

  /**
   * The speaker after a quote cue. Whoever stands there is the speaker, recognised or not: a run of
   * capitalised words ("kata Direktur Utama PT Dhirga Surya", "ujar Menag") or a noun with a
   * demonstrative ("tulis dokumen tersebut").
   */
  private speakerAfter(tokens: readonly Token[], i: number): Speaker[] {
    const found = this.speakerTokensForward(tokens, i)?.speakers;
    if (found && found.length > 0) return found;
    const t = tokens[i];
    if (!t || t.kind !== 'word') return [];
    let k = i;
    if (isCapitalized(t.text)) {
      while (k + 1 < tokens.length && k + 1 - i < MAX_SPEAKER_RUN && tokens[k + 1]!.kind === 'word' && isCapitalized(tokens[k + 1]!.text)) k++;
      // "kata Ketua DPC X itu": a title pointing back at the person named before.
      if (this.demonstratives.has(tokens[k + 1]?.text.toLowerCase() ?? '')) return [this.speakerAt(t.start, tokens[k + 1]!.end, 'pronoun')];
    } else if (this.demonstratives.has(tokens[i + 1]?.text.toLowerCase() ?? '') && !this.isFunctionWord(t.text)) {
      k = i + 1;
    } else {
      return [];
    }
    return [this.speakerAt(t.start, tokens[k]!.end, isCapitalized(t.text) ? 'name' : 'unnamed')];
  }

  private oneSpeakerStartingAt(tokens: readonly Token[], i: number): { speaker: Speaker; next: number } | undefined {
    const t = tokens[i];
    if (!t || t.kind !== 'word') return undefined;
    // A title before the name: "kata Camat Sukamaju Rina Hartati", "Mayor Helen Carter told".
    let mention = this.mentionStartingAt(t.start);
    for (let k = i; !mention && k < tokens.length && k - i < MAX_TITLE_TOKENS && (isCapitalized(tokens[k]!.text) || (k > i && tokens[k]!.text === '.')); k++) {
      const later = this.mentionStartingAt(tokens[k + 1]?.start ?? -1);
      if (later?.type === 'PERSON') mention = later;
    }
    // A determiner before a name: "according to the World Bank".
    const lead = this.determiners.matchAt(tokens, i);
    const afterLead = lead ? this.mentionStartingAt(tokens[i + lead.length]?.start ?? -1) : undefined;
    if (!mention && afterLead && afterLead.type !== 'PERSON') mention = { ...afterLead, start: t.start };
    if (mention) {
      let next = i;
      while (next < tokens.length && tokens[next]!.end <= mention.end) next++;
      // "Pentagon officials", "Kremlin spokesman": people speaking for the organisation or place.
      const head = mention.type !== 'PERSON' ? this.unnamedHeads.matchAt(tokens, next) : undefined;
      if (head && !this.mentionStartingAt(tokens[next + head.length]?.start ?? -1)) {
        const end = tokens[next + head.length - 1]!.end;
        return { speaker: this.entitySpeakerAt(mention.start, end, mention.entity, 'unnamed'), next: next + head.length };
      }
      return { speaker: this.entitySpeakerAt(mention.start, mention.end, mention.entity, 'name'), next };
    }
    if (this.pronouns.has(t.text.toLowerCase())) return { speaker: this.pronounSpeaker(t.start, t.end), next: i + 1 };
    // Unnamed: determiners, up to two modifiers, the head, then an optional demonstrative.
    let k = i;
    const det = this.determiners.matchAt(tokens, k);
    if (det) k += det.length;
    for (let skip = 0; skip <= 2 && k + skip < tokens.length; skip++) {
      const head = this.unnamedHeads.matchAt(tokens, k + skip);
      if (!head) continue;
      let next = k + skip + head.length;
      while (next < tokens.length && (this.demonstratives.has(tokens[next]!.text.toLowerCase()) || (isCapitalized(tokens[next]!.text) && !this.mentionStartingAt(tokens[next]!.start)))) next++;
      if (!det && skip > 0) return undefined;
      return { speaker: this.speakerAt(tokens[i]!.start, tokens[next - 1]!.end, 'unnamed'), next };
    }
    return undefined;
  }

  /**
   * A pronoun or clitic that speaks a quotation ("ujarnya", "kata dia", "she says") never means a
   * name inside the quoted words: it is the person who spoke last (the speaker of the latest
   * attribution before `offset`, a few sentences back at most), else the person the pronoun
   * resolver finds before the quotation opens.
   */
  private quoteSpeakers(offset: number, sentence: number, speakers: Speaker[]): Speaker[] {
    return speakers.map((s) => {
      if (s.kind !== 'pronoun') return s;
      const entity = this.previousSpeakerEntity(offset, sentence) ?? this.input.pronouns.resolve(offset);
      // Every pronoun speaker is { start, end, text, kind[, entity] } (speakerAt, pronounSpeaker).
      return entity ? { start: s.start, end: s.end, text: s.text, kind: s.kind, entity } : { start: s.start, end: s.end, text: s.text, kind: s.kind };
    });
  }

  /** The person who speaks in the latest claim ending before `offset`, within a few sentences (one who only wants or believes speaks not). */
  private previousSpeakerEntity(offset: number, sentence: number): string | undefined {
    let best: { start: number; entity: string } | undefined;
    for (let d = this.drafts.length - 1; d >= 0; d--) {
      const draft = this.drafts[d]!;
      if (draft.start >= offset || draft.sentence > sentence || draft.act !== undefined) continue;
      if (draft.sentence < sentence - MAX_SPEAKER_SENTENCES_BACK) break;
      const person = draft.speakers.find((sp) => sp.entity !== undefined && sp.kind !== 'unnamed' && this.personIds.has(sp.entity));
      if (person) {
        const at = Math.max(draft.start, draft.cue?.start ?? draft.start);
        if (!best || at > best.start) best = { start: at, entity: person.entity! };
      }
    }
    for (const n of this.negatedSpeakers) {
      if (n.start < offset && n.sentence >= sentence - MAX_SPEAKER_SENTENCES_BACK && (!best || n.start > best.start)) best = n;
    }
    return best?.entity;
  }

  private pronounSpeaker(start: number, end: number): Speaker {
    const entity = this.input.pronouns.resolve(start);
    const text = this.text.slice(start, end);
    return entity ? { start, end, text, kind: 'pronoun', entity } : { start, end, text, kind: 'pronoun' };
  }

  /** A speaker { start, end, text, kind } (the key order of the JSON). */
  private speakerAt(start: number, end: number, kind: Speaker['kind']): Speaker {
    return { start, end, text: this.text.slice(start, end), kind };
  }

  /** A speaker { start, end, text, entity, kind } (the key order of the JSON). */
  private entitySpeakerAt(start: number, end: number, entity: string, kind: Speaker['kind']): Speaker {
    return { start, end, text: this.text.slice(start, end), entity, kind };
  }

  /** "ujarnya": the clitic is the speaker, resolved like a pronoun. */
  private cliticSpeaker(token: Token, clitic: string): Speaker[] {
    return [this.pronounSpeaker(token.end - clitic.length, token.end)];
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** A cue word, possibly with a clitic ("ujarnya", "membantahnya"); `end` is where the cue ends. */
  private cueOf(t: Token, cues: ReadonlyMap<string, Stance>, lower = t.text.toLowerCase()): { stance: Stance; end: number; clitic?: string | undefined; act?: AttitudeAct | undefined } | undefined {
    if (t.kind !== 'word') return undefined;
    const direct = cues.get(lower);
    if (direct) return { stance: direct, end: t.end, clitic: undefined, act: this.cueActs.get(lower) };
    for (const suffix of this.suffixes) {
      if (lower.length > suffix.length + 2 && lower.endsWith(suffix)) {
        const base = lower.slice(0, -suffix.length);
        const stance = cues.get(base);
        if (stance) return { stance, end: t.end, clitic: t.text.slice(-suffix.length), act: this.cueActs.get(base) };
      }
    }
    return undefined;
  }

  private isNegated(tokens: readonly Token[], cue: number): boolean {
    for (let k = cue - 1; k >= 0 && cue - k <= 3; k--) {
      const m = this.negators.matchEndingAt(tokens, k);
      if (m) return true;
      if (!this.auxiliaries.has(tokens[k]!.text.toLowerCase()) && tokens[k]!.text.toLowerCase() !== 'to') return false;
    }
    return false;
  }

  /**
   * Back from a cue over what may stand between it and its speaker: auxiliaries ("juga", "kemudian,"),
   * a parenthesis ("Agus Harimurti Yudhoyono (AHY) mengatakan") and a short phrase opened by a
   * gap opener that ends in a clitic ("Fadli Zon dalam sambutannya menegaskan").
   */
  private skipAuxiliariesBack(tokens: readonly Token[], k: number): number {
    for (;;) {
      const t = tokens[k];
      if (!t) return k;
      const lower = t.text.toLowerCase();
      if (this.auxiliaries.has(lower) || this.isAdverb(t)) k--;
      else if (t.text === ',' && k > 0 && this.auxiliaries.has(tokens[k - 1]!.text.toLowerCase()) && k >= 2 && tokens[k - 2]!.kind === 'word') k -= 2;
      else if (t.text === ')') {
        let j = k - 1;
        while (j >= 0 && k - j <= MAX_PAREN_TOKENS && tokens[j]!.text !== '(' && tokens[j]!.text !== ')') j--;
        if (j < 1 || tokens[j]!.text !== '(') return k;
        k = j - 1;
      } else if (k >= 2 && this.gapOpeners.has(tokens[k - 1]!.text.toLowerCase()) && this.suffixes.some((x) => lower.length > x.length + 2 && lower.endsWith(x))) {
        k -= 2;
      } else return k;
    }
  }

  /** Where the content begins after a cue: after a nearby complementiser, else right after the cue. */
  private contentStart(tokens: readonly Token[], i: number): number | undefined {
    const first = tokens[i];
    const gapAllowed = first !== undefined && (this.complementizers.has(first.text.toLowerCase()) || this.gapOpeners.has(first.text.toLowerCase()) || this.mentionStartingAt(first.start)?.type === 'ORG');
    for (let k = i; gapAllowed && k < tokens.length && k - i < COMPLEMENTIZER_WINDOW; k++) {
      const t = tokens[k]!;
      if (t.text === '.' || this.reportCues.has(t.text.toLowerCase())) break;
      if (this.complementizers.has(t.text.toLowerCase())) return tokens[k + 1]?.start;
    }
    let k = i;
    while (k < tokens.length && tokens[k]!.kind === 'punct' && /[,:]/.test(tokens[k]!.text)) k++;
    return tokens[k]?.start;
  }

  private endsClause(tokens: readonly Token[], k: number): boolean {
    const t = tokens[k];
    return !t || (t.kind === 'punct' && /[.,;!?]/.test(t.text)) || this.conjunctions.has(t.text.toLowerCase());
  }

  /** The latest claim (no attitude) ending before `before`: what "membantahnya" / "denied it" points back at. */
  private previousDraft(before: number): number | undefined {
    for (let d = this.drafts.length - 1; d >= 0; d--) if (this.drafts[d]!.end <= before && this.drafts[d]!.act === undefined) return d;
    return undefined;
  }

  private previousSentenceContent(sentence: number): Span | undefined {
    const prev = this.input.sentences[sentence - 1];
    return prev ? this.trimmedSpan(prev.start, prev.end) : undefined;
  }

  private sentenceTokens(index: number): readonly Token[] {
    const given = this.input.tokens?.[index];
    if (given) return given;
    const s = this.input.sentences[index]!;
    return tokenize(this.text, s.start, s.end);
  }

  /**
   * The tokens of a sentence that end by `offset`: what tokenizing the sentence up to `offset` gives,
   * when `offset` starts a token of its own (a quote mark does) within the sentence.
   */
  private tokensBefore(index: number, offset: number): readonly Token[] {
    const s = this.input.sentences[index]!;
    const given = this.input.tokens?.[index];
    if (!given || offset > s.end) return tokenize(this.text, s.start, offset);
    let n = 0;
    while (n < given.length && given[n]!.end <= offset) n++;
    // A token running across the offset would be cut there by tokenizing: then tokenize.
    if (n < given.length && given[n]!.start < offset) return tokenize(this.text, s.start, offset);
    return sliceTokens(given, 0, n);
  }

  /** Tokens inside `span`, from the sentences it covers, with their lower-cased forms. */
  private tokensIn(span: Span): TokenRun {
    const tokens: Token[] = [];
    const lower: string[] = [];
    for (let i = sentenceIndexAt(this.input.sentences, span.start); i < this.input.sentences.length && this.input.sentences[i]!.start < span.end; i++) {
      const sentence = this.sentenceTokens(i);
      const forms = lowerFormsOf(sentence);
      for (let k = 0; k < sentence.length; k++) {
        const t = sentence[k]!;
        if (t.start >= span.start && t.end <= span.end) {
          tokens.push(t);
          lower.push(forms?.[k] ?? (t.kind === 'word' ? t.text.toLowerCase() : t.text));
        }
      }
    }
    return { tokens, lower };
  }

  /**
   * Every sentence's tokens in one run (what tokensIn gives for a span covering the document),
   * made on first use; `starts` are the tokens' start offsets, for binary search.
   */
  private documentRun(): { run: TokenRun; starts: Int32Array } {
    if (this.wholeRun) return this.wholeRun;
    let n = 0;
    for (let i = 0; i < this.input.sentences.length; i++) n += this.sentenceTokens(i).length;
    const tokens = new Array<Token>(n);
    const lower = new Array<string>(n);
    const starts = new Int32Array(n);
    let g = 0;
    for (let i = 0; i < this.input.sentences.length; i++) {
      const sentence = this.sentenceTokens(i);
      const forms = lowerFormsOf(sentence);
      for (let k = 0; k < sentence.length; k++, g++) {
        const t = sentence[k]!;
        tokens[g] = t;
        lower[g] = forms?.[k] ?? (t.kind === 'word' ? t.text.toLowerCase() : t.text);
        starts[g] = t.start;
      }
    }
    return (this.wholeRun = { run: { tokens, lower }, starts });
  }

  /**
   * Whether a phrase of `matcher` lies within tokens [lo, hi) of the document run: true, false, or
   * undefined when the only phrases seen run past `hi` (a shorter one at the same token might
   * still fit: the caller then asks tokensIn). `memo` keeps, per token, the end of the longest
   * phrase starting there (-1: none; 0: not yet asked).
   */
  private phraseWithin(matcher: PhraseMatcher, memo: Int32Array, lo: number, hi: number): boolean | undefined {
    const { run } = this.wholeRun!;
    let unsure = false;
    for (let g = lo; g < hi; g++) {
      let next = memo[g]!;
      if (next === 0) {
        const m = matcher.match(run, g);
        memo[g] = next = m ? m.next : -1;
      }
      if (next < 0) continue;
      // The longest phrase at g fits: a match within the span. Else a shorter one might.
      if (next <= hi) return true;
      unsure = true;
    }
    return unsure ? undefined : false;
  }

  /**
   * The first `count` tokens of tokenize(text, from, to), taken from the document run when that
   * gives the same tokens: no token runs across `from` or `to`, and only spaces lie between them.
   */
  private tokensAfter(from: number, to: number, count: number): Token[] {
    const { run, starts } = this.documentRun();
    const tokens = run.tokens;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    const out: Token[] = [];
    if (lo > 0 && tokens[lo - 1]!.end > from) return tokenize(this.text, from, to).slice(0, count);
    let at = from;
    for (let g = lo; out.length < count; g++) {
      const t = tokens[g];
      const gapEnd = t === undefined || t.start > to ? to : t.start;
      if (!onlySpaces(this.text, at, gapEnd)) return tokenize(this.text, from, to).slice(0, count);
      if (t === undefined || t.start >= to) break;
      if (t.end > to) return tokenize(this.text, from, to).slice(0, count);
      out.push(t);
      at = t.end;
    }
    return out;
  }

  private stanceOf(cue: Stance, content: Span): Stance {
    if (cue !== 'assert') return cue;
    // The tokens inside the span are tokens [lo, hi) of the document run (sorted, not overlapping).
    const { run, starts } = this.documentRun();
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < content.start) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < starts.length && run.tokens[end]!.end <= content.end) end++;
    this.doubtMemo ??= new Int32Array(starts.length);
    const doubt = this.phraseWithin(this.doubt, this.doubtMemo, lo, end);
    if (doubt === true) return 'doubt';
    if (doubt === false) {
      this.denyMemo ??= new Int32Array(starts.length);
      const deny = this.phraseWithin(this.denyPhrases, this.denyMemo, lo, end);
      if (deny === true) return 'deny';
      if (deny === false) return cue;
    }
    return this.stanceOfTokens(cue, content);
  }

  /** stanceOf reading the span's own tokens (a phrase that runs past the span's end cannot match). */
  private stanceOfTokens(cue: Stance, content: Span): Stance {
    const tokens = this.tokensIn(content);
    for (let i = 0; i < tokens.tokens.length; i++) if (this.doubt.matchAt(tokens, i)) return 'doubt';
    // "Any suggestion otherwise is false and misleading": a statement that rejects a claim.
    for (let i = 0; i < tokens.tokens.length; i++) if (this.denyPhrases.matchAt(tokens, i)) return 'deny';
    return cue;
  }

  private mentionEndingAt(end: number): MentionRef | undefined {
    return this.mentionByEnd.get(end);
  }

  private mentionStartingAt(start: number): MentionRef | undefined {
    return this.mentionByStart.get(start);
  }

  private paragraphEnd(sentence: number): number {
    return this.paragraphEnds.get(this.input.sentences[sentence]!.paragraph)!;
  }

  private sentenceAt(offset: number): number {
    return sentenceIndexAt(this.input.sentences, offset);
  }

  private span(start: number, end: number): Span {
    return { start, end, text: this.text.slice(start, end) };
  }

  private trimmedSpan(start: number, end: number): Span | undefined {
    const raw = this.text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trimStart().replace(TRAILING_PUNCT, '');
    if (body.length === 0) return undefined;
    return this.span(start + lead, start + lead + body.length);
  }

  /** The drafts in reading order: statements as claims (`c1`...), the others as attitudes (`a1`...). */
  private finish(): { claims: Claim[]; attitudes: Attitude[] } {
    const { entities, quantities, dates } = this.input;
    if (this.drafts.length === 0) return { claims: [], attitudes: [] };
    const sorted = this.drafts.map((d, i) => ({ d, i })).sort((a, b) => a.d.sentence - b.d.sentence || a.d.start - b.d.start);
    const order = sorted.filter(({ d }) => d.act === undefined);
    const idOf = new Map(order.map(({ i }, n) => [i, `c${n + 1}`]));
    const mentions = entities.flatMap((e) => e.mentions.map((m) => ({ start: m.start, end: m.end, id: e.id }))).sort((a, b) => a.start - b.start);
    // Spans are sorted by start: what lies inside a claim is a contiguous run found by binary search.
    const within = <T extends { start: number; end: number }>(spans: readonly T[], d: Draft): number[] => {
      const out: number[] = [];
      for (let i = firstStartingAt(spans, d.start); i < spans.length && spans[i]!.start < d.end; i++) if (spans[i]!.end <= d.end) out.push(i);
      return out;
    };
    const attitudes = sorted.flatMap(({ d }) => (d.act !== undefined && d.cue ? [{ d, act: d.act, cue: d.cue }] : [])).map(({ d, act, cue }, n): Attitude => ({
      id: `a${n + 1}`,
      start: d.start,
      end: d.end,
      text: this.text.slice(d.start, d.end),
      act,
      quote: d.quote,
      cue,
      speakers: d.speakers,
      rule: d.rule,
      entities: [...new Set(within(mentions, d).map((i) => mentions[i]!.id))],
      quantities: within(quantities, d),
      dates: within(dates, d),
      sentence: d.sentence,
    }));
    // Pushed into [], not order.map: a packed array whether or not this runs optimised (see
    // packedMap in analyzer.ts), so its readers (the flags, the resolver) keep their optimised code.
    const claims: Claim[] = [];
    for (let n = 0; n < order.length; n++) {
      const d = order[n]!.d;
      // Keys added in the order of the JSON, the optional ones only when present (no spreads: slow).
      const claim = { id: `c${n + 1}`, start: d.start, end: d.end, text: this.text.slice(d.start, d.end), quote: d.quote, stance: d.stance } as { -readonly [K in keyof Claim]: Claim[K] };
      if (d.cue) claim.cue = d.cue;
      claim.speakers = d.speakers;
      if (d.target !== undefined) claim.target = idOf.get(d.target)!;
      claim.rule = d.rule;
      claim.entities = [...new Set(within(mentions, d).map((i) => mentions[i]!.id))];
      claim.quantities = within(quantities, d);
      claim.dates = within(dates, d);
      claim.sentence = d.sentence;
      claims.push(claim);
    }
    return { claims, attitudes };
  }
}

/** Index of the first span starting at or after `offset` in spans sorted by start. */
function firstStartingAt(spans: readonly { start: number }[], offset: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first quote closing after `offset`; quotes are sorted and do not overlap. */
function firstEndingAfter(quotes: readonly Quote[], offset: number): number {
  let lo = 0;
  let hi = quotes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (quotes[mid]!.close <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether text[from, to) is ASCII spaces, tabs and line breaks only (false for anything else: the caller then tokenizes). */
function onlySpaces(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 9 && c !== 13) return false;
  }
  return true;
}

function wordCount(s: string): number {
  return (s.match(/\p{L}+/gu) ?? []).length;
}

/**
 * Whether a quotation closes at or after `from` and opens before `before`. (A loop in a function of
 * its own: a closure over the reportedSpeech loop's variables would cost a scope per word read.)
 */
function quoteBetween(quotes: readonly Quote[], from: number, before: number): boolean {
  for (let q = 0; q < quotes.length; q++) if (quotes[q]!.close >= from && quotes[q]!.open < before) return true;
  return false;
}
