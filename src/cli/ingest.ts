/**
 * `saksi ingest <inputs...>`: files, folders, JSONL/JSON, feeds, WARC and URLs into the store.
 * Progress on a TTY (count, rate, ETA), a summary at the end, `--json` for a machine summary.
 */
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import type { IngestProgress, IngestSummary } from '../corpus/ingest.js';
import type { SkipReason } from '../read/sources/types.js';
import { openStore } from '../store/open.js';
import { storePath, type Store } from '../store/store.js';
import { CliError, EXIT, requireFiles } from './errors.js';
import { count, noun } from './report.js';
import { colorsFor, dbOption, nonNegativeInt, positiveInt, positiveNumber, storeErrorToCli, writeJson, num, type Colors } from './store-cli.js';

interface IngestFlags {
  db?: string;
  source?: string;
  kb?: string;
  include?: string[];
  exclude?: string[];
  workers?: string;
  timeout?: string;
  maxSize?: string;
  maxRedirects?: string;
  analysisTimeout?: string;
  followLinks?: boolean;
  json?: boolean;
  analyzer?: string;
  queue?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Failures listed in the human summary; `--json` lists them all (up to the ingest's own limit). */
const FAILURES_SHOWN = 20;

export function registerIngestCommand(program: Command): void {
  dbOption(
    program
      .command('ingest')
      .description('Read articles (files, folders, .jsonl/.json, RSS/Atom feeds, WARC, URLs), analyse them and store them')
      .argument('<inputs...>', 'paths, folders, feed files or URLs'),
  )
    .option('--source <name>', 'the outlet, for articles that do not name one')
    .option('--kb <file>', 'a knowledge base of your own (.csv or .json), added to the starter KB')
    .option('--include <glob>', 'in folders, only files matching (repeatable)', collect)
    .option('--exclude <glob>', 'in folders, skip files matching (repeatable)', collect)
    .option('--workers <n>', 'analysis threads (default: one per core but one, left to the thread that stores, plus that one when analysis falls behind; 0 analyses in the main thread)')
    .option('--timeout <seconds>', 'per URL, redirects included (default 15)')
    .option('--max-size <MB>', 'largest file, line, item or page to read, in megabytes (default 10)')
    .option('--max-redirects <n>', 'for URLs: redirects to follow (default 5)')
    .option('--analysis-timeout <seconds>', 'give up on one document whose analysis takes longer (default 120)')
    .option('--no-follow-links', 'for feeds, store the feed text instead of fetching each item\u2019s page')
    .option('--json', 'print a machine-readable summary')
    .option('--queue', 'with --db postgres://...: enqueue the items for saksi worker instead of analysing them here')
    // For tests and experiments: a module exporting `analyze(text, options)` to use instead of saksi's pipeline.
    .addOption(new Option('--analyzer <module>', 'analysis module to load in the workers').hideHelp())
    .action(async (inputs: string[], flags: IngestFlags) => {
      const workers = nonNegativeInt(flags.workers, '--workers');
      const timeout = positiveInt(flags.timeout, '--timeout');
      const maxMb = positiveNumber(flags.maxSize, '--max-size');
      const maxRedirects = nonNegativeInt(flags.maxRedirects, '--max-redirects');
      const analysisTimeout = positiveNumber(flags.analysisTimeout, '--analysis-timeout');
      if (flags.kb !== undefined) requireFiles([flags.kb], '--kb');
      const path = storePath(flags.db);
      if (flags.queue) {
        const { enqueueCommand } = await import('./queue.js');
        const { timeout: _t, ...rest } = flags;
        return enqueueCommand(inputs, { ...rest, ...(timeout !== undefined ? { timeout } : {}) });
      }
      let store: Store;
      try {
        store = await openStore(path, { onWait: (message) => process.stderr.write(`saksi: ${message}\n`) });
      } catch (err) {
        throw storeErrorToCli(err);
      }
      const progress = createProgress(Boolean(process.stderr.isTTY) && !flags.json);
      const skipped = skipCounter();
      const controller = new AbortController();
      const onSigint = (): void => {
        if (controller.signal.aborted) process.exit(130);
        process.stderr.write('\nsaksi: stopping after the documents already read are stored (Ctrl-C again to quit now)\n');
        controller.abort();
      };
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigint);
      // Loaded here, so that other commands start without the ingest machinery.
      const { ingest, IngestError } = await import('../corpus/ingest.js');
      let summary: IngestSummary;
      try {
        summary = await ingest(store, inputs, {
          ...(flags.source !== undefined ? { source: flags.source } : {}),
          ...(flags.kb !== undefined ? { kb: flags.kb } : {}),
          ...(flags.include ? { include: flags.include } : {}),
          ...(flags.exclude ? { exclude: flags.exclude } : {}),
          ...(workers !== undefined ? { workers } : {}),
          ...(timeout !== undefined ? { timeoutMs: timeout * 1000 } : {}),
          ...(maxMb !== undefined ? { maxBytes: Math.round(maxMb * 1024 * 1024) } : {}),
          ...(maxRedirects !== undefined ? { maxRedirects } : {}),
          ...(analysisTimeout !== undefined ? { documentTimeoutMs: Math.round(analysisTimeout * 1000) } : {}),
          ...(flags.followLinks === false ? { followFeedLinks: false } : {}),
          ...(flags.analyzer !== undefined
            ? { analyzerModule: /^[a-z][a-z0-9+.-]*:/i.test(flags.analyzer) ? flags.analyzer : pathToFileURL(resolve(flags.analyzer)).href }
            : {}),
          onProgress: progress.update,
          onSkip: skipped.add,
          onReconnect: (message) => process.stderr.write(`\nsaksi: ${message}\n`),
          signal: controller.signal,
        });
      } catch (err) {
        if (err instanceof IngestError) throw new CliError(err.message, err.reason === 'kb' ? EXIT.badInput : EXIT.unavailable);
        throw storeErrorToCli(err);
      } finally {
        progress.stop();
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigint);
        await store.close();
      }
      summary = withHints(summary);
      if (flags.json) writeJson({ ...summary, skipped: skipped.report(), interrupted: controller.signal.aborted });
      else process.stdout.write(formatSummary(summary, colorsFor(process.stdout), controller.signal.aborted, skipped.report()));
      process.exitCode = exitCodeOf(summary, controller.signal.aborted);
    });
}

