/**
 * String helpers shared by the knowledge base and the cross-document resolver: a normalised edit
 * similarity and a transliteration-tolerant phonetic key. The folds live in fold.ts (re-exported here).
 * Nothing here knows a language; the phonetic key is tuned for names written in Latin script.
 */

import { BoundedMemo, foldKey, foldName } from './fold.js';

export { foldName, foldKey, foldKeyUncached, foldWords } from './fold.js';

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

/** {@link wordKey} as first written: the reference the fast version below must agree with (tests). */
export function wordKeyReference(w: string): string {
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

// Character codes of the classes and of the letters that start a group.
const K_A = 65;
const K_C = 67;
const K_F = 70;
const K_H = 72;
const K_K = 75;
const K_L = 76;
const K_M = 77;
const K_N = 78;
const K_P = 80;
const K_R = 82;
const K_S = 83;
const K_T = 84;
const L_C = 99;
const L_H = 104;
const L_K = 107;
const L_S = 115;
const L_U = 117;
const L_Z = 122;

/**
 * The key of one folded word: the table above, one character code at a time (the same result as
 * {@link wordKeyReference}, which tries every letter group at every position).
 */
function wordKey(w: string): string {
  let out = '';
  let last = -1;
  const n = w.length;
  let i = 0;
  while (i < n) {
    const c = w.charCodeAt(i);
    const c1 = i + 1 < n ? w.charCodeAt(i + 1) : -1;
    let cls = 0;
    let used = 1;
    switch (c) {
      case 97: // a e i o u y j
      case 101:
      case 105:
      case 111:
      case 117:
      case 121:
      case 106:
        cls = i === 0 ? K_A : 0;
        break;
      case 104: // h
        cls = i === 0 ? K_H : 0;
        break;
      case 98: // b
        cls = K_P;
        break;
      case 112: // p, ph
        if (c1 === L_H) {
          cls = K_F;
          used = 2;
        } else cls = K_P;
        break;
      case 99: // c, ch cz ck
        if (c1 === L_H || c1 === L_Z) {
          cls = K_C;
          used = 2;
        } else {
          cls = K_K;
          if (c1 === L_K) used = 2;
        }
        break;
      case 100: // d, dzh dz dh
        if (c1 === L_Z) {
          if (i + 2 < n && w.charCodeAt(i + 2) === L_H) {
            cls = K_C;
            used = 3;
          } else {
            cls = K_S;
            used = 2;
          }
        } else if (c1 === L_H) {
          cls = K_T;
          used = 2;
        } else cls = K_T;
        break;
      case 102: // f v w
      case 118:
      case 119:
        cls = K_F;
        break;
      case 103: // g
        cls = K_K;
        break;
      case 107: // k, kh
        cls = K_K;
        if (c1 === L_H) used = 2;
        break;
      case 108:
        cls = K_L;
        break;
      case 109:
        cls = K_M;
        break;
      case 110:
        cls = K_N;
        break;
      case 114:
        cls = K_R;
        break;
      case 113: // q, qu
        cls = K_K;
        if (c1 === L_U) used = 2;
        break;
      case 115: // s, sch sh sz
        cls = K_S;
        if (c1 === L_C) {
          if (i + 2 < n && w.charCodeAt(i + 2) === L_H) used = 3;
        } else if (c1 === L_H || c1 === L_Z) used = 2;
        break;
      case 116: // t, tsch tch ts tz th
        if (c1 === L_S) {
          if (i + 3 < n && w.charCodeAt(i + 2) === L_C && w.charCodeAt(i + 3) === L_H) {
            cls = K_C;
            used = 4;
          } else {
            cls = K_S;
            used = 2;
          }
        } else if (c1 === L_C && i + 2 < n && w.charCodeAt(i + 2) === L_H) {
          cls = K_C;
          used = 3;
        } else if (c1 === L_Z) {
          cls = K_S;
          used = 2;
        } else if (c1 === L_H) {
          cls = K_T;
          used = 2;
        } else cls = K_T;
        break;
      case 120: // x
        if (last !== K_K) out += 'K';
        out += 'S';
        last = K_S;
        i++;
        continue;
      case 122: // z, zh
        cls = K_S;
        if (c1 === L_H) used = 2;
        break;
      default: {
        // Digits, capitals and other scripts: the character upper-cased (possibly several).
        for (const x of w[i]!.toUpperCase()) if (out[out.length - 1] !== x) out += x;
        last = out.length > 0 ? out.charCodeAt(out.length - 1) : -1;
        i++;
        continue;
      }
    }
    i += used;
    if (cls !== 0 && cls !== last) {
      out += String.fromCharCode(cls);
      last = cls;
    }
  }
  return out;
}

/** Distinct names whose phonetic key is remembered: the recogniser and resolver ask about the same words again and again. */
const PHONETIC_CACHE_SIZE = 20_000;
const phoneticCache = new BoundedMemo((s) => nameTokens(s).map(wordKey).join(' '), PHONETIC_CACHE_SIZE);

/**
 * A transliteration-tolerant key of a name (scheme above), one key per word joined by spaces.
 * @example phoneticKey('Zielinski') === phoneticKey('Zelenskyy') // 'SLNSK'
 * @example phoneticKey('Mark Rutte') // 'MRK RT'
 */
export function phoneticKey(s: string): string {
  return phoneticCache.get(s);
}

/** {@link edgeWordSignature}: the key is empty. */
export const NO_KEY_WORD = -1;
/** {@link edgeWordSignature}: a character outside ASCII that the fold does not map on its own decides the word: only the full fold can tell it. */
export const UNDECIDED = -2;

/**
 * A number for a word from its length, first three and last two characters (read backwards for a
 * last word): a small integer, so that sets of them stay cheap. Different words may share one.
 */
function signature(length: number, c0: number, c1: number, c2: number, penultimate: number, last: number): number {
  let h = Math.imul(length, 31) + c0;
  h = Math.imul(h, 31) + c1;
  h = Math.imul(h, 31) + c2;
  h = Math.imul(h, 31) + penultimate;
  h = Math.imul(h, 31) + last;
  return h & 0x3fffffff;
}

/**
 * {@link edgeWordSignature} of the first word of a key, or backwards of its last word. Constant work:
 * the knowledge base signs thousands of keys at load.
 */
export function wordSignature(key: string, backwards: boolean): number {
  let start = 0;
  let end = key.length;
  if (backwards) start = key.lastIndexOf(' ') + 1;
  else {
    const space = key.indexOf(' ');
    if (space >= 0) end = space;
  }
  const n = end - start;
  if (n <= 0) return NO_KEY_WORD;
  if (backwards) {
    return signature(
      n,
      key.charCodeAt(end - 1),
      n > 1 ? key.charCodeAt(end - 2) : 0,
      n > 2 ? key.charCodeAt(end - 3) : 0,
      n > 1 ? key.charCodeAt(start + 1) : 0,
      key.charCodeAt(start),
    );
  }
  return signature(n, key.charCodeAt(start), n > 1 ? key.charCodeAt(start + 1) : 0, n > 2 ? key.charCodeAt(start + 2) : 0, n > 1 ? key.charCodeAt(end - 2) : 0, key.charCodeAt(end - 1));
}

/**
 * {@link wordSignature} of the first (or, `backwards`, the last) word of {@link foldKey}(s), read
 * off the string without folding it: {@link NO_KEY_WORD} when the key is empty, {@link UNDECIDED}
 * when a character the fold does not map on its own comes before the word has ended. As in the fold,
 * ASCII letters and digits make words (lower case), `'`, `.` and `` ` `` are dropped, any other
 * ASCII character ends a word, and other characters fold as {@link charFold} says; characters
 * beyond the word cannot change it.
 */
export function edgeWordSignature(s: string, backwards: boolean): number {
  let length = 0;
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  let penultimate = 0;
  let last = 0;
  const n = s.length;
  for (let k = 0; k < n; k++) {
    let c = s.charCodeAt(backwards ? n - 1 - k : k);
    if (c >= 65 && c <= 90) c += 32;
    else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) {
      if (c === 39 || c === 46 || c === 96) continue;
      if (c >= 128) {
        const fold = charFold(c);
        if (fold === undefined) return UNDECIDED;
        if (fold === '') continue;
        if (fold !== ' ') {
          const m = fold.length;
          for (let j = 0; j < m; j++) {
            const f = fold.charCodeAt(backwards ? m - 1 - j : j);
            if (length === 0) c0 = f;
            else if (length === 1) c1 = f;
            else if (length === 2) c2 = f;
            penultimate = last;
            last = f;
            length++;
          }
          continue;
        }
      }
      if (length > 0) break;
      continue;
    }
    if (length === 0) c0 = c;
    else if (length === 1) c1 = c;
    else if (length === 2) c2 = c;
    penultimate = last;
    last = c;
    length++;
  }
  return length === 0 ? NO_KEY_WORD : signature(length, c0, c1, c2, penultimate, last);
}

