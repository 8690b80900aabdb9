import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LSH_BANDS,
  LshIndex,
  NEAR_DUPLICATE_THRESHOLD,
  NUM_HASHES,
  deserializeSignature,
  exactJaccard,
  isEmptySignature,
  lshBandKeys,
  minhashSignature,
  serializeSignature,
  shingleHashes,
  shingleWords,
  signatureOfHashes,
  signatureSimilarity,
} from '../src/corpus/near-duplicates.js';

const DIR = join(import.meta.dirname, 'fixtures/sources/near-duplicates');
const story = (name: string) => readFileSync(join(DIR, `${name}.txt`), 'utf8');
const sim = (a: string, b: string) => signatureSimilarity(minhashSignature(a), minhashSignature(b));

describe('NEAR_DUPLICATE_THRESHOLD on written fixtures', () => {
  const a = story('story-a');
  const c = story('story-c');

  it('scores the same story with other boilerplate lines above the threshold', () => {
    expect(sim(a, story('story-a-boilerplate'))).toBeGreaterThan(0.75);
  });

  it('scores a light rewrite by another outlet above the threshold (Indonesian and English)', () => {
    expect(sim(a, story('story-a-rewrite'))).toBeGreaterThanOrEqual(NEAR_DUPLICATE_THRESHOLD);
    expect(sim(c, story('story-c-rewrite'))).toBeGreaterThanOrEqual(NEAR_DUPLICATE_THRESHOLD);
  });

  it('scores different stories on the same topic well below, even a follow-up reusing a quote and a paragraph', () => {
    for (const [x, y] of [
      ['story-a', 'story-b-same-topic'],
      ['story-a', 'story-a-followup'],
      ['story-a-rewrite', 'story-a-followup'],
      ['story-c', 'story-d-same-topic'],
      ['story-c-rewrite', 'story-d-same-topic'],
      ['story-a', 'story-c'],
    ] as const) {
      expect(sim(story(x), story(y)), `${x} ~ ${y}`).toBeLessThan(NEAR_DUPLICATE_THRESHOLD / 2);
    }
  });

  it('finds every near-duplicate pair through the LSH index and no unrelated one', () => {
    const names = [
      'story-a', 'story-a-rewrite', 'story-a-boilerplate', 'story-a-followup', 'story-b-same-topic',
      'story-c', 'story-c-rewrite', 'story-d-same-topic',
    ];
    const index = new LshIndex();
    const sigs = new Map(names.map((n) => [n, minhashSignature(story(n))]));
    const found = new Set<string>();
    for (const n of names) {
      for (const cand of index.candidates(sigs.get(n)!)) {
        if (signatureSimilarity(sigs.get(n)!, sigs.get(cand)!) >= NEAR_DUPLICATE_THRESHOLD) found.add([cand, n].sort().join(' ~ '));
      }
      index.add(n, sigs.get(n)!);
    }
    expect([...found].sort()).toEqual(
      ['story-a ~ story-a-boilerplate', 'story-a ~ story-a-rewrite', 'story-a-boilerplate ~ story-a-rewrite', 'story-c ~ story-c-rewrite'].sort(),
    );
  });
});

