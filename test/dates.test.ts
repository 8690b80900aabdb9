import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractDates, weekdayMismatches, type DateExtraction } from '../src/analysis/dates.js';
import { idDates } from '../src/lang/id/dates.js';
import { enDates } from '../src/lang/en/dates.js';
import type { DateLexicon } from '../src/lang/lexicon-dates.js';
import type { DateMention, Span } from '../src/types.js';

const whole = (text: string): Span[] => [{ start: 0, end: text.length, text }];
const REF = '2024-10-17'; // a Thursday
const id = (text: string, reference?: string): DateExtraction =>
  extractDates(text, whole(text), idDates, reference ? { reference } : {});
const en = (text: string, reference?: string): DateExtraction =>
  extractDates(text, whole(text), enDates, reference ? { reference } : {});
const one = (r: DateExtraction): DateMention => {
  expect(r.dates, JSON.stringify(r.dates)).toHaveLength(1);
  return r.dates[0]!;
};
const values = (r: DateExtraction): string[] => r.dates.map((d) => d.value);
const pairs = (r: DateExtraction): [string, string][] => r.dates.map((d) => [d.text, d.value]);

describe('extractDates: Indonesian absolute dates', () => {
  it('reads a dateline with the weekday beside the date', () => {
    const d = one(id('Bandung - Menteri itu berbicara Jumat (17/10/2024) di balai kota.'));
    expect(d).toMatchObject({ text: '17/10/2024', value: '2024-10-17', relative: false, rule: 'numeric-dmy' });
    expect(d.weekday).toMatchObject({ text: 'Jumat', day: 5 });
  });

  it('reads a weekday before a comma and a written-out date', () => {
    const d = one(id('Rapat digelar Senin, 20 Oktober 2025, di Jakarta.'));
    expect(d).toMatchObject({ text: '20 Oktober 2025', value: '2025-10-20' });
    expect(d.weekday).toMatchObject({ text: 'Senin', day: 1 });
  });

  it('reads numeric, written-out and month-year forms', () => {
    expect(pairs(id('Tanggal 17-10-2024, 17.10.2024, 2024-10-17, 17 Oktober 2024 dan 17 Okt 2024.'))).toEqual([
      ['17-10-2024', '2024-10-17'],
      ['17.10.2024', '2024-10-17'],
      ['2024-10-17', '2024-10-17'],
      ['17 Oktober 2024', '2024-10-17'],
      ['17 Okt 2024', '2024-10-17'],
    ]);
    expect(one(id('Data per Oktober 2024 menunjukkan kenaikan.'))).toMatchObject({ text: 'Oktober 2024', value: '2024-10' });
    expect(one(id('Pameran pada 17 Agu 2024.'))).toMatchObject({ value: '2024-08-17' });
    expect(one(id('Pada Nopember 2023 ia pensiun.'))).toMatchObject({ value: '2023-11' });
  });

  it('reads day ranges and year ranges as intervals', () => {
    expect(one(id('Konferensi berlangsung 20-22 Oktober 2025 di Bali.'))).toMatchObject({
      text: '20-22 Oktober 2025',
      value: '2025-10-20/2025-10-22',
      rule: 'day-range',
    });
    expect(one(id('Program itu berjalan tahun 2022-2023.'))).toMatchObject({ text: 'tahun 2022-2023', value: '2022/2023' });
  });

  it('reads "tahun 2022" and "sejak 2022" without a reference', () => {
    const r = id('Kedua klub bermitra pada tahun 2022. Harga naik sejak 2020.');
    expect(pairs(r)).toEqual([
      ['tahun 2022', '2022'],
      ['2020', '2020'],
    ]);
    expect(r.reference).toBeUndefined();
  });

  it('rejects impossible dates', () => {
    expect(id('Tanggal 31/02/2024 tidak ada.').dates).toEqual([]);
    expect(id('Tanggal 29/02/2023 tidak ada, 29/02/2024 ada.').dates.map((d) => d.value)).toEqual(['2024-02-29']);
    // The impossible day is dropped; the month and year it names still stand.
    expect(pairs(id('Tanggal 32 Oktober 2024 keliru.'))).toEqual([['Oktober 2024', '2024-10']]);
  });

  it('does not read a decade as a year', () => {
    expect(id('Olahraga itu populer sejak akhir 1960-an.').dates).toEqual([]);
    expect(en('It was popular in the 1960s.').dates).toEqual([]);
  });

  it('does not read fractions, scores or plain numbers as dates', () => {
    expect(id('Layanan 24/7 dan skor 3/4 serta 10.000 tentara dan 2,5 persen.').dates).toEqual([]);
  });
});