/** Failures of a limit the reader does not name itself: the flag that raises it. */
const HINTS: Readonly<Record<string, string>> = {
  'analyze-timeout': 'raise --analysis-timeout <seconds>',
};

function withHints(s: IngestSummary): IngestSummary {
  const hinted = (f: IngestSummary['failures'][number]) => {
    const hint = HINTS[f.code];
    return hint && !f.message.includes('--') ? { ...f, message: `${f.message}; ${hint}` } : f;
  };
  return { ...s, failures: s.failures.map(hinted) };
}

function exitCodeOf(s: IngestSummary, interrupted: boolean): number {
  if (interrupted) return 130;
  if (s.seen === 0) return EXIT.noInput;
  if (s.failed === 0) return EXIT.ok;
  if (s.failed === s.seen) return s.failures.every((f) => f.code === 'not-found') ? EXIT.noInput : EXIT.badInput;
  return EXIT.partial;
}

function createProgress(enabled: boolean): { update: (p: IngestProgress) => void; stop: () => void } {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      format: ' {bar} {value}/{total}{more} | {rate} docs/s | ETA {remaining} | {failed} failed',
      barCompleteChar: '\u2588',
      barIncompleteChar: '\u2591',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 5,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  const eta = etaEstimator();
  let running = false;
  return {
    update: (p) => {
      const now = Date.now();
      const seconds = (now - started) / 1000;
      const rate = seconds > 0 ? p.done / seconds : 0;
      const remaining = eta(p, now);
      const payload = { rate: rate.toFixed(1), failed: p.failed, more: p.enumerated ? '' : '+', remaining };
      if (!running) {
        bar.start(Math.max(1, p.seen), p.done, payload);
        running = true;
      }
      bar.setTotal(Math.max(1, p.seen));
      bar.update(p.done, payload);
    },
    stop: () => {
      if (running) bar.stop();
    },
  };
}

/** Documents and seconds measured before an ETA is shown: below these it is noise. */
const ETA_MIN_DOCS = 5;
const ETA_MIN_SECONDS = 2;

/**
 * The progress bar's ETA, or `…` while it would be a guess: before every input is enumerated (the
 * total is unknown), and before enough documents have been committed to measure a rate. The rate
 * is measured from the first commit, not from the start, so that starting the workers and loading
 * the models (seconds, while nothing is committed) does not make a 3 s job promise 8 minutes.
 */
