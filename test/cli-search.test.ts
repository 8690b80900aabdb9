/**
 * `saksi search` as a user runs it (the built CLI in a child process) with hostile queries: every
 * string gives results or one clear line (exit 64), never a stack trace or SQLite's wording.
 *
 * Needs `npm run build` (npm test does it first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'saksi.js');
const STUB = join(ROOT, 'test', 'fixtures', 'stub-analyzer.mjs');
const dir = mkdtempSync(join(tmpdir(), 'saksi-search-'));
const db = join(dir, 'search.db');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** `saksi search --db … [flags] -- <query>`: after `--` a query may start with a dash. */
function search(query: string, ...flags: string[]): Run {
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'search', '--db', db, ...flags, '--', query], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t };
}

/** No stack trace, no SQLite or FTS5 wording. */
function expectClean(r: Run, query: string): void {
  const out = r.stdout + r.stderr;
  expect(out, query).not.toMatch(/\n\s+at |internal error|SqliteError/);
  expect(out, query).not.toMatch(/sqlite|fts5|syntax error|no such column|unknown special query|unterminated|malformed/i);
}

// Articles written for this test.
const ARTICLES = [
  { title: 'Harga beras naik di pasar', text: 'Harga beras di pasar induk naik lagi pekan ini, kata seorang pedagang kepada wartawan.' },
  { title: 'Banjir merendam Jakarta Utara', text: 'Banjir merendam jalan di Jakarta Utara; harga sayur di pasar ikut naik.' },
  { title: 'Gempa di pesisir selatan', text: 'Gempa mengguncang pesisir selatan dan warga mengungsi ke lapangan.' },
  { title: 'Troops at the border', text: 'North Korea sent troops to the border, an official said. Kim Jong-un stayed silent.' },
];

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'search.js'))) throw new Error('dist/ is not built: run the tests with npm test');
  const articles = join(dir, 'articles.jsonl');
  writeFileSync(articles, ARTICLES.map((a, i) => JSON.stringify({ ...a, url: `https://example.invalid/${i}`, published: `2025-03-0${i + 1}` })).join('\n') + '\n');
  const r = spawnSync(process.execPath, [BIN, 'ingest', articles, '--db', db, '--analyzer', STUB, '--workers', '1'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('saksi search with its own syntax', () => {
  it('finds words, phrases, alternatives and prefixes, leaving out exclusions', () => {
    const ids = (q: string): string[] => (JSON.parse(search(q, '--json').stdout) as { results: { title: string }[] }).results.map((x) => x.title).sort();
    expect(ids('harga pasar')).toEqual(['Banjir merendam Jakarta Utara', 'Harga beras naik di pasar']);
    expect(ids('harga -banjir')).toEqual(['Harga beras naik di pasar']);
    expect(ids('"Jakarta Utara"')).toEqual(['Banjir merendam Jakarta Utara']);
    expect(ids('gempa OR troops')).toEqual(['Gempa di pesisir selatan', 'Troops at the border']);
    expect(ids('mengung*')).toEqual(['Gempa di pesisir selatan']);
    expect(ids('Jong-un')).toEqual(['Troops at the border']);
  });

  it('reads odd strings as text and says how, on stderr', () => {
    const star = search('*harga');
    expect(star.code).toBe(0);
    expect(star.stdout).toContain('[Harga]');
    const colon = search('harga:beras', '--json');
    expect(colon.code).toBe(0);
    expect(JSON.parse(colon.stdout)).toMatchObject({ searched: 'harga beras', count: 1 });
    const quote = search('"harga beras');
    expect(quote.code).toBe(0);
    expect(quote.stderr).toMatch(/^saksi: note: a quote is not closed/);
    expect(quote.stdout).toContain('[Harga beras] di pasar');
    const near = search('NEAR(');
    expect(near.code).toBe(0);
    expect(near.stderr).toBe('no articles match near\n');
  });

  it('refuses a query with nothing to look for: one line, exit 64', () => {
    for (const [q, message] of [
      ['', /^saksi: the search query is empty\n$/],
      ['*', /^saksi: no words to search for in "\*": .*ekonom\*\)\n$/],
      ['-harga', /^saksi: the query "-harga" only excludes/],
      ['OR', /^saksi: no words to search for in "OR": OR, AND and NOT join terms/],
      ['"" ()', /^saksi: no words to search for/],
    ] as const) {
      const r = search(q);
      expect(r.code, q).toBe(64);
      expect(r.stderr, q).toMatch(message);
      expect(r.stderr.trim().split('\n'), q).toHaveLength(1);
      expect(r.stdout, q).toBe('');
    }
  });

  it('answers huge queries at once, saying what it cut', () => {
    const repeated = search('harga '.repeat(1_700));
    expect(repeated.code).toBe(0);
    expect(repeated.stderr).toMatch(/^saksi: note: the query is 10,200 characters long; only its first 99\d are searched\n/);
    expect(repeated.stdout).toMatch(/2 results in/);
    const or = search(Array.from({ length: 1_200 }, (_, i) => (i === 7 ? 'gempa' : `kata${i}`)).join(' OR '), '--json');
    expect(or.code).toBe(0);
    const out = JSON.parse(or.stdout) as { notes: string[]; count: number };
    expect(out.notes.join('\n')).toMatch(/only the first \d+ are searched/);
    expect(out.count).toBe(1);
    // Node's start-up included; the query itself takes milliseconds.
    for (const r of [repeated, or]) expect(r.ms).toBeLessThan(10_000);
  });

  it('never shows a stack trace or SQLite wording, whatever the string', () => {
    const hostile = [
      '*', '**', '*harga', 'harga*', 'h*', '"unbalanced', '"', '""', '-', '--', '-"', 'NEAR(', 'NEAR(a b, 2)', 'a NEAR b',
      'harga:beras', 'title:harga', '{title text}:x', '^harga', 'a + b', 'a AND', 'AND', 'NOT', 'a NOT', 'OR OR', '(a OR b',
      ')', "'; DROP TABLE documents; --", 'rank:bm25', 'documents_fts:x', '😀', 'é\u0301', '\uFEFF', '中文:搜索', 'x'.repeat(5_000),
    ];
    for (const q of hostile) {
      const r = search(q);
      expect([0, 64], `${q}: ${r.stderr}`).toContain(r.code);
      expectClean(r, q);
      if (r.code === 64) expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  }, 120_000);

  it('gives results or one line with exit 64 for random query-like strings (a property, few runs: each is a process)', () => {
    const piece = fc.oneof(
      fc.constantFrom('harga', 'beras', 'gempa', 'Jong-un', '"', '-', '*', 'OR', 'AND', 'NOT', '(', ')', ':', 'NEAR(', '^', 'é', '中文', '😀'),
      fc.string({ maxLength: 5 }).map((x) => x.replace(/\u0000/g, '')),
    );
    const query = fc.array(fc.tuple(piece, fc.constantFrom('', ' ')), { maxLength: 12 }).map((ps) => ps.map(([p, sp]) => p + sp).join(''));
    fc.assert(
      fc.property(query, (q) => {
        const r = search(q);
        expect([0, 64], `${JSON.stringify(q)}: ${r.stderr}`).toContain(r.code);
        expectClean(r, q);
        if (r.code === 64) expect(r.stderr.trim().split('\n')).toHaveLength(1);
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
