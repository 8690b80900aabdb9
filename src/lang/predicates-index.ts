import { compilePredicates, type PredicateMatcher } from './predicates.js';
import { enNegations, enPredicates } from './en/predicates.js';
import { idNegations, idPredicates } from './id/predicates.js';

const LEXICONS = { en: enPredicates, id: idPredicates } as const;
const NEGATIONS = { en: enNegations, id: idNegations } as const;
/** Languages read with a close neighbour's lexicon: Malay (as language detection may call short Indonesian texts) with Indonesian's. */
const NEIGHBOURS: Readonly<Record<string, keyof typeof LEXICONS>> = { ms: 'id' };
const compiled = new Map<string, PredicateMatcher>();

/** The language whose word lists read `code` (itself, or its neighbour). */
export function readingLanguage(code: string): string {
  return NEIGHBOURS[code] ?? code;
}

/** The predicate matcher for a language code, or undefined when saksi has no predicate lexicon for it. */
export function predicateMatcher(code: string): PredicateMatcher | undefined {
  code = NEIGHBOURS[code] ?? code;
  const lexicon = (LEXICONS as Record<string, (typeof LEXICONS)['en'] | undefined>)[code];
  if (!lexicon) return undefined;
  let m = compiled.get(code);
  if (!m) compiled.set(code, (m = compilePredicates(lexicon, NEGATIONS[code as keyof typeof NEGATIONS])));
  return m;
}
