import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { htmlToDocument, readSource, type ReadResult } from '../src/read/index.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'html');
const fixture = (name: string): string => path.join(FIXTURES, name);
const load = (name: string): string => fs.readFileSync(fixture(name), 'utf8');

function docOf(r: ReadResult) {
  if (!r.ok) throw new Error(`expected a document, got ${JSON.stringify(r.diagnostics)}`);
  return r.doc;
}

describe('Indonesian news page (nav, "Baca juga" aside, JSON-LD NewsArticle, og tags)', () => {
  it('keeps the article paragraphs, one per line, and nothing of the page furniture', async () => {
    const doc = docOf(await readSource(fixture('id-news.html')));
    const lines = doc.text.split('\n');
    expect(lines[0]).toBe(
      'SARIMAYA - Banjir setinggi satu meter merendam tiga desa di Lembah Sarimaya sejak Rabu (16/10/2024) malam. ' +
        'Sekitar 1.200 warga mengungsi ke balai desa dan sekolah terdekat.',
    );
    expect(lines).toContain(
      '"Air naik cepat sekali setelah hujan deras selama enam jam," kata Kepala Desa Sukamekar, Hasan Basri, ' +
        'kepada wartawan, Kamis (17/10/2024).',
    );
    // subheading, list items and the quote each stand on their own line
    expect(lines).toContain('Bantuan mulai disalurkan');
    expect(lines).toContain('Desa Sukamekar: 650 pengungsi');
    expect(lines).toContain('Desa Mekarsari: 170 pengungsi');
    expect(lines).toContain('Kami minta warga tetap waspada karena hujan diperkirakan masih turun hingga akhir pekan.');
    expect(lines.at(-1)).toMatch(/^Warga berharap normalisasi sungai .* tidak terulang\.$/);
    for (const junk of ['Beranda', 'Olahraga', 'Baca juga', 'Jembatan Gantung Putus', 'hak cipta', 'Pedoman Media Siber', 'color: red']) {
      expect(doc.text).not.toContain(junk);
    }
    // whitespace inside a block is collapsed; no empty lines
    expect(doc.text).not.toMatch(/ {2}|\t|\n\n|^\s|\s$/);
  });

  it('reads title, authors, date, canonical URL and site name', async () => {
    const doc = docOf(await readSource(fixture('id-news.html')));
    expect(doc.meta).toEqual({
      title: 'Banjir Rendam Tiga Desa di Lembah Sarimaya',
      byline: 'Rina Kartikasari, Dedi Prasetyo',
      published: '2024-10-17T05:30:00+07:00',
      // the canonical link is relative: with no page URL it cannot be resolved, og:url is used
      url: 'https://warta.example/daerah/banjir-sarimaya',
      source: 'Warta Nusantara Contoh',
      origin: fixture('id-news.html'),
      format: 'html',
    });
    expect(doc.diagnostics).toEqual([]);
  });

  it('resolves a relative canonical link against the page URL', () => {
    const doc = docOf(htmlToDocument(load('id-news.html'), 'x', 'https://warta.example/amp/123?utm=1'));
    expect(doc.meta.url).toBe('https://warta.example/daerah/banjir-sarimaya-lengkap');
  });
});

describe('English news page (meta article:published_time)', () => {
  it('reads the story and its metadata', async () => {
    const doc = docOf(await readSource(fixture('en-news.html')));
    const lines = doc.text.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^The council of Port Arlen voted on Tuesday night/);
    expect(lines[1]).toBe(
      '"This is the most important transport decision this city has made in a generation," said the council leader, Amelia Tran, after the vote.',
    );
    expect(doc.text).not.toContain('Privacy');
    expect(doc.meta).toMatchObject({
      title: 'Harbour city votes to expand tram network',
      byline: 'Margaret Holloway',
      // article:published_time beats the <time> of the dateline
      published: '2024-03-05T14:20:00Z',
      url: 'https://ledger.example/city/tram-vote',
      source: 'The Example Ledger',
      format: 'html',
    });
  });
});

