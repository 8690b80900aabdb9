import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../src/lang/detect.js';

describe('detectLanguage', () => {
  it('tells Indonesian', () => {
    expect(detectLanguage('Pemerintah mengatakan bahwa harga beras akan turun karena panen raya sudah dimulai di banyak daerah.').language).toBe('id');
  });
  it('tells Malay from Indonesian by the words that differ', () => {
    expect(detectLanguage('Kerajaan berkata bahawa harga beras akan turun kerana musim menuai sudah bermula, iaitu di kebanyakan negeri.').language).toBe('ms');
  });
  it('tells English', () => {
    expect(detectLanguage('The government said that rice prices would fall because the harvest has started in many regions.').language).toBe('en');
  });
  it('says und for a text too short to tell', () => {
    expect(detectLanguage('Jakarta, Senin').language).toBe('und');
    expect(detectLanguage('').language).toBe('und');
  });
  it('names other languages through franc', () => {
    expect(detectLanguage('Le gouvernement a déclaré que les prix du riz allaient baisser parce que la récolte a commencé dans de nombreuses régions du pays.').language).toBe('fr');
  });
});

describe('detectLanguage: words are runs of letters', () => {
  it('reads any non-letter between words as a space (lone surrogates, emoji, marks, digits)', () => {
    const words = ['yang', 'dan', 'itu', 'the', 'of', 'and', 'was', 'tidak', 'adalah', 'İstanbul', 'Straße', '𝐀𝐁', 'Жук', 'é'];
    const gaps = [' ', '\ud800', '\udc00', '😀', '1', '.', '\u0301', '\n'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...words), fc.constantFrom(...gaps)), { maxLength: 30 }), (parts) => {
        const spaced = parts.map(([w]) => w).join(' ');
        const gapped = parts.map(([w, g]) => w + g).join('');
        const expected = detectLanguage(spaced);
        // franc reads the characters themselves; the word counts decide everything else.
        if (expected.method === 'franc') expect(detectLanguage(gapped).method).toBe('franc');
        else expect(detectLanguage(gapped)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
