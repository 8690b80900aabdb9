import type { EntityType } from '../types.js';
import { NO_KEY_WORD, UNDECIDED, edgeWordSignature, foldKey, foldKeyUncached, phoneticKey, stringSimilarity, wordSignature } from './normalize.js';
import { ROLE_MATCH_THRESHOLD, RoleMatcher, padDate, type RoleLexicon } from './roles.js';
import type { FuzzyOptions, KbEntry, KbForm, KbMatch, KbMatchHow, KnowledgeBase } from './types.js';
import { leadingArticles } from '../lang/index.js';

/** The packs' leading articles, each with the pattern that strips it and the space after it. */
const ARTICLES = leadingArticles().map((article) => ({ article, re: new RegExp(`^${article.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+`, 'i') }));

/** Whether `s` starts with `lower` (lower-case ASCII letters), ignoring the case of ASCII letters. */
function startsWithFolded(s: string, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) if ((s.charCodeAt(i) | 32) !== lower.charCodeAt(i)) return false;
  return true;
}

/**
 * A fuzzy match at least this good is confident: the resolver may name an entity after it.
 * Scores are built so that transliteration variants (Zielinski/Zelensky) land above it, and a
 * garble backed only by a short shared phonetic key (Roth/Rutte) lands well below it unless the
 * role written beside the name matches the entry's role.
 */
export const FUZZY_THRESHOLD = 0.8;

/** `kind` of a person whose name many people share (Budi Santoso, Sugiono): linked only with the role. */
export const COMMON_NAME = 'common-name';
/** The score such a name gets without a matching role: below the threshold. */
const COMMON_NAME_SCORE = 0.7;

/** Forms (name, names, aliases) per entry the index can address; countries have about twenty. */
const FORM_SLOTS = 1024;

/** Phrases of role texts whose lookup (an organisation or place, or none) is remembered. */
const RESOLVED_PHRASES = 10_000;

/** Lookup scores by how the surface matched. */
const LOOKUP_SCORE: Readonly<Record<'exact' | 'alias' | 'normalized' | 'normalized-alias', number>> = {
  exact: 1,
  alias: 0.98,
  normalized: 0.96,
  'normalized-alias': 0.94,
};

interface IndexedForm extends KbForm {
  /** Position of the entry in the knowledge base: an earlier file wins a tie. */
  readonly order: number;
}

/** A form a text matched, with the score and kind of the match. */
interface RankedForm {
  readonly score: number;
  readonly how: KbMatchHow;
  readonly form: IndexedForm;
}

/** The entries a text (the surface trimmed, perhaps without 's or "the") names, best first. */
interface Hit {
  readonly text: string;
  readonly ranked: readonly RankedForm[];
  readonly entries: readonly KbEntry[];
}

const NO_ENTRIES: readonly KbEntry[] = Object.freeze([]);

/** Texts whose lookup is remembered (once past the first- and last-word test); emptied when full. */
const HIT_CACHE_SIZE = 20_000;

interface NameForm {
  readonly text: string;
  readonly key: string;
  readonly tokens: readonly string[];
  readonly tkeys: readonly string[];
}

interface Pair {
  /** Edit similarity of the folded strings. */
  readonly e: number;
  /** Same phonetic key. */
  readonly keq: boolean;
  /** Similarity of the phonetic keys (1 when equal). */
  readonly k: number;
  /** 0.6 e + 0.4 k. */
  readonly s: number;
  readonly key: string;
  readonly a: string;
  readonly b: string;
}

type Level = 'surname' | 'given' | 'variant' | 'full';

interface Candidate {
  readonly entry: KbEntry;
  /** Score with the no-role guard applied. */
  readonly guarded: number;
  /** Score before the guard (what a matching role can build on). */
  readonly raw: number;
  readonly guardOk: boolean;
  readonly level: Level;
  readonly exactToken: boolean;
  /** The human-readable comparison, built only for the candidates `fuzzy` returns. */
  readonly detail: () => string;
}

