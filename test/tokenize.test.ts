import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAllCaps, isCapitalized, tokenize, type Token, type TokenKind } from '../src/text/tokenize.js';

// The tokenizer's definition: the scanner in src/text/tokenize.ts must read exactly what this regex matches.
const TOKEN = /(\p{L}[\p{L}\p{M}\p{N}]*(?:['’\-][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*)|(\p{N}+(?:[.,/:\-]\p{N}+)*)|([^\s\p{L}\p{N}])/gu;

function byRegex(text: string, from = 0, to = text.length): Token[] {
  const out: Token[] = [];
  const slice = text.slice(from, to);
  for (const m of slice.matchAll(new RegExp(TOKEN.source, 'gu'))) {
    const kind: TokenKind = m[1] !== undefined ? 'word' : m[2] !== undefined ? 'number' : 'punct';
    out.push({ start: from + m.index!, end: from + m.index! + m[0].length, text: m[0], kind });
  }
  return out;
}

// Characters from every class the tokenizer tells apart, and the separators it joins on.
const PIECES = [
  'a', 'Z', 'é', 'ß', 'İ', 'ñ', 'Ж', 'ع', '中', '\u0301', '\u0903', '0', '7', '٣', '½', 'Ⅻ', '²', "'", '’', '-', '.', ',', '/', ':',
  ' ', '\n', '\t', '\u00a0', '\u2003', '\u3000', '"', '“', '(', '$', '%', '😀', '\ud835\udc00', '\ud835\udfce', '\ud800', '\udc00', 'Ⓐ', '_',
];

describe('tokenize', () => {
  it('splits a sentence into words, numbers and punctuation with their offsets', () => {
    expect(tokenize('Rp 1,4 juta. O’Brien bukti-bukti 17/10/2024').map((t) => [t.text, t.kind, t.start])).toEqual([
      ['Rp', 'word', 0],
      ['1,4', 'number', 3],
      ['juta', 'word', 7],
      ['.', 'punct', 11],
      ['O’Brien', 'word', 13],
      ['bukti-bukti', 'word', 21],
      ['17/10/2024', 'number', 33],
    ]);
  });

  it('reads exactly what its regex definition matches, on any text and any range of it', () => {
    const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (s, x, y) => {
        const a = x % (s.length + 1);
        const b = y % (s.length + 1);
        const [from, to] = a <= b ? [a, b] : [b, a];
        expect(tokenize(s, from, to)).toEqual(byRegex(s, from, to));
        expect(tokenize(s)).toEqual(byRegex(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('tells capitalised and all-caps words as the case tables do', () => {
    const word = fc.array(fc.constantFrom('a', 'B', 'é', 'É', 'ß', '1', '-', 'Ǆ', 'ǅ', 'İ', 'ı', "'"), { minLength: 0, maxLength: 6 }).map((a) => a.join(''));
    fc.assert(
      fc.property(word, (w) => {
        const c = w.codePointAt(0);
        const ch = c === undefined ? '' : String.fromCodePoint(c);
        expect(isCapitalized(w)).toBe(c !== undefined && ch !== ch.toLowerCase() && ch === ch.toUpperCase());
        expect(isAllCaps(w)).toBe(w.length > 1 && w === w.toUpperCase() && w !== w.toLowerCase());
      }),
      { numRuns: 2000 },
    );
  });
});
