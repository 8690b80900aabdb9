/**
 * `saksi serve [--port 8080] [--host 127.0.0.1] [--db FILE]`: the HTTP API and the web UI.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { ServerConfigError } from '../server/app.js';
import { startServer } from '../server/server.js';
import { StoreError, storePath } from '../store/store.js';
import { CliError, EXIT } from './errors.js';
import { dbOption, positiveInt, storeErrorToCli } from './store-cli.js';
import { checkFeeds, parseDuration } from './watch.js';
import { MIN_INTERVAL_MS, type WatchEvent } from '../corpus/watch.js';

interface ServeFlags {
  db?: string;
  port?: string;
  host?: string;
  workers?: string;
  queue?: string;
  allowPrivateUrls?: boolean;
  watch?: string[];
  every?: string;
}

export function registerServeCommand(program: Command): void {
  dbOption(program.command('serve').description('HTTP API and web UI over the store (http://127.0.0.1:8080 by default)'))
    .option('--port <n>', 'port to listen on (0: any free port)', '8080')
    .option('--host <address>', 'address to listen on; beyond loopback, writes need SAKSI_TOKEN', '127.0.0.1')
    .option('--workers <n>', 'analysis worker threads (default: cores, at most 4)')
    .option('--queue <n>', 'analyses waiting beyond those running before 503 (default: 4 per worker)')
    .option('--allow-private-urls', 'let URL analysis fetch private and loopback addresses')
    .option('--watch <feeds...>', 'follow these RSS/Atom feeds inside the server (as saksi watch); open story pages update as claims arrive')
    .option('--every <duration>', 'with --watch: poll interval (default 15m; at least 1s)')
    .action(async (flags: ServeFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port expects a port number 0-65535, got '${flags.port}'`, EXIT.usage);
      const workers = positiveInt(flags.workers, '--workers') ?? Math.min(4, Math.max(1, availableParallelism()));
      const queue = flags.queue !== undefined ? Number(flags.queue) : undefined;
      if (queue !== undefined && (!Number.isInteger(queue) || queue < 0)) throw new CliError(`--queue expects a whole number, got '${flags.queue}'`, EXIT.usage);
      if (flags.every !== undefined && !flags.watch) throw new CliError('--every goes with --watch FEED...', EXIT.usage);
      const intervalMs = parseDuration(flags.every ?? '15m');
      if (intervalMs < MIN_INTERVAL_MS) throw new CliError(`--every must be at least ${MIN_INTERVAL_MS / 1000}s`, EXIT.usage);
      if (flags.watch) checkFeeds(flags.watch);
      const logEvent = (e: WatchEvent): void => {
        if (e.type === 'error') process.stderr.write(`saksi: watch: ${e.feed}: ${e.message}\n`);
        else if (e.type === 'feed' && e.newItems > 0) process.stderr.write(`saksi: watch: ${e.feed}: ${e.newItems} new items\n`);
        else if (e.type === 'stance-change') process.stderr.write(`saksi: watch: story ${e.story}: ${e.speaker} ${e.from} → ${e.to} on ${e.proposition}\n`);
      };
      const token = process.env['SAKSI_TOKEN'] || undefined;
      let server;
      try {
        server = await startServer({
          db: storePath(flags.db),
          port,
          host: flags.host ?? '127.0.0.1',
          allowPrivateUrls: Boolean(flags.allowPrivateUrls),
          ...(token ? { token } : {}),
          pool: { workers, ...(queue !== undefined ? { queue } : {}) },
          ...(flags.watch ? { watch: { feeds: flags.watch, intervalMs, onEvent: logEvent } } : {}),
        });
      } catch (err) {
        if (err instanceof ServerConfigError) throw new CliError(err.message, EXIT.usage);
        if (err instanceof StoreError) throw storeErrorToCli(err);
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new CliError(`port ${port} on ${flags.host} is in use; choose another with --port`, EXIT.unavailable);
        if (code === 'EADDRNOTAVAIL' || code === 'EACCES') throw new CliError(`cannot listen on ${flags.host}:${port} (${code})`, EXIT.unavailable);
        throw err;
      }
      process.stderr.write(`saksi: serving ${server.store.location} at ${server.url} (${workers} analysis worker${workers === 1 ? '' : 's'}${token ? ', writes need the token' : ''}${flags.watch ? `, watching ${flags.watch.length} feed${flags.watch.length === 1 ? '' : 's'} every ${flags.every ?? '15m'}` : ''}); Ctrl-C stops\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void server.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
