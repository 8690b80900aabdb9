/**
 * The tagger's fast path: a model's features compiled so tagging builds no feature strings.
 *
 * `FeatureExtractor.context()` makes ~30 strings per token (`w-1=jakarta`, `s-1|s=Xx|x`...) and
 * looks each up in the model. Every one of them is a template filled with one or two facts of a
 * neighbouring word. So each distinct word gets a {@link WordScore} once: the weight offsets of
 * every single-word template filled with it (`w-1=<w>`, `s+1=<short>`...), and for each two-word
 * template the model's entries that start with it, keyed by a number for the other word. Tagging is
 * then integer lookups. The features found, and the order their weights are added in, are exactly
 * those of `context()` (the tests compare the two on real text), so the scores are bit-identical.
 */
import { BOS, EOS, type FeatureExtractor, type WordInfo } from './features.js';

/** Model entries of a two-word template: one word's string → the other word's id → weight offset. */
type PairTable = Map<string, Map<number, number>>;

/** The two-word templates, by the prefix their features start with. */
const PAIRS = {
  /** `s-1|s=<short of i-1>|<short of i>`: keyed by the left word. */
  sm1S: 's-1|s=',
  /** `s|s+1=<short of i>|<short of i+1>`: keyed by the left word. */
  sSp1: 's|s+1=',
  /** `w-1|s=<w of i-1>|<short of i>`: keyed by the left word. */
  wm1S: 'w-1|s=',
  /** `s|w+1=<short of i>|<w of i+1>`: keyed by the RIGHT word (words are sparse, shapes are not). */
  sWp1: 's|w+1=',
  /** `w-1|w=<w of i-1>|<w of i>`: keyed by the left word. */
  wm1W: 'w-1|w=',
  /** `w|w+1=<w of i>|<w of i+1>`: keyed by the left word. */
  wWp1: 'w|w+1=',
  /** `c-2|c-1=<cls of i-2>|<cls of i-1>`: keyed by the left word. */
  cm2Cm1: 'c-2|c-1=',
  /** `c-1|c=<cls of i-1>|<cls of i>`: keyed by the left word. */
  cm1C: 'c-1|c=',
  /** `c|c+1=<cls of i>|<cls of i+1>`: keyed by the left word. */
  cCp1: 'c|c+1=',
} as const;
type PairName = keyof typeof PAIRS;
const KEYED_BY_RIGHT: ReadonlySet<PairName> = new Set<PairName>(['sWp1']);

/** A word's facts as the compiled features need them. */
interface Facts {
  readonly w: string;
  readonly short: string;
  readonly cls: string;
  readonly cd: string;
  readonly ed: string;
  readonly cap: boolean;
}

/**
 * One word's share of the features, as offsets into the dense weights (`-1`: not in the model), or
 * maps from the other word's id to an offset (`null`: no entry for this word).
 */
export class WordScore {
  /** The window test of the tagger (`CAPITAL` on the whole token). */
  capital = false;
  /** Starts with a capital (`WordInfo.cap`): makes capital runs. */
  cap = false;
  /**
   * The summed weights of the word's own features: `local[localAt, localAt + L)`. `local` is a chunk
   * shared by many words (one typed-array object for a thousand words, not one each: a pointer
   * fewer to chase per token scored, and less for the collector).
   */
  local: Float64Array = EMPTY;
  localAt = 0;
  /** Ids of `w`, `short` and `cls` among the strings of the model's two-word features; -1 when absent. */
  wId = -1;
  shortId = -1;
  clsId = -1;
  // Single-word templates, named by the word's place relative to the token scored.
  first = -1;
  wm1 = -1;
  wp1 = -1;
  sm1 = -1;
  sp1 = -1;
  wm2 = -1;
  wp2 = -1;
  sm2 = -1;
  sp2 = -1;
  cm1 = -1;
  cp1 = -1;
  cdm1 = -1;
  cdp1 = -1;
  edm1 = -1;
  edp1 = -1;
  /** `cd|cap=<cd>|<cap>|0` and `...|1` (at the chunk start). */
  cdCap0 = -1;
  cdCap1 = -1;
  runBefore = -1;
  runHead = -1;
  runLast = -1;
  // Two-word templates, this word on the side the table is keyed by: the word's slot among the
  // template's keys (-1: no entry for this word), looked up with the other word's id in `PairHash`.
  sm1S = -1;
  sSp1 = -1;
  wm1S = -1;
  sWp1 = -1;
  wm1W = -1;
  wWp1 = -1;
  cm2Cm1 = -1;
  cm1C = -1;
  cCp1 = -1;
}
const EMPTY = new Float64Array(0);