describe('pages without an article', () => {
  it('reports no-article for a page of navigation only', async () => {
    const r = await readSource(fixture('no-article.html'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'no-article', severity: 'error', file: fixture('no-article.html') }),
    );
  });

  it('reports no-article for a body without text', () => {
    const r = htmlToDocument('<html><head><title>Kosong</title></head><body><img src="a.png"><script>var a = 1;</script></body></html>', 'k.html');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics.map((d) => d.code)).toContain('no-article');
  });

  it('reports empty for empty markup', () => {
    const r = htmlToDocument('  \n ', 'e.html');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]).toMatchObject({ code: 'empty', file: 'e.html' });
  });

  it('falls back to the page paragraphs when readability finds nothing usable, with a warning', () => {
    // Three paragraphs in three unrelated containers: readability settles for one or two of them.
    const html =
      '<html><body><nav><a href="/">Beranda</a></nav>' +
      '<section><div><p>Warga Kampung Pelangi menanam 300 pohon mangga di bantaran sungai pada Minggu pagi.</p></div></section>' +
      '<section><div><div><p>Kegiatan itu diikuti pelajar, pengurus RT, dan relawan lingkungan dari tiga kelurahan sekitar.</p></div></div></section>' +
      '<div><section><span><p>"Kami ingin sungai ini teduh lagi," kata Ketua RT 05, Sulastri, kepada warga yang hadir.</p></span></section></div>' +
      '<footer><p>Hak cipta 2024</p></footer></body></html>';
    const doc = docOf(htmlToDocument(html, 'f.html'));
    expect(doc.text.split('\n')).toEqual([
      'Warga Kampung Pelangi menanam 300 pohon mangga di bantaran sungai pada Minggu pagi.',
      'Kegiatan itu diikuti pelajar, pengurus RT, dan relawan lingkungan dari tiga kelurahan sekitar.',
      '"Kami ingin sungai ini teduh lagi," kata Ketua RT 05, Sulastri, kepada warga yang hadir.',
    ]);
    expect(doc.diagnostics.map((d) => d.code)).toEqual(['no-main-article']);
  });
});

describe('JSON-LD', () => {
  it('ignores a malformed block with a warning and reads @graph with @id references', async () => {
    const doc = docOf(await readSource(fixture('malformed-jsonld.html')));
    expect(doc.text.split('\n')).toHaveLength(3);
    expect(doc.meta).toMatchObject({
      title: 'Library reopens after two-year renovation',
      byline: 'Tom Okafor',
      published: '2023-11-02T09:15:00+01:00',
      source: 'Northfield Gazette Ltd',
    });
    expect(doc.diagnostics).toEqual([
      expect.objectContaining({ code: 'bad-json-ld', severity: 'warning', file: fixture('malformed-jsonld.html') }),
    ]);
  });

  it('forgives raw newlines inside JSON-LD strings', () => {
    const html =
      '<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Dua\nbaris",' +
      '"datePublished":"2024-01-09","author":"Ayu Lestari"}</script></head>' +
      '<body><p>Isi berita singkat.</p></body></html>';
    const doc = docOf(htmlToDocument(html, 'j.html'));
    expect(doc.meta.published).toBe('2024-01-09');
    expect(doc.meta.byline).toBe('Ayu Lestari');
    expect(doc.diagnostics).toEqual([]);
  });

  it('never throws on odd JSON-LD shapes', () => {
    for (const ld of ['null', '42', '"teks"', '[]', '[null, 1, {"@type": null}]', '{"@graph": {"@type": "NewsArticle"}}',
      '{"@type": "NewsArticle", "author": [null, 3, {"name": 5}], "datePublished": ["2024-05-01"], "publisher": "Kabar"}']) {
      const r = htmlToDocument(`<html><head><script type="application/ld+json">${ld}</script></head><body><p>Teks.</p></body></html>`, 'o.html');
      expect(r.ok).toBe(true);
    }
  });
});

describe('text layout and dates from markup', () => {
  it('makes <br>-separated text into lines and keeps <pre> lines', () => {
    const html = '<html><body><div class="isi">Baris satu<br>Baris   dua<br><br>Baris tiga</div><pre>kode  a\nkode b</pre></body></html>';
    expect(docOf(htmlToDocument(html, 'b.html')).text).toBe('Baris satu\nBaris dua\nBaris tiga\nkode a\nkode b');
  });

  it('reads a fragment without <html>', () => {
    const doc = docOf(htmlToDocument('<h2>Judul kecil</h2><p>Satu paragraf.</p><p>Dua   paragraf\n  di sini.</p>', 'f.html'));
    expect(doc.text).toBe('Judul kecil\nSatu paragraf.\nDua paragraf di sini.');
  });

  it('takes the date from <time datetime> when nothing else gives one', () => {
    const html = '<html><body><article><time datetime="2024-08-17T10:00:00+07:00">17 Agustus</time><p>Upacara berlangsung khidmat.</p></article></body></html>';
    expect(docOf(htmlToDocument(html, 't.html')).meta.published).toBe('2024-08-17T10:00:00+07:00');
  });

  it('takes the date from a pubdate meta in local form', () => {
    const html = '<html><head><meta name="publishdate" content="2024/10/17 09:30:00"></head><body><p>Berita.</p></body></html>';
    expect(docOf(htmlToDocument(html, 'p.html')).meta.published).toBe('2024-10-17T09:30:00');
  });

  it('does not hang on pathologically deep markup', () => {
    const depth = 3000;
    const html = '<html><body>' + '<div>'.repeat(depth) + '<p>' + 'Kalimat di dasar pohon. '.repeat(12) + '</p>' + '</div>'.repeat(depth) + '</body></html>';
    const t0 = performance.now();
    const doc = docOf(htmlToDocument(html, 'deep.html'));
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(doc.text).toMatch(/^Kalimat di dasar pohon\./);
    expect(doc.diagnostics.map((d) => d.code)).toEqual(['no-main-article']);
  });
});
