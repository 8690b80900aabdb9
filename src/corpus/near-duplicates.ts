/**
 * Near-duplicate detection: MinHash over word shingles, with an LSH index for candidates.
 *
 * Text → normalised words (NFKD, combining marks removed so "Zelenskyy"/"Zelenskyý" and
 * "café"/"cafe" agree, lowercased, runs of letters and digits; punctuation and layout ignored)
 * → shingles of k = 5 consecutive words (k = 3 under 15 words; character 4-grams under 3
 * words) → 128 MinHash slots. The slots come from two base hashes of each shingle,
 * `h1 + i·h2 mod 2^32` (the Kirsch–Mitzenmacher trick), passed through a 32-bit finaliser so
 * the 128 orders behave as independent ones. Linear in the text: one pass to hash words, one
 * pass over shingles, 128 multiply-xor steps per shingle.
 *
 * The fraction of equal slots estimates the Jaccard similarity of the two shingle sets
 * (standard error ≈ √(J(1−J)/128) ≤ 0.044).
 */

/** Slots per signature. */
export const NUM_HASHES = 128;
/** Words per shingle for ordinary texts. */
export const SHINGLE_WORDS = 5;
/** Bump when the hashing changes: stored signatures of another version are not comparable. */
export const SIGNATURE_VERSION = 1;

/**
 * Estimated Jaccard similarity of 5-word shingles at or above which two documents are the same
 * story (a `copy-of` link).
 *
 * Why 0.45, from what the two sides of the line look like:
 * - The same story rewritten scores 0.47–0.85. In the test fixtures (test/fixtures/sources/
 *   near-duplicates): the same body with other header/footer/"Baca juga" lines 0.85, another
 *   outlet's light rewrite (new headline and lead, a few verbs changed, the end cut) 0.57–0.66.
 *   In the 500 articles of the Detik development corpus, besides 28 exact copies, the pairs that
 *   are one story re-edited (same quotes, paraphrased connecting sentences, one version longer)
 *   score 0.47–0.82.
 * - Different stories on the same topic score far lower: 0.00–0.08 in the fixtures, even for a
 *   follow-up that reuses a quote and the background paragraph word for word; in the Detik
 *   corpus, separate write-ups of one event that share a quote block or a press-release sentence
 *   reach 0.37–0.42, and every other pair of the 124 750 is under 0.35.
 * 0.45 sits in the gap. The estimate's standard error near it is about 0.044, so pairs whose
 * true similarity is within ~0.05 of the line may fall either way; that is the nature of the
 * borderline, not a flaw of the estimate. Machine translations share no shingles and are not
 * caught by this (or any shingle) method.
 */
export const NEAR_DUPLICATE_THRESHOLD = 0.45;

/**
 * LSH banding: 42 bands of 3 rows (126 of the 128 slots). A pair is a candidate when all rows
 * of some band agree: probability 1 − (1 − s³)⁴², which is 0.98 at s = 0.45 (the threshold),
 * 0.996 at 0.5, 0.29 at 0.2 and 0.04 at 0.1: near-duplicates are rarely missed, and the few
 * extra candidates cost one 128-slot comparison each (0.24 per document on the Detik corpus).
 * 32 × 4 would find only 74 % of pairs at 0.45.
 */
export const LSH_BANDS = 42;
export const LSH_ROWS = 3;

const EMPTY_SLOT = 0xffffffff;

/** murmur3's 32-bit finaliser: a fast, well-mixed bijection on 32-bit integers. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units, finalised. */
function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

const MARK = /^\p{M}$/u;
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const MARKS = /\p{M}+/gu;
/** Folded form of a non-ASCII code point: '' for a combining mark, null for a separator. */
const foldCache = new Map<number, string | null>();

function foldNonAscii(cp: number): string | null {
  const cached = foldCache.get(cp);
  if (cached !== undefined) return cached;
  const ch = String.fromCodePoint(cp);
  let out: string | null;
  if (MARK.test(ch)) out = '';
  else if (!WORD_CHAR.test(ch)) out = null;
  else out = ch.normalize('NFKD').replace(MARKS, '').toLowerCase();
  if (foldCache.size < 100_000) foldCache.set(cp, out);
  return out;
}

/**
 * One pass over the text: the hash of each normalised word (FNV-1a of the folded word,
 * finalised), without building strings. Words are runs of letters and digits; combining marks
 * inside them are dropped; everything else separates.
 */