function pair(a: string, b: string, ka: string, kb: string): Pair {
  const e = stringSimilarity(a, b);
  const keq = ka === kb && ka !== '';
  const k = keq ? 1 : stringSimilarity(ka, kb);
  return { e, keq, k, s: 0.6 * e + 0.4 * k, key: ka, a, b };
}

/**
 * `pair`, or undefined when the two words cannot be one name: different phonetic keys and an edit
 * similarity under 0.5 (checked on lengths first, so most of the knowledge base costs no edit distance).
 */
function plausiblePair(a: string, b: string, ka: string, kb: string): Pair | undefined {
  if (ka !== kb || ka === '') {
    const la = Math.min(a.length, 64);
    const lb = Math.min(b.length, 64);
    if (Math.min(la, lb) * 2 < Math.max(la, lb)) return undefined;
    const e = stringSimilarity(a, b);
    if (e < 0.5) return undefined;
    const k = stringSimilarity(ka, kb);
    return { e, keq: false, k, s: 0.6 * e + 0.4 * k, key: ka, a, b };
  }
  return pair(a, b, ka, kb);
}

/** Whether {@link plausiblePair} gives a pair for these words (without making it). */
function canPair(a: string, b: string, ka: string, kb: string): boolean {
  if (ka === kb && ka !== '') return true;
  const la = Math.min(a.length, 64);
  const lb = Math.min(b.length, 64);
  if (Math.min(la, lb) * 2 < Math.max(la, lb)) return false;
  return stringSimilarity(a, b) >= 0.5;
}

/** Words of the name forms of one type, each with its phonetic key and the positions (in `list`) of the entries that have it. */
type WordIndex = Map<string, { readonly key: string; readonly at: number[] }>;

interface TypeForms {
  readonly list: readonly { readonly entry: KbEntry; readonly forms: readonly NameForm[] }[];
  /** Last words of the forms (the one word of a one-word form). */
  readonly lastWords: WordIndex;
  /** The keys of one-word forms. */
  readonly singleWords: WordIndex;
  /** First words of forms of several words. */
  readonly firstWords: Map<string, number[]>;
}

function addWord(index: WordIndex, word: string, key: string, at: number): void {
  const had = index.get(word);
  if (!had) index.set(word, { key, at: [at] });
  else if (had.at[had.at.length - 1] !== at) had.at.push(at);
}

/** Consonant classes in a key (its information content): SLNSK → 5, RT → 2. */
function keyLength(key: string): number {
  return key.replace(/[A\s]/g, '').length;
}

/**
 * A one-word variant is safe without further evidence: the same phonetic key, an edit similarity of
 * at least 0.6, and either a key of four or more consonant classes or a similarity of 0.8. So
 * Zielinski/Zelensky (SLNSK, 0.67) and Pudin/Putin (PTN, 0.8) pass; Ruti/Rutte (RT, 0.6),
 * Roth/Rutte (RT, 0.4) and Pranowo/Prabowo (different keys) do not.
 */
function variantOk(p: Pair): boolean {
  if (p.e === 1) return true;
  return p.keq && p.e >= 0.6 && (keyLength(p.key) >= 4 || p.e >= 0.8);
}

function describe(p: Pair): string {
  if (p.e === 1) return `"${p.a}" = "${p.b}"`;
  return `"${p.a}" ~ "${p.b}" (edit similarity ${p.e.toFixed(2)}, ${p.keq ? `same phonetic key ${p.key}` : `phonetic keys ${p.k.toFixed(2)} alike`})`;
}

function isCaseSensitiveForm(text: string): boolean {
  if (text.length > 7) return false;
  const c = text.charCodeAt(0);
  if (c < 65 || c > 90) return false;
  return /^[A-Z]{1,3}$/.test(text.replace(/[.\s]/g, ''));
}

function compact(text: string): string {
  return text.replace(/[.\s]/g, '');
}

