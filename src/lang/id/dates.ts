/**
 * Indonesian dates. Sources: the month and day names of the Indonesian calendar (KBBI), with the
 * older spellings Pebruari/Nopember and the abbreviations used in tables (Agu, Ags, Okt, Des);
 * docs/news-language-notes.md in ../shared; and counts of date shapes in
 * ../shared/corpus/detik-2025-dev.jsonl: datelines "Senin (20/10/2025)" and "Senin (20/10)",
 * "20 Oktober 2025", "tahun 2022", "hari ini", "tahun lalu", "pekan depan", "Senin (20/10) kemarin".
 */
import type { DateLexicon } from '../lexicon-dates.js';

export const idDates: DateLexicon = {
  months: [
    ['Januari'],
    ['Februari', 'Pebruari'],
    ['Maret'],
    ['April'],
    ['Mei'],
    ['Juni'],
    ['Juli'],
    ['Agustus'],
    ['September'],
    ['Oktober'],
    ['November', 'Nopember'],
    ['Desember'],
  ],
  monthAbbreviations: [
    ['Jan'],
    ['Feb', 'Peb'],
    ['Mar'],
    ['Apr'],
    [],
    ['Jun'],
    ['Jul'],
    ['Agu', 'Ags', 'Agt', 'Agust'],
    ['Sep', 'Sept'],
    ['Okt'],
    ['Nov', 'Nop'],
    ['Des'],
  ],
  weekdays: {
    minggu: 0,
    ahad: 0,
    senin: 1,
    selasa: 2,
    rabu: 3,
    kamis: 4,
    jumat: 5,
    "jum'at": 5,
    'jum’at': 5,
    sabtu: 6,
  },
  weekdayAbbreviations: { min: 0, sen: 1, sel: 2, rab: 3, kam: 4, jum: 5, sab: 6 },
  capitalizedNames: true,
  numericOrder: 'DMY',
  units: { hari: 'day', pekan: 'week', minggu: 'week', bulan: 'month', tahun: 'year' },
  modifiersBefore: {},
  modifiersAfter: { lalu: -1, kemarin: -1, silam: -1, ini: 0, depan: 1, mendatang: 1 },
  ago: ['lalu', 'yang lalu', 'silam', 'yang silam'],
  relative: {
    kemarin: { unit: 'day', offset: -1 },
    'kemarin lusa': { unit: 'day', offset: -2 },
    besok: { unit: 'day', offset: 1 },
    esok: { unit: 'day', offset: 1 },
    'esok hari': { unit: 'day', offset: 1 },
    lusa: { unit: 'day', offset: 2 },
    'sepekan lalu': { unit: 'week', offset: -1 },
    'seminggu lalu': { unit: 'week', offset: -1 },
    'sebulan lalu': { unit: 'month', offset: -1 },
    'setahun lalu': { unit: 'year', offset: -1 },
  },
  futureMarkers: ['akan', 'bakal', 'hendak', 'dijadwalkan', 'direncanakan', 'rencananya', 'berencana'],
  periodParts: ['awal', 'pertengahan', 'medio', 'akhir'],
  monthWords: ['bulan'],
  yearWords: ['tahun'],
  datePrepositions: [
    'pada', 'sejak', 'hingga', 'sampai', 'dari', 'mulai', 'jelang', 'menjelang', 'selama',
    'sepanjang', 'per', 'dalam', 'sebelum', 'setelah', 'usai', 'pasca',
  ],
  ordinalSuffixes: [],
};
