import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldKey, foldName } from '../src/kb/fold.js';

// foldName's definition, written out in full: the ASCII shortcut in src/kb/fold.ts must agree with it.
const SPECIAL: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h', ŀ: 'l' };
const byDefinition = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþıħŀ]/g, (c) => SPECIAL[c] ?? c)
    .replace(/['’‘‛`´ʼʻʹ′＇]/g, "'")
    .replace(/[‐‑‒–—―−﹣－]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();

describe('foldName', () => {
  it('folds any mix of ASCII and other letters, marks, quotes, dashes and spaces as its definition says', () => {
    const piece = fc.constantFrom('a', 'Z', '0', "'", '`', '-', '.', ' ', '  ', '\t', 'é', 'Ø', 'ß', '’', '–', 'İ', ',', 'x y', 'Ma', 'ﬁ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((a) => a.join('')), (s) => {
        expect(foldName(s)).toBe(byDefinition(s));
        expect(foldName(s)).toBe(byDefinition(s)); // and again, from the memo
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the examples of its documentation', () => {
    expect(foldName('  Recep Tayyip  Erdoğan ')).toBe('recep tayyip erdogan');
    expect(foldName('Ma’ruf Amin')).toBe("ma'ruf amin");
    expect(foldName('Jean-Luc O.')).toBe('jean-luc o.');
    expect(foldKey('Kim Jong-un')).toBe('kim jong un');
  });
});