export class KnowledgeBaseImpl implements KnowledgeBase {
  private idMap?: Map<string, KbEntry>;
  private index?: Map<string, number | number[]>;
  /** Signatures of the first and last words of the index keys: a surface whose key starts or ends otherwise is not folded. */
  private readonly firstWords = new Set<number>();
  private readonly lastWords = new Set<number>();
  private readonly hits = new Map<string, Hit | null>();
  /** Forms of the index by packed reference, made on first use. */
  private readonly indexedForms = new Map<number, IndexedForm>();
  /** Entry positions by the tokens of their roles' readings (see `byRole`). */
  private roleIndex?: Map<string, number[]>;
  private allForms?: KbForm[];
  private nameForms = new Map<EntityType, TypeForms>();
  private roleMatcher?: RoleMatcher;

  constructor(
    readonly entries: readonly KbEntry[],
    private readonly roleLexicon: RoleLexicon,
  ) {}

  byId(id: string): KbEntry | undefined {
    if (!this.idMap) {
      this.idMap = new Map();
      for (const e of this.entries) this.idMap.set(e.id, e);
    }
    return this.idMap.get(id);
  }

  /** The surface forms of an entry, in a fixed order: name, names, aliases. */
  private static textsOf(entry: KbEntry): string[] {
    const texts = [entry.name];
    for (const lang in entry.names) texts.push(entry.names[lang]!);
    for (const a of entry.aliases) texts.push(a);
    return texts;
  }

  private static formOf(entry: KbEntry, slot: number, order: number): IndexedForm {
    const text = KnowledgeBaseImpl.textsOf(entry)[slot]!;
    return { text, key: foldKey(text), entry, alias: slot > Object.keys(entry.names).length, caseSensitive: isCaseSensitiveForm(text), order };
  }

  /**
   * key → packed form references (entry position × 1024 + slot of the form in `textsOf`), one number
   * or an array. Built on the first lookup; packing keeps it to one fold and one Map write per form.
   */
  private buildIndex(): Map<string, number | number[]> {
    if (this.index) return this.index;
    const index = new Map<string, number | number[]>();
    const entries = this.entries;
    for (let order = 0; order < entries.length; order++) {
      const entry = entries[order]!;
      const texts = KnowledgeBaseImpl.textsOf(entry);
      const n = Math.min(texts.length, FORM_SLOTS);
      for (let slot = 0; slot < n; slot++) {
        const text = texts[slot]!;
        // Country names repeat across languages ("Korea Utara" in id and ms): fold each once.
        if (slot > 1 && texts.indexOf(text) !== slot) continue;
        const key = foldKeyUncached(text);
        if (key === '') continue;
        const packed = order * FORM_SLOTS + slot;
        const had = index.get(key);
        if (had === undefined) {
          index.set(key, packed);
          continue;
        }
        const list = typeof had === 'number' ? [had] : had;
        const same = list.findIndex((p) => Math.floor(p / FORM_SLOTS) === order);
        if (same >= 0) {
          // One form per entry and key; prefer one that is not limited to capitals (dpa over DPA).
          if (isCaseSensitiveForm(texts[list[same]! % FORM_SLOTS]!) && !isCaseSensitiveForm(text)) list[same] = packed;
        } else list.push(packed);
        if (typeof had === 'number') index.set(key, list);
      }
    }
    for (const key of index.keys()) {
      this.firstWords.add(wordSignature(key, false));
      this.lastWords.add(wordSignature(key, true));
    }
    return (this.index = index);
  }

  forms(): readonly KbForm[] {
    if (this.allForms) return this.allForms;
    const all: KbForm[] = [];
    for (const packed of this.buildIndex().values()) {
      for (const p of typeof packed === 'number' ? [packed] : packed) {
        const order = Math.floor(p / FORM_SLOTS);
        all.push(KnowledgeBaseImpl.formOf(this.entries[order]!, p % FORM_SLOTS, order));
      }
    }
    all.sort((a, b) => (a as IndexedForm).order - (b as IndexedForm).order);
    return (this.allForms = all);
  }

