/**
 * `saksi ingest <inputs...>`: files, folders, JSONL/JSON, feeds, WARC and URLs into the store.
 * Progress on a TTY (count, rate, ETA), a summary at the end, `--json` for a machine summary.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import type { IngestProgress, IngestSummary } from '../corpus/ingest.js';
import { openSqliteStore } from '../store/sqlite.js';
import { storePath, type Store } from '../store/store.js';
import { isPostgresUrl } from '../store/postgres/connect.js';
import { CliError, EXIT } from './errors.js';
import { colorsFor, dbOption, nonNegativeInt, positiveInt, storeErrorToCli, writeJson, num, type Colors } from './store-cli.js';

interface IngestFlags {
  db?: string;
  source?: string;
  kb?: string;
  include?: string[];
  exclude?: string[];
  workers?: string;
  timeout?: string;
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
    .option('--workers <n>', 'analysis threads (default: one per core; 0 analyses in the main thread)')
    .option('--timeout <seconds>', 'per URL, redirects included (default 15)')
    .option('--no-follow-links', 'for feeds, store the feed text instead of fetching each item\u2019s page')
    .option('--json', 'print a machine-readable summary')
    .option('--queue', 'with --db postgres://...: enqueue the items for saksi worker instead of analysing them here')
    // For tests and experiments: a module exporting `analyze(text, options)` to use instead of saksi's pipeline.
    .addOption(new Option('--analyzer <module>', 'analysis module to load in the workers').hideHelp())
    .action(async (inputs: string[], flags: IngestFlags) => {
      const workers = nonNegativeInt(flags.workers, '--workers');
      const timeout = positiveInt(flags.timeout, '--timeout');
      const path = storePath(flags.db);
      if (flags.queue) {
        const { enqueueCommand } = await import('./queue.js');
        const { timeout: _t, ...rest } = flags;
        return enqueueCommand(inputs, { ...rest, ...(timeout !== undefined ? { timeout } : {}) });
      }
      let store: Store;
      try {
        store = isPostgresUrl(path) ? await (await import('./queue.js')).openPgStore(path) : openSqliteStore(path);
      } catch (err) {
        throw storeErrorToCli(err);
      }
      const progress = createProgress(Boolean(process.stderr.isTTY) && !flags.json);
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
          ...(flags.followLinks === false ? { followFeedLinks: false } : {}),
          ...(flags.analyzer !== undefined
            ? { analyzerModule: /^[a-z][a-z0-9+.-]*:/i.test(flags.analyzer) ? flags.analyzer : pathToFileURL(resolve(flags.analyzer)).href }
            : {}),
          onProgress: progress.update,
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
      if (flags.json) writeJson({ ...summary, interrupted: controller.signal.aborted });
      else process.stdout.write(formatSummary(summary, colorsFor(process.stdout), controller.signal.aborted));
      process.exitCode = exitCodeOf(summary, controller.signal.aborted);
    });
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
  let running = false;
  return {
    update: (p) => {
      const seconds = (Date.now() - started) / 1000;
      const rate = seconds > 0 ? p.done / seconds : 0;
      // The total is known once every input has been enumerated; until then the ETA would be a guess.
      const remaining = p.enumerated && rate > 0 ? formatDuration((p.seen - p.done) / rate) : '?';
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

function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** The human summary: what happened to every input, adding up to what was seen. */
export function formatSummary(s: IngestSummary, c: Colors, interrupted = false): string {
  const lines: string[] = [];
  const secs = (s.elapsedMs / 1000).toFixed(1);
  lines.push(
    `${interrupted ? c.yellow('interrupted: ') : ''}${c.bold(num(s.seen))} inputs in ${secs} s (${s.perSecond} per second, ${s.workers === 0 ? 'in-process' : `${s.workers} workers`}) into ${s.store}`,
  );
  const row = (label: string, n: number, note = ''): string => `  ${label.padEnd(18)}${num(n).padStart(8)}${note}`;
  lines.push(row('ingested', s.ingested, s.nearDuplicates > 0 ? c.dim(`  (${num(s.nearDuplicates)} near-duplicates linked as copy-of)`) : ''));
  lines.push(row('exact duplicates', s.exactDuplicates, c.dim('  (same text already stored; not stored twice)')));
  lines.push(row('unchanged', s.unchanged, c.dim('  (already in the store)')));
  lines.push((s.failed > 0 ? c.red : (x: string) => x)(row('failed', s.failed)));
  for (const f of s.failures.slice(0, FAILURES_SHOWN)) {
    lines.push(`    ${c.red(f.code)} ${f.message.includes(f.origin) ? f.message : `${f.origin}: ${f.message}`}`);
  }
  if (s.failed > FAILURES_SHOWN) lines.push(c.dim(`    … and ${num(s.failed - FAILURES_SHOWN)} more (saksi ingest --json lists them; the store keeps them in its failures table)`));
  if (s.warnings.length > 0) lines.push(c.dim(`  ${num(s.warnings.length)} warnings (see --json)`));
  const t = s.totals;
  lines.push(
    c.dim(`store: ${num(t.documents)} documents, ${num(t.nearDuplicates)} near-duplicate links, ${num(t.entities)} entities, ${num(t.mentions)} mentions, ${num(t.claims)} claims`),
  );
  return `${lines.join('\n')}\n`;
}
