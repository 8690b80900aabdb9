import type { NegationLexicon, PredicateLexicon } from '../predicates.js';

/**
 * Indonesian word forms of the predicate concepts (src/lang/predicates.ts), with the common
 * affixed forms spelled out (meN-, di-, peN-...-an, ter-); `*` matches any ending (-kan, -nya).
 */
// Nouns and verbs of every other article ("anggaran", "pembangunan", "meningkat", "menarik") are
// left out on purpose: they made unrelated articles share a concept.
export const idPredicates: PredicateLexicon = {
  send: ['kirim', 'mengirim*', 'dikirim*', 'pengiriman*', 'terkirim'],
  deploy: ['tempatkan', 'menempatkan', 'ditempatkan', 'penempatan*', 'mengerahkan', 'dikerahkan', 'pengerahan*'],
  train: ['latih', 'melatih', 'dilatih', 'pelatihan', 'berlatih', 'latihan'],
  attack: ['serang', 'menyerang', 'diserang', 'serangan*', 'penyerangan', 'membom*', 'dibom*', 'pengeboman', 'menggempur', 'digempur'],
  arrest: ['tangkap', 'menangkap', 'ditangkap', 'penangkapan', 'menahan', 'ditahan', 'penahanan', 'meringkus', 'diringkus'],
  charge: ['tersangka', 'didakwa', 'dakwaan', 'mendakwa'],
  kill: ['tewas', 'meninggal', 'membunuh', 'dibunuh', 'pembunuhan', 'korban jiwa', 'menewaskan'],
  injure: ['luka', 'terluka', 'melukai', 'cedera'],
  raise: ['naik', 'menaikkan', 'dinaikkan', 'kenaikan'],
  cut: ['menurunkan', 'diturunkan', 'penurunan', 'memangkas', 'dipangkas', 'pemangkasan'],
  ban: ['larang', 'melarang', 'dilarang', 'larangan', 'pelarangan'],
  sign: ['teken', 'meneken', 'diteken', 'menandatangani', 'ditandatangani', 'penandatanganan'],
  resign: ['mundur', 'mengundurkan', 'pengunduran'],
  appoint: ['melantik', 'dilantik', 'pelantikan', 'menunjuk', 'ditunjuk', 'mengangkat', 'diangkat'],
  build: ['membangun', 'dibangun'],
  close: ['tutup', 'menutup', 'ditutup', 'penutupan'],
  collapse: ['ambruk*', 'runtuh*', 'roboh*', 'jebol*'],
  flood: ['banjir', 'kebanjiran', 'terendam', 'merendam'],
  burn: ['kebakaran', 'terbakar', 'membakar', 'dibakar', 'pembakaran'],
  erupt: ['erupsi', 'meletus', 'letusan'],
  evacuate: ['evakuasi', 'mengevakuasi', 'dievakuasi', 'mengungsi', 'pengungsi'],
  sanction: ['sanksi'],
  import: ['impor', 'mengimpor', 'diimpor'],
  export: ['ekspor', 'mengekspor', 'diekspor'],
  fund: ['mengalokasikan', 'dialokasikan', 'mendanai', 'didanai', 'menggelontorkan', 'digelontorkan'],
  investigate: ['selidiki', 'menyelidiki', 'diselidiki', 'penyelidikan', 'menyidik', 'penyidikan', 'investigasi', 'mengusut', 'diusut'],
  launch: ['meluncurkan', 'diluncurkan', 'peluncuran'],
  recall: ['ditarik', 'penarikan'],
  contaminate: ['tercemar', 'mencemari', 'pencemaran', 'terkontaminasi', 'kontaminasi', 'keracunan', 'racun', 'beracun'],
  strike: ['mogok'],
  protest: ['demo', 'demonstrasi', 'unjuk rasa', 'berunjuk', 'memprotes', 'protes'],
  sue: ['gugat', 'menggugat', 'digugat', 'gugatan'],
  release: ['bebas', 'membebaskan', 'dibebaskan', 'pembebasan', 'melepaskan', 'dilepaskan'],
  acquire: ['akuisisi', 'mengakuisisi', 'diakuisisi', 'mengambil alih'],
  dismiss: ['phk', 'memecat', 'dipecat', 'pemecatan'],
  delay: ['tunda', 'menunda', 'ditunda', 'penundaan'],
  approve: ['setujui', 'menyetujui', 'disetujui', 'persetujuan', 'mengesahkan', 'disahkan', 'pengesahan'],
  revoke: ['cabut', 'mencabut', 'dicabut', 'pencabutan', 'membatalkan', 'dibatalkan', 'pembatalan', 'batalkan'],
  deny: ['bantah', 'membantah', 'dibantah', 'bantahan', 'menyangkal', 'disangkal', 'menampik', 'ditampik', 'menepis', 'ditepis'],
  confirm: ['konfirmasi', 'mengonfirmasi', 'dikonfirmasi', 'membenarkan', 'dibenarkan'],
  doubt: ['ragu', 'meragukan', 'diragukan', 'mempertanyakan', 'dipertanyakan'],
};

/** Negations inside a claim's content. */
export const idNegations: NegationLexicon = ['tidak', 'tak', 'bukan', 'belum pernah', 'tidak pernah', 'tidak ada', 'hoaks', 'bohong', 'karangan', 'fitnah', 'keliru'];