/** Scratch for `scoreChunk`: one token's context features, in order, as offsets (-1: none); under 32. */
const OFFSETS = new Int32Array(64);

/** Word records whose own scores share one chunk of memory. */
const LOCAL_CHUNK_WORDS = 1024;

/** The model's features compiled for one extractor; see the module comment. */
export class CompiledFeatures {
  /** Stands for the words before the first token and after the last. */
  readonly bos: WordScore;
  readonly eos: WordScore;
  /** `run=<pos>|<len>` offsets at `pos * 6 + len`, pos 0 B, 1 I, 2 E; len 1...5. */
  readonly run: Int32Array;
  /** Every (slot, other word's id) of the two-word templates → weight offset. */
  readonly pairHash: PairHash;
  private readonly vocab = new Map<string, number>();
  /** The chunk the next word records' own scores go into (a typed array of its own each costs ~250 bytes more, and the collector's time). */
  private pool = new Float64Array(0);
  private poolAt = 0;
  /** Slot of each keyed word of each two-word template. */
  private readonly slots = {} as Record<PairName, Map<string, number>>;

  constructor(
    private readonly index: ReadonlyMap<string, number>,
    /** The weights, `L` per feature; the offsets point into it. */
    readonly dense: Float64Array,
    private readonly L: number,
    private readonly extractor: FeatureExtractor,
  ) {
    // Needed only here: the slots and the pair table below are made from them.
    const pairs = {} as Record<PairName, PairTable>;
    for (const name of Object.keys(PAIRS) as PairName[]) pairs[name] = new Map();
    const names = Object.keys(PAIRS) as PairName[];
    for (const [key, offset] of index) {
      for (const name of names) {
        const prefix = PAIRS[name];
        if (!key.startsWith(prefix)) continue;
        // Either half may hold a `|` itself: every split is entered. A wrong split can only be
        // found by two words that rebuild the very same string, so lookups stay exact.
        const rest = key.slice(prefix.length);
        for (let j = rest.indexOf('|'); j >= 0; j = rest.indexOf('|', j + 1)) {
          const left = rest.slice(0, j);
          const right = rest.slice(j + 1);
          const byRight = KEYED_BY_RIGHT.has(name);
          const outer = byRight ? right : left;
          const inner = this.intern(byRight ? left : right);
          const table = pairs[name];
          let m = table.get(outer);
          if (!m) table.set(outer, (m = new Map()));
          m.set(inner, offset);
        }
      }
    }
    // Each (template, keyed word) gets a slot; its entries go into one open-addressing table.
    const tables: Map<number, number>[] = [];
    for (const name of names) {
      const slots = new Map<string, number>();
      for (const [outer, m] of pairs[name]) {
        slots.set(outer, tables.length);
        tables.push(m);
      }
      this.slots[name] = slots;
    }
    this.pairHash = new PairHash(tables);
    const edge = (s: string): Facts => ({ w: s, short: s, cls: s, cd: s, ed: '', cap: false });
    this.bos = this.build(edge(BOS), EMPTY, false);
    this.eos = this.build(edge(EOS), EMPTY, false);
    this.run = new Int32Array(18).fill(-1);
    for (let pos = 0; pos < 3; pos++) {
      for (let len = 1; len <= 5; len++) this.run[pos * 6 + len] = this.offset(`run=${'BIE'[pos]}|${len}`);
    }
  }

