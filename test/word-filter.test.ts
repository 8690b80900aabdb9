import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getPack } from '../src/lang/index.js';
import { lowerFormsOf, PhraseMatcher, tokenRun } from '../src/text/phrases.js';
import { tokenize } from '../src/text/tokenize.js';
import { WordFilter } from '../src/text/word-filter.js';

describe('WordFilter', () => {
  it('never says no to a word it was made from', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: 300 }), (words) => {
        const filter = new WordFilter(words);
        for (const w of words) expect(filter.mayHave(w)).toBe(true);
      }),
    );
  });

  it('says no to most other words (a pack word list against the words of an article)', () => {
    const pack = getPack('id');
    const filter = new WordFilter(pack.text.stopwords);
    const stop = new Set(pack.text.stopwords);
    const others = tokenize(
      'Pemerintah kota menambah jadwal bus malam mulai pekan depan karena penumpang meminta perjalanan pulang kerja lebih aman, kata Kepala Dinas Perhubungan Rudi Hartono kepada wartawan di Balai Kota.',
    )
      .map((t) => t.text.toLowerCase())
      .filter((w) => !stop.has(w));
    const maybes = others.filter((w) => filter.mayHave(w)).length;
    expect(others.length).toBeGreaterThan(15);
    expect(maybes / others.length).toBeLessThan(0.25);
  });

  it('an empty filter says no to everything', () => {
    const filter = new WordFilter([]);
    expect(['', 'a', 'kata', 'said'].some((w) => filter.mayHave(w))).toBe(false);
  });
});

describe('lower-cased forms of a run', () => {
  it('are known for the token array a run was made from, and nothing else', () => {
    const tokens = tokenize('Menurut Kepala Dinas, harga NAIK.');
    const run = tokenRun(tokens);
    expect(lowerFormsOf(tokens)).toBe(run.lower);
    expect(run.lower).toEqual(['menurut', 'kepala', 'dinas', ',', 'harga', 'naik', '.']);
    expect(lowerFormsOf(tokens.slice())).toBeUndefined();
  });

  it('a matcher finds the same phrases in a run, its bare tokens, and a copy of them', () => {
    const matcher = new PhraseMatcher(['menurut', 'kepala dinas', 'tidak memiliki bukti', 'US$']);
    const tokens = tokenize('Menurut KEPALA Dinas, ia tidak memiliki Bukti dan US$ 5 atau US $ 5.');
    const run = tokenRun(tokens);
    const copy = tokens.slice();
    for (let i = 0; i < tokens.length; i++) {
      const expected = matcher.matchAt(copy, i);
      expect(matcher.matchAt(run, i)).toEqual(expected);
      expect(matcher.matchAt(tokens, i)).toEqual(expected);
    }
    expect(tokens.map((_, i) => matcher.matchAt(run, i)?.phrase).filter(Boolean)).toEqual(['menurut', 'kepala dinas', 'tidak memiliki bukti', 'US$']);
  });
});
