import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  bagTokens,
  evalExtractDir,
  findExtractCases,
  formatExtractReport,
  keptText,
  readHtml,
  scoreTokens,
} from '../src/eval/extract.js';

const DIR = join(import.meta.dirname, 'fixtures/eval-extract');
const PAIRS = join(DIR, 'pairs');
const BENCH = join(DIR, 'benchmark');

describe('token scoring', () => {
  it('lowercases letter and digit runs', () => {
    expect(bagTokens('Rp5.000, kata-Nya: "Hujan!"')).toEqual(['rp', '5', '000', 'kata', 'nya', 'hujan']);
  });

  it('intersects multisets (hand-computed)', () => {
    // expected {a:1, b:2, c:1}, kept {b:3, d:1}: correct = min(2, 3) = 2 b's.
    // P = 2/4 = 0.5, R = 2/4 = 0.5, F1 = 0.5
    expect(scoreTokens('a b b c', 'B b b d')).toEqual({ expected: 4, kept: 4, correct: 2, precision: 0.5, recall: 0.5, f1: 0.5 });
    // Nothing kept: P = R = F1 = 0 (no division by zero).
    expect(scoreTokens('a b', '')).toMatchObject({ kept: 0, correct: 0, precision: 0, recall: 0, f1: 0 });
  });

  it('keeps the text minus the removed spans', () => {
    const text = 'Satu.\nBaca juga: Dua\nTiga.';
    expect(keptText({ text, removed: [{ start: 6, end: 21, text: text.slice(6, 21), reason: 'related' }] })).toBe('Satu.\n\nTiga.');
  });
});

describe('extraction evaluation with fixed outputs', () => {
  it('finds pairs (html and html.gz) and the benchmark layout', () => {
    expect(findExtractCases(PAIRS).map((c) => c.id)).toEqual(['en-library', 'id-pasar']);
    const bench = findExtractCases(BENCH);
    expect(bench.map((c) => c.id)).toEqual(['p1', 'p2']);
    expect(bench[0]!.html).toMatch(/html[/\\]p1\.html\.gz$/);
    expect(bench[0]!.url).toBe('https://example.test/kota/kereta-ringan');
    expect(readHtml(bench[0]!.html)).toContain('Operator kereta ringan');
  });

  it('scores the pair fixtures against hand-made kept texts (hand-computed figures)', () => {
    const expected = (id: string): string => readFileSync(join(PAIRS, `${id}.txt`), 'utf8');
    const report = evalExtractDir(PAIRS, {
      extract: (html) => {
        if (html.includes('Cipinang')) {
          // Everything expected plus the related-article line: 46 expected tokens
          // (11 + 11 + 15 + 9, one line each), + 7 kept (baca juga harga cabai naik jelang ramadan).
          // "harga" is expected 3 times and kept 4 times: min = 3, so correct = 46, kept = 53.
          return { ok: true, text: `${expected('id-pasar')}\nBaca juga: Harga cabai naik jelang Ramadan` };
        }
        // The first two of four paragraphs: 14 + 12 = 26 tokens, all correct, of 52 expected (14 + 12 + 11 + 15).
        return { ok: true, text: expected('en-library').split('\n').slice(0, 2).join('\n') };
      },
    });
    // id-pasar  : P = 46/53 = 0.8679, R = 46/46 = 1, F1 = 92/99 = 0.9293
    // en-library: P = 26/26 = 1, R = 26/52 = 0.5, F1 = 52/78 = 0.6667
    // macro: P = (0.8679 + 1)/2 = 0.9340, R = (1 + 0.5)/2 = 0.75, F1 = (0.9293 + 0.6667)/2 = 0.7980
    // micro: expected 98, kept 79, correct 72: P = 72/79 = 0.9114, R = 72/98 = 0.7347, F1 = 144/177 = 0.8136
    const [en, id] = report.pages;
    expect(id).toMatchObject({ id: 'id-pasar', expected: 46, kept: 53, correct: 46, recall: 1 });
    expect(id!.precision).toBeCloseTo(0.8679, 4);
    expect(id!.f1).toBeCloseTo(0.9293, 4);
    expect(en).toMatchObject({ id: 'en-library', expected: 52, kept: 26, correct: 26, precision: 1, recall: 0.5 });
    expect(en!.f1).toBeCloseTo(0.6667, 4);
    expect(report.macro.precision).toBeCloseTo(0.934, 3);
    expect(report.macro.recall).toBeCloseTo(0.75, 4);
    expect(report.macro.f1).toBeCloseTo(0.798, 3);
    expect(report.micro).toMatchObject({ expected: 98, kept: 79, correct: 72 });
    expect(report.micro.precision).toBeCloseTo(0.9114, 4);
    expect(report.micro.recall).toBeCloseTo(0.7347, 4);
    expect(report.micro.f1).toBeCloseTo(0.8136, 4);
  });

  it('scores the benchmark layout; a failed page scores 0', () => {
    const truth = JSON.parse(readFileSync(join(BENCH, 'ground-truth.json'), 'utf8'));
    const report = evalExtractDir(BENCH, {
      extract: (html) =>
        html.includes('kereta ringan') ? { ok: false, error: 'no article found' } : { ok: true, text: truth.p2.articleBody },
    });
    // p1 failed: 38 expected, 0 kept: P = R = F1 = 0. p2 exact: 38 of 38 (16 + 13 + 9): P = R = F1 = 1.
    // macro: 0.5 each. micro: expected 76, kept 38, correct 38: P = 1, R = 0.5, F1 = 76/114 = 0.6667.
    expect(report.failed).toBe(1);
    expect(report.pages[0]).toMatchObject({ id: 'p1', expected: 38, kept: 0, f1: 0, error: 'no article found' });
    expect(report.pages[1]).toMatchObject({ id: 'p2', expected: 38, kept: 38, correct: 38, f1: 1 });
    expect(report.macro).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(report.micro).toMatchObject({ expected: 76, kept: 38, correct: 38, precision: 1, recall: 0.5 });
    expect(report.micro.f1).toBeCloseTo(0.6667, 4);
    expect(formatExtractReport(report).split('\n')[0]).toBe('saksi eval extract: 2 pages (1 failed)');
  });
});

