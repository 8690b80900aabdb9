/**
 * saksi as a library: analyse articles into explainable structured data.
 * @example
 * import { analyze, analyzeSource } from 'saksi';
 * const a = analyze(text, { lang: 'auto' });
 * const r = await analyzeSource('https://example.com/article.html');
 */
export { analyze, analyzeSource, type AnalyzeOptions, type SourceAnalysis } from './analysis/analyze.js';
export {
  createAnalyzer,
  STAGES,
  type Analyzer,
  type AnalyzerOptions,
  type AnalysisDocument,
  type CompiledPack,
  type Stage,
  type StageContext,
} from './analysis/analyzer.js';
export { readSource, readBytes, htmlToDocument, type ReadResult, type ReadOptions, type SourceDocument } from './read/index.js';
export { loadKnowledgeBase, type KnowledgeBase, type KbEntry } from './kb/index.js';
export { detectLanguage, getPack, availableLanguages } from './lang/index.js';
export * from './types.js';
