import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenTable } from '../src/ner/token-table.js';

describe('TokenTable', () => {
  it('answers as a Map<string, number> does, through growth and clearing (property)', () => {
    const word = fc.oneof(
      fc.string({ maxLength: 14 }),
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom('', 'a', 'ab', 'Jakarta', 'jakarta', 'Presiden', 'x'.repeat(10), 'x'.repeat(11), 'é', '\u{1F600}', '\0'),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(word, fc.boolean()), { maxLength: 400 }), (ops) => {
        const table = new TokenTable(4);
        const map = new Map<string, number>();
        ops.forEach(([s, clear], n) => {
          if (clear && n % 97 === 0) {
            table.clear();
            map.clear();
          }
          expect(table.get(s)).toBe(map.get(s) ?? -1);
          if (!map.has(s)) {
            table.set(s, n);
            map.set(s, n);
          }
          expect(table.get(s)).toBe(map.get(s));
          expect(table.size).toBe(map.size);
        });
        for (const [s, v] of map) expect(table.get(s)).toBe(v);
      }),
      { numRuns: 200 },
    );
  });

  it('tells apart strings that differ in one code unit, in length, or past the inline part', () => {
    const table = new TokenTable(2);
    const words = ['abcdefghij', 'abcdefghik', 'abcdefghi', 'abcdefghijk', 'abcdefghijl', 'bbcdefghij', 'a\u0000', 'a', '\u0000a'];
    words.forEach((w, i) => table.set(w, i));
    words.forEach((w, i) => expect(table.get(w)).toBe(i));
    expect(table.get('abcdefghijm')).toBe(-1);
    expect(table.get('abcdefgh')).toBe(-1);
  });
});
