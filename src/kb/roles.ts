/**
 * Role matching: "Sekjen NATO", "Sekretaris Jenderal NATO" and "NATO Secretary-General" are one
 * role. A role text becomes a set of tokens: abbreviations expanded from `data/kb/roles.json`
 * (sekjen → sekretaris jenderal, PM → perdana menteri | prime minister), names of organisations
 * and places replaced by their knowledge-base id (`NATO` → `@org:nato`, `AS`/`Amerika Serikat`/
 * `American` → `@country:US`), stop words dropped. Two roles compare by weighted Jaccard overlap,
 * where the entry's own country weighs 0.3: an Indonesian paper writes "Menteri Keuangan" for
 * "Menteri Keuangan Indonesia".
 */
import { foldKey } from './normalize.js';
import type { KbEntry, KbRole } from './types.js';

export interface RoleLexicon {
  /** Folded word → expansion, or alternatives (`pm` → perdana menteri | prime minister). */
  readonly abbreviations: Readonly<Record<string, string | readonly string[]>>;
  /** Folded adjective → ISO country code (`russian` → RU). */
  readonly demonyms: Readonly<Record<string, string>>;
  /** Folded words that carry no meaning in a role (of, the, untuk, affairs…). */
  readonly stopwords: readonly string[];
}

/** A role text matching this well (0..1) is the same role for `byRole`. */
export const ROLE_MATCH_THRESHOLD = 0.8;
/** Weight of the entry's own country among a role's tokens. */
const OWN_COUNTRY_WEIGHT = 0.3;
/** Longest organisation or place name, in words, looked up inside a role. */
const MAX_NAME_WORDS = 6;
/** Alternatives multiply; stop expanding beyond this many readings of one role text. */
const MAX_VARIANTS = 8;
/** Role texts whose readings are kept. */
const MAX_CACHED = 10_000;

let wordRe: RegExp | undefined;

/** Pads a partial ISO date so that string comparison orders it: '2024' → '2024-01-01'. */
export function padDate(d: string): string {
  return d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d.slice(0, 10);
}

/** Whether the role was held on `date` (since inclusive, until exclusive). */
export function roleActiveOn(role: KbRole, date: string): boolean {
  const d = padDate(date);
  if (role.since !== undefined && padDate(role.since) > d) return false;
  if (role.until !== undefined && padDate(role.until) <= d) return false;
  return true;
}

/** One reading of a role text ready for {@link RoleMatcher.overlap}: its distinct tokens in order, and as a set. */
export interface PreparedReading {
  readonly tokens: readonly string[];
  readonly set: ReadonlySet<string>;
}

export class RoleMatcher {
  private readonly cache = new Map<string, readonly (readonly string[])[]>();
  private readonly preparedCache = new Map<string, readonly PreparedReading[]>();
  private readonly stop: ReadonlySet<string>;

  /** `resolve` maps a phrase to the id of an organisation or place, or undefined. */
  constructor(
    private readonly lexicon: RoleLexicon,
    private readonly resolve: (phrase: string) => string | undefined,
  ) {
    this.stop = new Set(lexicon.stopwords);
  }

