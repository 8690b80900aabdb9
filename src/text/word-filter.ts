/**
 * A quick, exact-on-"no" test of whether a word may be in a set: a bit per hash of the word's
 * length and first, second and last characters. Stages ask their word sets about every token of
 * a text, and nearly every answer is no; this answers most of those noes without hashing the
 * whole string or probing a map, and a "maybe" still goes to the set itself.
 *
 * @example
 * const filter = new WordFilter(['senin', 'selasa']);
 * filter.mayHave('rumah') // false (certain)
 * filter.mayHave('senin') // true (then ask the set)
 */
export class WordFilter {
  private readonly bits = new Uint32Array(WORDS);

  constructor(words: Iterable<string>) {
    for (const w of words) {
      const h = hashOf(w);
      this.bits[h >>> 5]! |= 1 << (h & 31);
    }
  }

  /** False when `word` is certainly none of the words; true when it may be one. */
  mayHave(word: string): boolean {
    const h = hashOf(word);
    return (this.bits[h >>> 5]! & (1 << (h & 31))) !== 0;
  }
}

/** 2^16 bits. */
const BITS_LOG2 = 16;
const WORDS = (1 << BITS_LOG2) >>> 5;

function hashOf(word: string): number {
  const n = word.length;
  if (n === 0) return 0;
  const first = word.charCodeAt(0);
  const second = n > 1 ? word.charCodeAt(1) : 0;
  const last = word.charCodeAt(n - 1);
  const h = Math.imul(n, 0x9e3779b1) ^ Math.imul(first, 0x85ebca6b) ^ Math.imul(second, 0x27d4eb2f) ^ Math.imul(last, 0xc2b2ae35);
  return (h ^ (h >>> 15)) >>> (32 - BITS_LOG2);
}