describe('extractDates: Indonesian relative dates', () => {
  it('resolves the seed-style phrases against the reference', () => {
    const text = 'Delegasi itu berkunjung pada bulan Juni. Awal bulan ini, mereka ke Makassar. Krisis dimulai pada tahun 2022.';
    const r = id(text, REF);
    expect(pairs(r)).toEqual([
      ['bulan Juni', '2024-06'],
      ['Awal bulan ini', '2024-10'],
      ['tahun 2022', '2022'],
    ]);
    expect(r.dates.slice(0, 2).every((d) => d.relative)).toBe(true);
    expect(r.reference).toEqual({ date: REF, source: 'option' });
  });

  it('resolves days, weeks, months and years', () => {
    expect(pairs(id('Kemarin, hari ini, besok, lusa, kemarin lusa, 3 hari lalu.', REF))).toEqual([
      ['Kemarin', '2024-10-16'],
      ['hari ini', '2024-10-17'],
      ['besok', '2024-10-18'],
      ['lusa', '2024-10-19'],
      ['kemarin lusa', '2024-10-15'],
      ['3 hari lalu', '2024-10-14'],
    ]);
    expect(pairs(id('Pekan lalu, minggu depan, bulan lalu, bulan depan, tahun lalu, tahun ini, setahun lalu.', REF))).toEqual([
      ['Pekan lalu', '2024-W41'],
      ['minggu depan', '2024-W43'],
      ['bulan lalu', '2024-09'],
      ['bulan depan', '2024-11'],
      ['tahun lalu', '2023'],
      ['tahun ini', '2024'],
      ['setahun lalu', '2023'],
    ]);
  });

  it('puts a lone month in the latest such month on or before the reference', () => {
    expect(values(id('Pada Juni ia datang, sejak Januari, pada bulan Desember, Juni lalu, Desember mendatang.', REF))).toEqual([
      '2024-06',
      '2024-01',
      '2023-12',
      '2024-06',
      '2024-12',
    ]);
    expect(values(id('Juni lalu ia datang.', '2024-06-10'))).toEqual(['2023-06']);
  });

  it('reads parts of periods', () => {
    expect(pairs(id('Awal Oktober, pertengahan Juni, akhir 2023, akhir tahun lalu, akhir pekan lalu.', REF))).toEqual([
      ['Awal Oktober', '2024-10'],
      ['pertengahan Juni', '2024-06'],
      ['akhir 2023', '2023'],
      ['akhir tahun lalu', '2023'],
      ['akhir pekan lalu', '2024-W41'],
    ]);
  });

  it('resolves a weekday alone to the latest such day on or before the reference', () => {
    expect(pairs(id('Ia tiba pada Senin dan pergi Kamis. Rabu lalu hujan, Jumat depan cerah.', REF))).toEqual([
      ['Senin', '2024-10-14'],
      ['Kamis', '2024-10-17'],
      ['Rabu lalu', '2024-10-16'],
      ['Jumat depan', '2024-10-18'],
    ]);
  });

  it('tells Sunday from a week by capitals and the word after', () => {
    expect(pairs(id('Minggu lalu ia sakit, tetapi Minggu (13/10/2024) ia sembuh.', REF))).toEqual([
      ['Minggu lalu', '2024-W41'],
      ['13/10/2024', '2024-10-13'],
    ]);
  });

  it('gives a short dateline the year nearest the reference and swallows "kemarin" after it', () => {
    const r = id('Hal itu disampaikan Senin (20/10) kemarin.', '2025-10-21');
    const d = one(r);
    expect(d).toMatchObject({ text: '20/10', value: '2025-10-20', relative: true });
    expect(d.weekday).toMatchObject({ text: 'Senin', day: 1 });
    expect(one(id('Pameran dibuka 5 Januari.', '2024-12-20'))).toMatchObject({ value: '2025-01-05' });
  });
});