describe('directory errors', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'saksi-eval-extract-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const extract = (): never => ({ ok: true, text: '' }) as never;

  it('reports a missing directory, a page without expected text, a bad JSON and a missing page', () => {
    expect(() => evalExtractDir(join(tmp, 'nope'), { extract })).toThrow(/no such directory/);
    const lonely = join(tmp, 'lonely');
    mkdirSync(lonely);
    writeFileSync(join(lonely, 'a.html'), '<p>x</p>');
    expect(() => evalExtractDir(lonely, { extract })).toThrow(/a\.html has no a\.txt/);
    const badJson = join(tmp, 'bad-json');
    mkdirSync(badJson);
    writeFileSync(join(badJson, 'truth.json'), '{"a": {"body": "x"}}');
    expect(() => evalExtractDir(badJson, { extract })).toThrow(/entry "a" has no string articleBody/);
    const noPage = join(tmp, 'no-page');
    mkdirSync(noPage);
    writeFileSync(join(noPage, 'truth.json'), '{"a": {"articleBody": "x"}}');
    expect(() => evalExtractDir(noPage, { extract })).toThrow(/no page for "a"/);
  });
});

describe('saksi eval extract (end to end)', () => {
  it('prints a JSON report of the expected shape on the fixtures', async () => {
    const { registerEvalExtractCommand } = await import('../src/cli/eval-extract.js');
    for (const dir of [PAIRS, BENCH]) {
      const evalCmd = new Command('eval').exitOverride();
      registerEvalExtractCommand(evalCmd);
      let out = '';
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        out += String(chunk);
        return true;
      });
      try {
        await evalCmd.parseAsync(['extract', dir, '--json'], { from: 'user' });
      } finally {
        spy.mockRestore();
      }
      const report = JSON.parse(out);
      expect(report.pages).toHaveLength(2);
      for (const p of report.pages) {
        expect(p.expected).toBeGreaterThan(0);
        for (const k of ['precision', 'recall', 'f1']) expect(p[k]).toBeGreaterThanOrEqual(0);
        for (const k of ['precision', 'recall', 'f1']) expect(p[k]).toBeLessThanOrEqual(1);
      }
      expect(Object.keys(report.macro).sort()).toEqual(['f1', 'precision', 'recall']);
      expect(report.micro.expected).toBe(dir === PAIRS ? 98 : 76);
      // The fixtures are simple pages: readability finds the article in each.
      expect(report.failed).toBe(0);
      expect(report.micro.recall).toBeGreaterThan(0.8);
    }
  });
});
