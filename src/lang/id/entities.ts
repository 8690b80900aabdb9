import type { EntityLexicon } from '../types.js';

// Titles and roles from Indonesian press usage (see ../../../docs/news-language-notes.md).
export const idEntities: EntityLexicon = {
  titles: [
    'Presiden', 'Wakil Presiden', 'Wapres', 'Perdana Menteri', 'PM', 'Menteri', 'Wakil Menteri', 'Wamen', 'Menko',
    'Menteri Luar Negeri', 'Menlu', 'Menteri Keuangan', 'Menkeu', 'Menteri Pertahanan', 'Menhan', 'Menteri Dalam Negeri',
    'Mendagri', 'Gubernur', 'Wakil Gubernur', 'Wagub', 'Bupati', 'Wakil Bupati', 'Wali Kota', 'Walikota', 'Wakil Wali Kota',
    'Ketua', 'Wakil Ketua', 'Ketua Umum', 'Ketum', 'Kepala', 'Direktur', 'Direktur Utama', 'Dirut', 'Juru Bicara', 'Jubir',
    'Sekretaris Jenderal', 'Sekjen', 'Sekretaris', 'Kapolri', 'Wakapolri', 'Kapolda', 'Kapolres', 'Kapolsek', 'Panglima',
    'Panglima TNI', 'Jenderal', 'Letnan Jenderal', 'Mayor Jenderal', 'Brigadir Jenderal', 'Kolonel', 'Laksamana', 'Marsekal',
    'Raja', 'Ratu', 'Pangeran', 'Putra Mahkota', 'Paus', 'Kanselir', 'Senator', 'Duta Besar', 'Dubes', 'Komisaris',
    'Hakim', 'Jaksa', 'Jaksa Agung', 'Pemimpin', 'Kaisar', 'Sultan', 'Imam', 'Syekh', 'Pendeta', 'Uskup', 'Profesor',
    'Dokter', 'Pelatih', 'Kapten', 'Anggota', 'Pengamat', 'Analis', 'Ekonom', 'Peneliti', 'Kuasa Hukum', 'Pengacara',
    'Koordinator', 'Komandan', 'Kabid Humas', 'Kasubdit', 'Kadis', 'Camat', 'Lurah', 'Kades', 'Kepala Desa', 'Rektor',
    // Police and military ranks, written between a unit and a name: "Kanit Reskrim Polsek X Iptu Budi".
    'Kombes', 'Kombes Pol', 'AKBP', 'AKP', 'Kompol', 'Iptu', 'Ipda', 'Aiptu', 'Aipda', 'Bripka', 'Brigadir', 'Briptu',
    'Bripda', 'Brigjen', 'Brigjen Pol', 'Irjen', 'Irjen Pol', 'Komjen', 'Letkol', 'Mayjen', 'Letjen', 'Kolonel', 'Mayor',
    'Serka', 'Serma', 'Pelda', 'Praka', 'Laksma', 'Laksda', 'Marsma',
    // Offices shortened as the press writes them.
    'Deputi', 'Dirjen', 'Direktur Jenderal', 'Kapuspenkum', 'Kasat', 'Kasat Reskrim', 'Kanit', 'Kanit Reskrim', 'Kasi',
    'Kasi Intel', 'Kasi Pidum', 'Kasi Pidsus', 'Kabag', 'Kasubag', 'Kabid', 'Kadiv', 'Kadiv Humas', 'Kapolrestabes',
    'Wakapolda', 'Wakapolres', 'Kajari', 'Kajati', 'Kabareskrim', 'Menag', 'Menkes', 'Mensos', 'Menpora', 'Mentan',
    'Menaker', 'Mendikdasmen', 'Mendikbud', 'Menkum', 'Menkumham', 'Menparekraf', 'Menpar', 'Menhub', 'Menperin',
    'Mendag', 'Menteri Agama', 'Plt', 'Pj', 'Penjabat', 'Plh', 'Asisten', 'Staf Khusus', 'Stafsus', 'Wakil Ketua MPR',
    'Psikolog', 'Psikiater', 'Dosen', 'Guru Besar', 'Sosiolog', 'Sejarawan', 'Aktris', 'Aktor', 'Penyanyi', 'Artis',
    'Komedian', 'Sutradara', 'Direktur Eksekutif', 'Manajer', 'General Manager', 'Kepala Bidang', 'Kepala Seksi', 'Kepala Dinas', 'Kepala Badan',
  ],
  honorifics: ['Pak', 'Bu', 'Bapak', 'Ibu', 'Sdr.', 'Sdri.', 'Dr.', 'Prof.', 'Ir.', 'H.', 'Hj.', 'K.H.', 'KH', 'Drs.', 'Tuan', 'Nyonya', 'Mbak', 'Mas', 'Bung'],
  orgHeads: [
    'Kementerian', 'Badan', 'Komisi', 'Dinas', 'Kantor', 'Dewan', 'Majelis', 'Mahkamah', 'Pengadilan', 'Universitas',
    'Institut', 'Partai', 'Bank', 'PT', 'CV', 'Yayasan', 'Lembaga', 'Kepolisian', 'Polda', 'Polres', 'Polsek', 'Kejaksaan',
    'Kejati', 'Kejari', 'Pemkot', 'Pemkab', 'Pemprov', 'Pemerintah', 'DPRD', 'Angkatan', 'Komando', 'Kodam', 'Korem',
    'Persatuan', 'Perhimpunan', 'Asosiasi', 'Ikatan', 'Federasi', 'Gerakan', 'Front', 'Koalisi', 'Rumah Sakit', 'RSUD',
    'Sekolah', 'SMA', 'SMP', 'SD', 'Klub', 'Tim', 'Direktorat', 'Biro', 'Inspektorat', 'Otoritas', 'Perusahaan',
    'Kejagung', 'Kemenag', 'Kemenkeu', 'Kemendagri', 'Kemenkes', 'Kemensos', 'Kemenhan', 'Kemlu', 'Kemenkum', 'Bareskrim',
    'Polrestabes', 'Polresta', 'Satreskrim', 'Kemenko',
  ],
  orgTails: ['Tbk', 'Tbk.', 'Group', 'Grup', 'Corporation', 'Corp', 'Inc', 'Ltd', 'FC'],
  placeHeads: [
    'Kabupaten', 'Kab.', 'Kota', 'Kecamatan', 'Kelurahan', 'Desa', 'Dusun', 'Kampung', 'Provinsi', 'Pulau', 'Kepulauan',
    'Gunung', 'Sungai', 'Danau', 'Selat', 'Teluk', 'Tanjung', 'Pantai', 'Jalan', 'Jl.', 'Jln.', 'Bandara', 'Pelabuhan',
    'Stasiun', 'Terminal', 'Taman', 'Hutan', 'Lembah', 'Laut', 'Samudra', 'Semenanjung',
  ],
  placeTails: ['Raya', 'Utara', 'Selatan', 'Barat', 'Timur', 'Tengah'],
  notNames: [
    'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', "Jum'at", 'Sabtu', 'Minggu', 'Ahad', 'Januari', 'Februari', 'Maret', 'April',
    'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember', 'Tuhan', 'WIB', 'WITA', 'WIT',
    'Namun', 'Sementara', 'Sebelumnya', 'Selain', 'Menurut', 'Dalam', 'Pada', 'Para', 'Saat', 'Setelah', 'Sejak', 'Kini',
    'Awal', 'Akhir', 'Sebenarnya', 'Pernyataan', 'Dilaporkan', 'Adapun', 'Terkait', 'Meski', 'Meskipun', 'Jika', 'Bahkan',
    'Berikut', 'Hal', 'Ini', 'Itu', 'Kami', 'Kita', 'Mereka', 'Saya', 'Dia', 'Ia', 'Beliau', 'Anda', 'Tapi', 'Tetapi',
  ],
  nameParticles: ['bin', 'binti', 'van', 'von', 'de', 'al'],
  personPronouns: ['dia', 'ia', 'beliau', 'dirinya'],
  pronounSuffixes: ['nya'],
  demonstratives: ['itu', 'tersebut', 'ini'],
  groups: { Barat: 'the West' },
  aliasMarkers: ['alias', 'atau', 'yang akrab disapa', 'akrab disapa', 'atau akrab disapa', 'atau yang akrab disapa'],
  // Spellings of one given name in Indonesian usage (old and new spelling, Arabic transliterations).
  givenNameVariants: [
    ['muhammad', 'muhamad', 'mohammad', 'mohamad', 'mochammad', 'mochamad', 'mohammed', 'muhammed', 'moehammad'],
    ['ahmad', 'achmad', 'akhmad', 'ahmed'], ['abdul', 'abdoel'], ['syaiful', 'saiful', 'syaifful'], ['yusuf', 'yoesoef', 'jusuf'],
    ['sukarno', 'soekarno'], ['suharto', 'soeharto'], ['budi', 'boedi'], ['rahmat', 'rachmat', 'rakhmat'], ['nurul', 'noerul'],
  ],
  // Acronyms of ordinary nouns: draft laws and regulations, budgets, programmes, taxes, documents.
  ordinaryAcronyms: {
    RUU: [], UU: [], RAPBN: [], APBN: [], APBD: [], RAPBD: [], Perppu: [], Perpres: [], Permen: [], Perda: [], Raperda: [],
    UMKM: [], PDB: [], BBM: [], KTP: [], NIK: [], PNS: [], ASN: [], PPN: [], PPh: [], KUR: [], BLT: [], THR: [], UMR: [],
    UMP: [], UMK: [], PHK: [], OTT: [], DPO: [], SPBU: [], LPG: [], PAUD: [], PPKM: [], PSBB: [], SIM: [], STNK: [],
    AI: [], GDP: [], CEO: [],
    // Ambiguous: the ordinary sense only with one of these words in the sentence.
    PPP: ['paritas', 'daya', 'beli', 'pdb', 'gdp', 'ekonomi', 'kerja sama', 'kpbu', 'swasta'],
    DC: ['data', 'pusat', 'listrik', 'arus', 'pengisian'],
  },
};