describe('extractDates: the reference date', () => {
  it('takes the dateline when no reference is given', () => {
    const r = id('Gubernur berbicara Jumat (17/10/2024). Kemarin ia ke Medan, pada bulan Juni ke Ambon.');
    expect(r.reference).toEqual({ date: '2024-10-17', source: 'dateline' });
    expect(values(r)).toEqual(['2024-10-17', '2024-10-16', '2024-06']);
  });

  it('prefers a full date with a weekday beside it', () => {
    const r = id('Perjanjian 1 Januari 2020 berlaku. Kamis (17/10/2024) ia berkata bahwa kemarin hujan.');
    expect(r.reference).toEqual({ date: '2024-10-17', source: 'dateline' });
    expect(values(r)).toContain('2024-10-16');
  });

  it('falls back to the first full date', () => {
    expect(id('Pada 1 Januari 2020 perjanjian berlaku; kemarin dibahas.').reference).toEqual({ date: '2020-01-01', source: 'guess' });
  });

  it('leaves out what it cannot resolve, and never uses today', () => {
    const r = id('Kemarin ia datang pada bulan Juni dan Senin (20/10), tahun 2022.');
    expect(r.reference).toBeUndefined();
    expect(values(r)).toEqual(['2022']);
  });

  it('reports a reference from metadata and accepts a date-time', () => {
    const r = extractDates('Kemarin hujan.', whole('Kemarin hujan.'), idDates, {
      reference: '2025-10-21T20:43:00+07:00',
      referenceSource: 'meta',
    });
    expect(r.reference).toEqual({ date: '2025-10-21', source: 'meta' });
    expect(values(r)).toEqual(['2025-10-20']);
  });

  it('throws on a reference that is not a date', () => {
    expect(() => id('Kemarin.', '17/10/2024')).toThrow(/YYYY-MM-DD/);
    expect(() => id('Kemarin.', '2024-02-30')).toThrow(/YYYY-MM-DD/);
  });
});

describe('extractDates: English', () => {
  it('reads a weekday beside month-day-year', () => {
    const d = one(en('The minister spoke Thursday, Oct. 17, 2024, in Brussels.'));
    expect(d).toMatchObject({ text: 'Oct. 17, 2024', value: '2024-10-17', rule: 'month-day-year' });
    expect(d.weekday).toMatchObject({ text: 'Thursday', day: 4 });
  });

  it('reads a weekday before a bracketed short date', () => {
    const d = one(en('He spoke on Friday (Oct 17) to reporters.', REF));
    expect(d).toMatchObject({ text: 'Oct 17', value: '2024-10-17', relative: true });
    expect(d.weekday).toMatchObject({ text: 'Friday', day: 5 });
  });

  it('reads the written-out and numeric forms', () => {
    expect(pairs(en('On October 17, 2024, 17 October 2024, 17th October 2024 and 2024-10-17.'))).toEqual([
      ['October 17, 2024', '2024-10-17'],
      ['17 October 2024', '2024-10-17'],
      ['17th October 2024', '2024-10-17'],
      ['2024-10-17', '2024-10-17'],
    ]);
    expect(one(en('The talks began in March 2022.'))).toMatchObject({ text: 'March 2022', value: '2022-03' });
  });

  it('reads slashed dates month first, day first only when the month would be over 12', () => {
    expect(pairs(en('Filed 10/17/2024, amended 17/10/2024, signed 03/04/2024.'))).toEqual([
      ['10/17/2024', '2024-10-17'],
      ['17/10/2024', '2024-10-17'],
      ['03/04/2024', '2024-03-04'],
    ]);
    expect(one(id('Ditandatangani 03/04/2024.'))).toMatchObject({ value: '2024-04-03' });
  });

  it('resolves relative expressions', () => {
    expect(
      pairs(
        en(
          'Yesterday, today, tomorrow, last week, last month, this month, earlier this month, next year, last year, three weeks ago, 3 days ago, the day before yesterday.',
          REF,
        ),
      ),
    ).toEqual([
      ['Yesterday', '2024-10-16'],
      ['today', '2024-10-17'],
      ['tomorrow', '2024-10-18'],
      ['last week', '2024-W41'],
      ['last month', '2024-09'],
      ['this month', '2024-10'],
      ['earlier this month', '2024-10'],
      ['next year', '2025'],
      ['last year', '2023'],
      ['3 days ago', '2024-10-14'],
      ['the day before yesterday', '2024-10-15'],
    ]);
  });

  it('resolves months, years and weekdays', () => {
    expect(pairs(en('In June, in 2022, since 2014, mid-October, late 2023, the end of last year, on Monday, last Monday, next Friday.', REF))).toEqual([
      ['June', '2024-06'],
      ['2022', '2022'],
      ['2014', '2014'],
      ['mid-October', '2024-10'],
      ['late 2023', '2023'],
      ['the end of last year', '2023'],
      ['Monday', '2024-10-14'],
      ['last Monday', '2024-10-14'],
      ['next Friday', '2024-10-18'],
    ]);
  });

  it('does not read "may" or "march" as months', () => {
    expect(en('Officials may march on the capital; they may.', REF).dates).toEqual([]);
    expect(values(en('It happened in May.', REF))).toEqual(['2024-05']);
  });
});