  private formAt(packed: number): IndexedForm {
    let form = this.indexedForms.get(packed);
    if (!form) {
      const order = Math.floor(packed / FORM_SLOTS);
      form = KnowledgeBaseImpl.formOf(this.entries[order]!, packed % FORM_SLOTS, order);
      this.indexedForms.set(packed, form);
    }
    return form;
  }

  /**
   * What a surface names: the first of the surface, without a possessive 's, without a leading
   * "the" that names anything.
   */
  private find(surface: string): Hit | undefined {
    const index = this.buildIndex();
    const trimmed = surface.trim();
    const n = trimmed.length;
    let found = this.hit(index, trimmed);
    if (found) return found;
    const last = trimmed.charCodeAt(n - 1);
    if ((last === 115 || last === 83) && n >= 2) {
      const before = trimmed.charCodeAt(n - 2);
      if (before === 39 || before === 0x2019) {
        found = this.hit(index, trimmed.slice(0, n - 2));
        if (found) return found;
      }
    }
    // A leading article of a pack's language ("the United Nations"): checked by its letters before any regex runs.
    for (const { article, re } of ARTICLES) {
      if (n <= article.length || !startsWithFolded(trimmed, article)) continue;
      const noArticle = trimmed.replace(re, '');
      if (noArticle !== trimmed) return this.hit(index, noArticle);
    }
    return undefined;
  }

  /**
   * The entries one text names, best first, or undefined. Most texts asked about (every capitalised
   * n-gram of an article) name nothing: they are turned away by the first and last words of their
   * key (their signatures), read off the text without folding it. The rest are remembered.
   */
  private hit(index: Map<string, number | number[]>, text: string): Hit | undefined {
    const first = edgeWordSignature(text, false);
    if (first === NO_KEY_WORD || (first !== UNDECIDED && !this.firstWords.has(first))) return undefined;
    const last = edgeWordSignature(text, true);
    if (last !== UNDECIDED && !this.lastWords.has(last)) return undefined;
    let found = this.hits.get(text);
    if (found === undefined) {
      found = this.rank(index, text) ?? null;
      if (this.hits.size >= HIT_CACHE_SIZE) this.hits.clear();
      this.hits.set(text, found);
    }
    return found ?? undefined;
  }

  private rank(index: Map<string, number | number[]>, text: string): Hit | undefined {
    const packed = index.get(foldKey(text));
    if (packed === undefined) return undefined;
    const best = new Map<KbEntry, RankedForm>();
    for (const p of typeof packed === 'number' ? [packed] : packed) {
      const form = this.formAt(p);
      if (form.caseSensitive && compact(text) !== compact(form.text)) continue;
      const same = text === form.text;
      const how: KbMatchHow = same ? (form.alias ? 'alias' : 'exact') : form.alias ? 'alias' : 'normalized';
      const score = LOOKUP_SCORE[same ? (form.alias ? 'alias' : 'exact') : form.alias ? 'normalized-alias' : 'normalized'];
      const prev = best.get(form.entry);
      if (!prev || score > prev.score) best.set(form.entry, { score, how, form });
    }
    if (best.size === 0) return undefined;
    const ranked = [...best.values()].sort((a, b) => b.score - a.score || a.form.order - b.form.order);
    return { text, ranked, entries: ranked.map((r) => r.form.entry) };
  }

  mayStartName(word: string): boolean {
    this.buildIndex();
    const first = edgeWordSignature(word, false);
    if (first === UNDECIDED || first === NO_KEY_WORD || this.firstWords.has(first)) return true;
    // A leading article is dropped before the lookup: the word after it is the first.
    for (const { article } of ARTICLES) if (startsWithFolded(word, article)) return true;
    return false;
  }

