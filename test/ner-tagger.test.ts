import { readFileSync, statSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tagsToSpans } from '../src/eval/conll.js';
import { normalizeWord, shortShape, wordShape, type NerWordLists } from '../src/ner/features.js';
import { chainConstraints } from '../src/ner/perceptron.js';
import { loadTagger, MAX_CHUNK_TOKENS, NER_MODEL_FORMAT, taggerFromModel, type NerModelFile } from '../src/ner/tagger.js';
import { toBilou, trainNerModel } from '../src/ner/train.js';

const MODEL_URL = new URL('../src/lang/id/ner-model.json', import.meta.url);

/** Entities as "text/TYPE" strings, for readable assertions. */
function entities(sentence: string): string[] {
  const tokens = sentence.split(' ');
  const tags = loadTagger('id')!.tag(tokens);
  return tagsToSpans(tags).map((s) => `${tokens.slice(s.start, s.end).join(' ')}/${s.type}`);
}

/** No I-X unless the previous tag is B-X or I-X. */
function isValidBio(tags: readonly string[]): boolean {
  return tags.every((t, i) => {
    if (!t.startsWith('I-')) return t === 'O' || t.startsWith('B-');
    const prev = tags[i - 1];
    return prev === `B-${t.slice(2)}` || prev === t;
  });
}

describe('shipped Indonesian model', () => {
  it('is small and in the current format', () => {
    expect(statSync(MODEL_URL).size).toBeLessThan(2_000_000);
    const model = JSON.parse(readFileSync(MODEL_URL, 'utf8')) as NerModelFile;
    expect(model.format).toBe(NER_MODEL_FORMAT);
    expect(model.lang).toBe('id');
  });

  it("loads the model the pack declares (no module cache: each call compiles it); no model for English or odd names", () => {
    const a = loadTagger('id');
    expect(a).toBeDefined();
    const b = loadTagger('id')!;
    expect(b).not.toBe(a);
    expect(b.tag(['Presiden', 'Joko', 'Widodo'])).toEqual(a!.tag(['Presiden', 'Joko', 'Widodo']));
    expect(a!.lang).toBe('id');
    expect(loadTagger('en')).toBeUndefined();
    expect(loadTagger('../id')).toBeUndefined();
    expect(loadTagger('')).toBeUndefined();
  });

  it('tags the obvious sentence: titles stay out, names and the city come out', () => {
    const tokens = 'Presiden Joko Widodo bertemu Menteri Sri Mulyani di Jakarta .'.split(' ');
    expect(loadTagger('id')!.tag(tokens)).toEqual(['O', 'B-PER', 'I-PER', 'O', 'O', 'B-PER', 'I-PER', 'O', 'B-LOC', 'O']);
  });

  it('finds speakers, organisations and places in hand-written news sentences', () => {
    expect(entities('" Kami siap bekerja sama , " kata Anies Baswedan di Surabaya .')).toEqual([
      'Anies Baswedan/PER',
      'Surabaya/LOC',
    ]);
    expect(entities('Menurut Prabowo Subianto , Partai Gerindra akan mendukung program itu .')).toEqual([
      'Prabowo Subianto/PER',
      'Partai Gerindra/ORG',
    ]);
    expect(entities('Bank Indonesia menaikkan suku bunga acuan menjadi 6 persen .')).toEqual(['Bank Indonesia/ORG']);
    expect(entities('Kapolri Listyo Sigit Prabowo tiba di Medan , Selasa ( 3/5/2022 ) .')).toEqual([
      'Listyo Sigit Prabowo/PER',
      'Medan/LOC',
    ]);
    expect(entities('Ia mengatakan harga beras naik di pasar tradisional .')).toEqual([]);
  });

  it('returns one valid BIO tag per token for any tokens (property)', () => {
    const tagger = loadTagger('id')!;
    const token = fc.oneof(
      fc.constantFrom('Jakarta', 'di', 'Presiden', 'I', '.', '"', 'KPK', 'dan', '17/10/2024', 'Rp', 'Menteri', 'x'),
      fc.string({ maxLength: 8 }).filter((s) => s.length > 0 && !/\s/.test(s)),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) => {
        const tags = tagger.tag(tokens);
        expect(tags).toHaveLength(tokens.length);
        expect(isValidBio(tags)).toBe(true);
        expect(tagger.tag(tokens)).toEqual(tags);
      }),
      { numRuns: 200 },
    );
  });

  it('handles the empty sentence and a very long one in bounded pieces', () => {
    const tagger = loadTagger('id')!;
    expect(tagger.tag([])).toEqual([]);
    const phrase = ['warga', 'tiba', 'di', 'Jakarta', 'dan'];
    const long = Array.from({ length: MAX_CHUNK_TOKENS * 3 + 17 }, (_, i) => phrase[i % phrase.length]!);
    const tags = tagger.tag(long);
    expect(tags).toHaveLength(long.length);
    expect(isValidBio(tags)).toBe(true);
    // "Jakarta" after "di" is a place in every chunk, the first and the later ones.
    for (const i of [3, MAX_CHUNK_TOKENS + 3, MAX_CHUNK_TOKENS * 3 + 13]) expect([long[i], tags[i]]).toEqual(['Jakarta', 'B-LOC']);
  });
});

