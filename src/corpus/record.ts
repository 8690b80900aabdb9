/**
 * One input record → one analysed document: read (HTML with the reader it is given), hash,
 * MinHash, analyze. The core of src/corpus/worker.ts (which reads HTML with read-source) and of the
 * analysis worker thread (src/corpus/worker-thread.ts, which loads read-source only once a record
 * needs it). Everything here is pure CPU work on one record: no store access, which stays on the
 * main thread.
 */
import { createHash } from 'node:crypto';
import type { Analysis, Diagnostic, DocumentMetadata } from '../types.js';
import type { AnalyzeOptions } from '../analysis/analyze.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../kb/index.js';
import type { htmlToDocument } from '../read/read-source.js';
import { minhashSignature } from './near-duplicates.js';

/** Reads a page's HTML into a document (`htmlToDocument` of src/read/read-source.ts). */
export type HtmlReader = typeof htmlToDocument;

export type AnalyzeFunction = (text: string, options?: AnalyzeOptions) => Analysis;

/** The part of a `SourceRecord` a worker needs (structured-clone friendly). */
export interface WorkerRecord extends Pick<DocumentMetadata, 'title' | 'url' | 'published' | 'source' | 'author'> {
  readonly key: string;
  readonly origin: string;
  readonly text?: string;
  readonly html?: string;
  readonly warning?: string;
}

export interface WorkerTask {
  readonly seq: number;
  readonly record: WorkerRecord;
  /** `--source NAME`: the outlet for records that name none. */
  readonly defaultSource?: string;
}

export interface ProcessedDocument {
  readonly text: string;
  readonly meta: DocumentMetadata;
  readonly contentHash: string;
  readonly signature: Uint32Array;
  readonly analysis: Analysis;
  /**
   * The analysis without its text, as JSON: what the store writes. Set on documents that come
   * from a worker thread, which serialises the analysis once (cheaper to post than the object).
   */
  readonly analysisJson?: string;
  /** Warnings from reading the record (feed fallback, no main article...). */
  readonly warnings: readonly string[];
}

export type WorkerOutcome =
  | { readonly seq: number; readonly ok: true; readonly doc: ProcessedDocument }
  | { readonly seq: number; readonly ok: false; readonly code: string; readonly message: string };

/** An outcome as a worker posts it: the analysis as a JSON string (see `toWire`, `fromWire`). */
export type WireOutcome =
  | { readonly seq: number; readonly ok: true; readonly doc: Omit<ProcessedDocument, 'analysis' | 'analysisJson'> & { readonly analysisJson: string } }
  | { readonly seq: number; readonly ok: false; readonly code: string; readonly message: string };

/** The analysis serialised once, in the worker: a string crosses threads far cheaper than an object graph. */
export function toWire(outcome: WorkerOutcome): WireOutcome {
  if (!outcome.ok) return outcome;
  const { analysis, analysisJson: _json, ...rest } = outcome.doc;
  const { text: _text, ...withoutText } = analysis;
  return { seq: outcome.seq, ok: true, doc: { ...rest, analysisJson: JSON.stringify(withoutText) } };
}

/** The outcome with its analysis parsed back (the text put back in), keeping the JSON for the store. */
export function fromWire(outcome: WireOutcome): WorkerOutcome {
  if (!outcome.ok) return outcome;
  const { analysisJson, ...rest } = outcome.doc;
  // The text set on the parsed object (last, as a spread would put it) instead of a copy of it.
  const analysis = JSON.parse(analysisJson) as Analysis & { text: string };
  analysis.text = rest.text;
  return { seq: outcome.seq, ok: true, doc: { ...rest, analysis, analysisJson } };
}

/** Messages a worker sends besides outcomes. */
export type WorkerSignal = { readonly type: 'ready' } | { readonly type: 'fatal'; readonly message: string };

/** Marks the worker's `workerData`, so importing this file elsewhere starts nothing. */
export const WORKER_KIND = 'saksi-ingest-worker';

/**
 * The identity of a document's text: SHA-256 of the text in NFC with whitespace runs collapsed,
 * so the same article re-wrapped or with CRLF line ends is still an exact duplicate.
 * @example contentHash('a  b\r\n') === contentHash('a b')
 */
export function contentHash(text: string): string {
  const normal = text.normalize('NFC').replace(/\s+/gu, ' ').trim();
  return createHash('sha256').update(normal, 'utf8').digest('hex');
}

/** SHA-256 of a record's payload as read: unchanged inputs are skipped on a re-run without reading them again. */
export function rawHash(record: Pick<WorkerRecord, 'text' | 'html'>): string {
  const h = createHash('sha256');
  h.update(record.text === undefined ? '\u0000no-text' : `t${record.text}`, 'utf8');
  h.update('\u0000', 'utf8');
  h.update(record.html === undefined ? '\u0000no-html' : `h${record.html}`, 'utf8');
  return h.digest('hex');
}

/**
 * Loads the analyzer: `analyze` from `moduleUrl` (tests point it at a stand-in), else one analyzer
 * of src/analysis/analyzer.ts, compiled once for this worker. Rejects with a clear message when there is none.
 */
