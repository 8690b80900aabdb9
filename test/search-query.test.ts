/**
 * saksi's search syntax (src/store/query.ts), its FTS5 translation (src/store/sqlite-search.ts) and
 * the SQLite store's search over it: hand-written cases, then properties over arbitrary and
 * query-like strings (never a throw but SearchSyntaxError, never SQL wording, results equal to a
 * reference matcher's).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_PHRASE_WORDS,
  MAX_PREFIXES,
  MAX_QUERY_CHARS,
  MAX_TERMS,
  SearchSyntaxError,
  formatQuery,
  parseSearchQuery,
  type ParsedQuery,
  type SearchTerm,
} from '../src/store/query.js';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite.js';
import { toFts5 } from '../src/store/sqlite-search.js';
import { StoreError, type DocId } from '../src/store/store.js';

const read = (q: string): string => formatQuery(parseSearchQuery(q));
const notes = (q: string): readonly string[] => parseSearchQuery(q).notes;
const refusal = (q: string): string => {
  try {
    parseSearchQuery(q);
  } catch (err) {
    expect(err).toBeInstanceOf(SearchSyntaxError);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('bad-query');
    return (err as Error).message;
  }
  throw new Error(`${JSON.stringify(q)} was not refused`);
};

/** Wording of SQLite or FTS5 that must never reach the user. */
function expectNoSql(message: string): void {
  expect(message).not.toMatch(/sqlite|fts5|syntax error|no such column|unknown special query|malformed match|unterminated string|bm25/i);
  expect(message).not.toMatch(/\b(?:MATCH|SELECT|WHERE)\b/);
}