  mayEndName(word: string): boolean {
    this.buildIndex();
    const last = edgeWordSignature(word, true);
    if (last === UNDECIDED || last === NO_KEY_WORD || this.lastWords.has(last)) return true;
    // A possessive 's is dropped before the lookup: the word before it is the last.
    const n = word.length;
    if (n >= 2 && (word.charCodeAt(n - 1) | 32) === 115) {
      const before = word.charCodeAt(n - 2);
      if (before === 39 || before === 0x2019) return true;
    }
    return false;
  }

  lookupMatches(surface: string): KbMatch[] {
    const found = this.find(surface);
    if (!found) return [];
    const text = found.text;
    return found.ranked.map(({ score, how, form }) => ({
      entry: form.entry,
      score,
      how,
      why: `"${surface}" is ${form.alias ? 'a known alias' : 'the name'}${form.text === surface ? '' : ` "${form.text}"`} of ${form.entry.name}${how === 'normalized' || (form.alias && text !== form.text) ? ' (case, diacritics and punctuation aside)' : ''}`,
    }));
  }

  lookup(surface: string): KbEntry[] {
    const found = this.find(surface);
    return found ? [...found.entries] : [];
  }

  lookupEntries(surface: string): readonly KbEntry[] {
    return this.find(surface)?.entries ?? NO_ENTRIES;
  }

  private roles(): RoleMatcher {
    if (!this.roleMatcher) {
      const placeTypes = new Set<EntityType>(['ORG', 'GPE', 'LOC']);
      // Role texts share their phrases ("Menteri", "Presiden Republik"): each is looked up once.
      const resolved = new Map<string, string | null>();
      this.roleMatcher = new RoleMatcher(this.roleLexicon, (phrase) => {
        let id = resolved.get(phrase);
        if (id === undefined) {
          id = null;
          for (const entry of this.find(phrase)?.entries ?? []) {
            if (placeTypes.has(entry.type)) {
              id = entry.id;
              break;
            }
          }
          if (resolved.size >= RESOLVED_PHRASES) resolved.clear();
          resolved.set(phrase, id);
        }
        return id ?? undefined;
      });
    }
    return this.roleMatcher;
  }

  /** Token of a role reading → positions (ascending) of the entries with a role read with it. */
  private roleIndexOf(matcher: RoleMatcher): Map<string, number[]> {
    if (this.roleIndex) return this.roleIndex;
    const index = new Map<string, number[]>();
    this.entries.forEach((entry, i) => {
      for (const role of entry.roles) {
        for (const reading of matcher.prepared(role.text)) {
          for (const t of reading.tokens) {
            const list = index.get(t);
            if (!list) index.set(t, [i]);
            else if (list[list.length - 1] !== i) list.push(i);
          }
        }
      }
    });
    return (this.roleIndex = index);
  }

  roleScore(entry: KbEntry, roleText: string, date?: string): number {
    return this.roles().score(entry, roleText, date).score;
  }

  byRole(roleText: string, date?: string): KbEntry[] {
    const matcher = this.roles();
    // Only entries with a role sharing a token with the text can match it at all.
    const index = this.roleIndexOf(matcher);
    const positions: number[] = [];
    const seen = new Set<number>();
    for (const reading of matcher.prepared(roleText)) {
      for (const t of reading.tokens) {
        for (const i of index.get(t) ?? []) {
          if (seen.has(i)) continue;
          seen.add(i);
          positions.push(i);
        }
      }
    }
    positions.sort((a, b) => a - b);
    const found: { entry: KbEntry; score: number; current: boolean; since: string }[] = [];
    for (const i of positions) {
      const entry = this.entries[i]!;
      const { score, role } = matcher.score(entry, roleText, date, true);
      if (!role || score < ROLE_MATCH_THRESHOLD) continue;
      found.push({ entry, score, current: role.until === undefined, since: role.since !== undefined ? padDate(role.since) : '' });
    }
    found.sort((a, b) => b.score - a.score || Number(b.current) - Number(a.current) || (a.since < b.since ? 1 : a.since > b.since ? -1 : 0));
    return found.map((f) => f.entry);
  }

