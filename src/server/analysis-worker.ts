/**
 * The server's analysis worker (a worker thread of `AnalysisPool`): analyses a posted text or
 * HTML page, or processes one record for ingest, off the server's event loop. Pure CPU work, no
 * store and no network.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { analyze as pipelineAnalyze } from '../analysis/analyze.js';
import { loadKb, processRecord, type AnalyzeFunction } from '../corpus/worker.js';
import type { KnowledgeBase } from '../kb/index.js';
import { htmlToDocument } from '../read/read-source.js';
import type { Analysis, DocumentMeta } from '../types.js';
import type { PoolTask, PoolReply, PoolSignal } from './pool.js';

export const SERVER_WORKER_KIND = 'saksi-server-worker';

/** The one place the server gets its analyzer (swap for `createAnalyzer()` when it lands). */
export function serverAnalyzer(): AnalyzeFunction {
  return pipelineAnalyze;
}

/** A posted text or page, analysed; an unreadable page is a failure with the reader's code. */
export function analyzeInput(
  input: { text?: string; html?: string; url?: string; lang?: string; date?: string; meta?: DocumentMeta },
  analyze: AnalyzeFunction,
  kb: KnowledgeBase,
): { ok: true; analysis: Analysis } | { ok: false; code: string; message: string } {
  let text = input.text;
  let meta: DocumentMeta = { ...(input.meta ?? {}) };
  let diagnostics: Analysis['diagnostics'] = [];
  if (text === undefined) {
    const read = htmlToDocument(input.html ?? '', input.url ?? 'posted HTML', input.url);
    if (!read.ok) {
      const first = read.diagnostics.find((d) => d.severity === 'error') ?? read.diagnostics[0];
      return { ok: false, code: first?.code ?? 'unreadable', message: first?.message ?? 'the page could not be read' };
    }
    text = read.doc.text;
    meta = { ...read.doc.meta, ...meta };
    diagnostics = read.doc.diagnostics;
  }
  if (text.trim() === '') return { ok: false, code: 'empty', message: 'the text is empty' };
  const analysis = analyze(text, {
    meta,
    diagnostics,
    kb,
    ...(input.lang ? { lang: input.lang } : {}),
    ...(input.date ? { date: input.date } : {}),
  });
  return { ok: true, analysis };
}

function run(task: PoolTask, analyze: AnalyzeFunction, kb: KnowledgeBase): PoolReply {
  try {
    if (task.kind === 'process') return { id: task.id, ok: true, value: processRecord(task.task, analyze, kb) };
    if (task.kind === 'crash') process.exit(3); // a worker dying mid-task (tests)
    if (task.kind === 'sleep') {
      const until = Date.now() + task.ms;
      while (Date.now() < until) {
        /* busy: a stand-in for a long analysis (tests) */
      }
      return { id: task.id, ok: true, value: null };
    }
    const out = analyzeInput(task.input, analyze, kb);
    return out.ok ? { id: task.id, ok: true, value: out.analysis } : { id: task.id, ok: false, code: out.code, message: out.message, client: true };
  } catch (err) {
    return { id: task.id, ok: false, code: 'analysis-failed', message: (err as Error)?.message ?? String(err), client: false };
  }
}

function runAsWorker(init: { kbFiles?: string[] }): void {
  const port = parentPort!;
  let analyze: AnalyzeFunction;
  let kb: KnowledgeBase;
  try {
    analyze = serverAnalyzer();
    kb = loadKb(init.kbFiles ?? []);
    // Warm up: the first analysis loads the tagger and the language packs.
    analyze('Warm up. Presiden mengatakan pada Senin bahwa 10 orang hadir.', { kb });
  } catch (err) {
    port.postMessage({ type: 'fatal', message: (err as Error).message } satisfies PoolSignal);
    return;
  }
  port.on('message', (task: PoolTask) => port.postMessage(run(task, analyze, kb)));
  port.postMessage({ type: 'ready' } satisfies PoolSignal);
}

const data = workerData as { kind?: string; kbFiles?: string[] } | undefined;
if (!isMainThread && data?.kind === SERVER_WORKER_KIND) runAsWorker(data);