/** What {@link foldKey} makes of a character outside ASCII, by code: see `charFold`. */
const charFolds = new Map<number, string | null>();
const FOLD_LETTERS_RE = /^[a-z0-9]+$/;

/**
 * What {@link foldKey} makes of one character outside ASCII wherever it stands: '' (dropped, like a
 * combining mark or ’), ' ' (it ends a word, like “ or a dash), ASCII letters (é → e, ß → ss), or
 * undefined when it is anything else or depends on the other characters. Learnt from `foldKey`
 * itself on first sight, with and without another character that keeps the string off the ASCII path.
 */
function charFold(c: number): string | undefined {
  let fold = charFolds.get(c);
  if (fold === undefined) {
    fold = null;
    if (c < 0xd800 || c > 0xdfff) {
      const ch = String.fromCharCode(c);
      const plain = foldKey(`ab${ch}cd`);
      if (plain.length >= 4 && plain.startsWith('ab') && plain.endsWith('cd')) {
        const mid = plain.slice(2, -2);
        if ((mid === '' || mid === ' ' || FOLD_LETTERS_RE.test(mid)) && foldKey(`\u00f8ab${ch}cd`) === `oab${mid}cd`) fold = mid;
      }
    }
    charFolds.set(c, fold);
  }
  return fold ?? undefined;
}
