/**
 * The tagger's fast path: a model's features compiled so tagging builds no feature strings.
 *
 * `FeatureExtractor.context()` makes ~30 strings per token (`w-1=jakarta`, `s-1|s=Xx|x`...) and
 * looks each up in the model. Every one of them is a template filled with one or two facts of a
 * neighbouring word. So each distinct word gets a record once (a row of a flat table): the weight offsets of
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

/*
 * A word's record: one row of `RECORD` int32s in `CompiledFeatures.records` (its id times `RECORD`),
 * its own summed weights at `id * L` in `CompiledFeatures.local`. One flat table instead of an object
 * of forty fields per word: a record is two or three cache lines instead of five or six, the map from
 * token to record holds a small integer, and the collector has no word records to trace.
 *
 * Fields: weight offsets into the dense weights (`-1`: not in the model), ids of the word's strings
 * among the two-word features' strings (-1: absent), and the word's slots in the two-word templates
 * (-1: no entry for this word), named by the word's place relative to the token scored.
 */
/** Bit 1: the tagger's window test (`CAPITAL` on the whole token); bit 2: starts with a capital (`WordInfo.cap`), makes capital runs. */
const FLAGS = 0;
const CAPITAL_BIT = 1;
const CAP_BIT = 2;
const W_ID = 1;
const SHORT_ID = 2;
const CLS_ID = 3;
const FIRST = 4;
const WM1 = 5;
const WP1 = 6;
const SM1 = 7;
const SP1 = 8;
const WM2 = 9;
const WP2 = 10;
const SM2 = 11;
const SP2 = 12;
const CM1 = 13;
const CP1 = 14;
const CDM1 = 15;
const CDP1 = 16;
const EDM1 = 17;
const EDP1 = 18;
/** `cd|cap=<cd>|<cap>|0` and `...|1` (at the chunk start). */
const CD_CAP0 = 19;
const CD_CAP1 = 20;
const RUN_BEFORE = 21;
const RUN_HEAD = 22;
const RUN_LAST = 23;
// Two-word templates, this word on the side the table is keyed by: the word's slot among the
// template's keys, looked up with the other word's id in `PairHash`.
const SM1_S = 24;
const S_SP1 = 25;
const WM1_S = 26;
const S_WP1 = 27;
const WM1_W = 28;
const W_WP1 = 29;
const CM2_CM1 = 30;
const CM1_C = 31;
const C_CP1 = 32;
/** Int32s per word record. */
const RECORD = 33;

/** Scratch for `scoreChunk`: one token's context features, in order, as offsets (-1: none); under 32. */
const OFFSETS = new Int32Array(64);

/** Ids of the records standing for the words before the first token and after the last. */
export const BOS_ID = 0;
export const EOS_ID = 1;

/** The model's features compiled for one extractor; see the module comment. */
export class CompiledFeatures {
  /** `run=<pos>|<len>` offsets at `pos * 6 + len`, pos 0 B, 1 I, 2 E; len 1...5. */
  readonly run: Int32Array;
  /** Every (slot, other word's id) of the two-word templates → weight offset. */
  readonly pairHash: PairHash;
  /** The word records, `RECORD` int32s each (grown as words come; read it after adding words). */
  records = new Int32Array(RECORD * 1024);
  /** The words' own summed weights, `L` each at `id * L`. */
  local: Float64Array;
  /** Records in use (the first two are BOS and EOS). */
  size = 0;
  private readonly vocab = new Map<string, number>();
  /** Slot of each keyed word of each two-word template. */
  private readonly slots = {} as Record<PairName, Map<string, number>>;

  constructor(
    private readonly index: ReadonlyMap<string, number>,
    /** The weights, `L` per feature; the offsets point into it. */
    readonly dense: Float64Array,
    private readonly L: number,
    private readonly extractor: FeatureExtractor,
  ) {
    this.local = new Float64Array(L * 1024);
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
    this.reset();
    this.run = new Int32Array(18).fill(-1);
    for (let pos = 0; pos < 3; pos++) {
      for (let len = 1; len <= 5; len++) this.run[pos * 6 + len] = this.offset(`run=${'BIE'[pos]}|${len}`);
    }
  }

  /** Forgets every word record but BOS's and EOS's (ids given out before are no longer valid). */
  reset(): void {
    this.size = 0;
    const edge = (s: string): Facts => ({ w: s, short: s, cls: s, cd: s, ed: '', cap: false });
    this.build(this.add(), edge(BOS), false);
    this.build(this.add(), edge(EOS), false);
  }

