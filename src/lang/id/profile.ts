import type { LanguageProfile } from '../profiles.js';

/** Function words Indonesian shares with Malay: they say "Malay or Indonesian", not which. */
export const MALAY_INDONESIAN_SHARED = [
  'yang', 'dan', 'di', 'ke', 'dari', 'ini', 'itu', 'dengan', 'untuk', 'tidak', 'akan', 'pada', 'juga', 'dalam', 'adalah',
  'sudah', 'telah', 'mereka', 'kami', 'kita', 'saya', 'atau', 'oleh', 'para', 'namun', 'seperti', 'lebih', 'masih', 'harus',
  'ada', 'dia', 'ia', 'sebagai', 'setelah', 'sejak', 'hingga', 'kata', 'menjadi', 'belum', 'tetapi', 'bagi', 'kepada', 'secara',
];

/** Indonesian's detection profile: the shared words, and words frequent in Indonesian and rare in Malay (karena/kerana, bahwa/bahawa). */
export const idProfile: LanguageProfile = {
  code: 'id',
  family: 'malay',
  common: MALAY_INDONESIAN_SHARED,
  distinctive: ['karena', 'bahwa', 'tersebut', 'bisa', 'usai', 'saat', 'tapi', 'saja', 'sangat', 'uang', 'pemerintah', 'dilansir', 'ujarnya', 'katanya', 'kemarin', 'nanti', 'banget', 'agar', 'rumah', 'tahun'],
};
