/**
 * Detection profiles: function words that tell languages apart. A pack owns its own profile
 * (`LanguagePack.detection`); this file holds the profiles of languages saksi detects without a pack
 * of their own (read with the nearest pack, which says so in `LanguagePack.reads`).
 */
import { MALAY_INDONESIAN_SHARED } from './id/profile.js';

export interface LanguageProfile {
  readonly code: string;
  /**
   * Close languages share a family (Indonesian and Malay): the family with the most profile words
   * wins, then its distinctive words decide among its languages, the first listed on a tie.
   * Default: the code itself.
   */
  readonly family?: string;
  readonly common: readonly string[];
  /** Words that point to this language rather than its close neighbour. */
  readonly distinctive: readonly string[];
}

/** Languages detected without a pack of their own. */
export const PROFILES_WITHOUT_PACK: readonly LanguageProfile[] = [
  {
    code: 'ms',
    family: 'malay',
    common: MALAY_INDONESIAN_SHARED,
    distinctive: ['kerana', 'bahawa', 'iaitu', 'ialah', 'sahaja', 'boleh', 'kerajaan', 'manakala', 'selepas', 'semasa', 'wang', 'beliau', 'sebarang', 'pihak', 'negeri', 'ringgit', 'mahupun', 'bagaimanapun', 'kenyataan', 'jabatan'],
  },
];
