import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../src/kb/index.js';
import { tokenize } from '../src/text/tokenize.js';

describe('KnowledgeBase.mayStartName', () => {
  const kb = loadKnowledgeBase();
  const forms = kb.forms().map((f) => f.text);
  // Words of the knowledge base's names, and words that start none.
  const words = [...new Set(forms.flatMap((f) => tokenize(f).filter((t) => t.kind === 'word').map((t) => t.text)))].slice(0, 400);
  const pool = [...words, 'Kemarin', 'Menurut', 'The', 'the', 'Jokowi’s', 'Zzyzx', 'Ölçek', 'Dia', 'Para', 'Ma’ruf', 'U.S'];

  it('is true for the first word of every name of several words', () => {
    for (const f of forms) {
      const tokens = tokenize(f);
      if (tokens.length < 2 || tokens[0]!.kind !== 'word' || tokens[1]!.start === tokens[0]!.end) continue;
      expect(kb.mayStartName!(tokens[0]!.text), f).toBe(true);
    }
  });

  it('is false only when no lookup of that word, a space and more words finds anything', () => {
    fc.assert(
      fc.property(fc.constantFrom(...pool), fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 4 }), (first, rest) => {
        if (!kb.mayStartName!(first)) expect(kb.lookup([first, ...rest].join(' '))).toEqual([]);
      }),
      { numRuns: 3000 },
    );
    // Some words do start no name (else the test above would test nothing).
    expect(pool.some((w) => !kb.mayStartName!(w))).toBe(true);
  });
});

describe('KnowledgeBase.mayEndName', () => {
  const kb = loadKnowledgeBase();
  const forms = kb.forms().map((f) => f.text);
  const words = [...new Set(forms.flatMap((f) => tokenize(f).filter((t) => t.kind === 'word').map((t) => t.text)))].slice(-400);
  const pool = [...words, 'Kemarin', 'Menurut', 'The', 'the', 'Jokowi’s', "Indonesia's", 'Zzyzx', 'Ölçek', 'Dia', 'Para', 'Ma’ruf', 'U.S', 'Utara'];

  it('is true for the last word of every name written with a space before it, and for every one-word name', () => {
    for (const f of forms) {
      const tokens = tokenize(f);
      const last = tokens.at(-1);
      if (!last || last.kind !== 'word') continue;
      if (tokens.length === 1 || f.charCodeAt(last.start - 1) === 32) expect(kb.mayEndName!(last.text), f).toBe(true);
    }
  });

  it('is false only when no lookup of more words, a space and that word (or that word alone) finds anything', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pool), { maxLength: 4 }), fc.constantFrom(...pool), (before, last) => {
        if (!kb.mayEndName!(last)) expect(kb.lookup([...before, last].join(' '))).toEqual([]);
      }),
      { numRuns: 3000 },
    );
    expect(pool.some((w) => !kb.mayEndName!(w))).toBe(true);
    expect(kb.mayEndName!("Indonesia's")).toBe(true);
  });
});
