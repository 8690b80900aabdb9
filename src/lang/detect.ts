import { francAll } from 'franc';
import { PROFILES_WITHOUT_PACK, type LanguageProfile } from './profiles.js';
import { SHIPPED_PACKS } from './packs.js';

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

const LETTER = /^\p{L}$/u;
/** Whether each BMP character is a letter (\p{L}): 0 no, 1 yes, 2 not yet known. */
const BMP_LETTER = new Uint8Array(0x10000).fill(2);

/** Code units of the letter at i (1, or 2 for a surrogate pair), 0 when no letter starts there. */
function letterLength(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? 1 : 0;
  if (c < 0xd800 || c > 0xdfff) {
    let k = BMP_LETTER[c]!;
    if (k === 2) BMP_LETTER[c] = k = LETTER.test(String.fromCharCode(c)) ? 1 : 0;
    return k;
  }
  const cp = s.codePointAt(i)!;
  return cp > 0xffff && LETTER.test(String.fromCodePoint(cp)) ? 2 : 0;
}
/** The packs' profiles, then those of languages without a pack. */
const PROFILES: readonly LanguageProfile[] = [...SHIPPED_PACKS.map((p) => p.detection), ...PROFILES_WITHOUT_PACK];
if (PROFILES.length > 15) throw new Error(`language detection: ${PROFILES.length} profiles, at most 15`);
/** Each family's profiles (indices into PROFILES), families in order of first appearance. */
const FAMILIES: readonly (readonly number[])[] = (() => {
  const byFamily = new Map<string, number[]>();
  PROFILES.forEach((p, i) => {
    const family = p.family ?? p.code;
    const list = byFamily.get(family);
    if (list) list.push(i);
    else byFamily.set(family, [i]);
  });
  return [...byFamily.values()];
})();

/** Each profile word → the profiles it counts for: bit 2p for common, 2p + 1 for distinctive (one lookup per word). */
const PROFILE_WORDS = new Map<string, number>();
PROFILES.forEach((p, i) => {
  for (const w of p.common) PROFILE_WORDS.set(w, (PROFILE_WORDS.get(w) ?? 0) | (1 << (2 * i)));
  for (const w of p.distinctive) PROFILE_WORDS.set(w, (PROFILE_WORDS.get(w) ?? 0) | (1 << (2 * i + 1)));
});

/** A word's hash from its code units, computed as the scan reads them (no slice per word). */
const mixHash = (h: number, c: number): number => Math.imul(h ^ c, 0x01000193);
const HASH_SEED = 0x811c9dc5 | 0;
/** The profile words by hash: [word, bits] pairs, checked against the text before they count. */
const PROFILE_WORDS_BY_HASH = new Map<number, [string, number][]>();
for (const [w, bits] of PROFILE_WORDS) {
  let h = HASH_SEED;
  for (let i = 0; i < w.length; i++) h = mixHash(h, w.charCodeAt(i));
  const list = PROFILE_WORDS_BY_HASH.get(h);
  if (list) list.push([w, bits]);
  else PROFILE_WORDS_BY_HASH.set(h, [[w, bits]]);
}

/** The bits of the profile word lower[start, end) hashes to `h` as, or undefined when it is none. */
function profileBits(lower: string, start: number, end: number, h: number): number | undefined {
  const list = PROFILE_WORDS_BY_HASH.get(h);
  if (list === undefined) return undefined;
  for (const [w, bits] of list) if (w.length === end - start && lower.startsWith(w, start)) return bits;
  return undefined;
}

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
  const common = new Array<number>(PROFILES.length).fill(0);
  const distinctive = new Array<number>(PROFILES.length).fill(0);
  const wordCount = countProfileWords(sample, common, distinctive);
  if (wordCount < MIN_WORDS_FOR_DETECTION) return { language: 'und', confidence: 0, method: 'too-short' };
  const share = (i: number) => (common[i]! + distinctive[i]!) / wordCount;
  // The family whose best profile has the largest share (the first family on a tie).
  let family: readonly number[] | undefined;
  let familyShare = -1;
  for (const members of FAMILIES) {
    const best = Math.max(...members.map(share));
    if (best > familyShare) [family, familyShare] = [members, best];
  }
  if (family && familyShare >= MIN_PROFILE_SHARE) {
    if (family.length === 1) return { language: PROFILES[family[0]!]!.code, confidence: Math.min(1, familyShare * 3), method: 'profile' };
    // Shared words say "one of the family"; the distinctive ones decide which, the first listed (a pack's language) on a tie.
    let top = family[0]!;
    for (const i of family) if (distinctive[i]! > distinctive[top]!) top = i;
    let second = 0;
    for (const i of family) if (i !== top) second = Math.max(second, distinctive[i]!);
    const total = family.reduce((sum, i) => sum + distinctive[i]!, 0);
    const margin = Math.abs(distinctive[top]! - second) / Math.max(1, total);
    return { language: PROFILES[top]!.code, confidence: Math.min(1, familyShare * 2) * (0.5 + margin / 2), method: 'profile' };
  }
  return francGuess(sample);
}

/**
 * franc's guess, for the few texts no profile claims. (A function of its own: called from
 * detectLanguage's optimised code, franc's call made V8 throw that code away each time, as the
 * call had no type feedback there; three Detik articles in 500 go this way.)
 */
function francGuess(sample: string): LanguageGuess {
  const [top] = francAll(sample, { minLength: 10 });
  if (!top || top[0] === 'und') return { language: 'und', confidence: 0, method: 'franc' };
  return { language: ISO3_TO_1[top[0]] ?? top[0], confidence: top[1], method: 'franc' };
}

/** Counts the words (runs of letters) of the lower-cased sample into `common` and `distinctive` per profile; returns the number of words. */
function countProfileWords(sample: string, common: number[], distinctive: number[]): number {
  // The words (runs of letters, \p{L}+) of the lower-cased sample, counted and looked up as they are read.
  const lower = sample.toLowerCase();
  let wordCount = 0;
  for (let i = 0, n = lower.length; i < n; ) {
    let len = letterLength(lower, i);
    if (len === 0) {
      // A character that is not a letter: a surrogate pair is passed over whole.
      i += lower.codePointAt(i)! > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    let h = HASH_SEED;
    do {
      h = mixHash(h, lower.charCodeAt(i));
      if (len === 2) h = mixHash(h, lower.charCodeAt(i + 1));
      i += len;
    } while (i < n && (len = letterLength(lower, i)) > 0);
    wordCount++;
    const bits = profileBits(lower, start, i, h);
    if (bits === undefined) continue;
    for (let p = 0; p < PROFILES.length; p++) {
      if (bits & (1 << (2 * p))) common[p]!++;
      if (bits & (1 << (2 * p + 1))) distinctive[p]!++;
    }
  }
  return wordCount;
}
