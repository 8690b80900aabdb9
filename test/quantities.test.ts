import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractQuantities } from '../src/analysis/quantities.js';
import { extractDates } from '../src/analysis/dates.js';
import { idNumbers } from '../src/lang/id/numbers.js';
import { enNumbers } from '../src/lang/en/numbers.js';
import { idDates } from '../src/lang/id/dates.js';
import type { NumberLexicon } from '../src/lang/lexicon-numbers.js';
import type { Quantity, Span } from '../src/types.js';

const whole = (text: string): Span[] => [{ start: 0, end: text.length, text }];
const id = (text: string, exclude?: readonly Span[]): Quantity[] =>
  extractQuantities(text, whole(text), idNumbers, exclude ? { exclude } : {});
const en = (text: string): Quantity[] => extractQuantities(text, whole(text), enNumbers);
/** The one quantity in a sentence. */
const one = (qs: Quantity[]): Quantity => {
  expect(qs, JSON.stringify(qs)).toHaveLength(1);
  return qs[0]!;
};
const texts = (qs: Quantity[]): string[] => qs.map((q) => q.text);

describe('extractQuantities: Indonesian numbers', () => {
  it('reads a dot as the thousands separator', () => {
    expect(one(id('Militer melatih 10.000 tentara di perbatasan.'))).toMatchObject({
      text: '10.000',
      value: 10000,
      unit: 'tentara',
      kind: 'count',
      rule: 'number',
    });
  });

  it('reads a comma as the decimal separator before a scale word', () => {
    expect(one(id('Sebanyak 1,4 juta pemuda mendaftar.'))).toMatchObject({ text: '1,4 juta', value: 1_400_000, unit: 'pemuda' });
  });

  it('reads percentages with a sign or a word', () => {
    expect(one(id('Inflasi tahunan tercatat 2,65%.'))).toMatchObject({ text: '2,65%', value: 2.65, kind: 'percent' });
    expect(one(id('Ekonomi tumbuh 5,1 persen tahun ini.'))).toMatchObject({ text: '5,1 persen', value: 5.1, kind: 'percent' });
  });

  it('reads money in rupiah and dollars, spaced or glued', () => {
    expect(one(id('Pemerintah menyiapkan Rp 5 triliun untuk program itu.'))).toMatchObject({
      text: 'Rp 5 triliun',
      value: 5e12,
      kind: 'money',
      currency: 'IDR',
    });
    expect(one(id('Harga tiketnya Rp5.000 per orang.'))).toMatchObject({ text: 'Rp5.000', value: 5000, currency: 'IDR' });
    expect(one(id('Utang itu sebesar US$3 miliar.'))).toMatchObject({ text: 'US$3 miliar', value: 3e9, currency: 'USD' });
    expect(one(id('Nilainya US$ 1,5 juta.'))).toMatchObject({ value: 1_500_000, currency: 'USD' });
    expect(one(id('Kerugian mencapai 2 miliar rupiah.'))).toMatchObject({ text: '2 miliar rupiah', value: 2e9, currency: 'IDR' });
    expect(one(id('Investasi 3 miliar dolar AS masuk.'))).toMatchObject({ text: '3 miliar dolar AS', currency: 'USD' });
    expect(one(id('Dananya Rp 10 M.'))).toMatchObject({ value: 1e10, currency: 'IDR' });
    expect(one(id('Harganya Rp. 7.500,50 saja.'))).toMatchObject({ text: 'Rp. 7.500,50', value: 7500.5 });
    expect(one(id('Ongkosnya cuma 25rb.'))).toMatchObject({ text: '25rb', value: 25_000, kind: 'count' });
  });

  it('reads ranges with antara … dan, hingga, sampai and a dash', () => {
    const q = one(id('Panitia memperkirakan antara 2.000 dan 12.000 warga Kota Bogor ikut.'));
    expect(q).toMatchObject({ text: 'antara 2.000 dan 12.000', low: 2000, high: 12000, unit: 'warga', rule: 'range-between' });
    expect(q.value).toBeUndefined();
    expect(one(id('Jumlah pengungsi 2.000-3.000 orang.'))).toMatchObject({ text: '2.000-3.000', low: 2000, high: 3000, unit: 'orang' });
    expect(one(id('Jumlah pengungsi 2.000 – 3.000 orang.'))).toMatchObject({ low: 2000, high: 3000 });
    expect(one(id('Harga naik 5 hingga 10 persen.'))).toMatchObject({ text: '5 hingga 10 persen', low: 5, high: 10, kind: 'percent' });
    expect(one(id('Biayanya Rp 2 juta sampai 3 juta.'))).toMatchObject({ low: 2e6, high: 3e6, currency: 'IDR' });
    expect(one(id('Suhu turun dari 30 hingga 40 derajat.'))).toMatchObject({ text: 'dari 30 hingga 40 derajat', low: 30, high: 40, kind: 'measure' });
  });

  it('keeps a scale on the second number off the first when it would invert the range', () => {
    expect(one(id('Donasi berkisar 500 hingga 2 juta rupiah.'))).toMatchObject({ low: 500, high: 2e6 });
  });

  it('marks approximations and bounds', () => {
    expect(one(id('Sekitar 500 orang hadir.'))).toMatchObject({ text: 'Sekitar 500', value: 500, approximate: true, rule: 'about+number' });
    expect(one(id('Kurang lebih 40 rumah rusak.'))).toMatchObject({ value: 40, approximate: true });
    const min = one(id('Lebih dari 100 rumah terendam.'));
    expect(min).toMatchObject({ text: 'Lebih dari 100', low: 100, approximate: true, unit: 'rumah' });
    expect(min.value).toBeUndefined();
    expect(one(id('Setidaknya 12 orang terluka.'))).toMatchObject({ low: 12, approximate: true });
    expect(one(id('Hampir 100 keluarga mengungsi.'))).toMatchObject({ high: 100, approximate: true });
  });

  it('reads vague plurals as approximate ranges', () => {
    expect(one(id('Gudang itu menyimpan ribuan senjata.'))).toMatchObject({
      text: 'ribuan',
      low: 1000,
      high: 9999,
      approximate: true,
      unit: 'senjata',
      rule: 'vague',
    });
    expect(one(id('Puluhan warga berkumpul.'))).toMatchObject({ low: 20, high: 99, unit: 'warga' });
    expect(one(id('Puluhan ribu demonstran turun ke jalan.'))).toMatchObject({ text: 'Puluhan ribu', low: 20_000, high: 99_999 });
    expect(one(id('Proyek itu menelan ratusan juta rupiah.'))).toMatchObject({ low: 1e8, high: 1e9 - 1, kind: 'money', currency: 'IDR' });
  });

  it('reads spelled numbers', () => {
    expect(one(id('Tiga orang tewas dalam kecelakaan itu.'))).toMatchObject({ text: 'Tiga', value: 3, unit: 'orang', rule: 'spelled' });
    expect(one(id('Sebanyak dua juta warga terdampak.'))).toMatchObject({ text: 'dua juta', value: 2e6, unit: 'warga' });
    expect(one(id('Ada dua puluh lima kapal.'))).toMatchObject({ value: 25, unit: 'kapal' });
    expect(one(id('Ada dua belas anak.'))).toMatchObject({ value: 12 });
    expect(one(id('Tercatat seratus lima puluh ribu pemilih.'))).toMatchObject({ value: 150_000 });
    expect(one(id('Setengah juta orang mengungsi.'))).toMatchObject({ value: 500_000 });
    expect(one(id('Mereka membeli tiga buah rumah.'))).toMatchObject({ value: 3, unit: 'rumah' });
    expect(one(id('KPK menetapkan 1 (satu) orang sebagai tersangka.'))).toMatchObject({ text: '1', value: 1, unit: 'orang' });
  });

  it('reads measures', () => {
    expect(one(id('Jalan itu sepanjang 10 km.'))).toMatchObject({ text: '10 km', value: 10, kind: 'measure', unit: 'km' });
    expect(one(id('Panen mencapai 5,5 ton gabah.'))).toMatchObject({ value: 5.5, unit: 'ton', kind: 'measure' });
    expect(one(id('Lahan seluas 20 hektare terbakar.'))).toMatchObject({ unit: 'hektare' });
  });

  it('leaves out years, times, labels, ordinals, codes and phone numbers', () => {
    for (const s of [
      'Perjanjian itu diteken pada tahun 2022.',
      'Sejak 2020 harga terus naik.',
      'Invasi Rusia pada 2022 mengubah segalanya.',
      'Rapat dimulai pukul 08.30 WIB.',
      'Sidang selesai 10.30 WIB.',
      'Ia tinggal di rumah nomor 5.',
      'Sesuai pasal 3 ayat (2) undang-undang itu.',
      'Diatur dalam UU No. 7 tahun 2017.',
      'Pencarian hari ke-3 dilanjutkan.',
      'Pandemi COVID-19 melanda dunia.',
      'KTT G20 digelar di Bali.',
      'Pesawat B-52 terbang rendah.',
      'Jaringan 4G belum sampai.',
      'Hubungi 0812-3456-7890 atau +62 812 3456 7890.',
      'Kantornya di (021) 555-1234.',
      'Ia berbicara Jumat (17/10/2024) di Brussel.',
      'Sidang digelar pada 2024-10-17.',
      'Salah satu pejabat hadir.',
      'Rencana periode 2024-2029 disusun.',
      'Skor akhir 2-1 untuk tuan rumah.',
      'Nomor antrean #12 dipanggil.',
      'Uang emisi tahun 1979,1980 ditarik.',
      'Perusahaan itu beroperasi sejak 2015,3 menurut catatan kaki.',
      'Kantornya di lantai dua gedung itu.',
      'Pajak kendaraan roda dua dihapus.',
    ]) {
      expect(id(s), s).toEqual([]);
    }
  });

  it('keeps a four-digit number that is clearly an amount', () => {
    expect(one(id('Harganya Rp 2000 saja.'))).toMatchObject({ value: 2000, kind: 'money' });
    expect(one(id('Sebanyak 1.500 hingga 2000 orang hadir.'))).toMatchObject({ low: 1500, high: 2000 });
    expect(one(id('Laju 1990 km per jam.'))).toMatchObject({ value: 1990, kind: 'measure' });
  });

  it('skips numbers inside spans given as excluded', () => {
    const text = 'Pada 17 Oktober 2024, 300 orang hadir.';
    const start = text.indexOf('17');
    const date = { start, end: start + 15, text: text.slice(start, start + 15) };
    expect(texts(id(text, [date]))).toEqual(['300']);
    expect(texts(id(text))).toContain('17');
  });

  it('reads only inside the regions', () => {
    const text = 'Baca juga: 500 orang. Isi berita: 700 orang.';
    const start = text.indexOf('Isi');
    expect(texts(extractQuantities(text, [{ start, end: text.length, text: text.slice(start) }], idNumbers))).toEqual(['700']);
  });
});