  /** The token readings of a role text (several when an abbreviation is ambiguous). */
  readings(text: string): readonly (readonly string[])[] {
    const cached = this.cache.get(text);
    if (cached) return cached;
    // Words, with abbreviations expanded into alternatives.
    let variants: { raw: string; key: string }[][] = [[]];
    for (const m of text.matchAll((wordRe ??= /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’.]*/gu))) {
      const raw = m[0].replace(/[.']+$/, (s) => (/^(\p{Lu}\.)+$/u.test(m[0]) ? s : ''));
      const key = foldKey(raw);
      if (key === '') continue;
      const exp = this.lexicon.abbreviations[key];
      const alts = exp === undefined ? [raw] : typeof exp === 'string' ? [exp] : exp;
      const next: { raw: string; key: string }[][] = [];
      for (const v of variants) {
        for (const alt of alts) {
          const words = alt === raw ? [{ raw, key }] : alt.split(' ').map((w) => ({ raw: w, key: foldKey(w) }));
          next.push([...v, ...words]);
          if (next.length >= MAX_VARIANTS) break;
        }
        if (next.length >= MAX_VARIANTS) break;
      }
      variants = next;
    }
    const readings = variants.map((words) => this.tokenize(words));
    // Role texts repeat (the starter roles, a document's titles); a server must not grow without end.
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(text, readings);
    return readings;
  }

  /** {@link readings} with each reading's distinct tokens, cached like the readings. */
  prepared(text: string): readonly PreparedReading[] {
    let prepared = this.preparedCache.get(text);
    if (prepared) return prepared;
    prepared = this.readings(text).map((r) => {
      const set = new Set(r);
      return { tokens: [...set], set };
    });
    if (this.preparedCache.size >= MAX_CACHED) this.preparedCache.clear();
    this.preparedCache.set(text, prepared);
    return prepared;
  }

  private tokenize(words: readonly { raw: string; key: string }[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < words.length; ) {
      let taken = 0;
      for (let n = Math.min(MAX_NAME_WORDS, words.length - i); n >= 1; n--) {
        const phrase = words
          .slice(i, i + n)
          .map((w) => w.raw)
          .join(' ');
        const id = this.resolve(phrase);
        if (id !== undefined) {
          out.push(`@${id}`);
          taken = n;
          break;
        }
      }
      if (taken > 0) {
        i += taken;
        continue;
      }
      const w = words[i]!;
      const next = words[i + 1];
      const twoWords = next !== undefined ? this.lexicon.demonyms[`${w.key} ${next.key}`] : undefined;
      if (twoWords !== undefined) {
        out.push(`@country:${twoWords}`);
        i += 2;
        continue;
      }
      const demonym = this.lexicon.demonyms[w.key];
      if (demonym !== undefined) out.push(`@country:${demonym}`);
      else if (!this.stop.has(w.key)) out.push(w.key);
      i++;
    }
    return out;
  }

  /** Weighted Jaccard overlap of two token sets; tokens naming `ownCountry` weigh 0.3. */
  static overlap(a: readonly string[], b: readonly string[], ownCountry: string | undefined): number {
    const own = ownCountry !== undefined ? `@country:${ownCountry}` : undefined;
    const w = (t: string): number => (t === own ? OWN_COUNTRY_WEIGHT : 1);
    const sa = new Set(a);
    const sb = new Set(b);
    let inter = 0;
    let union = 0;
    for (const t of sa) {
      union += w(t);
      if (sb.has(t)) inter += w(t);
    }
    for (const t of sb) if (!sa.has(t)) union += w(t);
    return union === 0 ? 0 : inter / union;
  }

  /**
   * {@link overlap} of two prepared readings; `own` is the entry's country token. The same sums in
   * the same order (tokens of `a` first, then those only in `b`), so the same number.
   */
  private static overlapPrepared(a: PreparedReading, b: PreparedReading, own: string | undefined): number {
    let inter = 0;
    let union = 0;
    for (const t of a.tokens) {
      const w = t === own ? OWN_COUNTRY_WEIGHT : 1;
      union += w;
      if (b.set.has(t)) inter += w;
    }
    for (const t of b.tokens) if (!a.set.has(t)) union += t === own ? OWN_COUNTRY_WEIGHT : 1;
    return union === 0 ? 0 : inter / union;
  }

  /** How well `text` names `role` of `entry`, 0..1. */
  scoreRole(entry: KbEntry, role: KbRole, text: string): number {
    return this.scorePrepared(this.prepared(text), role, entry.country !== undefined ? `@country:${entry.country}` : undefined);
  }

  private scorePrepared(query: readonly PreparedReading[], role: KbRole, own: string | undefined): number {
    let best = 0;
    const readings = this.prepared(role.text);
    for (const q of query) {
      for (const r of readings) best = Math.max(best, RoleMatcher.overlapPrepared(q, r, own));
    }
    return best;
  }

  /**
   * Best match of `text` against the entry's roles. With `date`, roles not held then count 0.8
   * (or not at all with `strict`).
   */
  score(entry: KbEntry, text: string, date?: string, strict = false): { score: number; role?: KbRole } {
    if (entry.roles.length === 0) return { score: 0 };
    let best = 0;
    let bestRole: KbRole | undefined;
    const query = this.prepared(text);
    const own = entry.country !== undefined ? `@country:${entry.country}` : undefined;
    for (const role of entry.roles) {
      const active = date === undefined || roleActiveOn(role, date);
      if (!active && strict) continue;
      let s = this.scorePrepared(query, role, own);
      if (!active) s *= 0.8;
      if (s > best || (s === best && bestRole !== undefined && role.until === undefined && bestRole.until !== undefined)) {
        best = s;
        bestRole = role;
      }
    }
    return bestRole ? { score: best, role: bestRole } : { score: 0 };
  }
}
