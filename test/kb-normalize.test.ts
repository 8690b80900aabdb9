import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { foldKey, foldName, levenshtein, nameEditSimilarity, phoneticKey } from '../src/kb/index.js';
import { nameTokens, wordKeyReference } from '../src/kb/normalize.js';

describe('foldName', () => {
  it('lower-cases and strips diacritics', () => {
    expect(foldName('Recep Tayyip Erdoğan')).toBe('recep tayyip erdogan');
    expect(foldName('Côte d’Ivoire')).toBe("cote d'ivoire");
    expect(foldName('Volker Türk')).toBe('volker turk');
    expect(foldName('Tô Lâm')).toBe('to lam');
  });
  it('maps letters NFKD does not decompose', () => {
    expect(foldName('Straße')).toBe('strasse');
    expect(foldName('Łódź')).toBe('lodz');
    expect(foldName('Jonas Gahr Støre')).toBe('jonas gahr store');
  });
  it('unifies apostrophes and dashes, collapses spaces', () => {
    expect(foldName('Ma’ruf  Amin')).toBe("ma'ruf amin");
    expect(foldName('Ma`ruf Amin')).toBe("ma'ruf amin");
    expect(foldName('Frank–Walter\tSteinmeier ')).toBe('frank-walter steinmeier');
  });
});

describe('foldKey', () => {
  it('drops dots and apostrophes and turns other punctuation into spaces', () => {
    expect(foldKey('U.S.')).toBe('us');
    expect(foldKey('Kim Jong-un')).toBe('kim jong un');
    expect(foldKey("Ma'ruf Amin")).toBe('maruf amin');
    expect(foldKey('St. Kitts & Nevis')).toBe('st kitts nevis');
    expect(foldKey('  Washington, D.C. ')).toBe('washington dc');
    expect(foldKey('Erdoğan')).toBe('erdogan');
  });
  it('gives the same key on the ASCII fast path as the definition', () => {
    const definition = (s: string): string =>
      foldName(s)
        .replace(/['.]/g, '')
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'aZ09 .-\'`,&/_()\t'.split('')), maxLength: 30 }), (s) => {
        expect(foldKey(s)).toBe(definition(s));
      }),
    );
  });
});

describe('nameEditSimilarity', () => {
  it('is 1 for names equal after folding', () => {
    expect(nameEditSimilarity('Erdoğan', 'ERDOGAN')).toBe(1);
    expect(nameEditSimilarity('Kim Jong-un', 'Kim Jong Un')).toBe(1);
  });
  it('scores transliterations', () => {
    expect(nameEditSimilarity('Zelensky', 'Zelenskiy')).toBeCloseTo(0.89, 2);
    expect(nameEditSimilarity('Zielinski', 'Zelensky')).toBeCloseTo(0.67, 2);
    expect(nameEditSimilarity('Rutte', 'Ruti')).toBeCloseTo(0.6, 2);
    expect(nameEditSimilarity('Putin', 'Patel')).toBeCloseTo(0.4, 2);
  });
  it('is symmetric and within 0..1', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (a, b) => {
        const s = nameEditSimilarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(nameEditSimilarity(b, a)).toBe(s);
      }),
    );
  });
  it('caps the input length so long strings stay cheap', () => {
    const a = 'a'.repeat(10_000);
    const b = `${'a'.repeat(64)}${'b'.repeat(10_000)}`;
    const t = performance.now();
    expect(nameEditSimilarity(a, b)).toBe(1);
    expect(performance.now() - t).toBeLessThan(200);
  });
  it('levenshtein counts edits', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('abc', 'abc')).toBe(0);
  });
});

describe('phoneticKey', () => {
  it('gives Zelensky and its transliterations one key', () => {
    const keys = ['Zelensky', 'Zelenskiy', 'Zelenskyy', 'Zelenskyi', 'Zielinski', 'Selenskyj'].map(phoneticKey);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toBe('SLNSK');
  });
  it('brings garbles close', () => {
    expect(phoneticKey('Ruti')).toBe(phoneticKey('Rutte'));
    expect(phoneticKey('Pudin')).toBe(phoneticKey('Putin'));
    expect(phoneticKey('Poutine')).toBe(phoneticKey('Putin'));
    expect(phoneticKey('Wladimir')).toBe(phoneticKey('Vladimir'));
    expect(phoneticKey('Aleksei')).toBe(phoneticKey('Alexei'));
    expect(phoneticKey('Muhammad')).toBe(phoneticKey('Mohammed'));
    expect(phoneticKey('Qaddafi')).toBe(phoneticKey('Gaddafi'));
  });
  it('keeps different names apart', () => {
    expect(phoneticKey('Putin')).not.toBe(phoneticKey('Patel'));
    expect(phoneticKey('Kim Jong Un')).not.toBe(phoneticKey('Kim Yo Jong'));
    expect(phoneticKey('Joko Widodo')).not.toBe(phoneticKey('Joko Anwar'));
    expect(phoneticKey('Prabowo')).not.toBe(phoneticKey('Pranowo'));
  });
  it('keys each word', () => {
    expect(phoneticKey('Mark Rutte')).toBe('MRK RT');
    expect(phoneticKey('Kim Jong-un')).toBe(phoneticKey('Kim Jong Un'));
    expect(phoneticKey('')).toBe('');
  });
});

describe('phoneticKey fast path', () => {
  it('agrees with the reference word key on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40, unit: 'grapheme' }), (s) => {
        expect(phoneticKey(s)).toBe(nameTokens(s).map(wordKeyReference).join(' '));
      }),
      { numRuns: 500 },
    );
  });
});
