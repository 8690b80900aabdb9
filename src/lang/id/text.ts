import type { BoilerplateRule, TextLexicon } from '../types.js';

// Abbreviations from Indonesian news style (KBBI and common press usage).
export const idText: TextLexicon = {
  abbreviations: [
    'dr', 'drs', 'dra', 'prof', 'ir', 'h', 'hj', 'k.h', 'kh', 'jl', 'jln', 'no', 'dll', 'dsb', 'dst', 'tbk', 'sdr', 'sdri',
    'st', 'kec', 'kab', 'kel', 'ds', 'rp', 'tsb', 'yth', 'bpk', 'ybs', 'a.n', 'u.p', 's.h', 'm.si', 'm.m', 's.e', 's.t',
    'ph.d', 'm.a', 'm.sc', 'b.sc', 'mr', 'mrs', 'ms', 'u.s', 'vs', 'hlm', 'tel', 'telp', 'ket', 'gg', 'rt', 'rw', 'no',
  ],
  stopwords: [
    'yang', 'dan', 'di', 'ke', 'dari', 'ini', 'itu', 'dengan', 'untuk', 'tidak', 'akan', 'pada', 'juga', 'dalam', 'adalah',
    'karena', 'bisa', 'sudah', 'telah', 'mereka', 'kami', 'kita', 'saya', 'atau', 'oleh', 'bahwa', 'tersebut', 'para',
    'namun', 'seperti', 'lebih', 'masih', 'harus', 'ada', 'dia', 'ia', 'sebagai', 'saat', 'setelah', 'sejak', 'hingga',
    'kata', 'menjadi', 'belum', 'tetapi', 'tapi', 'bagi', 'kepada', 'secara', 'agar', 'sangat', 'hanya', 'lalu',
  ],
};

export const idBoilerplate: readonly BoilerplateRule[] = [
  { pattern: /^(baca|simak|lihat|tonton|saksikan)\s+(juga|pula)\b/i, reason: 'related-link', extent: 'line' },
  { pattern: /^(artikel|berita)\s+terkait\s*:/i, reason: 'related-link', extent: 'line' },
  { pattern: /^simak\s+video\b/i, reason: 'video-promo', extent: 'line' },
  { pattern: /^\[?gambas\s*:/i, reason: 'video-promo', extent: 'line' },
  { pattern: /^\(?advertorial\)?$/i, reason: 'advertisement', extent: 'line' },
  { pattern: /^dengarkan\s+berita\b.*\bwhatsapp\b/i, reason: 'promo-footer', extent: 'rest' },
  { pattern: /^(ikuti|follow)\s+(kami|berita|juga|saluran|akun)\b/i, reason: 'social-promo', extent: 'line' },
  { pattern: /^(ikuti|dapatkan)\b.*\b(google news|whatsapp|telegram|instagram)\b/i, reason: 'social-promo', extent: 'line' },
  { pattern: /^(editor|penulis|reporter|pewarta|penyunting|redaktur|fotografer)\s*:/i, reason: 'credit', extent: 'line' },
  { pattern: /^\(\s*[a-z]{2,5}(\s*\/\s*[a-z]{2,5})+\s*\)$/i, reason: 'credit', extent: 'line' },
  { pattern: /^(halaman|hal\.)\s+selanjutnya\b/i, reason: 'page-chrome', extent: 'line' },
  // "Hak Cipta © 2024 ... Dilindungi Undang-Undang."
  { pattern: /^(©|hak\s+cipta\b|copyright\b).*\bdilindungi\b/i, reason: 'copyright-footer', extent: 'rest' },
  { pattern: /^saksikan\b/i, reason: 'video-promo', extent: 'line' },
  { pattern: /^yuk,?\s+(simak|baca|tonton|saksikan|cek|klik)\b/i, reason: 'promo', extent: 'line' },
  { pattern: /^(simak|baca)\s+(selengkapnya|berita lengkapnya|artikel lengkapnya)\b/i, reason: 'related-link', extent: 'line' },
  { pattern: /^scroll to continue with content$/i, reason: 'page-chrome', extent: 'line' },
];
