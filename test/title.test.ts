import { describe, expect, it } from 'vitest';
import { titleFromText } from '../src/read/title.js';

describe('titleFromText', () => {
  it.each([
    ['Harga Beras Naik Lagi\n\nMenteri itu mengatakan harga beras naik.', 'Harga Beras Naik Lagi'],
    ['  Rice prices climb again  \nThe minister said prices rose.', 'Rice prices climb again'],
    ['Siapa Menang di Pilkada?\nHasil hitung cepat menunjukkan...', 'Siapa Menang di Pilkada?'],
  ])('takes a headline-like first line: %j', (text, title) => {
    expect(titleFromText(text)).toBe(title);
  });

  it.each([
    ['a first sentence', 'Menteri itu mengatakan harga beras naik.\nPedagang membantah.'],
    ['one word', 'Jakarta\nMenteri itu mengatakan harga beras naik.'],
    ['the only line', 'Harga Beras Naik Lagi\n'],
    ['a line too long', `${'kata '.repeat(40)}\nIsi.`],
    ['a dateline ending in a colon', 'JAKARTA, Senin:\nMenteri itu mengatakan harga naik.'],
    ['no letters', '12/3/2024 10.00\nIsi berita.'],
  ])('leaves %s alone', (_why, text) => {
    expect(titleFromText(text)).toBeUndefined();
  });
});
