/**
 * Background word frequencies per language (fixed data shipped with the packs), for weighing how
 * much a shared word says: a word in many sentences of ordinary news ("mengatakan", "presiden")
 * says little, a word in none ("ijazah", "Whoosh") says much. Fixed, so a weight never depends on
 * what a store holds or the order its documents arrived in.
 */
import * as id from './id/word-frequency.js';

interface Background {
  readonly sentences: number;
  readonly counts: Readonly<Record<string, number>>;
}

const BACKGROUNDS: Readonly<Record<string, Background>> = { id, ms: id };

/**
 * The inverse document frequency of a folded, lower-case word in `lang`'s background, scaled to
 * [0, 1]: 1 for a word the background never saw (or a language without one), near 0 for the
 * commonest words. `ln((N + 1) / (n + 1)) / ln(N + 1)`.
 */
export function wordRarity(lang: string, word: string): number {
  const b = BACKGROUNDS[lang];
  if (!b) return 1;
  const n = Object.prototype.hasOwnProperty.call(b.counts, word) ? b.counts[word]! : 0;
  return Math.log((b.sentences + 1) / (n + 1)) / Math.log(b.sentences + 1);
}

/** Whether `lang` has a background list (without one every word counts as rare). */
export function hasBackground(lang: string): boolean {
  return lang in BACKGROUNDS;
}