describe('extractQuantities: English numbers', () => {
  it('reads commas as thousands and dots as decimals', () => {
    expect(one(en('About 10,000 troops crossed.'))).toMatchObject({ text: 'About 10,000', value: 10000, approximate: true, unit: 'troops' });
    expect(one(en('Some 1.4 million people voted.'))).toMatchObject({ value: 1_400_000, unit: 'people' });
  });

  it('reads money and percentages', () => {
    expect(one(en('The deal is worth $3 billion.'))).toMatchObject({ text: '$3 billion', value: 3e9, currency: 'USD', kind: 'money' });
    expect(one(en('The fund lost £5m last year.'))).toMatchObject({ text: '£5m', value: 5e6, currency: 'GBP' });
    expect(one(en('It costs 20 euros.'))).toMatchObject({ value: 20, currency: 'EUR' });
    expect(one(en('Turnout was 45% in the city.'))).toMatchObject({ text: '45%', value: 45, kind: 'percent' });
    expect(one(en('Turnout was 45 per cent.'))).toMatchObject({ text: '45 per cent', kind: 'percent' });
  });

  it('reads a glued currency prefix only when glued: A$5 is Australian, "a $61 billion" is US', () => {
    expect(one(en('It cost A$5 million.'))).toMatchObject({ currency: 'AUD', value: 5_000_000 });
    expect(one(en('Congress approved a $61 billion package.'))).toMatchObject({ currency: 'USD', value: 61_000_000_000 });
  });

  it('reads ranges', () => {
    expect(one(en('Between 2,000 and 12,000 soldiers may be there.'))).toMatchObject({
      text: 'Between 2,000 and 12,000',
      low: 2000,
      high: 12000,
      unit: 'soldiers',
    });
    expect(one(en('Prices rose from 5 to 10 percent.'))).toMatchObject({ text: 'from 5 to 10 percent', low: 5, high: 10, kind: 'percent' });
    expect(one(en('It will cost $2-3 billion.'))).toMatchObject({ low: 2e9, high: 3e9, currency: 'USD' });
  });

  it('reads vague plurals and bounds', () => {
    expect(one(en('Thousands of troops gathered.'))).toMatchObject({ low: 1000, high: 9999, approximate: true, unit: 'troops' });
    expect(one(en('Tens of thousands of people marched.'))).toMatchObject({ text: 'Tens of thousands', low: 10_000, high: 99_999, unit: 'people' });
    expect(one(en('Millions of dollars vanished.'))).toMatchObject({ kind: 'money', currency: 'USD', approximate: true });
    expect(one(en('More than 100 homes burned.'))).toMatchObject({ low: 100, unit: 'homes' });
    expect(one(en('Up to 50 people may attend.'))).toMatchObject({ high: 50 });
  });

  it('reads spelled numbers but not a lone "one"', () => {
    expect(one(en('Two million people fled.'))).toMatchObject({ value: 2e6, unit: 'people' });
    expect(one(en('She bought three dozen eggs.'))).toMatchObject({ value: 36, unit: 'eggs' });
    expect(one(en('A dozen ships sailed.'))).toMatchObject({ value: 12, unit: 'ships' });
    expect(one(en('Twenty-five cars burned.'))).toMatchObject({ value: 25, unit: 'cars' });
    expect(one(en('One hundred days passed.'))).toMatchObject({ value: 100 });
    expect(en('One of them spoke.')).toEqual([]);
  });

  it('tells a distance from a million', () => {
    expect(one(en('He ran the 100m race.'))).toMatchObject({ value: 100, kind: 'measure', unit: 'm' });
  });

  it('leaves out years, times, labels, ordinals and codes', () => {
    for (const s of [
      'The war began in 2022.',
      'Since 2014 the border has moved.',
      'She finished in 3rd place.',
      'Flight 17 was shot down.',
      'See page 5 of the report.',
      'The meeting starts at 5 p.m. sharp.',
      'The meeting starts at 10 am.',
      'Resolution No. 5 passed.',
      'The 4G network failed.',
      'COVID-19 spread fast.',
      'The G20 met in Rome.',
      'A B-52 flew over.',
      'Call (202) 555-1234 for details.',
      'The 2020-2024 plan failed.',
    ]) {
      expect(en(s), s).toEqual([]);
    }
  });
});