describe('the search syntax', () => {
  it('reads words, phrases, exclusions, OR and prefixes', () => {
    expect(read('Korea Utara tentara')).toBe('korea utara tentara');
    expect(read('"Korea Utara" tentara')).toBe('"korea utara" tentara');
    expect(read('banjir -jakarta -"Jawa Barat"')).toBe('banjir -jakarta -"jawa barat"');
    expect(read('banjir NOT jakarta')).toBe('banjir -jakarta');
    expect(read('banjir OR gempa')).toBe('(banjir OR gempa)');
    expect(read('harga banjir OR gempa OR "tanah longsor"')).toBe('harga (banjir OR gempa OR "tanah longsor")');
    expect(read('ekonom* Presiden')).toBe('ekonom* presiden');
    expect(read('"Bank Indo"* -"harga beras"')).toBe('"bank indo"* -"harga beras"');
    expect(read('a AND b')).toBe('a b');
  });

  it('reads everything else as text', () => {
    expect(read('Kim Jong-un')).toBe('kim "jong un"');
    expect(read('U.S. 10.000 1,4')).toBe('"u s" "10 000" "1 4"');
    expect(read('harga:beras')).toBe('harga beras');
    expect(read('title:beras')).toBe('title beras');
    expect(read('NEAR(')).toBe('near');
    expect(read('NEAR(a b)')).toBe('near a b');
    expect(read('*harga')).toBe('harga');
    expect(read('(a OR b')).toBe('(a OR b)');
    expect(read('("harga beras" OR cabai) (-"jawa barat")')).toBe('("harga beras" OR cabai) -"jawa barat"');
    expect(read('0@0" OR é')).toBe('("0 0" OR é)');
    expect(read('a^2 +b {c}')).toBe('a 2 b c');
    expect(read('tentara AND')).toBe('tentara');
    expect(read('or and not')).toBe('or and not');
    expect(read('"OR"')).toBe('or');
    expect(read('中文 搜索 😀 Zelénskyy')).toBe('中文 搜索 zelénskyy');
    expect(read('ＡＢＣ')).toBe('abc');
  });

  it('says how it read what it could not take as written', () => {
    expect(read('"unbalanced phrase')).toBe('"unbalanced phrase"');
    expect(notes('"unbalanced phrase')[0]).toMatch(/quote is not closed/);
    expect(read('e* ekonomi')).toBe('e ekonomi');
    expect(notes('e* ekonomi')[0]).toMatch(/at least 2 letters before the \*/);
    expect(read('harga *')).toBe('harga');
    expect(notes('harga *')[0]).toMatch(/no letters or digits .*"\*"/);
    expect(read('a OR')).toBe('a');
    expect(read('OR a')).toBe('a');
    expect(read('a -b OR c')).toBe('a c -b');
    for (const q of ['a OR', 'OR a', 'a -b OR c', 'a OR OR b']) expect(notes(q).join(' '), q).toMatch(/OR needs a term/);
    expect(notes('x NOT')[0]).toMatch(/NOT needs a term/);
    expect(read('NOT * harga')).toBe('harga');
    expect(notes('NOT * harga').join(' ')).toMatch(/NOT needs a term/);
    expect(notes('beras -beras')[0]).toMatch(/both required and excluded/);
    expect(notes('harga beras')).toEqual([]);
  });

  it('refuses a query with nothing to look for, in words the user knows', () => {
    expect(refusal('')).toBe('the search query is empty');
    expect(refusal('  \n\t ')).toBe('the search query is empty');
    expect(refusal('*')).toMatch(/no words to search for in "\*".*a \* only ends a prefix/);
    expect(refusal('"" () -- ...')).toMatch(/no words to search for/);
    expect(refusal('-jakarta')).toMatch(/only excludes .* "banjir -jakarta"/);
    expect(refusal('-"Jawa Barat" NOT banjir')).toMatch(/only excludes/);
    expect(refusal('OR')).toMatch(/OR, AND and NOT join terms/);
    expect(refusal('NOT AND')).toMatch(/OR, AND and NOT join terms/);
  });

  it('folds and deduplicates terms', () => {
    expect(read('Harga HARGA harga')).toBe('harga');
    expect(read('café cafe\u0301 CAFÉ')).toBe('café');
    expect(read('a OR b b OR a')).toBe('(a OR b)');
    expect(read('a OR b a')).toBe('a');
    expect(read('-x -X y')).toBe('y -x');
    expect(read('ekonom* ekonom* ekonom')).toBe('ekonom* ekonom');
    expect(read('ekonom* -ekonom*')).toBe('ekonom* -ekonom');
    // A prefix beyond the cap becomes a word, which may repeat one: deduplicated again.
    expect(read('har* un"un*')).toBe('har* un');
  });

  it('caps the query at its length, its terms and its phrases, and says so', () => {
    const repeated = 'harga '.repeat(2_000);
    expect(read(repeated)).toBe('harga');
    expect(notes(repeated)[0]).toMatch(/12,000 characters long; only its first 99\d are searched/);
    const many = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' OR ');
    const parsed = parseSearchQuery(many);
    expect(parsed.all).toHaveLength(1);
    expect(parsed.all[0]).toHaveLength(MAX_TERMS);
    expect(parsed.all[0]![0]!.words).toEqual(['w0']);
    expect(parsed.notes.join(' ')).toMatch(new RegExp(`100 distinct terms; only the first ${MAX_TERMS}`));
    const mixed = parseSearchQuery(Array.from({ length: 40 }, (_, i) => (i % 2 ? `-x${i}` : `y${i}`)).join(' '));
    expect(mixed.all.length + mixed.none.length).toBe(MAX_TERMS);
    expect(mixed.none.at(-1)!.words).toEqual([`x${MAX_TERMS - 1}`]);
    const long = parseSearchQuery(`"${Array.from({ length: 40 }, (_, i) => `k${i}`).join(' ')}"`);
    expect(long.all[0]![0]!.words).toHaveLength(MAX_PHRASE_WORDS);
    expect(long.notes[0]).toMatch(/first 16 words/);
    expect(MAX_PREFIXES).toBe(1);
    const stars = parseSearchQuery('me* OR di* pe* -ke*');
    expect(formatQuery(stars)).toBe('(me* OR di) pe -ke');
    expect(stars.notes[0]).toMatch(/only one prefix is searched as a prefix; "di\*", "pe\*", "ke\*" are searched as whole words/);
    // The cut never splits a surrogate pair.
    const emoji = `a${'😀'.repeat(MAX_QUERY_CHARS)}`;
    expect(() => parseSearchQuery(emoji)).not.toThrow();
  });

  it('translates to FTS5 with every term quoted', () => {
    const fts = (q: string): string => toFts5(parseSearchQuery(q));
    expect(fts('Korea Utara')).toBe('"korea" AND "utara"');
    expect(fts('"Korea Utara" tentara')).toBe('"korea utara" AND "tentara"');
    expect(fts('banjir OR gempa harga')).toBe('("banjir" OR "gempa") AND "harga"');
    expect(fts('ekonom* Jong-un')).toBe('"ekonom"* AND "jong un"');
    expect(fts('Jong-un*')).toBe('"jong un"*');
    expect(fts('banjir -jakarta -"jawa barat"')).toBe('("banjir") NOT ("jakarta" OR "jawa barat")');
    expect(fts('NEAR(a b) title:x')).toBe('"near" AND "a" AND "b" AND "title" AND "x"');
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const OPERATORS = ['"', '-', '*', 'OR', 'AND', 'NOT', '(', ')', ':', 'NEAR', 'NEAR(', '^', '+', 'title:', '-"', '"*', '{', '}', ',', '.'];
const UNICODE = ['é', 'e\u0301', '中文', '😀', '\uD800', '\u0000', 'ß', 'İ', 'ـ', 'ا', '\u200B', '\u00A0', '\uFEFF', 'Ⅻ', '١٢', '\uE000'];

/** Words of the test articles, so that query-like strings find things. */
const VOCABULARY = ['harga', 'beras', 'naik', 'pasar', 'jakarta', 'banjir', 'gempa', 'tentara', 'korea', 'utara', 'café', 'jong', 'un', 'said', 'troops'];

const queryLike = fc
  .array(
    fc.tuple(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...VOCABULARY) },
        { weight: 3, arbitrary: fc.constantFrom(...OPERATORS) },
        { weight: 1, arbitrary: fc.constantFrom(...UNICODE) },
        { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
        { weight: 1, arbitrary: fc.constantFrom(...VOCABULARY).map((w) => w.slice(0, 3) + '*') },
      ),
      fc.constantFrom('', ' ', ' ', '  ', '\t'),
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.map(([p, sep]) => p + sep).join(''));
const arbitraryQuery = fc.oneof(
  queryLike,
  fc.string({ maxLength: 200, unit: 'grapheme' }),
  fc.string({ maxLength: 200, unit: 'binary' }),
  fc.string({ maxLength: 60, unit: fc.constantFrom('"', '-', '*', ' ', 'a', 'O', 'R', '(', ')', ':') }),
);

/** Parses, or returns the SearchSyntaxError; anything else thrown fails the property. */
function tryParse(q: string): ParsedQuery | SearchSyntaxError {
  try {
    return parseSearchQuery(q);
  } catch (err) {
    if (err instanceof SearchSyntaxError) return err;
    throw err;
  }
}

describe('the parser on any string', () => {
  it('gives a well-formed tree within the caps, or a SearchSyntaxError without SQL wording', () => {
    fc.assert(
      fc.property(arbitraryQuery, (q) => {
        const r = tryParse(q);
        if (r instanceof SearchSyntaxError) {
          expectNoSql(r.message);
          expect(r.message.length).toBeLessThan(300);
          return;
        }
        expect(r.all.length).toBeGreaterThan(0);
        let terms = r.none.length;
        for (const g of r.all) {
          expect(g.length).toBeGreaterThan(0);
          terms += g.length;
        }
        expect(terms).toBeLessThanOrEqual(MAX_TERMS);
        expect([...r.all.flat(), ...r.none].filter((t) => t.prefix).length).toBeLessThanOrEqual(MAX_PREFIXES);
        for (const t of [...r.all.flat(), ...r.none]) {
          expect(t.words.length).toBeGreaterThan(0);
          expect(t.words.length).toBeLessThanOrEqual(MAX_PHRASE_WORDS);
          for (const w of t.words) expect(w).toMatch(/^[\p{L}\p{N}\p{Co}]+$/u);
        }
        for (const n of r.notes) expectNoSql(n);
        // The FTS5 expression has no operator but the translation's own: strip the quoted terms
        // and only AND, OR, NOT, parentheses and prefix stars remain.
        const rest = toFts5(r).replace(/"(?:[^"]|"")*"/g, 'T');
        expect(rest).toMatch(/^(?:T\*?|AND|OR|NOT|[() ])+$/);
        // Formatting and parsing again reads the same.
        expect(formatQuery(parseSearchQuery(formatQuery(r)))).toBe(formatQuery(r));
      }),
      { numRuns: 2_000 },
    );
  });
});

// Articles written for this test (no third-party text).
const ARTICLES = [
  { title: 'Harga beras naik', text: 'Harga beras di pasar Jakarta naik lagi pekan ini, kata pedagang.' },
  { title: 'Banjir Jakarta', text: 'Banjir merendam jalan di Jakarta Utara; harga sayur ikut naik.' },
  { title: 'Gempa', text: 'Gempa mengguncang pesisir, warga mengungsi ke pasar.' },
  { title: 'Korea Utara kirim tentara', text: 'Korea Utara mengirim ribuan tentara, kata pejabat.' },
  { title: 'Troops', text: 'North Korea sent troops, Seoul said. Kim Jong-un stayed silent.' },
  { title: 'Kafe', text: 'Sebuah café baru dibuka di Bandung; harga kopinya naik.' },
  { title: 'Beras impor', text: 'Pemerintah mengimpor beras; pasar menunggu harga turun.' },
  { title: 'Banjir dan gempa', text: 'Setelah banjir, gempa kecil terasa. Tentara membantu warga.' },
];

/** Folded words of a text, as the index reads them. */
function wordsOf(text: string): string[] {
  return [...text.normalize('NFKC').matchAll(/[\p{L}\p{N}\p{Co}]+/gu)].map((m) => m[0].toLowerCase().normalize('NFKD').replace(/\p{M}+/gu, ''));
}

/** The reference reading: does a document's title or text hold the term (words in a row)? */
function holds(doc: { title: string; text: string }, t: SearchTerm): boolean {
  const want = t.words.map((w) => w.normalize('NFKD').replace(/\p{M}+/gu, ''));
  return [doc.title, doc.text].some((field) => {
    const ws = wordsOf(field);
    for (let i = 0; i + want.length <= ws.length; i++) {
      if (want.every((w, k) => (t.prefix && k === want.length - 1 ? ws[i + k]!.startsWith(w) : ws[i + k] === w))) return true;
    }
    return false;
  });
}

describe('the SQLite store searching any string', () => {
  let store: SqliteStore;
  let ids: DocId[];
  beforeAll(async () => {
    store = openSqliteStore(':memory:');
    ids = await store.transaction(async (w) => {
      const out: DocId[] = [];
      for (const [i, a] of ARTICLES.entries()) out.push((await w.addDocument({ sourceKey: `a${i}`, rawHash: `r${i}`, contentHash: `c${i}`, ...a, language: 'id' })).id);
      return out;
    });
  });
  afterAll(async () => store.close());

  it('answers with results or a SearchSyntaxError, never SQL wording, and finds what the reference reading finds', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryQuery, async (q) => {
        let hits;
        try {
          hits = await store.search({ query: q, limit: 100 });
        } catch (err) {
          expect(err, q).toBeInstanceOf(SearchSyntaxError);
          expectNoSql((err as Error).message);
          return;
        }
        const parsed = parseSearchQuery(q);
        const expected = ARTICLES.map((a, i) => ({ a, id: ids[i]! }))
          .filter(({ a }) => parsed.all.every((g) => g.some((t) => holds(a, t))) && !parsed.none.some((t) => holds(a, t)))
          .map(({ id }) => id);
        expect(hits.map((h) => h.id).sort((x, y) => x - y), `${q} read as ${formatQuery(parsed)}`).toEqual(expected);
      }),
      { numRuns: 600 },
    );
  });

  it('ranks the best hits first and stops at the limit', async () => {
    const all = await store.search({ query: 'harga' });
    expect(all.length).toBe(4);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
    expect(all[0]!.title).toMatch(/Harga/);
    const two = await store.search({ query: 'harga', limit: 2 });
    expect(two.map((h) => h.id)).toEqual(all.slice(0, 2).map((h) => h.id));
    expect((await store.search({ query: 'banjir OR gempa -tentara' })).map((h) => h.title).sort()).toEqual(['Banjir Jakarta', 'Gempa']);
    expect((await store.search({ query: 'Jong-un' })).map((h) => h.title)).toEqual(['Troops']);
    expect((await store.search({ query: 'harga:beras' })).map((h) => h.title).sort()).toEqual(['Beras impor', 'Harga beras naik']);
  });

  it('answers a 10 KB query of one word, and a long OR, at once', async () => {
    for (const q of ['harga '.repeat(1_700), Array.from({ length: 1_500 }, (_, i) => (i % 3 ? `kata${i}` : 'beras')).join(' OR ')]) {
      const t = performance.now();
      const hits = await store.search({ query: q });
      expect(performance.now() - t).toBeLessThan(500);
      expect(hits.length).toBeGreaterThan(0);
    }
  });
});
