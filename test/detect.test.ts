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
