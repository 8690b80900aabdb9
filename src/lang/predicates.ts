/**
 * Predicate concepts: a small, language-neutral list of what happens in news events (send troops,
 * deny a report, raise a price). Each language pack maps its own word forms onto these concepts
 * (src/lang/<code>/predicates.ts), so that story grouping can tell that "mengirim" and "sent" say
 * the same thing without translating either text.
 *
 * `topical: false` marks concepts that say how something was said (deny, confirm) rather than
 * what happened: they never make two articles one story on their own.
 */
export interface PredicateConcept {
  readonly id: string;
  readonly gloss: string;
  readonly topical: boolean;
}

/** A language's word forms for each concept; a form ending in `*` matches any word it begins. */
export type PredicateLexicon = Readonly<Record<string, readonly string[]>>;

/**
 * Words (or phrases) that negate what a claim states: "there are *no* soldiers", "*tidak ada*
 * tentara". A claim asserted with one of them denies its proposition.
 */
export type NegationLexicon = readonly string[];

export const PREDICATE_CONCEPTS: readonly PredicateConcept[] = [
  { id: 'send', gloss: 'send, dispatch', topical: true },
  { id: 'deploy', gloss: 'deploy, station (troops, forces)', topical: true },
  { id: 'train', gloss: 'train, drill', topical: true },
  { id: 'attack', gloss: 'attack, strike, shell, bomb', topical: true },
  { id: 'arrest', gloss: 'arrest, detain', topical: true },
  { id: 'charge', gloss: 'charge, name a suspect, indict', topical: true },
  { id: 'kill', gloss: 'kill, die (in an event)', topical: true },
  { id: 'injure', gloss: 'injure, wound', topical: true },
  { id: 'raise', gloss: 'raise, increase (a price, a rate)', topical: true },
  { id: 'cut', gloss: 'cut, lower, reduce', topical: true },
  { id: 'ban', gloss: 'ban, prohibit', topical: true },
  { id: 'sign', gloss: 'sign (an agreement)', topical: true },
  { id: 'resign', gloss: 'resign, step down', topical: true },
  { id: 'appoint', gloss: 'appoint, name to a post', topical: true },
  { id: 'build', gloss: 'build, construct', topical: true },
  { id: 'close', gloss: 'close, shut down', topical: true },
  { id: 'collapse', gloss: 'collapse, give way', topical: true },
  { id: 'flood', gloss: 'flood, inundate', topical: true },
  { id: 'burn', gloss: 'burn, catch fire', topical: true },
  { id: 'erupt', gloss: 'erupt (a volcano)', topical: true },
  { id: 'evacuate', gloss: 'evacuate', topical: true },
  { id: 'sanction', gloss: 'sanction', topical: true },
  { id: 'import', gloss: 'import', topical: true },
  { id: 'export', gloss: 'export', topical: true },
  { id: 'fund', gloss: 'fund, allocate a budget', topical: true },
  { id: 'investigate', gloss: 'investigate, probe', topical: true },
  { id: 'launch', gloss: 'launch (a product, a rocket, a programme)', topical: true },
  { id: 'recall', gloss: 'recall (a product)', topical: true },
  { id: 'contaminate', gloss: 'contaminate, poison', topical: true },
  { id: 'strike', gloss: 'go on strike', topical: true },
  { id: 'protest', gloss: 'protest, demonstrate', topical: true },
  { id: 'sue', gloss: 'sue, file a lawsuit', topical: true },
  { id: 'release', gloss: 'release, free', topical: true },
  { id: 'acquire', gloss: 'acquire, buy (a company)', topical: true },
  { id: 'dismiss', gloss: 'dismiss, lay off', topical: true },
  { id: 'delay', gloss: 'delay, postpone', topical: true },
  { id: 'approve', gloss: 'approve, pass (a law)', topical: true },
  { id: 'revoke', gloss: 'revoke, cancel, annul (a rule, a permit)', topical: true },
  { id: 'deny', gloss: 'deny, reject a report', topical: false },
  { id: 'confirm', gloss: 'confirm', topical: false },
  { id: 'doubt', gloss: 'doubt, question', topical: false },
];

export const PREDICATE_CONCEPT_IDS: ReadonlySet<string> = new Set(PREDICATE_CONCEPTS.map((c) => c.id));

/** Word forms matched against a token sequence, compiled once per lexicon. */
export interface PredicateMatcher {
  /** Concept ids found in `text` with the offset of each match, in text order. */
  find(text: string): { concept: string; start: number; end: number }[];
  /** Does `text` hold a negation of the language? */
  negated(text: string): boolean;
}

/**
 * Compiles a lexicon: single words by exact form or prefix (`*`), multi-word forms as phrases.
 * Every concept of the lexicon must be in PREDICATE_CONCEPTS (checked, so a typo fails loudly).
 */
export function compilePredicates(lexicon: PredicateLexicon, negations: NegationLexicon = []): PredicateMatcher {
  const negation = negations.length
    ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${negations.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|')})(?![\\p{L}\\p{N}])`, 'iu')
    : undefined;
  const exact = new Map<string, string>();
  const prefixes: { prefix: string; concept: string }[] = [];
  const phrases: { words: string[]; concept: string }[] = [];
  for (const [concept, forms] of Object.entries(lexicon)) {
    if (!PREDICATE_CONCEPT_IDS.has(concept)) throw new Error(`predicate lexicon: unknown concept '${concept}'`);
    for (const form of forms) {
      const f = form.toLowerCase();
      if (f.includes(' ')) phrases.push({ words: f.split(/\s+/), concept });
      else if (f.endsWith('*')) prefixes.push({ prefix: f.slice(0, -1), concept });
      else exact.set(f, concept);
    }
  }
  prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
  return {
    negated(text: string) {
      return negation !== undefined && negation.test(text);
    },
    find(text: string) {
      const tokens = [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({ word: m[0].toLowerCase(), start: m.index!, end: m.index! + m[0].length }));
      const out: { concept: string; start: number; end: number }[] = [];
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i]!;
        const phrase = phrases.find((p) => p.words.every((w, k) => tokens[i + k]?.word === w));
        if (phrase) {
          out.push({ concept: phrase.concept, start: t.start, end: tokens[i + phrase.words.length - 1]!.end });
          i += phrase.words.length - 1;
          continue;
        }
        const concept = exact.get(t.word) ?? prefixes.find((p) => t.word.startsWith(p.prefix))?.concept;
        if (concept) out.push({ concept, start: t.start, end: t.end });
      }
      return out;
    },
  };
}