  /** A word's score record; `capital` is the tagger's test on the whole token. */
  word(token: string, capital: boolean): WordScore {
    const info: WordInfo = this.extractor.wordInfo(token);
    const L = this.L;
    if (this.poolAt + L > this.pool.length) {
      this.pool = new Float64Array(L * LOCAL_CHUNK_WORDS);
      this.poolAt = 0;
    }
    const local = this.pool;
    const at = this.poolAt;
    this.poolAt += L;
    for (const f of info.local) {
      const o = this.index.get(f);
      if (o === undefined) continue;
      for (let y = 0; y < L; y++) local[at + y]! += this.dense[o + y]!;
    }
    const r = this.build(info, local, capital);
    r.localAt = at;
    return r;
  }

  private intern(s: string): number {
    let id = this.vocab.get(s);
    if (id === undefined) this.vocab.set(s, (id = this.vocab.size));
    return id;
  }

  private offset(feature: string): number {
    return this.index.get(feature) ?? -1;
  }

  private build(f: Facts, local: Float64Array, capital: boolean): WordScore {
    const r = new WordScore();
    const { w, short, cls, cd, ed } = f;
    r.capital = capital;
    r.cap = f.cap;
    r.local = local;
    r.wId = this.vocab.get(w) ?? -1;
    r.shortId = this.vocab.get(short) ?? -1;
    r.clsId = this.vocab.get(cls) ?? -1;
    r.first = this.offset(`first|${short}`);
    r.wm1 = this.offset(`w-1=${w}`);
    r.wp1 = this.offset(`w+1=${w}`);
    r.sm1 = this.offset(`s-1=${short}`);
    r.sp1 = this.offset(`s+1=${short}`);
    r.wm2 = this.offset(`w-2=${w}`);
    r.wp2 = this.offset(`w+2=${w}`);
    r.sm2 = this.offset(`s-2=${short}`);
    r.sp2 = this.offset(`s+2=${short}`);
    r.cm1 = this.offset(`c-1=${cls}`);
    r.cp1 = this.offset(`c+1=${cls}`);
    r.cdm1 = this.offset(`cd-1=${cd}`);
    r.cdp1 = this.offset(`cd+1=${cd}`);
    r.edm1 = ed === '' ? -1 : this.offset(`ed-1=${ed}`);
    r.edp1 = ed === '' ? -1 : this.offset(`ed+1=${ed}`);
    r.cdCap0 = this.offset(`cd|cap=${cd}|${f.cap ? 1 : 0}|0`);
    r.cdCap1 = this.offset(`cd|cap=${cd}|${f.cap ? 1 : 0}|1`);
    r.runBefore = this.offset(`runBefore=${w}`);
    r.runHead = this.offset(`runHead=${w}`);
    r.runLast = this.offset(`runLast=${w}`);
    const p = this.slots;
    r.sm1S = p.sm1S.get(short) ?? -1;
    r.sSp1 = p.sSp1.get(short) ?? -1;
    r.wm1S = p.wm1S.get(w) ?? -1;
    r.sWp1 = p.sWp1.get(w) ?? -1;
    r.wm1W = p.wm1W.get(w) ?? -1;
    r.wWp1 = p.wWp1.get(w) ?? -1;
    r.cm2Cm1 = p.cm2Cm1.get(cls) ?? -1;
    r.cm1C = p.cm1C.get(cls) ?? -1;
    r.cCp1 = p.cCp1.get(cls) ?? -1;
    return r;
  }
}

/**
 * Emission scores of `words[from, from + n)` as one sentence into `em` (`n × L`, row-major): each
 * word's own score, then its context features' weights in the order `FeatureExtractor.context()`
 * lists them.
 */
