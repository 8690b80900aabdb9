/**
 * The entry point of ingest's analysis worker threads (`WorkerPool` in src/corpus/ingest.ts): each
 * task is one record through `processWith` (read, hash, MinHash, analyze), posted back as a
 * `WireOutcome`. The HTML reader (src/read/read-source.ts and the HTML libraries behind it, about
 * 140 ms of CPU to load) is loaded only when a record needs it: a corpus of texts never loads it.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { KnowledgeBase } from '../kb/index.js';
import {
  WORKER_KIND,
  loadAnalyzer,
  loadKb,
  needsHtmlReader,
  processWith,
  toWire,
  type AnalyzeFunction,
  type HtmlReader,
  type WorkerInit,
  type WorkerSignal,
  type WorkerTask,
} from './record.js';

async function runAsWorker(init: WorkerInit): Promise<void> {
  const port = parentPort!;
  let analyze: AnalyzeFunction;
  let kb: KnowledgeBase;
  try {
    analyze = await loadAnalyzer(init.analyzerModule);
    kb = loadKb(init.kbFiles);
  } catch (err) {
    port.postMessage({ type: 'fatal', message: (err as Error).message } satisfies WorkerSignal);
    return;
  }
  let read: HtmlReader | undefined;
  let loading: Promise<void> | undefined;
  const handle = (task: WorkerTask): void => {
    port.postMessage(toWire(processWith(task, analyze, kb, read)));
  };
  port.on('message', (task: WorkerTask) => {
    if (loading === undefined && (read !== undefined || !needsHtmlReader(task.record))) {
      handle(task);
      return;
    }
    // The reader is loading (or must be): this task, and any that arrive meanwhile, wait for it, in order.
    loading ??= import('../read/read-source.js').then(
      (m) => {
        read = m.htmlToDocument;
      },
      () => undefined, // processWith then fails the record (no reader), as a read error would
    );
    const wait = loading;
    loading = wait.then(() => handle(task));
    const mine = loading;
    void mine.then(() => {
      if (loading === mine) loading = undefined;
    });
  });
  port.postMessage({ type: 'ready' } satisfies WorkerSignal);
}

if (!isMainThread && (workerData as WorkerInit | undefined)?.kind === WORKER_KIND) {
  void runAsWorker(workerData as WorkerInit);
}