  /** A new word record's id; its own weights start at zero. */
  private add(): number {
    const id = this.size++;
    if (this.size * RECORD > this.records.length) {
      const records = new Int32Array(this.records.length * 2);
      records.set(this.records);
      this.records = records;
    }
    const L = this.L;
    if (this.size * L > this.local.length) {
      const local = new Float64Array(this.local.length * 2);
      local.set(this.local);
      this.local = local;
    }
    this.local.fill(0, id * L, id * L + L);
    return id;
  }

  /** A new record for a word; `capital` is the tagger's test on the whole token. Returns its id. */
  word(token: string, capital: boolean): number {
    const info: WordInfo = this.extractor.wordInfo(token);
    const L = this.L;
    const id = this.add();
    const local = this.local;
    const at = id * L;
    for (const f of info.local) {
      const o = this.index.get(f);
      if (o === undefined) continue;
      for (let y = 0; y < L; y++) local[at + y]! += this.dense[o + y]!;
    }
    this.build(id, info, capital);
    return id;
  }

  private intern(s: string): number {
    let id = this.vocab.get(s);
    if (id === undefined) this.vocab.set(s, (id = this.vocab.size));
    return id;
  }

  private offset(feature: string): number {
    return this.index.get(feature) ?? -1;
  }

  private build(id: number, f: Facts, capital: boolean): void {
    const r = this.records;
    const b = id * RECORD;
    const { w, short, cls, cd, ed } = f;
    r[b + FLAGS] = (capital ? CAPITAL_BIT : 0) | (f.cap ? CAP_BIT : 0);
    r[b + W_ID] = this.vocab.get(w) ?? -1;
    r[b + SHORT_ID] = this.vocab.get(short) ?? -1;
    r[b + CLS_ID] = this.vocab.get(cls) ?? -1;
    r[b + FIRST] = this.offset(`first|${short}`);
    r[b + WM1] = this.offset(`w-1=${w}`);
    r[b + WP1] = this.offset(`w+1=${w}`);
    r[b + SM1] = this.offset(`s-1=${short}`);
    r[b + SP1] = this.offset(`s+1=${short}`);
    r[b + WM2] = this.offset(`w-2=${w}`);
    r[b + WP2] = this.offset(`w+2=${w}`);
    r[b + SM2] = this.offset(`s-2=${short}`);
    r[b + SP2] = this.offset(`s+2=${short}`);
    r[b + CM1] = this.offset(`c-1=${cls}`);
    r[b + CP1] = this.offset(`c+1=${cls}`);
    r[b + CDM1] = this.offset(`cd-1=${cd}`);
    r[b + CDP1] = this.offset(`cd+1=${cd}`);
    r[b + EDM1] = ed === '' ? -1 : this.offset(`ed-1=${ed}`);
    r[b + EDP1] = ed === '' ? -1 : this.offset(`ed+1=${ed}`);
    r[b + CD_CAP0] = this.offset(`cd|cap=${cd}|${f.cap ? 1 : 0}|0`);
    r[b + CD_CAP1] = this.offset(`cd|cap=${cd}|${f.cap ? 1 : 0}|1`);
    r[b + RUN_BEFORE] = this.offset(`runBefore=${w}`);
    r[b + RUN_HEAD] = this.offset(`runHead=${w}`);
    r[b + RUN_LAST] = this.offset(`runLast=${w}`);
    const p = this.slots;
    r[b + SM1_S] = p.sm1S.get(short) ?? -1;
    r[b + S_SP1] = p.sSp1.get(short) ?? -1;
    r[b + WM1_S] = p.wm1S.get(w) ?? -1;
    r[b + S_WP1] = p.sWp1.get(w) ?? -1;
    r[b + WM1_W] = p.wm1W.get(w) ?? -1;
    r[b + W_WP1] = p.wWp1.get(w) ?? -1;
    r[b + CM2_CM1] = p.cm2Cm1.get(cls) ?? -1;
    r[b + CM1_C] = p.cm1C.get(cls) ?? -1;
    r[b + C_CP1] = p.cCp1.get(cls) ?? -1;
  }
}

/**
 * Emission scores of the words `ids[from, from + n)` (record ids) as one sentence into `em`
 * (`n × L`, row-major): each word's own score, then its context features' weights in the order
 * `FeatureExtractor.context()` lists them.
 */
