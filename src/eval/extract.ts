/**
 * Scores article-text extraction from HTML against expected text, as public article-extraction
 * benchmarks do: both texts become bags of lowercased `\p{L}+|\p{N}+` tokens; the correct tokens
 * are the multiset intersection (a token kept 3 times and expected twice counts 2); precision =
 * correct / kept, recall = correct / expected, F1 their harmonic mean. Reported per page, averaged
 * over pages (macro: the mean of the per-page figures, so long pages weigh no more than short
 * ones) and pooled (micro: from summed counts).
 *
 * A directory holds either pairs (`NAME.html`, `NAME.htm` or `NAME.html.gz` with the expected body
 * in `NAME.txt`), or one `.json` file mapping ids to `{ "articleBody": "...", "url": "..." }` with
 * the pages as `ID.html[.gz]` beside it or under `html/` (the layout of public benchmarks).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Analysis } from '../types.js';
import { EvalInputError } from './quotes.js';

export { EvalInputError } from './quotes.js';

const TOKEN = /\p{L}+|\p{N}+/gu;

/** Lowercased letter and digit runs. @example bagTokens("Rp5.000, kata-nya") // ['rp', '5', '000', 'kata', 'nya'] */
export function bagTokens(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

export interface TokenScore {
  /** Tokens in the expected text. */
  readonly expected: number;
  /** Tokens in the text kept. */
  readonly kept: number;
  /** Size of the multiset intersection. */
  readonly correct: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/** Precision, recall and F1 from counts; 0 where a denominator is 0. */
export function tokenPrf(expected: number, kept: number, correct: number): TokenScore {
  const precision = kept === 0 ? 0 : correct / kept;
  const recall = expected === 0 ? 0 : correct / expected;
  const f1 = expected + kept === 0 ? 0 : (2 * correct) / (expected + kept);
  return { expected, kept, correct, precision, recall, f1 };
}

/**
 * Bag-of-tokens precision, recall and F1 of `kept` against `expected`.
 * @example scoreTokens('a b b c', 'b b b d').correct // 2
 */
export function scoreTokens(expected: string, kept: string): TokenScore {
  const want = new Map<string, number>();
  const exp = bagTokens(expected);
  for (const t of exp) want.set(t, (want.get(t) ?? 0) + 1);
  const got = bagTokens(kept);
  let correct = 0;
  for (const t of got) {
    const n = want.get(t);
    if (n !== undefined && n > 0) {
      correct++;
      want.set(t, n - 1);
    }
  }
  return tokenPrf(exp.length, got.length, correct);
}

/** The text saksi keeps: the analysed text minus its removed (boilerplate) spans. */
export function keptText(analysis: Pick<Analysis, 'text' | 'removed'>): string {
  const removed = [...analysis.removed].sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let at = 0;
  for (const r of removed) {
    if (r.start > at) parts.push(analysis.text.slice(at, r.start));
    at = Math.max(at, r.end);
  }
  parts.push(analysis.text.slice(at));
  return parts.join('\n');
}

export interface ExtractCase {
  readonly id: string;
  readonly html: string;
  readonly expected: string;
  readonly url?: string;
}

/**
 * The pages of an evaluation directory and their expected text, sorted by id.
 * @throws EvalInputError for a missing directory, several `.json` files, a malformed `.json`, a page
 *   without expected text (pair layout) or an id without its page (JSON layout), or no pages at all
 */
export function findExtractCases(dir: string): ExtractCase[] {
  if (!existsSync(dir)) throw new EvalInputError(`no such directory: ${dir}`, 'missing');
  if (!statSync(dir).isDirectory()) throw new EvalInputError(`not a directory: ${dir}`, 'bad-input');
  const files = readdirSync(dir).sort();
  const jsons = files.filter((f) => f.toLowerCase().endsWith('.json'));
  const cases: ExtractCase[] = [];
  if (jsons.length > 1) {
    throw new EvalInputError(`expected one JSON ground-truth file in ${dir}, found ${jsons.join(', ')}`, 'bad-input');
  }
  if (jsons.length === 1) {
    const path = join(dir, jsons[0]!);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new EvalInputError(`${path}: not valid JSON (${(err as Error).message})`, 'bad-input');
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new EvalInputError(`${path}: expected an object mapping ids to { "articleBody": ... }`, 'bad-input');
    }
    for (const [id, entry] of Object.entries(data as Record<string, unknown>)) {
      const body = (entry as { articleBody?: unknown } | null)?.articleBody;
      if (typeof body !== 'string') throw new EvalInputError(`${path}: entry ${JSON.stringify(id)} has no string articleBody`, 'bad-input');
      const url = (entry as { url?: unknown }).url;
      const html = [join(dir, 'html'), dir]
        .flatMap((d) => [`${id}.html`, `${id}.html.gz`, `${id}.htm`].map((n) => join(d, n)))
        .find((p) => existsSync(p));
      if (!html) throw new EvalInputError(`${path}: no page for ${JSON.stringify(id)} (looked for ${id}.html[.gz] in ${dir} and ${join(dir, 'html')})`, 'bad-input');
      cases.push({ id, html, expected: body, ...(typeof url === 'string' ? { url } : {}) });
    }
  } else {
    const present = new Set(files);
    for (const f of files) {
      const m = /^(.*)\.(html\.gz|html|htm)$/i.exec(f);
      if (!m) continue;
      const id = m[1]!;
      if (!present.has(`${id}.txt`)) throw new EvalInputError(`${join(dir, f)} has no ${id}.txt with its expected text beside it`, 'bad-input');
      cases.push({ id, html: join(dir, f), expected: readFileSync(join(dir, `${id}.txt`), 'utf8') });
    }
  }
  if (cases.length === 0) throw new EvalInputError(`no pages in ${dir} (expected NAME.html with NAME.txt, or one .json mapping ids to articleBody)`, 'bad-input');
  return cases.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Reads an HTML file, gunzipping `.gz` (or any gzip data) and decoding by the charset the page
 * declares in its first 2 KB (UTF-8 when it declares none or one this Node cannot decode).
 */
export function readHtml(path: string): string {
  let buf = readFileSync(path);
  if (buf.length > 2 && buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  const head = buf.subarray(0, 2048).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  let label = m?.[1]?.toLowerCase() ?? 'utf-8';
  try {
    new TextDecoder(label);
  } catch {
    label = 'utf-8';
  }
  return new TextDecoder(label).decode(buf);
}

/** What an extractor returns for one page: the text kept, or why there is none. */
export type ExtractOutcome = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: string };

export interface EvalExtractOptions {
  /** Turns one page into the text kept (the CLI reads it with saksi and cuts the removed spans). */
  readonly extract: (html: string, origin: string, url?: string) => ExtractOutcome;
}

export interface ExtractPageReport extends TokenScore {
  readonly id: string;
  /** Why nothing was kept, when the extractor failed (the page then scores 0). */
  readonly error?: string;
}

export interface ExtractReport {
  readonly dir: string;
  readonly pages: readonly ExtractPageReport[];
  /** Means of the per-page precision, recall and F1. */
  readonly macro: { readonly precision: number; readonly recall: number; readonly f1: number };
  /** From counts summed over pages. */
  readonly micro: TokenScore;
  readonly failed: number;
}

/**
 * Scores every page of `dir` (see `findExtractCases`).
 * @throws EvalInputError for a bad directory
 */
export function evalExtractDir(dir: string, options: EvalExtractOptions): ExtractReport {
  const pages: ExtractPageReport[] = [];
  for (const c of findExtractCases(dir)) {
    const outcome = options.extract(readHtml(c.html), c.html, c.url);
    const score = scoreTokens(c.expected, outcome.ok ? outcome.text : '');
    pages.push({ id: c.id, ...score, ...(outcome.ok ? {} : { error: outcome.error }) });
  }
  return summarizeExtract(dir, pages);
}

/** Macro and micro averages of per-page scores. */
export function summarizeExtract(dir: string, pages: readonly ExtractPageReport[]): ExtractReport {
  const n = pages.length;
  const mean = (k: 'precision' | 'recall' | 'f1'): number => (n === 0 ? 0 : pages.reduce((s, p) => s + p[k], 0) / n);
  const sum = (k: 'expected' | 'kept' | 'correct'): number => pages.reduce((s, p) => s + p[k], 0);
  return {
    dir,
    pages,
    macro: { precision: mean('precision'), recall: mean('recall'), f1: mean('f1') },
    micro: tokenPrf(sum('expected'), sum('kept'), sum('correct')),
    failed: pages.filter((p) => p.error !== undefined).length,
  };
}

/**
 * The report as plain text: one row per page, then the macro and micro averages.
 * @example formatExtractReport(report).split('\n').at(-1) // 'micro  P=0.912 R=0.874 F1=0.893 (...)'
 */
export function formatExtractReport(report: ExtractReport): string {
  const f = (x: number): string => x.toFixed(3);
  const width = Math.max(4, ...report.pages.map((p) => basename(p.id).length));
  const lines = [
    `saksi eval extract: ${report.pages.length} pages${report.failed ? ` (${report.failed} failed)` : ''}`,
    '',
    `${'page'.padEnd(width)}  expected   kept  correct  precision  recall     F1`,
  ];
  for (const p of report.pages) {
    lines.push(
      `${p.id.padEnd(width)}  ${String(p.expected).padStart(8)} ${String(p.kept).padStart(6)} ${String(p.correct).padStart(8)}  ${f(p.precision).padStart(9)} ${f(p.recall).padStart(7)} ${f(p.f1).padStart(6)}${p.error ? `  (${p.error})` : ''}`,
    );
  }
  const m = report.macro;
  const u = report.micro;
  lines.push(
    '',
    `macro  P=${f(m.precision)} R=${f(m.recall)} F1=${f(m.f1)} (mean over ${report.pages.length} pages)`,
    `micro  P=${f(u.precision)} R=${f(u.recall)} F1=${f(u.f1)} (${u.correct} of ${u.kept} kept tokens correct, ${u.expected} expected)`,
  );
  return lines.join('\n');
}