  private formsOfType(type: EntityType): TypeForms {
    let forms = this.nameForms.get(type);
    if (forms) return forms;
    const list: { entry: KbEntry; forms: NameForm[] }[] = [];
    const lastWords: WordIndex = new Map();
    const singleWords: WordIndex = new Map();
    const firstWords = new Map<string, number[]>();
    for (const entry of this.entries) {
      if (entry.type !== type) continue;
      const at = list.length;
      const seen = new Set<string>();
      const forms: NameForm[] = [];
      for (const text of [entry.name, ...Object.values(entry.names), ...entry.aliases]) {
        // Initialisms (SBY, AHY, MBS) are looked up exactly, never fuzzed.
        if (/^[A-Z.\s]{1,6}$/.test(text)) continue;
        const key = foldKey(text);
        if (key === '' || seen.has(key)) continue;
        seen.add(key);
        const tokens = key.split(' ');
        const form: NameForm = { text, key, tokens, tkeys: tokens.map((t) => phoneticKey(t)) };
        forms.push(form);
        const last = tokens.length - 1;
        addWord(lastWords, tokens[last]!, form.tkeys[last]!, at);
        if (last === 0) addWord(singleWords, key, form.tkeys[0]!, at);
        else {
          const had = firstWords.get(tokens[0]!);
          if (!had) firstWords.set(tokens[0]!, [at]);
          else if (had[had.length - 1] !== at) had.push(at);
        }
      }
      list.push({ entry, forms });
    }
    forms = { list, lastWords, singleWords, firstWords };
    this.nameForms.set(type, forms);
    return forms;
  }

  /**
   * Positions (in `list`) of the entries `compare` can find anything in: a form whose last word
   * pairs with the query's last word, a one-word form that pairs with the whole query, or (one-word
   * query) a form that starts with it. The same tests `compare` makes, once per distinct word.
   */
  private static plausibleEntries(forms: TypeForms, q: NameForm): Uint8Array {
    const marked = new Uint8Array(forms.list.length);
    const mark = (at: readonly number[]): void => {
      for (const i of at) marked[i] = 1;
    };
    const n = q.tokens.length;
    const lastWord = q.tokens[n - 1]!;
    const lastKey = q.tkeys[n - 1]!;
    for (const [word, { key, at }] of forms.lastWords) if (canPair(lastWord, word, lastKey, key)) mark(at);
    if (n === 1) {
      const given = forms.firstWords.get(q.key);
      if (given) mark(given);
    } else {
      const joined = q.tkeys.join(' ');
      for (const [word, { key, at }] of forms.singleWords) if (canPair(q.key, word, joined, key)) mark(at);
    }
    return marked;
  }

