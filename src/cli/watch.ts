/**
 * `saksi watch <feed>... [--every 15m] [--max-polls N | --once] [--db] [--json]`: follows feeds,
 * ingests new items, prints each new claim and each change of stance in the stories they touch.
 */
import type { Command } from 'commander';
import { openStore } from '../store/open.js';
import { storePath, type Store } from '../store/store.js';
import { watchFeeds, MIN_INTERVAL_MS, type WatchEvent } from '../corpus/watch.js';
import { CliError, EXIT } from './errors.js';
import { colorsFor, dbOption, positiveInt, storeErrorToCli } from './store-cli.js';

/**
 * A duration such as `15m`, `30s`, `1h`, `90` (seconds).
 * @example parseDuration('15m') // 900000
 */
export function parseDuration(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(value.trim());
  if (!m) throw new CliError(`--every expects a duration such as 15m, 30s or 1h, got '${value}'`, EXIT.usage);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000);
}

/** Feeds must be http(s) URLs. */
export function checkFeeds(feeds: readonly string[]): void {
  for (const f of feeds) {
    let u: URL;
    try {
      u = new URL(f);
    } catch {
      throw new CliError(`not a URL: '${f}' (saksi watch follows http(s) feeds; use saksi ingest for files)`, EXIT.usage);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new CliError(`not an http(s) URL: '${f}'`, EXIT.usage);
  }
}

interface WatchFlags {
  db?: string;
  every?: string;
  maxPolls?: string;
  once?: boolean;
  json?: boolean;
  workers?: string;
}

export function registerWatchCommand(program: Command): void {
  dbOption(
    program
      .command('watch')
      .description('Follow feeds: ingest new items as they appear and print each new claim and change of stance in the stories they touch')
      .argument('<feeds...>', 'RSS or Atom feed URLs'),
  )
    .option('--every <duration>', 'poll interval (default 15m; at least 1s)', '15m')
    .option('--max-polls <n>', 'stop after this many polls')
    .option('--once', 'poll once and stop (same as --max-polls 1)')
    .option('--workers <n>', 'analysis worker threads (default: 0, in-process; feeds are small)')
    .option('--json', 'print events as JSON lines')
    .action(async (feeds: string[], flags: WatchFlags) => {
      const intervalMs = parseDuration(flags.every ?? '15m');
      if (intervalMs < MIN_INTERVAL_MS) throw new CliError(`--every must be at least ${MIN_INTERVAL_MS / 1000}s`, EXIT.usage);
      checkFeeds(feeds);
      const maxPolls = flags.once ? 1 : positiveInt(flags.maxPolls, '--max-polls');
      const workers = flags.workers === undefined ? 0 : Number(flags.workers);
      if (!Number.isInteger(workers) || workers < 0) throw new CliError(`--workers expects a whole number, got '${flags.workers}'`, EXIT.usage);
      let store: Store;
      try {
        store = await openStore(storePath(flags.db));
      } catch (err) {
        throw storeErrorToCli(err);
      }
      const controller = new AbortController();
      const stop = (): void => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const c = colorsFor(process.stdout);
      let errors = 0;
      const print = (e: WatchEvent): void => {
        if (e.type === 'error') errors++;
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(e)}\n`);
          return;
        }
        if (e.type === 'poll') process.stderr.write(c.dim(`poll ${e.poll} at ${e.at}\n`));
        else if (e.type === 'feed') process.stderr.write(c.dim(`  ${e.feed}: ${e.status === 'unchanged' ? 'not modified' : `${e.items} items, ${e.newItems} new`}\n`));
        else if (e.type === 'error') process.stderr.write(`  ${c.red('error')} ${e.feed}: ${e.message}\n`);
        else if (e.type === 'claim') {
          const figs = e.figures.length ? ` [${e.figures.join('; ')}]` : '';
          process.stdout.write(`${c.cyan(e.story)} ${e.date ?? '?'} ${e.outlet ?? '?'} ${e.stance.toUpperCase()} ${c.bold(e.speaker)}: ${e.text}${figs}  ${c.dim(e.storyTitle)}\n`);
        } else {
          process.stdout.write(`${c.cyan(e.story)} ${c.magenta('stance change')} ${c.bold(e.speaker)} on ${e.proposition}: ${e.from} → ${e.to} (${e.date ?? '?'})  ${c.dim(e.storyTitle)}\n`);
        }
      };
      try {
        await watchFeeds(store, feeds, { intervalMs, ...(maxPolls !== undefined ? { maxPolls } : {}), signal: controller.signal, ingest: { workers }, onEvent: print });
      } catch (err) {
        throw storeErrorToCli(err);
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await store.close();
      }
      if (errors > 0) process.exitCode = EXIT.partial;
    });
}