export function scoreChunk(
  c: CompiledFeatures,
  config: FeatureExtractor['config'],
  words: readonly WordScore[],
  from: number,
  n: number,
  em: Float64Array,
  L: number,
): void {
  const dense = c.dense;
  const bos = c.bos;
  const eos = c.eos;
  const window2 = config.window2;
  const bigrams = config.bigrams;
  const lists = config.lists;
  const capsDict = config.capsDict;
  const entityDict = config.entityDict;
  const capRuns = config.capRuns;
  const offsets = OFFSETS;
  const h = c.pairHash;
  // The last capital run met, [runStart, runEnd): the current word's when it is capitalised.
  let runStart = -1;
  let runEnd = -1;
  for (let i = 0, base = 0; i < n; i++, base += L) {
    const t = words[from + i]!;
    const p1 = i > 0 ? words[from + i - 1]! : bos;
    const p2 = i > 1 ? words[from + i - 2]! : bos;
    const n1 = i + 1 < n ? words[from + i + 1]! : eos;
    const n2 = i + 2 < n ? words[from + i + 2]! : eos;
    let at = 0;
    if (i === 0) offsets[at++] = t.first;
    offsets[at++] = p1.wm1;
    offsets[at++] = n1.wp1;
    offsets[at++] = p1.sm1;
    offsets[at++] = n1.sp1;
    offsets[at++] = pair(h, p1.sm1S, t.shortId);
    offsets[at++] = pair(h, t.sSp1, n1.shortId);
    offsets[at++] = pair(h, p1.wm1S, t.shortId);
    offsets[at++] = pair(h, n1.sWp1, t.shortId);
    if (window2) {
      offsets[at++] = p2.wm2;
      offsets[at++] = n2.wp2;
      offsets[at++] = p2.sm2;
      offsets[at++] = n2.sp2;
    }
    if (bigrams) {
      offsets[at++] = pair(h, p1.wm1W, t.wId);
      offsets[at++] = pair(h, t.wWp1, n1.wId);
    }
    if (lists) {
      offsets[at++] = p1.cm1;
      offsets[at++] = n1.cp1;
      offsets[at++] = pair(h, p2.cm2Cm1, p1.clsId);
      offsets[at++] = pair(h, p1.cm1C, t.clsId);
      offsets[at++] = pair(h, t.cCp1, n1.clsId);
    }
    if (capsDict) {
      offsets[at++] = i === 0 ? t.cdCap1 : t.cdCap0;
      offsets[at++] = p1.cdm1;
      offsets[at++] = n1.cdp1;
    }
    if (entityDict) {
      offsets[at++] = p1.edm1;
      offsets[at++] = n1.edp1;
    }
    if (t.cap) {
      if (i >= runEnd) {
        runStart = i;
        runEnd = i + 1;
        while (runEnd < n && words[from + runEnd]!.cap) runEnd++;
      }
      if (capRuns) {
        const len = runEnd - runStart;
        const pos = i === runStart ? 0 : i === runEnd - 1 ? 2 : 1;
        offsets[at++] = c.run[pos * 6 + (len > 4 ? 5 : len)]!;
        offsets[at++] = runStart > 0 ? words[from + runStart - 1]!.runBefore : bos.runBefore;
        if (i > runStart) offsets[at++] = words[from + runStart]!.runHead;
        if (i < runEnd - 1) offsets[at++] = words[from + runEnd - 1]!.runLast;
      }
    }
    // Each tag's score is summed in a register: the word's own score, then the features in order.
    let found = 0;
    for (let k = 0; k < at; k++) if (offsets[k]! >= 0) offsets[found++] = offsets[k]!;
    const local = t.local;
    const localAt = t.localAt;
    if (L === 13) {
      // The usual BILOU model over three types: the thirteen sums kept in registers.
      sum13(dense, offsets, found, local, localAt, em, base);
      continue;
    }
    for (let y = 0; y < L; y++) {
      let sum = local[localAt + y]!;
      for (let k = 0; k < found; k++) sum += dense[offsets[k]! + y]!;
      em[base + y] = sum;
    }
  }
}

