import { createEntityRecognizer } from '../analysis/entities.js';
import { loadKnowledgeBase } from '../kb/index.js';
import { findPack } from '../lang/index.js';
import { loadTagger } from '../ner/tagger.js';
import type { EntityType } from '../types.js';

/** Our types in the tag set of the CoNLL data we are scored against (idner: PER, ORG, LOC). */
const CONLL_TAG: Readonly<Partial<Record<EntityType, string>>> = { PERSON: 'PER', ORG: 'ORG', GPE: 'LOC', LOC: 'LOC' };

/**
 * saksi's whole entity stage (gazetteers, titles, tagger, capitalisation) as a token tagger, so
 * `saksi eval ner` scores what `analyze` finds, not the tagger alone. Tokens are joined with
 * spaces into one sentence; recognised spans map back to the tokens they cover.
 */
export function entityStageAsTagger(lang: string): ((tokens: readonly string[]) => string[]) | undefined {
  const pack = findPack(lang);
  if (!pack) return undefined;
  const recognizer = createEntityRecognizer(pack, loadKnowledgeBase(), loadTagger(lang));
  return (tokens) => {
    const starts: number[] = [];
    let text = '';
    for (const t of tokens) {
      if (text) text += ' ';
      starts.push(text.length);
      text += t;
    }
    const tags = tokens.map(() => 'O');
    const sentence = { start: 0, end: text.length, text, paragraph: 0 };
    for (const c of recognizer.recognize(text, [sentence])) {
      const label = CONLL_TAG[c.type];
      if (!label) continue;
      let first = true;
      tokens.forEach((t, i) => {
        const s = starts[i]!;
        if (s >= c.start && s + t.length <= c.end) {
          tags[i] = `${first ? 'B' : 'I'}-${label}`;
          first = false;
        }
      });
    }
    return tags;
  };
}
