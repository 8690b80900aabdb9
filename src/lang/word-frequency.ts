/**
 * Background word frequencies per language (fixed data shipped with the packs), for weighing how
 * much a shared word says: a word in many sentences of ordinary news ("mengatakan", "presiden")
 * says little, a word in none ("ijazah", "Whoosh") says much. Fixed, so a weight never depends on
 * what a store holds or the order its documents arrived in.
 */
import * as id from './id/word-frequency.js';
import * as en from './en/word-frequency.js';

interface Background {
  /** Sentences counted, and how many held each word. */
  readonly sentences: number;
  readonly counts: Readonly<Record<string, number>>;
}

/** Running words counted, and how often each word occurred. */
interface TokenBackground {
  readonly tokens: number;
  readonly counts: Readonly<Record<string, number>>;
}

const BACKGROUNDS: Readonly<Record<string, Background>> = { id, ms: id };
const TOKEN_BACKGROUNDS: Readonly<Record<string, TokenBackground>> = { en };

/**
 * A token count is read as a sentence count on the scale of the Indonesian list (so that a rarity
 * means the same in both languages): a word that is a share p of running words is in about
 * SENTENCE_WORDS × p of the sentences of news.
 */
const SCALE_SENTENCES = id.sentences;
const SENTENCE_WORDS = 20;

function has(counts: Readonly<Record<string, number>>, word: string): boolean {
  return Object.prototype.hasOwnProperty.call(counts, word);
}

/**
 * The inverse document frequency of a folded, lower-case word in `lang`'s background, scaled to
 * [0, 1]: 1 for a word the background never saw (or a language without one), near 0 for the
 * commonest words. `ln((N + 1) / (n + 1)) / ln(N + 1)`, N sentences of which n hold the word.
 */
export function wordRarity(lang: string, word: string): number {
  const b = BACKGROUNDS[lang];
  if (b) return idf(b.sentences, has(b.counts, word) ? b.counts[word]! : 0);
  const t = TOKEN_BACKGROUNDS[lang];
  if (t) return idf(SCALE_SENTENCES, has(t.counts, word) ? SCALE_SENTENCES * Math.min(1, (SENTENCE_WORDS * t.counts[word]!) / t.tokens) : 0);
  return 1;
}

function idf(sentences: number, n: number): number {
  return Math.log((sentences + 1) / (n + 1)) / Math.log(sentences + 1);
}

/** Whether `lang` has a background list (without one every word counts as rare). */
export function hasBackground(lang: string): boolean {
  return lang in BACKGROUNDS || lang in TOKEN_BACKGROUNDS;
}
