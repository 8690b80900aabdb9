import type { EntityType } from '../types.js';
import { foldKey, phoneticKey, stringSimilarity } from './normalize.js';
import { ROLE_MATCH_THRESHOLD, RoleMatcher, padDate, type RoleLexicon } from './roles.js';
import type { FuzzyOptions, KbEntry, KbForm, KbMatch, KbMatchHow, KnowledgeBase } from './types.js';

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
  readonly detail: string;
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
  private allForms?: KbForm[];
  private nameForms = new Map<EntityType, { entry: KbEntry; forms: NameForm[] }[]>();
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
        const key = foldKey(text);
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

  lookupMatches(surface: string): KbMatch[] {
    const index = this.buildIndex();
    const trimmed = surface.trim();
    const attempts = [trimmed];
    const possessive = trimmed.replace(/['’]s$/i, '');
    if (possessive !== trimmed) attempts.push(possessive);
    const noThe = trimmed.replace(/^the\s+/i, '');
    if (noThe !== trimmed) attempts.push(noThe);
    for (const text of attempts) {
      const packed = index.get(foldKey(text));
      if (packed === undefined) continue;
      const best = new Map<KbEntry, { score: number; how: KbMatchHow; form: KbForm; order: number }>();
      for (const p of typeof packed === 'number' ? [packed] : packed) {
        const order = Math.floor(p / FORM_SLOTS);
        const form = KnowledgeBaseImpl.formOf(this.entries[order]!, p % FORM_SLOTS, order);
        if (form.caseSensitive && compact(text) !== compact(form.text)) continue;
        const same = text === form.text;
        const how: KbMatchHow = same ? (form.alias ? 'alias' : 'exact') : form.alias ? 'alias' : 'normalized';
        const score = LOOKUP_SCORE[same ? (form.alias ? 'alias' : 'exact') : form.alias ? 'normalized-alias' : 'normalized'];
        const prev = best.get(form.entry);
        if (!prev || score > prev.score) best.set(form.entry, { score, how, form, order });
      }
      if (best.size === 0) continue;
      return [...best.values()]
        .sort((a, b) => b.score - a.score || a.order - b.order)
        .map(({ score, how, form }) => ({
          entry: form.entry,
          score,
          how,
          why: `"${surface}" is ${form.alias ? 'a known alias' : 'the name'}${form.text === surface ? '' : ` "${form.text}"`} of ${form.entry.name}${how === 'normalized' || (form.alias && text !== form.text) ? ' (case, diacritics and punctuation aside)' : ''}`,
        }));
    }
    return [];
  }

  lookup(surface: string): KbEntry[] {
    return this.lookupMatches(surface).map((m) => m.entry);
  }

  private roles(): RoleMatcher {
    if (!this.roleMatcher) {
      const placeTypes = new Set<EntityType>(['ORG', 'GPE', 'LOC']);
      this.roleMatcher = new RoleMatcher(this.roleLexicon, (phrase) => {
        for (const m of this.lookupMatches(phrase)) if (placeTypes.has(m.entry.type)) return m.entry.id;
        return undefined;
      });
    }
    return this.roleMatcher;
  }

  roleScore(entry: KbEntry, roleText: string, date?: string): number {
    return this.roles().score(entry, roleText, date).score;
  }

  byRole(roleText: string, date?: string): KbEntry[] {
    const matcher = this.roles();
    const found: { entry: KbEntry; score: number; current: boolean; since: string }[] = [];
    for (const entry of this.entries) {
      if (entry.roles.length === 0) continue;
      const { score, role } = matcher.score(entry, roleText, date, true);
      if (!role || score < ROLE_MATCH_THRESHOLD) continue;
      found.push({ entry, score, current: role.until === undefined, since: role.since !== undefined ? padDate(role.since) : '' });
    }
    found.sort((a, b) => b.score - a.score || Number(b.current) - Number(a.current) || (a.since < b.since ? 1 : a.since > b.since ? -1 : 0));
    return found.map((f) => f.entry);
  }

  private formsOfType(type: EntityType): { entry: KbEntry; forms: NameForm[] }[] {
    let list = this.nameForms.get(type);
    if (list) return list;
    list = [];
    for (const entry of this.entries) {
      if (entry.type !== type) continue;
      const seen = new Set<string>();
      const forms: NameForm[] = [];
      for (const text of [entry.name, ...Object.values(entry.names), ...entry.aliases]) {
        // Initialisms (SBY, AHY, MBS) are looked up exactly, never fuzzed.
        if (/^[A-Z.\s]{1,6}$/.test(text)) continue;
        const key = foldKey(text);
        if (key === '' || seen.has(key)) continue;
        seen.add(key);
        const tokens = key.split(' ');
        forms.push({ text, key, tokens, tkeys: tokens.map((t) => phoneticKey(t)) });
      }
      list.push({ entry, forms });
    }
    this.nameForms.set(type, list);
    return list;
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
        consider({ entry, raw, guarded: ok ? raw : raw * 0.75, guardOk: ok, level: 'variant', exactToken: p.e === 1, detail: describe(p) });
      } else if (q.tokens.length === 1) {
        if (type !== 'PERSON') continue;
        // Given-name (or family-name-first) level: weak on its own.
        if (f.tokens[0] === q.key) {
          consider({ entry, raw: 0.6, guarded: 0.6, guardOk: false, level: 'given', exactToken: true, detail: `first name "${q.text}" of ${f.text}` });
        }
        // Surname level: the last word of the known name.
        const last = f.tokens.length - 1;
        const p = plausiblePair(q.key, f.tokens[last]!, q.tkeys[0]!, f.tkeys[last]!);
        if (!p) continue;
        const raw = p.e === 1 ? 0.9 : Math.min(0.88, 0.35 + 0.6 * p.s);
        const ok = variantOk(p);
        consider({ entry, raw, guarded: ok ? raw : raw * 0.75, guardOk: ok, level: 'surname', exactToken: p.e === 1, detail: `surname ${describe(p)}` });
      } else if (f.tokens.length === 1) {
        const p = plausiblePair(q.key, f.key, q.tkeys.join(' '), f.tkeys[0]!);
        if (!p) continue;
        const raw = 0.35 + 0.6 * p.s;
        const ok = p.e >= 0.85;
        consider({ entry, raw, guarded: ok ? raw : raw * 0.75, guardOk: ok, level: 'variant', exactToken: false, detail: describe(p) });
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
        const detail =
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
    for (const { entry, forms } of this.formsOfType(type)) {
      if (results.has(entry)) continue;
      const c = this.compare(entry, forms, q, type);
      if (c && c.raw >= 0.45) candidates.push(c);
    }

    // One bare word that is exactly the surname (or first name) of several entries names none of them.
    const exactShort = candidates.filter((c) => (c.level === 'surname' || c.level === 'given') && c.exactToken);
    const ambiguous = new Set(exactShort.length > 1 ? exactShort.map((c) => c.entry) : []);

    const matcher = roleText !== undefined ? this.roles() : undefined;
    for (const c of candidates) {
      let score = c.guarded;
      let how: KbMatchHow = 'fuzzy';
      let why = c.detail;
      if (ambiguous.has(c.entry)) {
        score *= 0.8;
        why += `; ambiguous: ${[...ambiguous].filter((e) => e !== c.entry).map((e) => e.name).slice(0, 3).join(', ')} too`;
      }
      if (matcher) {
        const { score: rm, role } = matcher.score(c.entry, roleText!, options.date);
        if (role && rm >= 0.6) {
          const boosted = c.raw + (1 - c.raw) * 0.6 * rm;
          if (boosted > score) {
            if (!c.guardOk || ambiguous.has(c.entry)) how = 'role';
            score = boosted;
            why += `; role "${roleText}" matches "${role.text}"${role.until ? ` (held until ${role.until})` : ''} (${rm.toFixed(2)})`;
          }
        }
      }
      if (c.entry.kind === COMMON_NAME && how !== 'role' && score > COMMON_NAME_SCORE) {
        score = COMMON_NAME_SCORE;
        why += '; a common name, linked only with a matching role';
      }
      if (!c.guardOk && how !== 'role') why += '; too weak without a matching role';
      results.set(c.entry, { entry: c.entry, score: round(score), how, why });
    }
    return [...results.values()].sort((a, b) => b.score - a.score).slice(0, limit);
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