  /** The best name comparison of the surface with one entry. */
  private compare(entry: KbEntry, forms: readonly NameForm[], q: NameForm, type: EntityType): Candidate | undefined {
    let best: Candidate | undefined;
    const consider = (c: Candidate): void => {
      if (!best || c.guarded > best.guarded || (c.guarded === best.guarded && c.raw > best.raw)) best = c;
    };
    for (const f of forms) {
      if (q.tokens.length === 1 && f.tokens.length === 1) {
        const p = plausiblePair(q.key, f.key, q.tkeys[0]!, f.tkeys[0]!);
        if (!p) continue;
        const raw = p.e === 1 ? 1 : 0.35 + 0.6 * p.s;
        const ok = variantOk(p);
        consider({ entry, raw, guarded: ok ? raw : raw * 0.75, guardOk: ok, level: 'variant', exactToken: p.e === 1, detail: () => describe(p) });
      } else if (q.tokens.length === 1) {
        if (type !== 'PERSON') continue;
        // Given-name (or family-name-first) level: weak on its own.
        if (f.tokens[0] === q.key) {
          consider({ entry, raw: 0.6, guarded: 0.6, guardOk: false, level: 'given', exactToken: true, detail: () => `first name "${q.text}" of ${f.text}` });
        }
        // Surname level: the last word of the known name.
        const last = f.tokens.length - 1;
        const p = plausiblePair(q.key, f.tokens[last]!, q.tkeys[0]!, f.tkeys[last]!);
        if (!p) continue;
        const raw = p.e === 1 ? 0.9 : Math.min(0.88, 0.35 + 0.6 * p.s);
        const ok = variantOk(p);
        consider({ entry, raw, guarded: ok ? raw : raw * 0.75, guardOk: ok, level: 'surname', exactToken: p.e === 1, detail: () => `surname ${describe(p)}` });
      } else if (f.tokens.length === 1) {
        const p = plausiblePair(q.key, f.key, q.tkeys.join(' '), f.tkeys[0]!);
        if (!p) continue;
        const raw = 0.35 + 0.6 * p.s;
        const ok = p.e >= 0.85;
        consider({ entry, raw, guarded: ok ? raw : raw * 0.75, guardOk: ok, level: 'variant', exactToken: false, detail: () => describe(p) });
      } else {
        const pairs = align(q, f);
        if (!pairs) continue;
        const scores = pairs.pairs.map((p) => p.s);
        const min = Math.min(...scores);
        const mean = scores.reduce((x, y) => x + y, 0) / scores.length;
        const raw = (0.5 * min + 0.5 * mean) * Math.pow(0.95, pairs.skipped);
        const surname = pairs.pairs[pairs.pairs.length - 1]!;
        const ok = variantOk(surname) && pairs.pairs.every((p) => p.e >= 0.75 || variantOk(p));
        const changed = pairs.pairs.filter((p) => p.e < 1);
        const detail = (): string =>
          changed.length === 0
            ? `"${q.text}" has the words of ${f.text}`
            : `"${q.text}" ~ "${f.text}": ${changed.map(describe).join('; ')}${pairs.skipped ? `; ${pairs.skipped} word(s) unmatched` : ''}`;
        consider({ entry, raw, guarded: ok ? raw : raw * 0.75, guardOk: ok, level: 'full', exactToken: changed.length === 0, detail });
      }
    }
    return best;
  }

