import { describe, expect, it } from 'vitest';
import { findBoilerplate, looksLikeFooter } from '../src/analysis/boilerplate.js';
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
  it('removes a WhatsApp promo footer and the footer lines after it', () => {
    const text = 'Isi berita.\nDengarkan berita pilihan kami. Gabung saluran WhatsApp kami: https://example.com.\nhttps://wa.me/contoh\nInstagram | Facebook | X\n';
    const { removed, regions, diagnostics } = findBoilerplate(text, ALL_BOILERPLATE_RULES);
    expect(removed).toHaveLength(1);
    expect(removed[0]!.reason).toBe('promo-footer');
    expect(removed[0]!.end).toBe(text.trimEnd().length);
    expect(regions.map((r) => r.text.trim())).toEqual(['Isi berita.', '']);
    expect(diagnostics.map((d) => d.code)).toEqual(['large-footer']);
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

const ID_PROMO = 'Dengarkan berita pilihan kami setiap pagi. Gabung saluran WhatsApp contoh-berita.id: https://www.whatsapp.com/channel/contoh. Pastikan aplikasi WhatsApp sudah terpasang.';
const EN_PROMO = 'Copyright 2024 Contoh Wire Service. All rights reserved. This material may not be published or redistributed.';
const ID_PARAS = [
  'Menteri Perdagangan mengatakan harga beras naik 5 persen sepanjang bulan lalu.',
  '"Kami akan menambah pasokan ke pasar induk," kata Menteri di Jakarta, Senin.',
  'Pedagang di Pasar Minggu membantah bahwa stok mereka menipis.',
  'Namun Bulog menyebut cadangan masih cukup hingga akhir tahun.',
];
const EN_PARAS = [
  'The trade minister said rice prices rose 5 percent last month.',
  '"We will add supply to the main markets," the minister told reporters in Jakarta on Monday.',
  'Traders at the market denied that their stocks were running low.',
  'The state logistics agency said reserves would last until the end of the year.',
];

describe('findBoilerplate keeps the article around a promo line', () => {
  for (const [lang, paras, promo] of [['id', ID_PARAS, ID_PROMO], ['en', EN_PARAS, EN_PROMO]] as const) {
    for (const at of [0, 2, paras.length]) {
      it(`${lang}: a footer-rule line at paragraph ${at} of ${paras.length} removes that line only`, () => {
        const lines = [...paras];
        lines.splice(at, 0, promo);
        const text = lines.join('\n') + '\n';
        const { removed, regions, diagnostics } = findBoilerplate(text, ALL_BOILERPLATE_RULES);
        expect(removed.map((r) => r.text)).toEqual([promo]);
        const kept = regions.map((r) => r.text).join('');
        for (const p of paras) expect(kept).toContain(p);
        expect(diagnostics).toEqual([]);
      });
    }
  }

  it('a footer cuts its tail only when every tail line looks like a footer', () => {
    const footer = ['Ikuti kami: https://contoh.id/ig', 'Redaksi | Pedoman Media Siber | Kontak'];
    const text = [...ID_PARAS, ID_PROMO, ...footer].join('\n');
    const { removed } = findBoilerplate(text, ALL_BOILERPLATE_RULES);
    expect(removed).toHaveLength(1);
    expect(removed[0]!.text).toBe([ID_PROMO, ...footer].join('\n'));
    // The same tail with one sentence in it is article text: only the promo line goes.
    const withSentence = [...ID_PARAS.slice(0, 2), ID_PROMO, footer[0]!, ID_PARAS[3]!, footer[1]!].join('\n');
    const r2 = findBoilerplate(withSentence, ALL_BOILERPLATE_RULES);
    expect(r2.removed.map((r) => r.text)).toEqual([ID_PROMO, footer[0]]);
  });

  it('looksLikeFooter: links and short labels yes, sentences no', () => {
    expect(looksLikeFooter('https://contoh.id/ig')).toBe(true);
    expect(looksLikeFooter('Instagram | Facebook | X')).toBe(true);
    expect(looksLikeFooter('© 2024 Contoh Media')).toBe(true);
    expect(looksLikeFooter('Namun Beijing membantahnya.')).toBe(false);
    expect(looksLikeFooter(EN_PARAS[0]!)).toBe(false);
  });

  it('5 MB of repeated articles, each with a promo line: only the promo lines go', () => {
    const article = [ID_PARAS[0], ID_PARAS[1], ID_PROMO, ID_PARAS[2], ID_PARAS[3]].join('\n') + '\n\n';
    const text = article.repeat(Math.ceil(5_000_000 / article.length));
    const t0 = performance.now();
    const { removed, regions } = findBoilerplate(text, ALL_BOILERPLATE_RULES);
    expect(performance.now() - t0).toBeLessThan(5000);
    const copies = Math.ceil(5_000_000 / article.length);
    expect(removed).toHaveLength(copies);
    const removedChars = removed.reduce((n, r) => n + r.end - r.start, 0);
    expect(removedChars).toBe(copies * ID_PROMO.length);
    expect(regions.reduce((n, r) => n + r.end - r.start, 0)).toBe(text.length - removedChars);
  });

  it('a footer over a quarter of the text is reported', () => {
    const tail = Array.from({ length: 40 }, (_, i) => `https://contoh.id/tautan-${i}`);
    const text = [ID_PARAS[0], ID_PROMO, ...tail].join('\n');
    const { removed, diagnostics } = findBoilerplate(text, ALL_BOILERPLATE_RULES);
    expect(removed[0]!.end).toBe(text.length);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.code).toBe('large-footer');
    expect(diagnostics[0]!.message).toMatch(/% of the text/);
  });
});

