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

interface ServeFlags {
  db?: string;
  port?: string;
  host?: string;
  workers?: string;
  queue?: string;
  allowPrivateUrls?: boolean;
}

export function registerServeCommand(program: Command): void {
  dbOption(program.command('serve').description('HTTP API and web UI over the store (http://127.0.0.1:8080 by default)'))
    .option('--port <n>', 'port to listen on (0: any free port)', '8080')
    .option('--host <address>', 'address to listen on; beyond loopback, writes need SAKSI_TOKEN', '127.0.0.1')
    .option('--workers <n>', 'analysis worker threads (default: cores, at most 4)')
    .option('--queue <n>', 'analyses waiting beyond those running before 503 (default: 4 per worker)')
    .option('--allow-private-urls', 'let URL analysis fetch private and loopback addresses')
    .action(async (flags: ServeFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port expects a port number 0-65535, got '${flags.port}'`, EXIT.usage);
      const workers = positiveInt(flags.workers, '--workers') ?? Math.min(4, Math.max(1, availableParallelism()));
      const queue = flags.queue !== undefined ? Number(flags.queue) : undefined;
      if (queue !== undefined && (!Number.isInteger(queue) || queue < 0)) throw new CliError(`--queue expects a whole number, got '${flags.queue}'`, EXIT.usage);
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
        });
      } catch (err) {
        if (err instanceof ServerConfigError) throw new CliError(err.message, EXIT.usage);
        if (err instanceof StoreError) throw storeErrorToCli(err);
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new CliError(`port ${port} on ${flags.host} is in use; choose another with --port`, EXIT.unavailable);
        if (code === 'EADDRNOTAVAIL' || code === 'EACCES') throw new CliError(`cannot listen on ${flags.host}:${port} (${code})`, EXIT.unavailable);
        throw err;
      }
      process.stderr.write(`saksi: serving ${server.store.location} at ${server.url} (${workers} analysis worker${workers === 1 ? '' : 's'}${token ? ', writes need the token' : ''}); Ctrl-C stops\n`);
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
