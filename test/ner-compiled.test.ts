import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompiledFeatures, scoreChunk } from '../src/ner/compiled.js';
import { chainConstraints, createDecoder, createUnrolledDecoder } from '../src/ner/perceptron.js';
import { FeatureExtractor, MAX_FEATURE_WORD, unpackDictionaries } from '../src/ner/features.js';
import { decodeInt16, type NerModelFile } from '../src/ner/tagger.js';

const model = JSON.parse(readFileSync(new URL('../src/lang/id/ner-model.json', import.meta.url), 'utf8')) as NerModelFile;
const L = model.labels.length;
const keys = model.features.split(' ');
const index = new Map<string, number>();
const dense = new Float64Array(keys.length * L);
const packed = decodeInt16(model.weights);
for (let k = 0, at = 0; k < keys.length; k++) {
  index.set(keys[k]!, k * L);
  const count = packed[at++]!;
  for (let j = 0; j < count; j++, at += 2) dense[k * L + packed[at]!] = packed[at + 1]! / model.scale;
}
const extractor = new FeatureExtractor({ lists: model.lists, dicts: unpackDictionaries(model.dicts), config: model.config });

/** The emissions of a sentence as the feature strings give them: each token's features' weights added in order. */
function fromStrings(tokens: readonly string[]): Float64Array {
  const em = new Float64Array(tokens.length * L);
  extractor.sentence(tokens).forEach((features, i) => {
    for (let y = 0; y < L; y++) {
      let sum = 0;
      for (const f of features) {
        const o = index.get(f);
        if (o !== undefined) sum += dense[o + y]!;
      }
      em[i * L + y] = sum;
    }
  });
  return em;
}

/** The same through the compiled records (a fresh compiler, or one whose records were reset). */
function compiledEmissions(c: CompiledFeatures, tokens: readonly string[]): Float64Array {
  const ids = Int32Array.from(tokens, (t) => c.word(t, false));
  const em = new Float64Array(tokens.length * L);
  scoreChunk(c, extractor.config, ids, 0, tokens.length, em, L);
  return em;
}

const SENTENCES = [
  'Presiden Joko Widodo bertemu Menteri Sri Mulyani di Jakarta .',
  'Kepala Dinas Kesehatan Kota Bandung , dr. Anhar Hadian , mengatakan bahwa 1.200 warga RT 05 / RW 03 sudah divaksin pada 17/10/2024 .',
  '" Kami akan memeriksa PT Maju Jaya Abadi Tbk , " kata Kapolres AKBP Budi Santoso kepada wartawan di Mapolres Sleman , Yogyakarta .',
  'Bank Indonesia ( BI ) mencatat inflasi Januari 2025 sebesar 2,4 persen ( yoy ) menurut Badan Pusat Statistik .',
  `Sebuah kata ${'x'.repeat(MAX_FEATURE_WORD + 5)} yang panjang dan ${'Y'.repeat(MAX_FEATURE_WORD + 1)} .`,
];

describe('compiled tagger features', () => {
  it('give bit-identical emissions to the feature strings', () => {
    const c = new CompiledFeatures(index, dense, L, extractor);
    for (const s of SENTENCES) {
      const tokens = s.split(' ');
      expect(Array.from(compiledEmissions(c, tokens))).toEqual(Array.from(fromStrings(tokens)));
    }
    // After a reset the records are rebuilt in reused rows: the same sums again.
    c.reset();
    for (const s of [...SENTENCES].reverse()) {
      const tokens = s.split(' ');
      expect(Array.from(compiledEmissions(c, tokens))).toEqual(Array.from(fromStrings(tokens)));
    }
  });

  it('give bit-identical emissions on any tokens (property)', () => {
    const c = new CompiledFeatures(index, dense, L, extractor);
    const word = fc.oneof(
      fc.constantFrom('Jakarta', 'Presiden', 'kata', 'di', '.', ',', '"', '(', ')', 'BI', 'PT', 'Tbk', '2025', 'Menteri', 'Sri', 'Mulyani', 'yang'),
      fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !/\s/.test(s)),
    );
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 30 }), (tokens) => {
        expect(Array.from(compiledEmissions(c, tokens))).toEqual(Array.from(fromStrings(tokens)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('unrolled Viterbi decoder', () => {
  it('finds the same path as the loop decoder, ties included (property)', () => {
    const labelSets = [model.labels, ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC'], ['O']];
    for (const labels of labelSets) {
      const n = labels.length;
      const constraints = chainConstraints(labels);
      fc.assert(
        fc.property(
          // Small integers and halves make ties common; a few large values and -0 too.
          fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, -0.5, -0, 1e300, -1e-300)), { minLength: (n + 1) * n, maxLength: (n + 1) * n }),
          fc.array(fc.integer({ min: -2, max: 2 }), { minLength: 0, maxLength: 12 * n }),
          (transitions, raw) => {
            const len = Math.floor(raw.length / n);
            const em = Float64Array.from(raw.slice(0, len * n), (x) => x / 2);
            const a = new Int32Array(len);
            const b = new Int32Array(len);
            createDecoder(transitions, constraints, n)(em, len, a);
            createUnrolledDecoder(transitions, constraints, n)(em, len, b);
            expect(Array.from(b)).toEqual(Array.from(a));
          },
        ),
        { numRuns: 300 },
      );
    }
  });
});
