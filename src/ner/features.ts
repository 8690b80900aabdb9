/**
 * Features of a token in its sentence, from the token strings alone (no part-of-speech tags: real
 * text has none). Each feature is a short string such as `w=jakarta` or `s-1=Xx`; the model keeps a
 * weight per feature and tag. The word lists (titles, cue words...) and the dictionaries learned
 * from the training data travel inside the model file, so a model is read with the exact resources
 * it was trained with.
 */

/** Word lists that name classes of context words; lower-cased. Data, kept in `lexicon/<lang>.json`. */
export interface NerWordLists {
  /** Titles and honorifics written before a name: presiden, menteri, gubernur, pak, dr. */
  readonly titles: readonly string[];
  /** Words next to a speaker's name: kata, ujar, menurut. */
  readonly speechCues: readonly string[];
  /** Words before a place: di, ke, dari, kota, provinsi. */
  readonly placeCues: readonly string[];
  /** Words that start an organisation name: partai, kementerian, badan, pt. */
  readonly orgHeads: readonly string[];
  /** Capitalised words that are not names on their own: days, months. */
  readonly notNames: readonly string[];
}

/** Dictionaries learned from training text, as the feature extractor uses them. */
export interface NerDictionaries {
  /**
   * Lower-cased word → how it is written away from the sentence start:
   * `c` mostly capitalised, `l` mostly lower case, `m` both, `u` all capitals.
   */
  readonly caps: ReadonlyMap<string, string>;
  /** Lower-cased word → entity type it mostly carries in the training data (PER, ORG, LOC). */
  readonly entities: ReadonlyMap<string, string>;
}

/**
 * Dictionaries as stored in a model file: for each value, the words that have it, joined by
 * spaces (`{ caps: { c: 'jakarta jokowi ...', l: 'dan di ...' } }`). Small, and fast to parse.
 */
export interface PackedDictionaries {
  readonly caps: Readonly<Record<string, string>>;
  readonly entities: Readonly<Record<string, string>>;
}

export function packDictionaries(dicts: NerDictionaries): PackedDictionaries {
  const pack = (map: ReadonlyMap<string, string>): Record<string, string> => {
    const groups = new Map<string, string[]>();
    for (const [word, value] of map) {
      let g = groups.get(value);
      if (!g) groups.set(value, (g = []));
      g.push(word);
    }
    const out: Record<string, string> = {};
    for (const value of [...groups.keys()].sort()) out[value] = groups.get(value)!.sort().join(' ');
    return out;
  };
  return { caps: pack(dicts.caps), entities: pack(dicts.entities) };
}

export function unpackDictionaries(packed: PackedDictionaries): NerDictionaries {
  const unpack = (groups: Readonly<Record<string, string>>): Map<string, string> => {
    const map = new Map<string, string>();
    for (const [value, words] of Object.entries(groups)) {
      if (words === '') continue;
      for (const word of words.split(' ')) map.set(word, value);
    }
    return map;
  };
  return { caps: unpack(packed.caps), entities: unpack(packed.entities) };
}

/** Which feature groups are on: for ablations in cross-validation. All default to on. */
export interface FeatureConfig {
  readonly affixes?: boolean;
  readonly window2?: boolean;
  readonly bigrams?: boolean;
  readonly lists?: boolean;
  readonly capsDict?: boolean;
  readonly entityDict?: boolean;
  readonly capRuns?: boolean;
}

export interface FeatureResources {
  readonly lists: NerWordLists;
  readonly dicts: NerDictionaries;
  readonly config?: FeatureConfig;
}

/** What features need to know of a word, whatever its position: computed once per distinct token. */
export interface WordInfo {
  /** Lower-cased, digits as 0, surrounding brackets and quotes removed. */
  readonly w: string;
  readonly short: string;
  readonly cap: boolean;
  /** Word class for context features: T title, S speech cue, P place cue, O org head, N not a name, C capitalised, else the short shape. */
  readonly cls: string;
  /** Caps-dictionary class, `?` when unknown. */
  readonly cd: string;
  /** Entity-dictionary type, '' when none. */
  readonly ed: string;
  /** Features of the word alone. */
  readonly local: readonly string[];
}

/** Distinct tokens remembered; past this the cache starts again (results never depend on it). */
const WORD_CACHE_LIMIT = 50_000;

/**
 * Longest token features look at, in UTF-16 units; longer ones are cut (and not cached), so a
 * megabyte "word" in hostile input costs no more than a long real one. Real words are far shorter.
 */
export const MAX_FEATURE_WORD = 48;

/** What context features see before the first token and after the last. */
export const BOS = '<s>';
export const EOS = '</s>';