export async function loadAnalyzer(moduleUrl?: string): Promise<AnalyzeFunction> {
  if (moduleUrl === undefined) {
    const analyzer = (await import('../analysis/analyzer.js')).createAnalyzer();
    return (text, options) => analyzer.analyze(text, options);
  }
  const mod = (await import(moduleUrl)) as { analyze?: unknown };
  if (typeof mod.analyze !== 'function') {
    throw new Error(`the analysis pipeline is not available (${moduleUrl} exports no analyze function)`);
  }
  return mod.analyze as AnalyzeFunction;
}

function hostSource(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const host = new URL(url).hostname.toLowerCase();
    const parts = host.split('.');
    // news.detik.com → detik.com; bbc.co.uk stays bbc.co.uk
    if (parts.length > 2 && parts[parts.length - 2]!.length <= 3 && parts[parts.length - 1]!.length === 2) return parts.slice(-3).join('.');
    return parts.slice(-2).join('.');
  } catch {
    return undefined;
  }
}

function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined || o[k] === '') delete o[k];
  return o;
}

/** Whether a record is read from its HTML (it has no text): only then is an `HtmlReader` needed. */
export function needsHtmlReader(record: Pick<WorkerRecord, 'text' | 'html'>): boolean {
  return !(record.text !== undefined && record.text.trim() !== '') && record.html !== undefined && record.html.trim() !== '';
}

/**
 * Turns one record into an analysed document, or says why it cannot, reading HTML with `read`.
 * Never throws. `processRecord` of src/corpus/worker.ts is this with read-source's reader.
 */
export function processWith(task: WorkerTask, analyze: AnalyzeFunction, kb: KnowledgeBase | undefined, read: HtmlReader | undefined): WorkerOutcome {
  const { seq, record } = task;
  try {
    const warnings: string[] = [];
    if (record.warning) warnings.push(record.warning);
    let text: string;
    let pageMeta: DocumentMetadata = {};
    let diagnostics: Diagnostic[] = [];
    let format: 'text' | 'html';
    if (record.text !== undefined && record.text.trim() !== '') {
      text = record.text;
      format = 'text';
    } else if (record.html !== undefined && record.html.trim() !== '') {
      if (!read) throw new Error('no HTML reader was loaded');
      const page = read(record.html, record.origin, record.url);
      if (!page.ok) {
        const first = page.diagnostics.find((d) => d.severity === 'error') ?? page.diagnostics[0];
        return { seq, ok: false, code: first?.code ?? 'unreadable', message: first?.message ?? 'the page could not be read' };
      }
      text = page.doc.text;
      pageMeta = page.doc.meta;
      diagnostics = page.doc.diagnostics;
      for (const d of diagnostics) warnings.push(`${d.code}: ${d.message}`);
      format = 'html';
    } else {
      return { seq, ok: false, code: 'empty', message: `${record.origin} has no text` };
    }
    if (text.trim() === '') return { seq, ok: false, code: 'empty', message: `${record.origin} has no text` };

    const url = record.url ?? pageMeta.url;
    const meta = clean({
      title: record.title ?? pageMeta.title,
      byline: record.author ?? pageMeta.byline,
      author: record.author ?? pageMeta.byline,
      published: record.published ?? pageMeta.published,
      url,
      source: record.source ?? pageMeta.source ?? task.defaultSource ?? hostSource(url),
      origin: record.origin,
      format,
    });
    let analysis: Analysis;
    try {
      const { author: _author, ...analysisMeta } = meta;
      analysis = analyze(text, { meta: analysisMeta, diagnostics, ...(kb ? { kb } : {}) });
    } catch (err) {
      return { seq, ok: false, code: 'analyze-failed', message: `analysis failed: ${(err as Error)?.message ?? String(err)}` };
    }
    // No date in the record or the page: the dateline the analysis read ("Jakarta, Jumat (18/10/2024)").
    const published = meta.published ?? (analysis.reference?.source === 'dateline' ? analysis.reference.date : undefined);
    return {
      seq,
      ok: true,
      doc: {
        text,
        meta: clean({ ...meta, ...(published !== undefined ? { published } : {}), language: analysis.language }),
        contentHash: contentHash(text),
        signature: minhashSignature(text),
        analysis,
        warnings,
      },
    };
  } catch (err) {
    return { seq, ok: false, code: 'internal-error', message: `could not process the record: ${(err as Error)?.message ?? String(err)}` };
  }
}

export interface WorkerInit {
  readonly kind: typeof WORKER_KIND;
  readonly analyzerModule?: string;
  /** User knowledge-base files (`--kb`), added to the starter KB. */
  readonly kbFiles?: readonly string[];
}

/**
 * The knowledge base the analysis and the corpus resolver share: the starter KB plus `files`.
 * Loaded once per thread.
 */
export function loadKb(files: readonly string[] = []): KnowledgeBase {
  return files.length > 0 ? loadKnowledgeBase({ extraFiles: [...files] }) : loadKnowledgeBase();
}