describe('features', () => {
  it('computes word shapes', () => {
    expect(wordShape('Jakarta')).toBe('Xxxxx');
    expect(wordShape('17/10/2024')).toBe('dd/dd/dddd');
    expect(wordShape('KPK')).toBe('XXX');
    expect(shortShape(wordShape('bukti-bukti'))).toBe('x-x');
  });

  it('normalises words: lower case, digits as 0, edge brackets off', () => {
    expect(normalizeWord('(PKB)')).toBe('pkb');
    expect(normalizeWord('2024')).toBe('0000');
    expect(normalizeWord('(')).toBe('(');
  });
});

describe('decoding constraints', () => {
  it('forbids I- after O in BIO, and leaving a chunk open in BILOU', () => {
    const bio = ['O', 'B-PER', 'I-PER'];
    const c = chainConstraints(bio);
    const L = bio.length;
    expect(c.allowed[0 * L + 2]).toBe(0); // O -> I-PER
    expect(c.allowed[1 * L + 2]).toBe(1); // B-PER -> I-PER
    expect(c.allowed[L * L + 2]).toBe(0); // start -> I-PER
    const bilou = ['O', 'B-PER', 'I-PER', 'L-PER', 'U-PER'];
    const d = chainConstraints(bilou);
    const M = bilou.length;
    expect(d.allowed[1 * M + 0]).toBe(0); // B-PER -> O
    expect(d.allowed[1 * M + 3]).toBe(1); // B-PER -> L-PER
    expect(d.allowed[3 * M + 0]).toBe(1); // L-PER -> O
    expect([...d.final]).toEqual([1, 0, 0, 1, 1]);
    expect(toBilou(['B-PER', 'I-PER', 'I-PER', 'O', 'B-LOC'])).toEqual(['B-PER', 'I-PER', 'L-PER', 'O', 'U-LOC']);
  });
});

describe('training', () => {
  const lists: NerWordLists = { titles: ['pak'], speechCues: ['kata'], placeCues: ['di'], orgHeads: ['partai'], notNames: ['senin'] };
  const s = (text: string): { tokens: string[]; tags: string[] } => {
    const pairs = text.split(' ').map((p) => p.split('/'));
    return { tokens: pairs.map((p) => p[0]!), tags: pairs.map((p) => p[1] ?? 'O') };
  };
  const data = [
    s('Pak Amir/B-PER tinggal di Solo/B-LOC .'),
    s('Bu Sinta/B-PER Dewi/I-PER pindah ke Medan/B-LOC .'),
    s('Partai/B-ORG Hijau/I-ORG menang di Solo/B-LOC .'),
    s('kata Amir/B-PER di Medan/B-LOC , Senin .'),
    s('Sinta/B-PER bergabung dengan Partai/B-ORG Biru/I-ORG .'),
    s('Warga Solo/B-LOC menyambut Amir/B-PER .'),
  ];

  it('is deterministic and learns a tiny hand-made set', () => {
    const a = trainNerModel(data, { lang: 'xx', lists, epochs: 8, seed: 3 });
    const b = trainNerModel(data, { lang: 'xx', lists, epochs: 8, seed: 3 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const tagger = taggerFromModel(JSON.parse(JSON.stringify(a)) as NerModelFile);
    for (const sentence of data) expect(tagger.tag(sentence.tokens)).toEqual(sentence.tags);
    expect(tagger.lang).toBe('xx');
  });

  it('rejects a file that is not a model', () => {
    expect(() => taggerFromModel({ format: 'other' } as unknown as NerModelFile)).toThrow(/not a saksi NER model/);
  });
});

describe('hostile input', () => {
  it('tags a megabyte token and a megabyte of tokens without trouble', () => {
    const tagger = loadTagger('id')!;
    const huge = 'A'.repeat(1_000_000);
    expect(tagger.tag(['di', huge, '.'])).toHaveLength(3);
    const many = Array.from({ length: 200_000 }, (_, i) => (i % 2 ? 'Jakarta' : 'di'));
    const started = Date.now();
    const tags = tagger.tag(many);
    expect(tags).toHaveLength(many.length);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