/**
 * The shape of a word: upper-case letters as X, lower-case as x, digits as d, others as
 * themselves, runs longer than 4 cut to 4 (`Jakarta` → `Xxxxx`, `17/10/2024` → `dd/dd/dddd`).
 */
export function wordShape(word: string): string {
  let out = '';
  let last = '';
  let run = 0;
  for (const ch of word) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    const c = ch >= '0' && ch <= '9' ? 'd' : lower !== upper ? (ch === upper ? 'X' : 'x') : /\p{N}/u.test(ch) ? 'd' : ch;
    if (c === last) {
      run++;
      if (run > 4) continue;
    } else {
      last = c;
      run = 1;
    }
    out += c;
  }
  return out;
}

/** A shape with every run cut to one character: `Xxxxx` → `Xx`, `dd/dd/dddd` → `d/d/d`. */
export function shortShape(shape: string): string {
  let out = '';
  let last = '';
  for (const c of shape) {
    if (c !== last) out += c;
    last = c;
  }
  return out;
}

const EDGE_PUNCT = /^[("'“‘\[]+|[)"'”’\],.:;]+$/g;
const DIGITS = /[0-9]/g;

/** The word as features see it: lower-cased, digits as 0, edge brackets and quotes removed. */
export function normalizeWord(token: string): string {
  const core = token.length > 1 ? token.replace(EDGE_PUNCT, '') : token;
  return (core === '' ? token : core).toLowerCase().replace(DIGITS, '0');
}

function startsUpper(token: string): boolean {
  const c = token.replace(/^[("'“‘\[]+/, '').charAt(0);
  return c !== '' && c !== c.toLowerCase() && c === c.toUpperCase();
}

/**
 * Computes features for every token of a sentence. Keeps a cache of per-word facts; the features
 * are a pure function of the tokens.
 * @example new FeatureExtractor(resources).sentence(['Presiden', 'Jokowi'])[1] // ['b', 'w=jokowi', ...]
 */
export class FeatureExtractor {
  private readonly titles: ReadonlySet<string>;
  private readonly speechCues: ReadonlySet<string>;
  private readonly placeCues: ReadonlySet<string>;
  private readonly orgHeads: ReadonlySet<string>;
  private readonly notNames: ReadonlySet<string>;
  private readonly caps: ReadonlyMap<string, string>;
  private readonly entities: ReadonlyMap<string, string>;
  /** The feature groups in use, every flag filled in. */
  readonly config: Readonly<Required<FeatureConfig>>;
  private readonly cache = new Map<string, WordInfo>();

  constructor(resources: FeatureResources) {
    const { lists, dicts } = resources;
    this.titles = new Set(lists.titles);
    this.speechCues = new Set(lists.speechCues);
    this.placeCues = new Set(lists.placeCues);
    this.orgHeads = new Set(lists.orgHeads);
    this.notNames = new Set(lists.notNames);
    this.caps = dicts.caps;
    this.entities = dicts.entities;
    this.config = {
      affixes: true,
      window2: true,
      bigrams: true,
      lists: true,
      capsDict: true,
      entityDict: true,
      capRuns: true,
      ...resources.config,
    };
  }

  /** Features of each token of `tokens`, in order: the word's own, then its context's. */
  sentence(tokens: readonly string[]): string[][] {
    const words = this.words(tokens);
    const runs = capitalRuns(words);
    const out: string[][] = new Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) out[i] = [...words[i]!.local, ...this.context(words, runs, i)];
    return out;
  }

  /** Per-word facts of each token (cached by token string). */
  words(tokens: readonly string[]): WordInfo[] {
    const out: WordInfo[] = new Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.length > MAX_FEATURE_WORD) {
        out[i] = this.word(token.slice(0, MAX_FEATURE_WORD));
        continue;
      }
      let info = this.cache.get(token);
      if (!info) {
        if (this.cache.size >= WORD_CACHE_LIMIT) this.cache.clear();
        info = this.word(token);
        this.cache.set(token, info);
      }
      out[i] = info;
    }
    return out;
  }

  /** Per-word facts of one token, not cached: for callers that keep their own cache. */
  wordInfo(token: string): WordInfo {
    return this.word(token.length > MAX_FEATURE_WORD ? token.slice(0, MAX_FEATURE_WORD) : token);
  }

  private word(raw: string): WordInfo {
    const c = this.config;
    const w = normalizeWord(raw);
    const shape = wordShape(raw);
    const short = shortShape(shape);
    const cap = startsUpper(raw);
    const cls = this.titles.has(w)
      ? 'T'
      : this.speechCues.has(w)
        ? 'S'
        : this.placeCues.has(w)
          ? 'P'
          : this.orgHeads.has(w)
            ? 'O'
            : this.notNames.has(w)
              ? 'N'
              : cap
                ? 'C'
                : short;
    const cd = this.caps.get(w) ?? '?';
    const ed = this.entities.get(w) ?? '';
    const f: string[] = ['b', `w=${w}`, `sh=${shape}`, `ss=${short}`];
    if (raw.length > 1 && raw !== w && raw.toLowerCase() !== raw) f.push(`raw=${raw}`);
    if (c.affixes && w.length > 2) {
      for (let n = 1; n <= 4 && n < w.length; n++) f.push(`p${n}=${w.slice(0, n)}`, `s${n}=${w.slice(-n)}`);
    }
    if (w.length <= 3) f.push(`len${w.length}`);
    if (c.lists) f.push(`c=${cls}`);
    if (c.capsDict) f.push(`cd=${cd}`);
    if (c.entityDict && ed !== '') f.push(`ed=${ed}`);
    return { w, short, cap, cls, cd, ed, local: f };
  }

  /** Features of token `i` that depend on its neighbours or its position. */
  context(words: readonly WordInfo[], runs: CapitalRuns, i: number): string[] {
    const c = this.config;
    const n = words.length;
    const t = words[i]!;
    const wAt = (k: number): string => (k < 0 ? BOS : k >= n ? EOS : words[k]!.w);
    const sAt = (k: number): string => (k < 0 ? BOS : k >= n ? EOS : words[k]!.short);
    const f: string[] = [];
    if (i === 0) f.push(`first|${t.short}`);
    const w1 = wAt(i - 1);
    const w2 = wAt(i + 1);
    const s1 = sAt(i - 1);
    const s2 = sAt(i + 1);
    f.push(`w-1=${w1}`, `w+1=${w2}`, `s-1=${s1}`, `s+1=${s2}`);
    f.push(`s-1|s=${s1}|${t.short}`, `s|s+1=${t.short}|${s2}`);
    f.push(`w-1|s=${w1}|${t.short}`, `s|w+1=${t.short}|${w2}`);
    if (c.window2) f.push(`w-2=${wAt(i - 2)}`, `w+2=${wAt(i + 2)}`, `s-2=${sAt(i - 2)}`, `s+2=${sAt(i + 2)}`);
    if (c.bigrams) f.push(`w-1|w=${w1}|${t.w}`, `w|w+1=${t.w}|${w2}`);
    if (c.lists) {
      const cls = (k: number): string => (k < 0 ? BOS : k >= n ? EOS : words[k]!.cls);
      const here = t.cls;
      const c1 = cls(i - 1);
      const c2 = cls(i + 1);
      f.push(`c-1=${c1}`, `c+1=${c2}`, `c-2|c-1=${cls(i - 2)}|${c1}`, `c-1|c=${c1}|${here}`, `c|c+1=${here}|${c2}`);
    }
    if (c.capsDict) {
      f.push(`cd|cap=${t.cd}|${t.cap ? 1 : 0}|${i === 0 ? 1 : 0}`);
      f.push(`cd-1=${i > 0 ? words[i - 1]!.cd : BOS}`, `cd+1=${i + 1 < n ? words[i + 1]!.cd : EOS}`);
    }
    if (c.entityDict) {
      const ep = i > 0 ? words[i - 1]!.ed : '';
      const en = i + 1 < n ? words[i + 1]!.ed : '';
      if (ep !== '') f.push(`ed-1=${ep}`);
      if (en !== '') f.push(`ed+1=${en}`);
    }
    const start = runs.start[i]!;
    if (c.capRuns && start >= 0) {
      const end = runs.end[i]!;
      const len = end - start;
      const pos = i === start ? 'B' : i === end - 1 ? 'E' : 'I';
      f.push(`run=${pos}|${len > 4 ? 5 : len}`, `runBefore=${wAt(start - 1)}`);
      if (i > start) f.push(`runHead=${words[start]!.w}`);
      if (i < end - 1) f.push(`runLast=${words[end - 1]!.w}`);
    }
    return f;
  }
}

/** For each token, the run of consecutive capitalised tokens it is in (`start`, `end`), or -1. */
export interface CapitalRuns {
  readonly start: Int32Array;
  readonly end: Int32Array;
}

/** Runs of consecutive capitalised tokens ("Partai Amanat Nasional"): where a name may start and end. */
export function capitalRuns(words: readonly WordInfo[]): CapitalRuns {
  const start = new Int32Array(words.length).fill(-1);
  const end = new Int32Array(words.length).fill(-1);
  let i = 0;
  while (i < words.length) {
    if (!words[i]!.cap) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < words.length && words[j]!.cap) j++;
    for (let k = i; k < j; k++) {
      start[k] = i;
      end[k] = j;
    }
    i = j;
  }
  return { start, end };
}
