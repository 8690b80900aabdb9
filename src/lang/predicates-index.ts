import { compilePredicates, type PredicateMatcher } from './predicates.js';
import { enNegations, enNonTopical, enPredicates, enRetrospective } from './en/predicates.js';
import { idNegations, idNonTopical, idPredicates, idRetrospective } from './id/predicates.js';

const LEXICONS = { en: enPredicates, id: idPredicates } as const;
const NEGATIONS = { en: enNegations, id: idNegations } as const;
const NON_TOPICAL = { en: enNonTopical, id: idNonTopical } as const;
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

const nonTopical = new Map<string, ReadonlySet<string>>();
/** Lower-case words of a language's titles and leads that say nothing of the event (empty for a language without a list). */
export function nonTopicalWords(code: string): ReadonlySet<string> {
  code = NEIGHBOURS[code] ?? code;
  let s = nonTopical.get(code);
  if (!s) nonTopical.set(code, (s = new Set((NON_TOPICAL as Record<string, readonly string[] | undefined>)[code] ?? [])));
  return s;
}

const RETROSPECTIVE = { en: enRetrospective, id: idRetrospective } as const;
const retroPatterns = new Map<string, RegExp | null>();
/**
 * Whether a claim reports its speaker's earlier position ("he had denied any contamination a week
 * earlier", "sebelumnya ia sempat membantah"): a marker of the language's list in the words just
 * before the claim's cue.
 */
export function retrospective(code: string, beforeCue: string): boolean {
  code = NEIGHBOURS[code] ?? code;
  let re = retroPatterns.get(code);
  if (re === undefined) {
    const list = (RETROSPECTIVE as Record<string, readonly string[] | undefined>)[code];
    re = list && list.length > 0 ? new RegExp(`(^|[^\\p{L}])(${list.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})($|[^\\p{L}])`, 'iu') : null;
    retroPatterns.set(code, re);
  }
  return re !== null && re.test(beforeCue);
}
