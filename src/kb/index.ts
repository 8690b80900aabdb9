/**
 * The knowledge base: gazetteers (countries, cities, regions, organisations, outlets) and known
 * people, with exact, fuzzy and role lookup. Data lives in `data/kb/` (see its README).
 */
export type { KbEntry, KbRole, KbMatch, KbMatchHow, KbForm, FuzzyOptions, KnowledgeBase } from './types.js';
export { FUZZY_THRESHOLD, COMMON_NAME } from './kb.js';
export { ROLE_MATCH_THRESHOLD, roleActiveOn } from './roles.js';
export { loadKnowledgeBase, KbLoadError, mergeEntries, STARTER_FILES, type LoadOptions } from './starter.js';
export { parseKbFile, parseKbText, type KbFileError } from './parse.js';
export { foldName, foldKey, foldWords, nameTokens, nameEditSimilarity, stringSimilarity, levenshtein, phoneticKey, MAX_COMPARE_LENGTH } from './normalize.js';
export { kbDataDir, packageRoot } from './paths.js';