describe('weekdayMismatches', () => {
  it('finds a weekday that does not fit its date', () => {
    const r = id('Kata menteri itu, Jumat (17/10/2024), dan Kamis (17/10/2024).');
    const found = weekdayMismatches(r.dates);
    expect(found).toHaveLength(1);
    expect(found[0]!.expected).toBe(4);
    expect(found[0]!.date.weekday?.text).toBe('Jumat');
  });

  it('checks resolved short dates and ignores dates without a weekday or a day', () => {
    const r = id('Senin (21/10) ia datang pada Oktober 2024 dan 17 Oktober 2024.', REF);
    expect(weekdayMismatches(r.dates).map((m) => m.date.text)).toEqual([]);
    const wrong = id('Selasa (21/10) ia datang.', REF);
    expect(weekdayMismatches(wrong.dates).map((m) => m.expected)).toEqual([1]);
  });
});

describe('extractDates: robustness', () => {
  const packWords = (lex: DateLexicon): string[] => [
    ...lex.months.flat(),
    ...lex.monthAbbreviations.flat(),
    ...Object.keys(lex.weekdays).map((w) => w.charAt(0).toUpperCase() + w.slice(1)),
    ...Object.keys(lex.weekdayAbbreviations),
    ...Object.keys(lex.units),
    ...Object.keys(lex.modifiersBefore),
    ...Object.keys(lex.modifiersAfter),
    ...lex.ago,
    ...Object.keys(lex.relative),
    ...lex.periodParts,
    ...lex.monthWords,
    ...lex.yearWords,
    ...lex.datePrepositions,
    ...lex.ordinalSuffixes,
  ];
  const bits = ['17', '1', '31', '2024', '17/10/2024', '20/10', '2024-10-17', '20-22', '2022-2023', '31/02/2024', '17.10.2024', '(', ')', ',', '.', '-', 'mid-', '😀', '\u0301', '٣'];
  const soup = (lex: DateLexicon) =>
    fc
      .array(fc.tuple(fc.constantFrom(...packWords(lex), ...bits), fc.constantFrom(' ', '', ', ', '\n')), { maxLength: 40 })
      .map((parts) => parts.map(([w, sep]) => w + sep).join(''));
  const ISO = /^\d{4}(-\d{2}(-\d{2})?|-W\d{2})?(\/\d{4}(-\d{2}-\d{2})?)?$/;

  const check = (text: string, regions: Span[], lex: DateLexicon, reference?: string): void => {
    const r = extractDates(text, regions, lex, reference ? { reference } : {});
    for (const d of r.dates) {
      expect(text.slice(d.start, d.end)).toBe(d.text);
      expect(d.start).toBeLessThan(d.end);
      expect(d.value).toMatch(ISO);
      expect(regions.some((g) => g.start <= d.start && d.end <= g.end)).toBe(true);
      if (d.weekday) expect(text.slice(d.weekday.start, d.weekday.end)).toBe(d.weekday.text);
    }
    for (let k = 1; k < r.dates.length; k++) expect(r.dates[k]!.start).toBeGreaterThanOrEqual(r.dates[k - 1]!.end);
    weekdayMismatches(r.dates);
  };

  for (const [name, lex] of [['id', idDates], ['en', enDates]] as const) {
    it(`never throws and keeps every span exact on arbitrary text (${name})`, () => {
      fc.assert(
        fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 80 })), (text) => {
          check(text, whole(text), lex);
          check(text, whole(text), lex, REF);
        }),
        { numRuns: 300 },
      );
    });

    it(`never throws on the pack's own words mixed with digits (${name})`, () => {
      fc.assert(
        fc.property(soup(lex), fc.nat(), fc.nat(), (text, a, b) => {
          const start = Math.min(a, b) % (text.length + 1);
          const end = Math.min(text.length, start + (Math.max(a, b) % (text.length + 1)));
          check(text, whole(text), lex);
          check(text, whole(text), lex, REF);
          check(text, [{ start, end, text: text.slice(start, end) }], lex, '2000-02-29');
        }),
        { numRuns: 400 },
      );
    });
  }
});

describe('extractDates: sentences about the future', () => {
  it('takes a lone month or weekday after "akan" / "will" as the next one', () => {
    expect(values(id('Pertemuan itu akan digelar pada bulan Juni.', REF))).toEqual(['2025-06']);
    expect(values(id('Pertemuan itu digelar pada bulan Juni.', REF))).toEqual(['2024-06']);
    expect(values(en('The missiles will be delivered by March.', REF))).toEqual(['2025-03']);
    expect(values(en('The talks will resume on Monday.', REF))).toEqual(['2024-10-21']);
    expect(values(en('The talks resumed on Monday.', REF))).toEqual(['2024-10-14']);
  });
  it('keeps the current month and day in the future', () => {
    expect(values(en('Results will be announced in October.', REF))).toEqual(['2024-10']);
    expect(values(en('The vote will be held on Thursday.', REF))).toEqual(['2024-10-17']);
  });
});