function wordHashes(text: string, collect?: string[]): Uint32Array {
  let out = new Uint32Array(Math.max(16, text.length >>> 3));
  let n = 0;
  let h = 0x811c9dc5;
  let inWord = false;
  let word = '';
  const push = () => {
    if (n === out.length) {
      const bigger = new Uint32Array(out.length * 2);
      bigger.set(out);
      out = bigger;
    }
    out[n++] = fmix32(h);
    if (collect) collect.push(word);
    h = 0x811c9dc5;
    word = '';
    inWord = false;
  };
  const len = text.length;
  for (let i = 0; i < len; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 65 && c <= 90) c += 32;
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
        h = Math.imul(h ^ c, 0x01000193);
        if (collect) word += String.fromCharCode(c);
        inWord = true;
      } else if (inWord) push();
      continue;
    }
    let cp = c;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        i++;
      }
    }
    const f = foldNonAscii(cp);
    if (f === null) {
      if (inWord) push();
      continue;
    }
    for (let j = 0; j < f.length; j++) h = Math.imul(h ^ f.charCodeAt(j), 0x01000193);
    if (f.length > 0) {
      if (collect) word += f;
      inWord = true;
    }
  }
  if (inWord) push();
  return out.subarray(0, n);
}

/** The words that shingles are made of: folded, lowercased, punctuation-free. */
export function shingleWords(text: string): string[] {
  const words: string[] = [];
  wordHashes(text, words);
  return words;
}

/** Shingle hashes of a text (with repeats), and the shingle size used. */
export function shingleHashes(text: string): { hashes: Uint32Array; k: number; chars: boolean } {
  const wh = wordHashes(text);
  const n = wh.length;
  if (n < 3) {
    // Character 4-grams of the words joined by one space.
    const s = shingleWords(text).join(' ');
    if (s.length === 0) return { hashes: new Uint32Array(0), k: 4, chars: true };
    const count = Math.max(1, s.length - 3);
    const out = new Uint32Array(count);
    for (let i = 0; i < count; i++) out[i] = hashString(s.slice(i, i + 4), 0x9e3779b9);
    return { hashes: out, k: 4, chars: true };
  }
  const k = n < 15 ? 3 : SHINGLE_WORDS;
  const count = n - k + 1;
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let h = 0x2545f491 ^ k;
    for (let j = 0; j < k; j++) h = fmix32(Math.imul(h ^ wh[i + j]!, 0x01000193) + j);
    out[i] = h;
  }
  return { hashes: out, k, chars: false };
}

/** The MinHash signature of a text: `NUM_HASHES` 32-bit slots. An empty text gives an empty signature. */
export function minhashSignature(text: string): Uint32Array {
  const { hashes } = shingleHashes(text);
  return signatureOfHashes(hashes);
}

/** MinHash of a set of 32-bit shingle hashes (repeats allowed). */
export function signatureOfHashes(hashes: ArrayLike<number>): Uint32Array {
  const sig = new Uint32Array(NUM_HASHES).fill(EMPTY_SLOT);
  for (let s = 0; s < hashes.length; s++) {
    const x = hashes[s]!;
    const h1 = fmix32(x ^ 0x5bd1e995);
    const h2 = fmix32(x + 0x27d4eb2f) | 1;
    let v = h1;
    for (let i = 0; i < NUM_HASHES; i++) {
      const m = fmix32(v);
      if (m < sig[i]!) sig[i] = m;
      v = (v + h2) | 0;
    }
  }
  return sig;
}

/** True for the signature of a text without any word. */
export function isEmptySignature(sig: Uint32Array): boolean {
  for (let i = 0; i < sig.length; i++) if (sig[i] !== EMPTY_SLOT) return false;
  return true;
}

/** Fraction of equal slots: an estimate of the Jaccard similarity. 0 when either text was empty. */
export function signatureSimilarity(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) throw new Error(`signatures of different lengths (${a.length} and ${b.length})`);
  if (a.length === 0 || isEmptySignature(a) || isEmptySignature(b)) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** The exact Jaccard similarity of two texts' shingle sets (for tests and calibration). */
export function exactJaccard(a: string, b: string): number {
  const sa = new Set(shingleHashes(a).hashes);
  const sb = new Set(shingleHashes(b).hashes);
  if (sa.size === 0 || sb.size === 0) return 0;
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  return inter / (sa.size + sb.size - inter);
}

/** 128 little-endian uint32: 512 bytes (the same bytes as the array's own buffer on x86/ARM). */
export function serializeSignature(sig: Uint32Array): Buffer {
  const buf = Buffer.alloc(sig.length * 4);
  for (let i = 0; i < sig.length; i++) buf.writeUInt32LE(sig[i]!, i * 4);
  return buf;
}

