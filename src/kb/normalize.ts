/**
 * String helpers shared by the knowledge base and the cross-document resolver: folding a name to
 * a comparable form, a normalised edit similarity, and a transliteration-tolerant phonetic key.
 * Nothing here knows a language; the phonetic key is tuned for names written in Latin script.
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

/** The words of {@link foldKey}. */
export function nameTokens(s: string): string[] {
  const k = foldKey(s);
  return k === '' ? [] : k.split(' ');
}

/** Names are short; longer inputs are cut to this many characters before comparing. */
export const MAX_COMPARE_LENGTH = 64;

// Two rows reused across calls: the fuzzy matcher compares thousands of short names per query.
let rowA = new Uint32Array(66);
let rowB = new Uint32Array(66);

/** Levenshtein distance of two strings (UTF-16 code units; callers fold first). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  if (rowA.length <= b.length) {
    rowA = new Uint32Array(b.length + 1);
    rowB = new Uint32Array(b.length + 1);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length]!;
}

/** 1 − distance / longer length, on strings already folded: 1 for equal, 0 for nothing in common. */
export function stringSimilarity(a: string, b: string): number {
  const x = a.slice(0, MAX_COMPARE_LENGTH);
  const y = b.slice(0, MAX_COMPARE_LENGTH);
  const longer = Math.max(x.length, y.length);
  if (longer === 0) return 1;
  return 1 - levenshtein(x, y) / longer;
}

/**
 * Normalised Levenshtein similarity (0..1) of two names after {@link foldKey}: case, diacritics,
 * apostrophes, dots and hyphens do not count. Inputs are cut to 64 characters.
 * @example nameEditSimilarity('Zelensky', 'Zelenskiy') // 0.89
 * @example nameEditSimilarity('Zielinski', 'Zelensky') // 0.67
 */
export function nameEditSimilarity(a: string, b: string): number {
  return stringSimilarity(foldKey(a), foldKey(b));
}

/*
 * The phonetic key. Each word of foldKey(s) is rewritten left to right into sound classes, then
 * vowels after the first letter are dropped and runs of one class collapse to one:
 *
 *   letter groups (longest first)              class
 *   tsch tch ch cz dzh                         C   (the "ch" affricate: Chernihiv, Czernihiw, Tschernihiw)
 *   sch sh sz zh ts tz dz s z                  S   (Zelensky/Zielinski/Selenskyj; Shoigu/Schoigu)
 *   ck kh qu c k q g                           K   (Kharkiv/Charkiw; Gaddafi/Qaddafi/Kadhafi)
 *   x                                          KS  (Alexei/Aleksei)
 *   ph f v w                                   F   (Rachmaninoff/Rachmaninov, Wladimir/Vladimir)
 *   b p                                        P
 *   th dh d t                                  T   (Roth/Rutte; Putin/Pudin)
 *   l m n r                                    L M N R
 *   h                                          kept only as the first letter (Hasan/Hassan)
 *   a e i o u y j                              vowels: 'A' as the first letter, else dropped
 *                                              (Yelena/Jelena, Zelenskyy/Zelenskiy/Zelenskyi)
 *   anything else (digits, other scripts)      kept as is (upper-cased)
 *
 * Diacritics are gone before this (č→c→K, ś→s→S, ß→ss→S).
 *
 * Words are joined with one space. So Zelensky, Zelenskiy, Zelenskyy and Zielinski are all SLNSK;
 * Rutte, Ruti and Roth are RT; Putin, Pudin and Poutine are PTN while Patel is PTL; Kim Jong Un is
 * "KM ANK AN" and Kim Yo Jong "KM A ANK". A shared key is evidence, not proof: short keys (RT)
 * are shared by many names, which is why the knowledge base weighs key length and edit similarity.
 */
const GROUPS: readonly (readonly [string, string])[] = [
  ['tsch', 'C'],
  ['dzh', 'C'],
  ['sch', 'S'],
  ['tch', 'C'],
  ['ch', 'C'],
  ['cz', 'C'],
  ['sh', 'S'],
  ['sz', 'S'],
  ['zh', 'S'],
  ['ts', 'S'],
  ['tz', 'S'],
  ['dz', 'S'],
  ['ck', 'K'],
  ['kh', 'K'],
  ['qu', 'K'],
  ['ph', 'F'],
  ['th', 'T'],
  ['dh', 'T'],
];
const SINGLE: Readonly<Record<string, string>> = {
  s: 'S',
  z: 'S',
  c: 'K',
  k: 'K',
  q: 'K',
  g: 'K',
  x: 'KS',
  f: 'F',
  v: 'F',
  w: 'F',
  b: 'P',
  p: 'P',
  d: 'T',
  t: 'T',
  l: 'L',
  m: 'M',
  n: 'N',
  r: 'R',
};
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y', 'j']);

function wordKey(w: string): string {
  let out = '';
  let i = 0;
  while (i < w.length) {
    const first = i === 0;
    let cls: string | undefined;
    let used = 1;
    for (const [g, c] of GROUPS) {
      if (w.startsWith(g, i)) {
        cls = c;
        used = g.length;
        break;
      }
    }
    if (cls === undefined) {
      const ch = w[i]!;
      if (VOWELS.has(ch)) cls = first ? 'A' : '';
      else if (ch === 'h') cls = first ? 'H' : '';
      else cls = SINGLE[ch] ?? ch.toUpperCase();
    }
    i += used;
    for (const c of cls) if (out[out.length - 1] !== c) out += c;
  }
  return out;
}

/**
 * A transliteration-tolerant key of a name (scheme above), one key per word joined by spaces.
 * @example phoneticKey('Zielinski') === phoneticKey('Zelenskyy') // 'SLNSK'
 * @example phoneticKey('Mark Rutte') // 'MRK RT'
 */
export function phoneticKey(s: string): string {
  return nameTokens(s).map(wordKey).join(' ');
}
