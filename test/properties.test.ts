import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';
import { badSpans } from './helpers.js';

// Words from the packs and the traps of news text, so that random strings exercise real rules.
const newsWords = [
  'Presiden', 'Joko', 'Widodo', 'mengatakan', 'bahwa', 'kata', 'ujarnya', 'membantahnya', 'Namun', 'Moskow', 'dan', 'Pyongyang',
  'seorang', 'pejabat', 'itu', 'tidak', 'memiliki', 'bukti', 'menurut', 'dibantah', 'oleh', 'Jumat', '(17/10/2024)', '10.000',
  'antara', '2.000', '12.000', 'ribuan', 'tentara', 'Rp', '5', 'triliun', '1,4', 'juta', '“', '”', '"', ',', '.', '\n',
  'Baca juga:', 'said', 'denied', 'according', 'to', 'the', 'official', 'Zelensky', 'Zelenskiy', 'Zielinski', 'NATO', 'Dia', 'ia',
  'bulan', 'Juni', 'kemarin', 'last', 'week', '$3', 'billion', 'between', 'and', '%', 'Dr.', 'U.S.', '😀', '\u0301', '\uD800',
];
const newsText = fc.array(fc.constantFrom(...newsWords), { maxLength: 80 }).map((ws) => ws.join(' '));
const anyText = fc.oneof(fc.string({ maxLength: 300, unit: 'grapheme' }), fc.string({ maxLength: 300, unit: 'binary' }), newsText);

describe('analyze on arbitrary input', () => {
  it('never throws, and every span matches text.slice(start, end)', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom('auto', 'id', 'en'), (text, lang) => {
        const a = analyze(text, { lang });
        expect(a.text).toBe(text);
        expect(badSpans(a)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('never extracts anything inside a removed span', () => {
    fc.assert(
      fc.property(newsText, newsText, (body, related) => {
        const text = `${body}\nBaca juga: ${related.replace(/\n/g, ' ')}\n${body}`;
        const a = analyze(text);
        const inside = (s: { start: number; end: number }) => a.removed.some((r) => r.start < s.end && s.start < r.end);
        const extracted = [...a.entities.flatMap((e) => e.mentions), ...a.claims, ...a.quantities, ...a.dates];
        expect(extracted.filter(inside)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