  fuzzy(surface: string, options: FuzzyOptions = {}): KbMatch[] {
    const type = options.type ?? 'PERSON';
    const limit = options.limit ?? 5;
    const key = foldKey(surface).slice(0, 64);
    if (key === '') return [];
    const results = new Map<KbEntry, KbMatch>();
    const roleText = options.role !== undefined && options.role.trim() !== '' ? options.role : undefined;
    for (const m of this.lookupMatches(surface)) {
      if (m.entry.type !== type) continue;
      // A common name ("Budi Santoso", "Sugiono") is many people: it names the official only with the role.
      if (m.entry.kind === COMMON_NAME) {
        const rm = roleText !== undefined ? this.roles().score(m.entry, roleText, options.date) : undefined;
        if (!rm?.role || rm.score < 0.6) {
          results.set(m.entry, { ...m, score: COMMON_NAME_SCORE, why: `${m.why}; a common name, linked only with a matching role` });
          continue;
        }
        results.set(m.entry, { ...m, how: 'role', why: `${m.why}; role "${roleText}" matches "${rm.role.text}" (${rm.score.toFixed(2)})` });
        continue;
      }
      results.set(m.entry, m);
    }

    const tokens = key.split(' ');
    const q: NameForm = { text: surface.trim(), key, tokens, tkeys: tokens.map((t) => phoneticKey(t)) };
    const candidates: Candidate[] = [];
    const typeForms = this.formsOfType(type);
    const plausible = KnowledgeBaseImpl.plausibleEntries(typeForms, q);
    typeForms.list.forEach(({ entry, forms }, i) => {
      if (plausible[i] === 0 || results.has(entry)) return;
      const c = this.compare(entry, forms, q, type);
      if (c && c.raw >= 0.45) candidates.push(c);
    });

    // One bare word that is exactly the surname (or first name) of several entries names none of them.
    const exactShort = candidates.filter((c) => (c.level === 'surname' || c.level === 'given') && c.exactToken);
    const ambiguous = new Set(exactShort.length > 1 ? exactShort.map((c) => c.entry) : []);

    const matcher = roleText !== undefined ? this.roles() : undefined;
    // The reasons are put together only for the matches returned.
    const scored: { entry: KbEntry; score: number; how: KbMatchHow; why: string | (() => string) }[] = [];
    for (const m of results.values()) scored.push({ entry: m.entry, score: m.score, how: m.how, why: m.why });
    for (const c of candidates) {
      let score = c.guarded;
      let how: KbMatchHow = 'fuzzy';
      const isAmbiguous = ambiguous.has(c.entry);
      if (isAmbiguous) score *= 0.8;
      let roleWhy: string | undefined;
      if (matcher) {
        const { score: rm, role } = matcher.score(c.entry, roleText!, options.date);
        if (role && rm >= 0.6) {
          const boosted = c.raw + (1 - c.raw) * 0.6 * rm;
          if (boosted > score) {
            if (!c.guardOk || isAmbiguous) how = 'role';
            score = boosted;
            roleWhy = `; role "${roleText}" matches "${role.text}"${role.until ? ` (held until ${role.until})` : ''} (${rm.toFixed(2)})`;
          }
        }
      }
      let common = false;
      if (c.entry.kind === COMMON_NAME && how !== 'role' && score > COMMON_NAME_SCORE) {
        score = COMMON_NAME_SCORE;
        common = true;
      }
      const weak = !c.guardOk && how !== 'role';
      const why = (): string => {
        let why = c.detail();
        if (isAmbiguous) why += `; ambiguous: ${[...ambiguous].filter((e) => e !== c.entry).map((e) => e.name).slice(0, 3).join(', ')} too`;
        if (roleWhy !== undefined) why += roleWhy;
        if (common) why += '; a common name, linked only with a matching role';
        if (weak) why += '; too weak without a matching role';
        return why;
      };
      scored.push({ entry: c.entry, score: round(score), how, why });
    }
    return scored
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map(({ entry, score, how, why }) => ({ entry, score, how, why: typeof why === 'string' ? why : why() }));
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Pairs the words of the surface with the words of a known name: first with first, last with last,
 * middle words in order where they fit. Extra words on either side are counted as skipped.
 */
function align(q: NameForm, f: NameForm): { pairs: Pair[]; skipped: number } | undefined {
  const mk = (i: number, j: number): Pair | undefined => plausiblePair(q.tokens[i]!, f.tokens[j]!, q.tkeys[i]!, f.tkeys[j]!);
  const n = q.tokens.length;
  const m = f.tokens.length;
  const pairs: Pair[] = [];
  if (n === m) {
    // Last (the surname, most often) first: it rules most entries out.
    for (let i = n - 1; i >= 0; i--) {
      const p = mk(i, i);
      if (!p) return undefined;
      pairs.unshift(p);
    }
    return { pairs, skipped: 0 };
  }
  const [short, long] = n < m ? [n, m] : [m, n];
  const at = (i: number, j: number): Pair | undefined => (n < m ? mk(i, j) : mk(j, i));
  const lastPair = at(short - 1, long - 1);
  const firstPair = lastPair && at(0, 0);
  if (!lastPair || !firstPair) return undefined;
  pairs.push(firstPair);
  let j = 1;
  for (let i = 1; i < short - 1; i++) {
    let best: Pair | undefined;
    let bestJ = -1;
    for (let k = j; k <= long - short + i; k++) {
      const p = at(i, k);
      if (p && (!best || p.s > best.s)) {
        best = p;
        bestJ = k;
      }
    }
    if (!best) return undefined;
    pairs.push(best);
    j = bestJ + 1;
  }
  pairs.push(lastPair);
  return { pairs, skipped: long - short };
}