/** The loop above for L = 13, unrolled: each tag's sum in its own variable, added to in the same order. */
function sum13(dense: Float64Array, offsets: Int32Array, found: number, local: Float64Array, l: number, em: Float64Array, base: number): void {
  let s0 = local[l]!, s1 = local[l + 1]!, s2 = local[l + 2]!, s3 = local[l + 3]!, s4 = local[l + 4]!, s5 = local[l + 5]!, s6 = local[l + 6]!;
  let s7 = local[l + 7]!, s8 = local[l + 8]!, s9 = local[l + 9]!, s10 = local[l + 10]!, s11 = local[l + 11]!, s12 = local[l + 12]!;
  for (let k = 0; k < found; k++) {
    const o = offsets[k]!;
    s0 += dense[o]!;
    s1 += dense[o + 1]!;
    s2 += dense[o + 2]!;
    s3 += dense[o + 3]!;
    s4 += dense[o + 4]!;
    s5 += dense[o + 5]!;
    s6 += dense[o + 6]!;
    s7 += dense[o + 7]!;
    s8 += dense[o + 8]!;
    s9 += dense[o + 9]!;
    s10 += dense[o + 10]!;
    s11 += dense[o + 11]!;
    s12 += dense[o + 12]!;
  }
  em[base] = s0;
  em[base + 1] = s1;
  em[base + 2] = s2;
  em[base + 3] = s3;
  em[base + 4] = s4;
  em[base + 5] = s5;
  em[base + 6] = s6;
  em[base + 7] = s7;
  em[base + 8] = s8;
  em[base + 9] = s9;
  em[base + 10] = s10;
  em[base + 11] = s11;
  em[base + 12] = s12;
}

/**
 * The two-word templates' entries, (slot, other word's id) → weight offset, in one open-addressing
 * table (linear probing) of triples `slot, id, offset` side by side in one typed array, so that a
 * probe reads one cache line: a lookup is a few integer reads, no Map.
 */
export class PairHash {
  /** `slot, id, offset` per bucket; slot -1 for an empty bucket. */
  readonly table: Int32Array;
  /** Buckets - 1 (a power of two). */
  readonly mask: number;

  constructor(tables: readonly ReadonlyMap<number, number>[]) {
    let count = 0;
    for (const m of tables) count += m.size;
    let size = 16;
    while (size < count * 2) size *= 2;
    this.mask = size - 1;
    const table = (this.table = new Int32Array(size * PAIR_STRIDE));
    for (let b = 0; b < size; b++) table[b * PAIR_STRIDE] = -1;
    tables.forEach((m, slot) => {
      for (const [id, value] of m) {
        let at = pairBucket(slot, id) & this.mask;
        while (table[at * PAIR_STRIDE] !== -1) at = (at + 1) & this.mask;
        table[at * PAIR_STRIDE] = slot;
        table[at * PAIR_STRIDE + 1] = id;
        table[at * PAIR_STRIDE + 2] = value;
      }
    });
  }
}

/** Int32s per bucket of `PairHash.table` (the fourth is padding: a bucket never straddles a cache line). */
const PAIR_STRIDE = 4;

function pairBucket(slot: number, id: number): number {
  const x = Math.imul(slot, 0x9e3779b1) ^ Math.imul(id + 1, 0x85ebca77);
  return x ^ (x >>> 15);
}

/** The offset of a two-word feature, -1 when the model has none (or either side is unknown). */
function pair(h: PairHash, slot: number, id: number): number {
  if (slot < 0 || id < 0) return -1;
  const table = h.table;
  const mask = h.mask;
  for (let at = pairBucket(slot, id) & mask; ; at = (at + 1) & mask) {
    const b = at * PAIR_STRIDE;
    const s = table[b]!;
    if (s === -1) return -1;
    if (s === slot && table[b + 1] === id) return table[b + 2]!;
  }
}