describe('extractQuantities: robustness', () => {
  const packWords = (lex: NumberLexicon): string[] => [
    ...Object.keys(lex.scales),
    ...Object.keys(lex.scaleAbbreviations),
    ...Object.keys(lex.numberWords),
    ...Object.keys(lex.multiplierWords),
    ...Object.keys(lex.vague),
    ...Object.keys(lex.approximators),
    ...Object.keys(lex.rangeOpeners),
    ...lex.rangeConnectors,
    ...lex.percent,
    ...Object.keys(lex.currencyPrefixes),
    ...Object.keys(lex.currencySuffixes),
    ...lex.measures,
    ...lex.notQuantityBefore,
    ...lex.notQuantityAfter,
    ...lex.articles,
    ...lex.vagueLinkers,
  ];
  const bits = ['0', '1', '12', '2024', '10.000', '1,4', '2.000-3.000', '08.30', '17/10/2024', '.', ',', '-', '–', '(', ')', '+', '#', ' ', '  ', '\n', 'ke-3', 'COVID-19', '😀', '\u0301', 'Rp5', '٣'];
  const soup = (lex: NumberLexicon) =>
    fc
      .array(fc.tuple(fc.constantFrom(...packWords(lex), ...bits), fc.constantFrom(' ', '', '  ', ', ', '\u00a0')), { maxLength: 40 })
      .map((parts) => parts.map(([w, sep]) => w + sep).join(''));
  const regionsOf = (text: string) =>
    fc
      .array(fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: text.length })), { maxLength: 4 })
      .map((pairs) => pairs.map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b), text: text.slice(Math.min(a, b), Math.max(a, b)) })));

  const check = (text: string, regions: Span[], lex: NumberLexicon): void => {
    const exclude = regions.slice(0, 1).map((r) => ({ start: r.start, end: Math.min(r.end, r.start + 3), text: '' }));
    const qs = extractQuantities(text, regions, lex, { exclude });
    for (const q of qs) {
      expect(text.slice(q.start, q.end)).toBe(q.text);
      expect(q.start).toBeLessThan(q.end);
      expect(regions.some((r) => r.start <= q.start && q.end <= r.end)).toBe(true);
      expect(exclude.some((x) => x.start < q.end && q.start < x.end)).toBe(false);
      expect(typeof q.rule).toBe('string');
      for (const v of [q.value, q.low, q.high]) if (v !== undefined) expect(Number.isFinite(v)).toBe(true);
      if (q.low !== undefined && q.high !== undefined) expect(q.low).toBeLessThanOrEqual(q.high);
    }
    for (let k = 1; k < qs.length; k++) expect(qs[k]!.start).toBeGreaterThanOrEqual(qs[k - 1]!.end);
  };

  for (const [name, lex] of [['id', idNumbers], ['en', enNumbers]] as const) {
    it(`never throws and keeps every span exact on arbitrary text (${name})`, () => {
      fc.assert(
        fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 80 })), (text) => {
          check(text, whole(text), lex);
        }),
        { numRuns: 300 },
      );
    });

    it(`never throws on the pack's own words mixed with digits, in any regions (${name})`, () => {
      fc.assert(
        fc.property(
          soup(lex).chain((text) => fc.tuple(fc.constant(text), regionsOf(text))),
          ([text, regions]) => {
            check(text, regions, lex);
            check(text, whole(text), lex);
          },
        ),
        { numRuns: 400 },
      );
    });
  }

  it('returns on a 1 MB line of number-ish text', () => {
    const piece = 'antara 2.000 dan 12.000 warga, Rp5.000, sekitar 1,4 juta, dua puluh, 17/10/2024, ribuan-';
    const text = piece.repeat(Math.ceil(1_000_000 / piece.length));
    const qs = extractQuantities(text, whole(text), idNumbers);
    expect(qs.length).toBeGreaterThan(10_000);
    const dates = extractDates(text, whole(text), idDates);
    expect(dates.dates.length).toBeGreaterThan(1_000);
  });
});

describe('extractQuantities: the counted noun', () => {
  it('is the first word in Indonesian and the last plural of the phrase in English', () => {
    expect(one(id('Sebanyak 10.000 tentara Korea Utara dikirim.')).unit).toBe('tentara');
    expect(one(en('They counted 40 maritime militia vessels near the reef.')).unit).toBe('vessels');
    expect(one(en('Guards fired at two fishing boats.')).unit).toBe('boats');
    expect(one(en('About 500 people died in the floods.')).unit).toBe('people');
    expect(one(en('The army sent 300 soldiers wounded in battle home.')).unit).toBe('soldiers');
  });
});
