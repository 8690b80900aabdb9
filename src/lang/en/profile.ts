import type { LanguageProfile } from '../profiles.js';

/** English's detection profile: its function words (no close language to tell it from). */
export const enProfile: LanguageProfile = {
  code: 'en',
  common: [
    'the', 'of', 'and', 'to', 'in', 'a', 'is', 'that', 'for', 'it', 'on', 'was', 'with', 'he', 'she', 'as', 'by', 'at',
    'his', 'her', 'from', 'they', 'but', 'have', 'has', 'had', 'are', 'were', 'be', 'been', 'this', 'which', 'not', 'said',
  ],
  distinctive: [],
};