export function scoreChunk(
  c: CompiledFeatures,
  config: FeatureExtractor['config'],
  ids: Int32Array,
  from: number,
  n: number,
  em: Float64Array,
  L: number,
): void {
  const dense = c.dense;
  const r = c.records;
  const local = c.local;
  const bos = BOS_ID * RECORD;
  const eos = EOS_ID * RECORD;
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
    const tId = ids[from + i]!;
    const t = tId * RECORD;
    const p1 = i > 0 ? ids[from + i - 1]! * RECORD : bos;
    const p2 = i > 1 ? ids[from + i - 2]! * RECORD : bos;
    const n1 = i + 1 < n ? ids[from + i + 1]! * RECORD : eos;
    const n2 = i + 2 < n ? ids[from + i + 2]! * RECORD : eos;
    let at = 0;
    if (i === 0) at = put(offsets, at, r[t + FIRST]!);
    at = put(offsets, at, r[p1 + WM1]!);
    at = put(offsets, at, r[n1 + WP1]!);
    at = put(offsets, at, r[p1 + SM1]!);
    at = put(offsets, at, r[n1 + SP1]!);
    at = put(offsets, at, pair(h, r[p1 + SM1_S]!, r[t + SHORT_ID]!));
    at = put(offsets, at, pair(h, r[t + S_SP1]!, r[n1 + SHORT_ID]!));
    at = put(offsets, at, pair(h, r[p1 + WM1_S]!, r[t + SHORT_ID]!));
    at = put(offsets, at, pair(h, r[n1 + S_WP1]!, r[t + SHORT_ID]!));
    if (window2) {
      at = put(offsets, at, r[p2 + WM2]!);
      at = put(offsets, at, r[n2 + WP2]!);
      at = put(offsets, at, r[p2 + SM2]!);
      at = put(offsets, at, r[n2 + SP2]!);
    }
    if (bigrams) {
      at = put(offsets, at, pair(h, r[p1 + WM1_W]!, r[t + W_ID]!));
      at = put(offsets, at, pair(h, r[t + W_WP1]!, r[n1 + W_ID]!));
    }
    if (lists) {
      at = put(offsets, at, r[p1 + CM1]!);
      at = put(offsets, at, r[n1 + CP1]!);
      at = put(offsets, at, pair(h, r[p2 + CM2_CM1]!, r[p1 + CLS_ID]!));
      at = put(offsets, at, pair(h, r[p1 + CM1_C]!, r[t + CLS_ID]!));
      at = put(offsets, at, pair(h, r[t + C_CP1]!, r[n1 + CLS_ID]!));
    }
    if (capsDict) {
      at = put(offsets, at, i === 0 ? r[t + CD_CAP1]! : r[t + CD_CAP0]!);
      at = put(offsets, at, r[p1 + CDM1]!);
      at = put(offsets, at, r[n1 + CDP1]!);
    }
    if (entityDict) {
      at = put(offsets, at, r[p1 + EDM1]!);
      at = put(offsets, at, r[n1 + EDP1]!);
    }
    if ((r[t + FLAGS]! & CAP_BIT) !== 0) {
      if (i >= runEnd) {
        runStart = i;
        runEnd = i + 1;
        while (runEnd < n && (r[ids[from + runEnd]! * RECORD + FLAGS]! & CAP_BIT) !== 0) runEnd++;
      }
      if (capRuns) {
        const len = runEnd - runStart;
        const pos = i === runStart ? 0 : i === runEnd - 1 ? 2 : 1;
        at = put(offsets, at, c.run[pos * 6 + (len > 4 ? 5 : len)]!);
        at = put(offsets, at, runStart > 0 ? r[ids[from + runStart - 1]! * RECORD + RUN_BEFORE]! : r[bos + RUN_BEFORE]!);
        if (i > runStart) at = put(offsets, at, r[ids[from + runStart]! * RECORD + RUN_HEAD]!);
        if (i < runEnd - 1) at = put(offsets, at, r[ids[from + runEnd - 1]! * RECORD + RUN_LAST]!);
      }
    }
    // Each tag's score is summed in a register: the word's own score, then the features found, in order.
    const found = at;
    const localAt = tId * L;
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

/** Appends `offset` to the features found when it is one (not -1): written always, kept by advancing past it (no branch, no second pass). */
function put(offsets: Int32Array, at: number, offset: number): number {
  offsets[at] = offset;
  return at + (~offset >>> 31);
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
