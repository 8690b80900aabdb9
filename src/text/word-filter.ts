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
  private readonly bits: Uint32Array;
  /** 32 − log2 of the number of bits. */
  private readonly shift: number;

  constructor(words: Iterable<string>) {
    const list = [...words];
    // About 32 bits a word (a few percent of false maybes), from 64 bits to 2^16.
    const log2 = Math.min(MAX_BITS_LOG2, Math.max(6, Math.ceil(Math.log2(Math.max(1, list.length) * 32))));
    this.bits = new Uint32Array((1 << log2) >>> 5);
    this.shift = 32 - log2;
    for (const w of list) {
      const h = hashOf(w) >>> this.shift;
      this.bits[h >>> 5]! |= 1 << (h & 31);
    }
  }

  /** False when `word` is certainly none of the words; true when it may be one. */
  mayHave(word: string): boolean {
    // hashOf written out: the profile showed it called, not inlined, from the stages' hot loops.
    const n = word.length;
    let h = 0;
    if (n > 0) {
      const x = Math.imul(n, 0x9e3779b1) ^ Math.imul(word.charCodeAt(0), 0x85ebca6b) ^ Math.imul(n > 1 ? word.charCodeAt(1) : 0, 0x27d4eb2f) ^ Math.imul(word.charCodeAt(n - 1), 0xc2b2ae35);
      h = (x ^ (x >>> 15)) >>> this.shift;
    }
    return (this.bits[h >>> 5]! & (1 << (h & 31))) !== 0;
  }
}

const MAX_BITS_LOG2 = 16;

/** A 32-bit hash of the length and the first, second and last characters. */
function hashOf(word: string): number {
  const n = word.length;
  if (n === 0) return 0;
  const first = word.charCodeAt(0);
  const second = n > 1 ? word.charCodeAt(1) : 0;
  const last = word.charCodeAt(n - 1);
  const h = Math.imul(n, 0x9e3779b1) ^ Math.imul(first, 0x85ebca6b) ^ Math.imul(second, 0x27d4eb2f) ^ Math.imul(last, 0xc2b2ae35);
  return (h ^ (h >>> 15)) >>> 0;
}
