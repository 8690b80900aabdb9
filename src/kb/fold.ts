/**
 * The folding functions, in one place: every comparison of names in saksi goes through one of them.
 *
 * - {@link foldName}: the display-preserving fold (lower case, no diacritics, one apostrophe and one
 *   dash, single spaces; other punctuation kept): for comparing written names.
 * - {@link foldKey}: the lookup key (foldName, then apostrophes and dots dropped and any other run of
 *   non-letters one space): the knowledge base and the resolvers index and look up by it.
 *   {@link foldKeyUncached} is the same without the memo, for folding many strings once.
 * - {@link foldWords}: marks removed, lower case, any run of non-letters and non-digits one space
 *   (the store's alias keys; the store exports it as `foldAlias`).
 *
 * Nothing here knows a language.
 */

const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŀ: 'l',
};
const SPECIAL_RE = /[ßæœøłđðþıħŀ]/g;
// Unicode-property regexes cost ICU set construction: made on first use (most names are ASCII).
let combiningRe: RegExp | undefined;
let nonWordRe: RegExp | undefined;
const APOSTROPHES_RE = /['’‘‛`´ʼʻʹ′＇]/g;
const HYPHENS_RE = /[‐‑‒–—―−﹣－]/g;
const SPACES_RE = /\s+/g;

/**
 * Lower-cases, strips diacritics (NFKD, combining marks removed, ß→ss, ø→o, ł→l…), unifies
 * apostrophes to `'` and dashes to `-`, and collapses white space. Punctuation is otherwise kept.
 * @example foldName('  Recep Tayyip  Erdoğan ') // 'recep tayyip erdogan'
 * @example foldName('Ma’ruf Amin') // "ma'ruf amin"
 */
export function foldName(s: string): string {
  return foldNameCache.get(s);
}

/**
 * Distinct strings whose folds are remembered (each cache is emptied when full): a text names the
 * same people and places again and again, and the recogniser folds every capitalised word.
 */
const FOLD_CACHE_SIZE = 20_000;
/**
 * A function of a string remembered for its last `size` distinct inputs at most (emptied when full):
 * news repeats the same names, and a bound keeps a huge input from growing memory.
 */
export class BoundedMemo<V = string> {
  private readonly cache = new Map<string, V>();

  constructor(
    private readonly compute: (s: string) => V,
    private readonly size: number,
  ) {}

  get(s: string): V {
    let value = this.cache.get(s);
    if (value === undefined) {
      value = this.compute(s);
      if (this.cache.size >= this.size) this.cache.clear();
      this.cache.set(s, value);
    }
    return value;
  }
}

const foldNameCache = new BoundedMemo((s) => foldNameUncached(s), FOLD_CACHE_SIZE);
const foldKeyCache = new BoundedMemo((s) => foldKeyUncached(s), FOLD_CACHE_SIZE);

/** ASCII words of letters, digits, `'`, `-` and `.` with single spaces between: the fold is the lower case. */
const SIMPLE_NAME_RE = /^[A-Za-z0-9'.\-]+(?: [A-Za-z0-9'.\-]+)*$/;

function foldNameUncached(s: string): string {
  if (SIMPLE_NAME_RE.test(s)) return s.toLowerCase();
  return s
    .normalize('NFKD')
    .replace((combiningRe ??= /\p{M}+/gu), '')
    .toLowerCase()
    .replace(SPECIAL_RE, (c) => SPECIAL_LETTERS[c] ?? c)
    .replace(APOSTROPHES_RE, "'")
    .replace(HYPHENS_RE, '-')
    .replace(SPACES_RE, ' ')
    .trim();
}

const DROP_RE = /['.]/g;

/**
 * The lookup key of a surface form: {@link foldName}, then apostrophes and dots dropped and any
 * other run of non-letters turned into one space. `U.S.` → `us`, `Kim Jong-un` → `kim jong un`,
 * `Ma'ruf` → `maruf`.
 */
export function foldKey(s: string): string {
  return foldKeyCache.get(s);
}

/** {@link foldKey} without the cache: for folding many strings once (the knowledge base at load). */
export function foldKeyUncached(s: string): string {
  if (SIMPLE_RE.test(s)) return s.toLowerCase();
  const ascii = asciiFoldKey(s);
  if (ascii !== undefined) return ascii;
  // Latin letters with diacritics (Erdoğan, Côte) become ASCII once the marks are gone.
  const stripped = s.normalize('NFKD').replace(LATIN_MARKS_RE, '');
  return asciiFoldKey(stripped) ?? foldName(s).replace(DROP_RE, '').replace((nonWordRe ??= /[^\p{L}\p{N}]+/gu), ' ').trim();
}
const LATIN_MARKS_RE = /[\u0300-\u036f]+/g;
/** Words of ASCII letters and digits with single spaces between: the key is the lower case. */
const SIMPLE_RE = /^[A-Za-z0-9]+(?: [A-Za-z0-9]+)*$/;

/** `foldKey` of a printable-ASCII string without normalisation tables (the knowledge base folds thousands at load); undefined otherwise. */
function asciiFoldKey(s: string): string | undefined {
  if (!ASCII_RE.test(s)) return undefined;
  return s.toLowerCase().replace(ASCII_DROP_RE, '').replace(ASCII_NON_WORD_RE, ' ').trim();
}
const ASCII_RE = /^[\x20-\x7e\t\n\r]*$/;
const ASCII_DROP_RE = /['.`]/g;
const ASCII_NON_WORD_RE = /[^a-z0-9]+/g;

/**
 * Folds words for alias keys: NFKD, marks removed, lower case, every run of characters other than
 * letters and digits one space, trimmed.
 * @example foldWords('  Zelenskyy ') // 'zelenskyy'; foldWords('Sérgio') // 'sergio'
 */
export function foldWords(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
