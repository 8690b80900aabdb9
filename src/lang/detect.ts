import { francAll } from 'franc';
import { PROFILES } from './profiles.js';

/** Below this many words a text is too short to say: 'und' rather than a guess. */
export const MIN_WORDS_FOR_DETECTION = 8;
/** Share of words that must be a profile's function words before we trust the profile. */
const MIN_PROFILE_SHARE = 0.12;
/** Detection reads at most this much of a text: enough for any article, bounded for huge inputs. */
const SAMPLE_CHARS = 20_000;

export interface LanguageGuess {
  /** ISO 639-1 code, or 'und'. */
  readonly language: string;
  readonly confidence: number;
  /** How the decision was made, for explanations. */
  readonly method: 'profile' | 'franc' | 'too-short';
}

const WORD = /\p{L}+/gu;
/** Each profile word → the profiles it counts for: bit 2p for common, 2p + 1 for distinctive (one lookup per word). */
const PROFILE_WORDS = new Map<string, number>();
PROFILES.forEach((p, i) => {
  for (const w of p.common) PROFILE_WORDS.set(w, (PROFILE_WORDS.get(w) ?? 0) | (1 << (2 * i)));
  for (const w of p.distinctive) PROFILE_WORDS.set(w, (PROFILE_WORDS.get(w) ?? 0) | (1 << (2 * i + 1)));
});

// franc speaks ISO 639-3; the analysis contract speaks 639-1.
const ISO3_TO_1: Readonly<Record<string, string>> = {
  ind: 'id', zlm: 'ms', msa: 'ms', eng: 'en', fra: 'fr', deu: 'de', spa: 'es', por: 'pt', ita: 'it', nld: 'nl', rus: 'ru',
  ukr: 'uk', pol: 'pl', tur: 'tr', arb: 'ar', ara: 'ar', pes: 'fa', fas: 'fa', hin: 'hi', ben: 'bn', urd: 'ur', cmn: 'zh',
  zho: 'zh', jpn: 'ja', kor: 'ko', vie: 'vi', tha: 'th', tgl: 'tl', swe: 'sv', dan: 'da', nob: 'nb', fin: 'fi', ces: 'cs',
  ron: 'ro', hun: 'hu', ell: 'el', heb: 'he', swh: 'sw', jav: 'jv', sun: 'su', cat: 'ca', hrv: 'hr', srp: 'sr', bul: 'bg',
  slk: 'sk', slv: 'sl', lit: 'lt', lav: 'lv', est: 'et', tam: 'ta', tel: 'te', mar: 'mr', guj: 'gu', pan: 'pa', mal: 'ml',
  kan: 'kn', mya: 'my', khm: 'km', amh: 'am', hau: 'ha', yor: 'yo', ibo: 'ig', som: 'so', uzb: 'uz', kaz: 'kk', aze: 'az',
};

/**
 * Detects the language of a text: Indonesian, Malay and English by function-word profiles
 * (reliable on news even when short), anything else through franc.
 * @example detectLanguage('Presiden mengatakan bahwa ekonomi tumbuh lima persen tahun ini.').language // 'id'
 */
export function detectLanguage(text: string): LanguageGuess {
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  const words = sample.toLowerCase().match(WORD) ?? [];
  if (words.length < MIN_WORDS_FOR_DETECTION) return { language: 'und', confidence: 0, method: 'too-short' };

  const common = new Array<number>(PROFILES.length).fill(0);
  const distinctive = new Array<number>(PROFILES.length).fill(0);
  for (const w of words) {
    const bits = PROFILE_WORDS.get(w);
    if (bits === undefined) continue;
    for (let i = 0; i < PROFILES.length; i++) {
      if (bits & (1 << (2 * i))) common[i]!++;
      if (bits & (1 << (2 * i + 1))) distinctive[i]!++;
    }
  }
  const scores = PROFILES.map((p, i) => ({ code: p.code, share: (common[i]! + distinctive[i]!) / words.length, distinctive: distinctive[i]! }));
  const malayish = scores.filter((s) => s.code === 'id' || s.code === 'ms');
  const english = scores.find((s) => s.code === 'en')!;
  const bestMalayish = malayish.reduce((a, b) => (b.share > a.share ? b : a));
  if (Math.max(bestMalayish.share, english.share) >= MIN_PROFILE_SHARE) {
    if (english.share > bestMalayish.share) return { language: 'en', confidence: Math.min(1, english.share * 3), method: 'profile' };
    const id = malayish.find((s) => s.code === 'id')!;
    const ms = malayish.find((s) => s.code === 'ms')!;
    // Shared words say "Malay or Indonesian"; the distinctive ones decide which, Indonesian on a tie (our first-class language).
    const language = ms.distinctive > id.distinctive ? 'ms' : 'id';
    const margin = Math.abs(ms.distinctive - id.distinctive) / Math.max(1, ms.distinctive + id.distinctive);
    return { language, confidence: Math.min(1, bestMalayish.share * 2) * (0.5 + margin / 2), method: 'profile' };
  }
  const [top] = francAll(sample, { minLength: 10 });
  if (!top || top[0] === 'und') return { language: 'und', confidence: 0, method: 'franc' };
  return { language: ISO3_TO_1[top[0]] ?? top[0], confidence: top[1], method: 'franc' };
}
