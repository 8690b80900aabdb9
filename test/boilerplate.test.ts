import { describe, expect, it } from 'vitest';
import { findBoilerplate } from '../src/analysis/boilerplate.js';
import { ALL_BOILERPLATE_RULES } from '../src/lang/index.js';

const removedReasons = (text: string) => findBoilerplate(text, ALL_BOILERPLATE_RULES).removed.map((r) => [r.text, r.reason]);

describe('findBoilerplate', () => {
  it('sets aside Indonesian related links and page chrome in every casing', () => {
    const text = [
      'Paragraf pertama berita.',
      'Baca juga: Judul berita lain',
      'BACA JUGA: JUDUL LAIN',
      'Baca Juga : Judul ketiga',
      'SCROLL TO CONTINUE WITH CONTENT',
      'Simak Video "Banjir di Kota"',
      'Simak juga berita lainnya',
      'Lihat juga: Galeri foto',
      'Paragraf kedua.',
      'Ikuti kami di Instagram',
      '(nvc/kna)',
    ].join('\n');
    const reasons = removedReasons(text);
    expect(reasons.map((r) => r[0])).toEqual([
      'Baca juga: Judul berita lain', 'BACA JUGA: JUDUL LAIN', 'Baca Juga : Judul ketiga', 'SCROLL TO CONTINUE WITH CONTENT',
      'Simak Video "Banjir di Kota"', 'Simak juga berita lainnya', 'Lihat juga: Galeri foto', 'Ikuti kami di Instagram', '(nvc/kna)',
    ]);
  });
  it('removes a WhatsApp promo footer to the end of the text', () => {
    const text = 'Isi berita.\nDengarkan berita pilihan kami. Gabung saluran WhatsApp kami: https://example.com.\nPastikan aplikasi terpasang.\n';
    const { removed, regions } = findBoilerplate(text, ALL_BOILERPLATE_RULES);
    expect(removed).toHaveLength(1);
    expect(removed[0]!.reason).toBe('promo-footer');
    expect(removed[0]!.end).toBe(text.trimEnd().length);
    expect(regions.map((r) => r.text.trim())).toEqual(['Isi berita.', '']);
  });
  it('sets aside English promos', () => {
    const reasons = removedReasons('Body.\nRead more: Another story\nRelated: More\nSign up for our daily newsletter\nFollow us on X\nBody again.');
    expect(reasons.map((r) => r[1])).toEqual(['related-link', 'related-link', 'newsletter-promo', 'social-promo']);
  });
  it('keeps article sentences that merely mention the words', () => {
    expect(removedReasons('Ia meminta warga untuk baca juga aturan baru.\nThe minister said people should read more.')).toEqual([]);
  });
  it('regions and removed spans tile the text', () => {
    const text = 'A.\nBaca juga: B\nC.';
    const { removed, regions } = findBoilerplate(text, ALL_BOILERPLATE_RULES);
    const all = [...removed, ...regions].sort((a, b) => a.start - b.start);
    expect(all.map((s) => text.slice(s.start, s.end)).join('')).toBe(text);
  });
});