describe('MinHash', () => {
  it('gives identical texts similarity 1 and ignores case, diacritics and punctuation', () => {
    const t = 'Presiden Volodymyr Zelensky bertemu Sekretaris Jenderal NATO di Brussel pada Kamis pagi.';
    expect(sim(t, t)).toBe(1);
    expect(sim(t, 'presiden volodymyr zelenský — bertemu sekretaris jenderal nato, di brussel pada kamis pagi')).toBe(1);
    expect(shingleWords('Café CAFE\u0301 naïve ﬁne')).toEqual(['cafe', 'cafe', 'naive', 'fine']);
  });

  it('estimates the Jaccard similarity of the shingle sets within a few standard errors', () => {
    const base = story('story-a');
    for (const other of ['story-a-rewrite', 'story-a-boilerplate', 'story-a-followup']) {
      const t = story(other);
      const j = exactJaccard(base, t);
      const se = Math.sqrt((j * (1 - j)) / NUM_HASHES) + 0.01;
      expect(Math.abs(sim(base, t) - j), other).toBeLessThan(4 * se);
    }
  });

  it('is unbiased on synthetic sets of known Jaccard similarity', () => {
    let seed = 7;
    const rnd = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    let errSum = 0;
    let bias = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const shared = 50 + (rnd() % 300);
      const onlyA = rnd() % 300;
      const onlyB = rnd() % 300;
      const s = Array.from({ length: shared }, rnd);
      const a = s.concat(Array.from({ length: onlyA }, rnd));
      const b = s.concat(Array.from({ length: onlyB }, rnd));
      const e = signatureSimilarity(signatureOfHashes(a), signatureOfHashes(b)) - shared / (shared + onlyA + onlyB);
      errSum += Math.abs(e);
      bias += e;
    }
    // A binomial estimate over 128 slots: mean absolute error ≈ 0.03 for these similarities.
    expect(errSum / trials).toBeLessThan(0.045);
    expect(Math.abs(bias / trials)).toBeLessThan(0.015);
  });

  it('uses 5-word shingles, 3-word under 15 words, character 4-grams under 3 words', () => {
    const long = 'satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas dua belas tiga belas empat belas lima belas';
    expect(shingleHashes(long).k).toBe(5);
    expect(shingleHashes('satu dua tiga empat lima enam').k).toBe(3);
    const short = shingleHashes('Jakarta');
    expect(short.chars).toBe(true);
    expect(short.hashes.length).toBe(4);
    expect(sim('Jakarta Utara', 'jakarta utara!')).toBe(1);
    expect(sim('Jakarta Utara', 'Jakarta Selatan')).toBeLessThan(0.5);
  });

  it('has an empty signature for a text without words, similar to nothing', () => {
    const empty = minhashSignature(' ... —— !!! ');
    expect(isEmptySignature(empty)).toBe(true);
    expect(signatureSimilarity(empty, empty)).toBe(0);
    expect(signatureSimilarity(empty, minhashSignature('sesuatu yang ada isinya'))).toBe(0);
    expect(lshBandKeys(empty)).toEqual([]);
  });

  it('is deterministic across calls (stored signatures stay comparable)', () => {
    const t = story('story-c');
    expect(Array.from(minhashSignature(t))).toEqual(Array.from(minhashSignature(t)));
    // Pinned: changing the hashing must bump SIGNATURE_VERSION and update this value.
    expect(minhashSignature('the quick brown fox jumps over the lazy dog')[0]).toBe(20886050);
  });

  it('runs in time linear in the text', () => {
    const unit = story('story-a') + '\n' + story('story-c') + '\n';
    const small = unit.repeat(200); // ~0.6 MB
    const big = unit.repeat(800);
    const time = (t: string) => {
      const start = performance.now();
      minhashSignature(t);
      return performance.now() - start;
    };
    time(small); // warm up
    const ts = Math.min(time(small), time(small));
    const tb = Math.min(time(big), time(big));
    expect(tb / ts).toBeLessThan(4 * 2.5); // 4× the text: well under quadratic (16×)
    expect(tb).toBeLessThan(3000);
  });

  it('has similarity properties: symmetric, in [0, 1], 1 on itself', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), fc.string({ maxLength: 200 }), (x, y) => {
        const a = minhashSignature(x);
        const b = minhashSignature(y);
        const s = signatureSimilarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(s).toBe(signatureSimilarity(b, a));
        if (!isEmptySignature(a)) expect(signatureSimilarity(a, a)).toBe(1);
      }),
      { numRuns: 100 },
    );
  });
});

describe('serialisation', () => {
  it('round-trips through 512 bytes, little-endian', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (t) => {
        const sig = minhashSignature(t);
        const buf = serializeSignature(sig);
        expect(buf.length).toBe(NUM_HASHES * 4);
        expect(Array.from(deserializeSignature(buf))).toEqual(Array.from(sig));
      }),
      { numRuns: 50 },
    );
    const sig = minhashSignature('abc def ghi');
    expect(serializeSignature(sig).readUInt32LE(4)).toBe(sig[1]);
  });

  it('reads from a slice of a bigger buffer (as SQLite returns BLOBs)', () => {
    const sig = minhashSignature(story('story-a'));
    const big = Buffer.concat([Buffer.from([1, 2, 3]), serializeSignature(sig)]);
    expect(Array.from(deserializeSignature(big.subarray(3)))).toEqual(Array.from(sig));
  });

  it('refuses a buffer of the wrong size', () => {
    expect(() => deserializeSignature(Buffer.alloc(100))).toThrow(/512 bytes/);
  });
});

describe('LshIndex', () => {
  it('returns each candidate once, supports delete and re-add', () => {
    const index = new LshIndex();
    const s1 = minhashSignature(story('story-a'));
    const s2 = minhashSignature(story('story-a-boilerplate'));
    const s3 = minhashSignature(story('story-c'));
    index.add('1', s1);
    index.add('2', s2);
    index.add('3', s3);
    expect(index.size).toBe(3);
    expect(index.candidates(s1).sort()).toEqual(['1', '2']);
    expect(index.candidates(s3)).toEqual(['3']);
    expect(index.delete('2')).toBe(true);
    expect(index.candidates(s1)).toEqual(['1']);
    index.add('1', s3); // re-adding replaces the old signature
    expect(index.candidates(s1)).toEqual([]);
    expect(index.candidates(s3).sort()).toEqual(['1', '3']);
  });

  it('does not index empty signatures', () => {
    const index = new LshIndex();
    index.add('e1', minhashSignature(''));
    index.add('e2', minhashSignature('!!!'));
    expect(index.size).toBe(0);
    expect(index.candidates(minhashSignature(''))).toEqual([]);
  });

  it('caps bucket growth', () => {
    const index = new LshIndex({ maxBucketSize: 5 });
    const sig = minhashSignature(story('story-c'));
    for (let i = 0; i < 20; i++) index.add(String(i), sig);
    expect(index.candidates(sig)).toEqual(['0', '1', '2', '3', '4']);
  });

  it('exposes band keys for a store-side index', () => {
    const keys = lshBandKeys(minhashSignature(story('story-a')));
    expect(keys).toHaveLength(LSH_BANDS);
    for (const k of keys) expect(Number.isSafeInteger(k)).toBe(true);
    expect(new LshIndex({ bands: 32 }).candidates(minhashSignature('a b c d e f'))).toEqual([]);
    expect(() => new LshIndex({ bands: 64, rows: 4 })).toThrow();
  });
});
