import { createAnalyzer, type Analyzer, type AnalyzeOptions } from './analyzer.js';
import { readSource, type ReadOptions } from '../read/index.js';
import type { Analysis, Diagnostic } from '../types.js';

export type { AnalyzeOptions } from './analyzer.js';

let defaultAnalyzer: Analyzer | undefined;

/** The analyzer `analyze()` uses: every pack and the starter knowledge base, created on first use. */
export function getDefaultAnalyzer(): Analyzer {
  return (defaultAnalyzer ??= createAnalyzer());
}

/**
 * Analyses one article: boilerplate, language, sentences, dates, quantities, entities (resolved
 * within the article), claims with speakers and stances, and flags. Never throws on any text.
 * The same as `createAnalyzer().analyze(text, options)` with one analyzer kept for the process.
 * @example analyze('Presiden Joko Widodo mengatakan inflasi 2,5 persen.', { date: '2024-10-17' }).claims[0].stance // 'assert'
 */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  return getDefaultAnalyzer().analyze(text, options);
}

export type SourceAnalysis = { readonly ok: true; readonly analysis: Analysis } | { readonly ok: false; readonly diagnostics: Diagnostic[] };

/**
 * Reads a source (a .txt or .html path, an http(s) URL, or '-' for standard input) and analyses
 * it, as `saksi analyze` does. Unreadable input is returned as diagnostics, never thrown.
 * @example const r = await analyzeSource('article.html'); if (r.ok) console.log(r.analysis.claims.length);
 */
export async function analyzeSource(source: string, options: AnalyzeOptions & ReadOptions = {}): Promise<SourceAnalysis> {
  const read = await readSource(source, options);
  if (!read.ok) return { ok: false, diagnostics: read.diagnostics };
  const { doc } = read;
  return { ok: true, analysis: analyze(doc.text, { ...options, meta: { ...doc.meta, ...options.meta }, diagnostics: [...doc.diagnostics, ...(options.diagnostics ?? [])] }) };
}
