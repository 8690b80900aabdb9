import type { ClaimLexicon } from '../types.js';

// Attribution shapes of Indonesian news (see docs/news-language-notes.md).
export const idClaims: ClaimLexicon = {
  quoteCues: [
    // Base forms only: "katanya", "ujarnya" are these with the clitic -nya, whose speaker is resolved like "dia".
    ...['kata', 'ujar', 'ucap', 'tutur', 'jelas', 'sebut', 'tambah', 'imbuh', 'terang', 'ungkap', 'tegas', 'lanjut', 'papar',
      'klaim', 'tulis', 'seru', 'pungkas', 'urai', 'timpal', 'cetus', 'aku', 'tutup', 'sambung', 'tandas', 'beber', 'tukas',
      'sahut', 'jawab', 'kilah', 'singgung', 'akui', 'nilai']
      .map((word) => ({ word, stance: 'assert' as const })),
    // "...," harapnya / pintanya / ajaknya: a wish or a request, an attitude and no claim.
    { word: 'harap', stance: 'assert', act: 'intention' },
    { word: 'pinta', stance: 'assert', act: 'request' },
    { word: 'ajak', stance: 'assert', act: 'request' },
    { word: 'pesan', stance: 'assert', act: 'request' },
    { word: 'yakin', stance: 'assert', act: 'belief' },
    { word: 'bantah', stance: 'deny' },
    { word: 'sangkal', stance: 'deny' },
    { word: 'tepis', stance: 'deny' },
  ],
  reportCues: [
    ...['mengatakan', 'menyatakan', 'menegaskan', 'menuturkan', 'menjelaskan', 'mengungkapkan', 'menambahkan', 'mengklaim',
      'menuduh', 'mengakui', 'menyebut', 'menyebutkan', 'menilai', 'berkata', 'menekankan', 'memperingatkan', 'melaporkan',
      'mengumumkan', 'menyampaikan', 'mengungkap', 'memastikan', 'menerangkan', 'membenarkan', 'mengonfirmasi',
      'bilang', 'berujar', 'menulis', 'mengingatkan', 'memaparkan', 'mengeklaim', 'berpendapat', 'menuding',
      'mengaku', 'membeberkan', 'mencontohkan', 'menyoroti', 'menunjukkan', 'menandaskan', 'mengemukakan', 'menyimpulkan']
      .map((word) => ({ word, stance: 'assert' as const })),
    ...['membantah', 'menyangkal', 'menepis', 'menampik'].map((word) => ({ word, stance: 'deny' as const })),
    ...['meragukan', 'mempertanyakan'].map((word) => ({ word, stance: 'doubt' as const })),
  ],
  sourcePrefixes: [
    { word: 'menurut', stance: 'assert' },
    { word: 'seperti dikatakan', stance: 'assert' },
    { word: 'sebagaimana dikatakan', stance: 'assert' },
    { word: 'seperti disampaikan', stance: 'assert' },
    { word: 'seperti dikutip dari', stance: 'assert' },
    { word: 'dikutip dari', stance: 'assert' },
    { word: 'seperti dilansir', stance: 'assert' },
  ],
  participleCues: [
    ...['sambil mengatakan', 'seraya mengatakan', 'sembari mengatakan', 'seraya menambahkan', 'sambil menambahkan', 'seraya menegaskan', 'sambil menegaskan']
      .map((word) => ({ word, stance: 'assert' as const })),
    { word: 'sambil membantah', stance: 'deny' },
    { word: 'seraya membantah', stance: 'deny' },
  ],
  passiveCues: [
    { word: 'dibantah oleh', stance: 'deny' },
    { word: 'dibantah', stance: 'deny' },
    { word: 'disangkal oleh', stance: 'deny' },
    { word: 'disangkal', stance: 'deny' },
    { word: 'ditepis oleh', stance: 'deny' },
    { word: 'diragukan oleh', stance: 'doubt' },
    { word: 'dikatakan oleh', stance: 'assert' },
    { word: 'diungkapkan oleh', stance: 'assert' },
  ],
  auxiliaries: [
    'juga', 'telah', 'sudah', 'sedang', 'lama', 'pun', 'kembali', 'lagi', 'sebelumnya', 'pernah', 'akan', 'masih', 'secara',
    'terbuka', 'berulang', 'kali', 'bahkan', 'hanya', 'justru', 'lalu', 'kemudian', 'sempat', 'tegas', 'langsung', 'pula', 'turut',
  ],
  gapOpeners: [
    'dalam', 'di', 'kepada', 'pada', 'saat', 'ketika', 'usai', 'seusai', 'setelah', 'sebelum', 'kemarin', 'hari', 'secara',
    'melalui', 'lewat', 'dengan', 'dari', 'sambil', 'seraya', 'juga', 'pula', 'lagi', 'sekali', 'wartawan', 'media',
  ],
  complementizers: ['bahwa'],
  negators: ['tidak', 'tak', 'belum', 'enggan', 'bukan', 'menolak', 'urung'],
  doubtPhrases: [
    'tidak memiliki bukti', 'tidak punya bukti', 'belum memiliki bukti', 'belum ada bukti', 'tidak ada bukti', 'tanpa bukti',
    'belum dapat memastikan', 'tidak dapat memastikan', 'belum bisa memastikan', 'tidak bisa memastikan',
    'belum terverifikasi', 'tidak dapat diverifikasi', 'belum dapat diverifikasi', 'terlalu dini', 'belum jelas',
    'belum dapat dikonfirmasi', 'tidak dapat dikonfirmasi', 'belum bisa dipastikan', 'belum dapat dipastikan',
    'belum bisa disimpulkan', 'belum dapat disimpulkan', 'terburu-buru', 'apakah betul', 'apakah benar', 'masih menunggu',
    'harus menunggu', 'masih memverifikasi', 'masih mendalami kebenaran', 'belum pasti', 'tidak pasti',
  ],
  denyPhrases: ['tidak benar', 'tak benar', 'hoaks', 'hoax', 'tidak berdasar', 'tak berdasar', 'mengada-ada', 'fitnah', 'menyesatkan'],
  // "mengingatkan agar ...", "menyampaikan apresiasi ...", "mencontohkan mengapa ...": nothing in a
  // request, a thank-you or an indirect question can be true or false.
  nonClaimOpeners: ['agar', 'supaya', 'untuk', 'apresiasi', 'terima kasih', 'ucapan terima kasih', 'selamat', 'belasungkawa', 'mengapa', 'bagaimana', 'kenapa', 'apa', 'siapa', 'kapan'],
  unnamedSources: [
    'pejabat', 'sumber', 'diplomat', 'pengamat', 'ahli', 'analis', 'saksi', 'pihak', 'petugas', 'penyidik', 'peneliti',
    'pakar', 'ekonom', 'warga', 'juru bicara', 'jubir', 'perwakilan', 'otoritas', 'pemerintah', 'militer', 'polisi',
    'mereka', 'jaksa', 'hakim', 'kuasa hukum', 'pengacara', 'dokter', 'korban', 'pelapor', 'orator', 'kesaksian',
  ],
  unnamedDeterminers: ['seorang', 'para', 'sejumlah', 'beberapa', 'salah satu', 'banyak', 'sebagian', 'dua', 'tiga'],
  relativePronouns: ['yang'],
  speakerConjunctions: ['dan', 'serta'],
  anaphoricObjects: ['pengumuman itu', 'pengumuman tersebut', 'hal itu', 'hal tersebut', 'tuduhan itu', 'tuduhan tersebut', 'klaim itu', 'klaim tersebut', 'laporan itu', 'laporan tersebut', 'kabar itu', 'kabar tersebut', 'informasi itu', 'informasi tersebut'],
  // Beliefs, feelings, intentions and requests: attitudes, not claims (docs/claims-annotation.md).
  attitudeCues: [
    ...['yakin', 'meyakini', 'percaya', 'mempercayai', 'menduga', 'mengira', 'menyangka', 'berpikir', 'menganggap', 'beranggapan', 'berkeyakinan']
      .map((word) => ({ word, act: 'belief' as const })),
    ...['khawatir', 'mengkhawatirkan', 'cemas', 'takut', 'merasa', 'prihatin', 'menyesalkan', 'kecewa']
      .map((word) => ({ word, act: 'feeling' as const })),
    ...['berharap', 'mengharapkan', 'ingin', 'menginginkan', 'berkeinginan', 'berencana', 'merencanakan', 'berniat', 'bertekad',
      'berjanji', 'berkomitmen', 'bercita-cita']
      .map((word) => ({ word, act: 'intention' as const })),
    ...['meminta', 'mengimbau', 'mendesak', 'menuntut', 'mengusulkan', 'menyerukan', 'mengajak', 'memohon', 'menginstruksikan',
      'memerintahkan', 'menyarankan', 'mendorong agar', 'mendorong supaya']
      .map((word) => ({ word, act: 'request' as const })),
  ],
  // "mengingatkan agar ...", "menegaskan supaya ...": a statement cue that asks for something.
  requestOpeners: ['agar', 'supaya'],
  attitudeOpeners: ['untuk', 'agar', 'supaya'],
  reportedBy: ['dilaporkan oleh', 'seperti dilaporkan', 'seperti dilansir', 'dilansir dari', 'dikutip dari'],
};