export function etaEstimator(): (p: Pick<IngestProgress, 'done' | 'seen' | 'enumerated'>, nowMs: number) => string {
  let first: { at: number; done: number } | undefined;
  return (p, now) => {
    if (first === undefined && p.done > 0) first = { at: now, done: p.done };
    if (!p.enumerated || first === undefined) return '…';
    const docs = p.done - first.done;
    const seconds = (now - first.at) / 1000;
    if (docs < ETA_MIN_DOCS || seconds < ETA_MIN_SECONDS) return '…';
    return formatDuration((p.seen - p.done) / (docs / seconds));
  };
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Files in folders that were not read, by reason; files of unknown type by extension. */
export interface SkipReport {
  readonly total: number;
  readonly byReason: Record<string, number>;
  readonly unknownTypes: Record<string, number>;
}

/** Counts what enumeration passes over (WARC records that are not pages are not files: left out). */
function skipCounter(): { add: (path: string, reason: SkipReason) => void; report: () => SkipReport } {
  const byReason: Record<string, number> = {};
  const unknownTypes: Record<string, number> = {};
  let total = 0;
  return {
    add: (path, reason) => {
      if (reason === 'warc-record') return;
      total++;
      byReason[reason] = (byReason[reason] ?? 0) + 1;
      if (reason === 'unknown-extension') {
        const ext = extname(path).toLowerCase() || '(no extension)';
        unknownTypes[ext] = (unknownTypes[ext] ?? 0) + 1;
      }
    },
    report: () => ({ total, byReason: { ...byReason }, unknownTypes: { ...unknownTypes } }),
  };
}

const SKIP_WORDS: Readonly<Record<string, string>> = {
  'unknown-extension': 'of unknown type',
  dotfile: 'hidden',
  excluded: 'excluded by --exclude',
  'not-included': 'not matched by --include',
  'not-a-file': 'not regular files',
  'duplicate-input': 'given twice',
};

/** The human summary: what happened to every input, adding up to what was seen. */
export function formatSummary(s: IngestSummary, c: Colors, interrupted = false, skipped?: SkipReport): string {
  const lines: string[] = [];
  const secs = (s.elapsedMs / 1000).toFixed(1);
  lines.push(
    `${interrupted ? c.yellow('interrupted: ') : ''}${c.bold(num(s.seen))} ${noun(s.seen, 'input')} in ${secs} s (${s.perSecond} per second, ${s.workers === 0 ? 'in-process' : count(s.workers, 'worker')}) into ${s.store}`,
  );
  const row = (label: string, n: number, note = ''): string => `  ${label.padEnd(18)}${num(n).padStart(8)}${note}`;
  lines.push(row('ingested', s.ingested, s.nearDuplicates > 0 ? c.dim(`  (${count(s.nearDuplicates, 'near-duplicate')} linked as copy-of)`) : ''));
  lines.push(row('exact duplicates', s.exactDuplicates, c.dim('  (same text already stored; not stored twice)')));
  lines.push(row('unchanged', s.unchanged, c.dim('  (already in the store)')));
  lines.push((s.failed > 0 ? c.red : (x: string) => x)(row('failed', s.failed)));
  for (const f of s.failures.slice(0, FAILURES_SHOWN)) {
    lines.push(`    ${c.red(f.code)} ${f.message.includes(f.origin) ? f.message : `${f.origin}: ${f.message}`}`);
  }
  if (s.failed > FAILURES_SHOWN) lines.push(c.dim(`    … and ${num(s.failed - FAILURES_SHOWN)} more (saksi ingest --json lists them; the store keeps them in its failures table)`));
  if (s.warnings.length > 0) lines.push(c.dim(`  ${count(s.warnings.length, 'warning')} (see --json)`));
  if (skipped && skipped.total > 0) {
    const parts = Object.entries(skipped.byReason).map(([reason, n]) => {
      const types = reason === 'unknown-extension' ? ` (${Object.entries(skipped.unknownTypes).map(([ext, k]) => `${ext} ×${k}`).join(', ')})` : '';
      return `${num(n)} ${SKIP_WORDS[reason] ?? reason}${types}`;
    });
    lines.push(c.yellow(`  not read: ${count(skipped.total, 'file')} in the folders: ${parts.join('; ')}`));
  }
  const t = s.totals;
  lines.push(
    c.dim(`store: ${count(t.documents, 'document')}, ${count(t.nearDuplicates, 'near-duplicate link')}, ${count(t.entities, 'entity', 'entities')}, ${count(t.mentions, 'mention')}, ${count(t.claims, 'claim')}`),
  );
  return `${lines.join('\n')}\n`;
}
