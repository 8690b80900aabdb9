import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { VARIANT_SIMILARITY, variantIndexKeys, variantLookupKeys } from '../src/corpus/entities.js';
import { nameEditSimilarity } from '../src/kb/normalize.js';

/** Whether the written surname's lookups meet one of the known surname's index entries. */
function found(written: string, known: string): boolean {
  const index = new Set(variantIndexKeys(known).map((k) => `${k.kind}:${k.key}`));
  return variantLookupKeys(written).some((k) => index.has(`${k.kind}:${k.key}`));
}

/** A surname edited `edits` times at random places (substitution, insertion, deletion). */
const edited = (base: fc.Arbitrary<string>, edits: number) =>
  base.chain((s) =>
    fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.nat(), fc.constantFrom(...'abdeiklmnorstuwy')), { minLength: 1, maxLength: edits }).map((ops) => {
      let t = s;
      for (const [op, at, c] of ops) {
        // The first three letters are the index's guard: edits go after them.
        const i = 3 + (at % Math.max(1, t.length - 3 + (op === 1 ? 1 : 0)));
        if (op === 0 && i < t.length) t = t.slice(0, i) + c + t.slice(i + 1);
        else if (op === 1) t = t.slice(0, i) + c + t.slice(i);
        else if (op === 2 && i < t.length && t.length > 4) t = t.slice(0, i) + t.slice(i + 1);
      }
      return [s, t] as const;
    }),
  );

const surname = fc.stringMatching(/^[a-z]{4,22}$/);

describe('spelling-variant keys of the corpus resolver', () => {
  it('find every surname within the variant bound that shares the first three letters (property)', () => {
    fc.assert(
      fc.property(edited(surname, 4), ([a, b]) => {
        if (nameEditSimilarity(a, b) < VARIANT_SIMILARITY) return;
        expect(found(a, b)).toBe(true);
        expect(found(b, a)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('find the variants named in the docs, and not distant names', () => {
    expect(found('zelensky', 'zelenskiy')).toBe(true);
    expect(found('prabowo', 'prabowu')).toBe(true);
    expect(found('hadiningrat', 'hadiningratt')).toBe(true);
    expect(found('sulistyowati', 'sulistiowaty')).toBe(true);
    expect(found('santoso', 'santiago')).toBe(false);
    expect(found('widodo', 'wibowo')).toBe(false);
  });

  it('keep index entries per surname few', () => {
    for (const s of ['kim', 'widodo', 'sulistyowati', 'a'.repeat(80)]) expect(variantIndexKeys(s).length).toBeLessThanOrEqual(Math.min(s.length, 64) - 2 + Math.floor(Math.min(s.length, 64) / 4) + 1);
  });
});
