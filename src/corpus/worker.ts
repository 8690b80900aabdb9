/**
 * One input record → one analysed document: read (HTML via read-source), hash, MinHash, analyze.
 * Runs in-process (`workers: 0`, the queue worker, the server's analysis workers); ingest's own
 * worker threads run src/corpus/worker-thread.ts, the same work with read-source loaded only
 * when a record needs it. The core is in src/corpus/record.ts, re-exported here.
 */
import type { KnowledgeBase } from '../kb/index.js';
import { htmlToDocument } from '../read/read-source.js';
import { processWith, type AnalyzeFunction, type WorkerOutcome, type WorkerTask } from './record.js';

export * from './record.js';

/**
 * Turns one record into an analysed document, or says why it cannot. Never throws.
 * @example processRecord({ seq: 0, record: { key: 'a', origin: 'a', text: 'Halo.' } }, analyze)
 */
export function processRecord(task: WorkerTask, analyze: AnalyzeFunction, kb?: KnowledgeBase): WorkerOutcome {
  return processWith(task, analyze, kb, htmlToDocument);
}
