/**
 * A lossless regex tokenizer: linear time on any input (no Intl.Segmenter, which is slow and
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
const TOKEN =
  /(\p{L}[\p{L}\p{M}\p{N}]*(?:['’\-][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*)|(\p{N}+(?:[.,/:\-]\p{N}+)*)|([^\s\p{L}\p{N}])/gu;

/**
 * Splits `text[from, to)` into tokens with absolute offsets.
 * @example tokenize('Rp 1,4 juta.') // Rp | 1,4 | juta | .
 */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  const re = new RegExp(TOKEN.source, 'gu');
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  let m: RegExpExecArray | null;
  while ((m = re.exec(slice)) !== null) {
    const kind: TokenKind = m[1] !== undefined ? 'word' : m[2] !== undefined ? 'number' : 'punct';
    tokens.push({ start: from + m.index, end: from + m.index + m[0].length, text: m[0], kind });
  }
  return tokens;
}

export function isCapitalized(word: string): boolean {
  const c = word.codePointAt(0);
  if (c === undefined) return false;
  // ASCII answers without case tables: only A-Z is a capital.
  if (c < 128) return c >= 65 && c <= 90;
  const ch = String.fromCodePoint(c);
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

export function isAllCaps(word: string): boolean {
  if (word.length <= 1) return false;
  // ASCII answers without case tables: a-z anywhere is not all caps; else some A-Z must be there.
  let upper = false;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 128) return word === word.toUpperCase() && word !== word.toLowerCase();
    if (c >= 97 && c <= 122) return false;
    if (c >= 65 && c <= 90) upper = true;
  }
  return upper;
}
