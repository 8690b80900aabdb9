import { setFlagsFromString } from 'node:v8';

/** The old generation's growth factor for long ingests: 1 + 25/100 of what survived the last full GC. */
const HEAP_GROWING_PERCENT = 25;

let applied = false;

/**
 * Keeps a long-running corpus process's heap close to what it actually holds. V8 lets the old
 * generation grow to as much as 4x what survived the last full collection before it collects
 * again; in an ingest the live heap stays flat (bounded caches, about 60 MB at 7,680 documents)
 * while the garbage between collections grows with the run, so that slack was most of the peak
 * RSS at 20,000 documents (465 MB; 2,000 documents: 239 MB). A factor of 1.25 brought them to
 * 260 MB and 209 MB (1.24x) at no measured CPU cost (166 vs 181 CPU-s at 20,000; 1.5 gave
 * 287 MB). Process-wide, so the analysis worker threads get it too. Left alone when the user
 * chose heap flags of their own. Returns whether this call set the flag.
 */
export function keepHeapNearLive(): boolean {
  if (applied) return false;
  applied = true;
  const chosen = `${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`;
  if (/heap-growing-percent|optimize-for-size/.test(chosen)) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}

/** V8's interrupt budget for processes that start analysis workers: about 6x V8's default (67,584 in Node 20). */
const INTERRUPT_BUDGET = 400_000;

let budgetApplied = false;

/**
 * Makes V8 optimise a function later (after about 6x more bytecode run in it), for ingests (called
 * by `ingest` and by `WorkerPool.start`). Each analysis worker is a fresh isolate that compiles the
 * whole analyzer again, and with V8's default budget TurboFan compiled functions before their type
 * feedback had settled, deoptimised them and compiled them again: an ingest of 500 Detik articles
 * with 2 workers spent about 6-8 ms of CPU per article in the compiler threads, more than the
 * workers' own analysis. With this budget, 2.5-3 ms, and the workers' own time hardly grew
 * (bench/commit-rate.mjs: total CPU per article 15.6 -> 12.0 ms, medians of 9 passes); analysing
 * in-process (`workers: 0`), 14 -> 10 ms. Process-wide, so it applies to the workers started after
 * it; left alone when the user chose the flag. Returns whether this call set it.
 */
export function optimiseLater(): boolean {
  if (budgetApplied) return false;
  budgetApplied = true;
  // (NODE_OPTIONS cannot carry V8's interrupt budget: only the command line can.)
  if (process.execArgv.some((a) => a.includes('interrupt-budget'))) return false;
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
  return true;
}