export function deserializeSignature(buf: Uint8Array): Uint32Array {
  if (buf.byteLength !== NUM_HASHES * 4) {
    throw new Error(`a MinHash signature is ${NUM_HASHES * 4} bytes, not ${buf.byteLength}`);
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const sig = new Uint32Array(NUM_HASHES);
  for (let i = 0; i < NUM_HASHES; i++) sig[i] = view.getUint32(i * 4, true);
  return sig;
}

/**
 * One key per band: a 53-bit number from the band's rows, for a store that keeps LSH buckets
 * in a table (`band, key → document`). Empty signatures have no keys.
 */
export function lshBandKeys(sig: Uint32Array, bands = LSH_BANDS, rows = LSH_ROWS): number[] {
  if (bands * rows > sig.length) throw new Error(`${bands} bands × ${rows} rows need more than ${sig.length} slots`);
  if (isEmptySignature(sig)) return [];
  const keys: number[] = new Array(bands);
  for (let b = 0; b < bands; b++) {
    let h1 = 0x3c6ef372 ^ b;
    let h2 = 0x1b873593 ^ b;
    for (let r = 0; r < rows; r++) {
      const v = sig[b * rows + r]!;
      h1 = fmix32(Math.imul(h1 ^ v, 0x01000193));
      h2 = fmix32(Math.imul(h2 + v, 0x5bd1e995) ^ r);
    }
    keys[b] = h1 * 0x200000 + (h2 & 0x1fffff);
  }
  return keys;
}

export interface LshOptions {
  bands?: number;
  rows?: number;
  /** Ids kept per bucket (a pathological bucket stops growing; its first ids remain findable). Default 1000. */
  maxBucketSize?: number;
}

/**
 * Candidate lookup: documents sharing all rows of at least one band with the query. Candidates
 * must still be checked with `signatureSimilarity` against the threshold.
 */
export class LshIndex {
  private readonly bands: number;
  private readonly rows: number;
  private readonly maxBucket: number;
  private readonly buckets: Map<number, string[]>[];
  private readonly keysOf = new Map<string, number[]>();

  constructor(options: LshOptions = {}) {
    this.bands = options.bands ?? LSH_BANDS;
    this.rows = options.rows ?? (options.bands ? Math.floor(NUM_HASHES / options.bands) : LSH_ROWS);
    if (this.bands < 1 || this.rows < 1 || this.bands * this.rows > NUM_HASHES) {
      throw new Error(`${this.bands} bands × ${this.rows} rows do not fit in ${NUM_HASHES} slots`);
    }
    this.maxBucket = options.maxBucketSize ?? 1000;
    this.buckets = Array.from({ length: this.bands }, () => new Map<number, string[]>());
  }

  get size(): number {
    return this.keysOf.size;
  }

  has(id: string): boolean {
    return this.keysOf.has(id);
  }

  /** Adds (or re-adds) a document. Empty signatures are not indexed. */
  add(id: string, sig: Uint32Array): void {
    if (this.keysOf.has(id)) this.delete(id);
    const keys = lshBandKeys(sig, this.bands, this.rows);
    if (keys.length === 0) return;
    this.keysOf.set(id, keys);
    for (let b = 0; b < keys.length; b++) {
      const bucket = this.buckets[b]!;
      const list = bucket.get(keys[b]!);
      if (!list) bucket.set(keys[b]!, [id]);
      else if (list.length < this.maxBucket) list.push(id);
    }
  }

  delete(id: string): boolean {
    const keys = this.keysOf.get(id);
    if (!keys) return false;
    this.keysOf.delete(id);
    for (let b = 0; b < keys.length; b++) {
      const bucket = this.buckets[b]!;
      const list = bucket.get(keys[b]!);
      if (!list) continue;
      const at = list.indexOf(id);
      if (at !== -1) list.splice(at, 1);
      if (list.length === 0) bucket.delete(keys[b]!);
    }
    return true;
  }

  /** Ids sharing a band with `sig`, each once, in insertion order per band. */
  candidates(sig: Uint32Array): string[] {
    const keys = lshBandKeys(sig, this.bands, this.rows);
    const seen = new Set<string>();
    for (let b = 0; b < keys.length; b++) {
      const list = this.buckets[b]!.get(keys[b]!);
      if (list) for (const id of list) seen.add(id);
    }
    return [...seen];
  }
}
