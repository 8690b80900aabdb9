/**
 * Marker words for telling close languages apart: Indonesian and Malay share most function words,
 * so each profile lists words frequent in one and rare in the other (Malay spelling reforms
 * differ: kerana/karena, bahawa/bahwa, sahaja/saja). English is told apart by its function words.
 */
export interface LanguageProfile {
  readonly code: string;
  readonly common: readonly string[];
  /** Words that point to this language rather than its close neighbour. */
  readonly distinctive: readonly string[];
}

const MALAY_INDONESIAN_SHARED = [
  'yang', 'dan', 'di', 'ke', 'dari', 'ini', 'itu', 'dengan', 'untuk', 'tidak', 'akan', 'pada', 'juga', 'dalam', 'adalah',
  'sudah', 'telah', 'mereka', 'kami', 'kita', 'saya', 'atau', 'oleh', 'para', 'namun', 'seperti', 'lebih', 'masih', 'harus',
  'ada', 'dia', 'ia', 'sebagai', 'setelah', 'sejak', 'hingga', 'kata', 'menjadi', 'belum', 'tetapi', 'bagi', 'kepada', 'secara',
];

export const PROFILES: readonly LanguageProfile[] = [
  {
    code: 'id',
    common: MALAY_INDONESIAN_SHARED,
    distinctive: ['karena', 'bahwa', 'tersebut', 'bisa', 'usai', 'saat', 'tapi', 'saja', 'sangat', 'uang', 'pemerintah', 'dilansir', 'ujarnya', 'katanya', 'kemarin', 'nanti', 'banget', 'agar', 'rumah', 'tahun'],
  },
  {
    code: 'ms',
    common: MALAY_INDONESIAN_SHARED,
    distinctive: ['kerana', 'bahawa', 'iaitu', 'ialah', 'sahaja', 'boleh', 'kerajaan', 'manakala', 'selepas', 'semasa', 'wang', 'beliau', 'sebarang', 'pihak', 'negeri', 'ringgit', 'mahupun', 'bagaimanapun', 'kenyataan', 'jabatan'],
  },
  {
    code: 'en',
    common: [
      'the', 'of', 'and', 'to', 'in', 'a', 'is', 'that', 'for', 'it', 'on', 'was', 'with', 'he', 'she', 'as', 'by', 'at',
      'his', 'her', 'from', 'they', 'but', 'have', 'has', 'had', 'are', 'were', 'be', 'been', 'this', 'which', 'not', 'said',
    ],
    distinctive: [],
  },
];
