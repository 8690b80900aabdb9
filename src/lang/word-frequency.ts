/**
 * Background word frequencies per language (fixed data shipped with the packs), for weighing how
 * much a shared word says: a word in many sentences of ordinary news ("mengatakan", "presiden")
 * says little, a word in none ("ijazah", "Whoosh") says much. Fixed, so a weight never depends on
 * what a store holds or the order its documents arrived in.
 */
import * as id from './id/word-frequency.js';
import { commonWords as enCommon } from './en/common-words.js';

interface Background {
  readonly sentences: number;
  readonly counts: Readonly<Record<string, number>>;
}

const BACKGROUNDS: Readonly<Record<string, Background>> = { id, ms: id };

/** Each language's commonest words by rank (from subtitles): a second, larger background. */
const COMMON: Readonly<Record<string, readonly string[]>> = { en: enCommon };
const rankCache = new Map<string, ReadonlyMap<string, number>>();
function rankOf(lang: string, word: string): number | undefined {
  let ranks = rankCache.get(lang);
  if (!ranks) {
    const m = new Map<string, number>();
    (COMMON[lang] ?? []).forEach((w, i) => {
      if (w && !m.has(w)) m.set(w, i + 1);
    });
    rankCache.set(lang, (ranks = m));
  }
  return ranks.get(word);
}

/** The sentence count a rank stands for: Zipf's law, the word of rank r in about 10/r of the sentences. */
const RANK_SENTENCES = 1557;
const ZIPF_SHARE = 10;

/**
 * The inverse document frequency of a folded, lower-case word in `lang`'s background, scaled to
 * [0, 1]: 1 for a word the background never saw (or a language without one), near 0 for the
 * commonest words. `ln((N + 1) / (n + 1)) / ln(N + 1)`.
 */
export function wordRarity(lang: string, word: string): number {
  let rarity = 1;
  const b = BACKGROUNDS[lang];
  if (b) {
    const n = Object.prototype.hasOwnProperty.call(b.counts, word) ? b.counts[word]! : 0;
    rarity = Math.log((b.sentences + 1) / (n + 1)) / Math.log(b.sentences + 1);
  }
  // A word of the commonest-words list is as rare as its rank says, if that is commoner: the
  // sentence counts cover too little text to know every ordinary word ("forum", "generasi").
  const rank = rankOf(lang, word);
  if (rank !== undefined) {
    const n = RANK_SENTENCES * Math.min(1, ZIPF_SHARE / rank);
    rarity = Math.min(rarity, Math.log((RANK_SENTENCES + 1) / (n + 1)) / Math.log(RANK_SENTENCES + 1));
  }
  return rarity;
}

/** Whether `lang` has a background list (without one every word counts as rare). */
export function hasBackground(lang: string): boolean {
  return lang in BACKGROUNDS || lang in COMMON;
}
