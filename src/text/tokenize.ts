/**
 * A lossless tokenizer (a scanner equal to the regex below): linear time on any input (no Intl.Segmenter, which is slow and
 * super-linear on long strings in Node 20). The text between tokens is whitespace only, so
 * tokens plus gaps give back the input exactly.
 */

export type TokenKind = 'word' | 'number' | 'punct';

export interface Token {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly kind: TokenKind;
}

// A word: letters with inner apostrophes or hyphens (bukti-bukti, O'Brien); a number: digits with
// inner separators (10.000, 1,4, 17/10/2024, 08:30); anything else that is not space is punctuation.
// As a regex (the definition; test/tokenize.test.ts checks the scanner below against it):
//   (\p{L}[\p{L}\p{M}\p{N}]*(?:['’\-][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*)|(\p{N}+(?:[.,/:\-]\p{N}+)*)|([^\s\p{L}\p{N}])

/**
 * Splits `text[from, to)` into tokens with absolute offsets.
 * @example tokenize('Rp 1,4 juta.') // Rp | 1,4 | juta | .
 */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  // A scanner that reads exactly what the regex above matches, without a match array per token;
  // characters are classed by a table (ASCII) or by the regex's own classes (others, remembered).
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    const cls = c < 128 ? ASCII_CLASS[c]! : classAt(text, i, to);
    if (cls === SPACE) {
      i++;
      continue;
    }
    const start = i;
    if (cls === LETTER || cls === DIGIT) {
      const word = cls === LETTER;
      i += unitLength(text, i, to);
      for (;;) {
        // The run: letters, marks and digits for a word; digits for a number.
        while (i < to) {
          const k = classOf(text, i, to);
          if (word ? k === LETTER || k === DIGIT || k === MARK : k === DIGIT) i += unitLength(text, i, to);
          else break;
        }
        // An inner separator joins only when a letter or digit (a digit for a number) follows it.
        if (i + 1 >= to) break;
        const sep = text.charCodeAt(i);
        if (word ? sep !== 39 && sep !== 0x2019 && sep !== 45 : sep !== 46 && sep !== 44 && sep !== 47 && sep !== 58 && sep !== 45) break;
        const k = classOf(text, i + 1, to);
        if (word ? k !== LETTER && k !== DIGIT : k !== DIGIT) break;
        i += 1 + unitLength(text, i + 1, to);
      }
      tokens.push({ start, end: i, text: text.slice(start, i), kind: word ? 'word' : 'number' });
    } else {
      i += unitLength(text, i, to);
      tokens.push({ start, end: i, text: text.slice(start, i), kind: 'punct' });
    }
  }
  return tokens;
}

const SPACE = 0;
const LETTER = 1;
const DIGIT = 2;
const MARK = 3;
const OTHER = 4;
const SPACE_RE = /^\s$/u;
const LETTER_RE = /^\p{L}$/u;
const NUMBER_RE = /^\p{N}$/u;
const MARK_RE = /^\p{M}$/u;
/** The class of each ASCII character, as the regex's character classes see it. */
const ASCII_CLASS = Uint8Array.from({ length: 128 }, (_, c) => classify(String.fromCharCode(c)));
/** Classes of the BMP characters met so far (0xff: not yet classed). */
const BMP_CLASS = new Uint8Array(0x10000).fill(0xff);

function classify(ch: string): number {
  return SPACE_RE.test(ch) ? SPACE : LETTER_RE.test(ch) ? LETTER : NUMBER_RE.test(ch) ? DIGIT : MARK_RE.test(ch) ? MARK : OTHER;
}

/** Code units of the character at i: 2 for a surrogate pair that ends before `to`, else 1. */
function unitLength(text: string, i: number, to: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= to) return 1;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
}

function classOf(text: string, i: number, to: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? ASCII_CLASS[c]! : classAt(text, i, to);
}

/** The class of the (non-ASCII) character at i; a lone surrogate is OTHER. */
function classAt(text: string, i: number, to: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) {
    let k = BMP_CLASS[c]!;
    if (k === 0xff) BMP_CLASS[c] = k = classify(String.fromCharCode(c));
    return k;
  }
  return unitLength(text, i, to) === 2 ? classify(text.slice(i, i + 2)) : OTHER;
}

export function isCapitalized(word: string): boolean {
  const c = word.codePointAt(0);
  if (c === undefined) return false;
  // ASCII answers without case tables: only A-Z is a capital.
  if (c < 128) return c >= 65 && c <= 90;
  if (c < 0xd800 || (c > 0xdfff && c <= 0xffff)) {
    const b = caseOf(c);
    return (b & LOWER_CHANGES) !== 0 && (b & UPPER_STABLE) !== 0;
  }
  const ch = String.fromCodePoint(c);
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

export function isAllCaps(word: string): boolean {
  if (word.length <= 1) return false;
  // Character by character (case mapping to upper case has no context, and a character lower-casing
  // changes does so in any context): a character upper-casing changes is not all caps; some
  // character must change when lower-cased. Surrogate pairs take the whole-word test.
  let upper = false;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 128) {
      if (c >= 97 && c <= 122) return false;
      if (c >= 65 && c <= 90) upper = true;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) return word === word.toUpperCase() && word !== word.toLowerCase();
    const b = caseOf(c);
    if ((b & UPPER_STABLE) === 0) return false;
    if ((b & LOWER_CHANGES) !== 0) upper = true;
  }
  return upper;
}

const CASE_KNOWN = 1;
/** toUpperCase leaves the character as it is. */
const UPPER_STABLE = 2;
/** toLowerCase changes the character. */
const LOWER_CHANGES = 4;
/** Case facts of the BMP characters met so far (0: not yet known). */
const BMP_CASE = new Uint8Array(0x10000);

function caseOf(c: number): number {
  let b = BMP_CASE[c]!;
  if (b === 0) {
    const ch = String.fromCharCode(c);
    b = CASE_KNOWN | (ch.toUpperCase() === ch ? UPPER_STABLE : 0) | (ch.toLowerCase() !== ch ? LOWER_CHANGES : 0);
    BMP_CASE[c] = b;
  }
  return b;
}
