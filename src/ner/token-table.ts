/**
 * Strings → non-negative integers in one open-addressing table of typed arrays, for the tagger's
 * per-token record lookup. A `Map<string, number>` lookup reads a bucket, then an entry, then the
 * key string it compares with, each usually a cache miss on a table of ~20,000 words (the profile
 * showed the map lookup waiting on those loads); here a bucket holds the string's hash, its value
 * and, for strings up to {@link INLINE} code units, the code units themselves, so a lookup of a
 * short word reads one cache line. Longer strings compare with a copy in a pool of code units.
 * Lookups are exact (every code unit is compared).
 */

/** Int32s per bucket (32 bytes): value (-1: empty), hash, length, then 5 × 2 code units or the pool offset. */
const STRIDE = 8;
/** Strings up to this many code units are kept in the bucket. */
const INLINE = 10;
/** Most buckets in use per bucket there is, before the table doubles. */
const MAX_LOAD = 0.7;

export class TokenTable {
  private table: Int32Array;
  private mask: number;
  private count = 0;
  private pool = new Uint16Array(1024);
  private poolAt = 0;

  constructor(private readonly initialBuckets = 1024) {
    this.table = new Int32Array(initialBuckets * STRIDE).fill(-1);
    this.mask = initialBuckets - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The value of `s`, or -1 when it has none. */
  get(s: string): number {
    const n = s.length;
    const h = hashOf(s, n);
    const t = this.table;
    const mask = this.mask;
    for (let b = h & mask; ; b = (b + 1) & mask) {
      const at = b * STRIDE;
      const v = t[at]!;
      if (v < 0) return -1;
      if (t[at + 1] === h && t[at + 2] === n && this.same(s, n, at)) return v;
    }
  }

  /** Gives `s` the value `value` (≥ 0); `s` must have none yet. */
  set(s: string, value: number): void {
    if ((this.count + 1) > (this.mask + 1) * MAX_LOAD) this.grow();
    const n = s.length;
    const h = hashOf(s, n);
    const t = this.table;
    const mask = this.mask;
    let b = h & mask;
    while (t[b * STRIDE]! >= 0) b = (b + 1) & mask;
    const at = b * STRIDE;
    t[at] = value;
    t[at + 1] = h;
    t[at + 2] = n;
    if (n <= INLINE) {
      for (let i = 0; i < n; i += 2) t[at + 3 + (i >> 1)] = s.charCodeAt(i) | (i + 1 < n ? s.charCodeAt(i + 1) << 16 : 0);
    } else {
      if (this.poolAt + n > this.pool.length) {
        const pool = new Uint16Array(Math.max(2 * this.pool.length, this.poolAt + n));
        pool.set(this.pool);
        this.pool = pool;
      }
      t[at + 3] = this.poolAt;
      for (let i = 0; i < n; i++) this.pool[this.poolAt + i] = s.charCodeAt(i);
      this.poolAt += n;
    }
    this.count++;
  }

  /** Forgets every string. */
  clear(): void {
    this.table = new Int32Array(this.initialBuckets * STRIDE).fill(-1);
    this.mask = this.initialBuckets - 1;
    this.count = 0;
    this.poolAt = 0;
  }

  private same(s: string, n: number, at: number): boolean {
    const t = this.table;
    if (n <= INLINE) {
      for (let i = 0; i < n; i += 2) {
        const two = t[at + 3 + (i >> 1)]!;
        if (s.charCodeAt(i) !== (two & 0xffff)) return false;
        if (i + 1 < n && s.charCodeAt(i + 1) !== two >>> 16) return false;
      }
      return true;
    }
    const pool = this.pool;
    const from = t[at + 3]!;
    for (let i = 0; i < n; i++) if (s.charCodeAt(i) !== pool[from + i]) return false;
    return true;
  }

  private grow(): void {
    const old = this.table;
    const buckets = 2 * (this.mask + 1);
    const t = new Int32Array(buckets * STRIDE).fill(-1);
    const mask = buckets - 1;
    for (let at = 0; at < old.length; at += STRIDE) {
      if (old[at]! < 0) continue;
      let b = old[at + 1]! & mask;
      while (t[b * STRIDE]! >= 0) b = (b + 1) & mask;
      t.set(old.subarray(at, at + STRIDE), b * STRIDE);
    }
    this.table = t;
    this.mask = mask;
  }
}

/** FNV-1a over the code units, then a final mix (the low bits pick the bucket). */
function hashOf(s: string, n: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}
