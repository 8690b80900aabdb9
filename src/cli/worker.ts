/**
 * `saksi worker --db postgres://... [--concurrency N]`: analyses and stores queued ingest jobs.
 * Start as many as you like, on as many machines; Ctrl-C (SIGTERM) finishes the current batch.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Option, type Command } from 'commander';
import { WORKER_BATCH, closeQueue } from '../corpus/queue/queue.js';
import { CliError, EXIT } from './errors.js';
import { num, positiveInt, nonNegativeInt, storeErrorToCli, writeJson } from './store-cli.js';
import { openPgQueue, openPgStore, policyFromEnv, queueUrl } from './queue.js';

interface WorkerFlags {
  db?: string;
  concurrency?: string;
  batch?: string;
  kb?: string;
  untilEmpty?: boolean;
  json?: boolean;
  analyzer?: string;
  deadline?: string;
}

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('Analyse and store the ingest jobs queued by saksi ingest --queue (run many, on many machines)')
    .option('--db <url>', 'the PostgreSQL store (default: $SAKSI_DB)')
    .option('--concurrency <n>', 'analysis threads in this worker (default: one per core but one, left to the thread that stores; 0 analyses in the main thread)')
    .option('--batch <n>', `jobs taken and stored per transaction (default ${WORKER_BATCH})`)
    .option('--kb <file>', 'a knowledge base of your own (.csv or .json), added to the starter KB')
    .option('--deadline <seconds>', 'per job: an analysis running longer fails and is retried (default 120)')
    .option('--until-empty', 'stop once no job is queued, retrying or active')
    .option('--json', 'print a machine-readable summary at the end')
    .addOption(new Option('--analyzer <module>', 'analysis module to load in the threads').hideHelp())
    .action(async (flags: WorkerFlags) => {
      const concurrency = nonNegativeInt(flags.concurrency, '--concurrency');
      const batch = positiveInt(flags.batch, '--batch');
      const deadline = positiveInt(flags.deadline, '--deadline');
      const url = queueUrl(flags.db, 'saksi worker');
      const store = await openPgStore(url);
      const policy = policyFromEnv();
      const maintenance = Number(process.env['SAKSI_QUEUE_MAINTENANCE_SECONDS'] ?? '') || undefined;
      let boss;
      try {
        boss = await openPgQueue(url, { supervise: true, ...(policy ? { policy } : {}), ...(maintenance ? { maintenanceIntervalSeconds: maintenance } : {}) });
      } catch (err) {
        await store.close();
        throw err;
      }
      const controller = new AbortController();
      const stop = (): void => {
        if (controller.signal.aborted) process.exit(130);
        process.stderr.write('\nsaksi: stopping after the current batch is stored (Ctrl-C again to quit now)\n');
        controller.abort();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      const { runWorker } = await import('../corpus/queue/consumer.js');
      try {
        const summary = await runWorker(store, boss, {
          ...(concurrency !== undefined ? { concurrency } : {}),
          ...(batch !== undefined ? { batchSize: batch } : {}),
          ...(flags.kb !== undefined ? { kb: flags.kb } : {}),
          ...(deadline !== undefined ? { documentTimeoutMs: deadline * 1000 } : {}),
          ...(flags.untilEmpty ? { untilEmpty: true } : {}),
          ...(flags.analyzer !== undefined
            ? { analyzerModule: /^[a-z][a-z0-9+.-]*:/i.test(flags.analyzer) ? flags.analyzer : pathToFileURL(resolve(flags.analyzer)).href }
            : {}),
          signal: controller.signal,
        });
        if (flags.json) writeJson(summary);
        else {
          process.stdout.write(
            `${num(summary.jobs)} jobs in ${(summary.elapsedMs / 1000).toFixed(1)} s: ${num(summary.stored)} stored, ${num(summary.duplicates)} exact duplicates, ` +
              `${num(summary.unchanged)} unchanged, ${num(summary.failedAttempts)} failed attempts (${num(summary.failedFinal)} for good)\n`,
          );
        }
      } catch (err) {
        if (err instanceof CliError) throw err;
        throw storeErrorToCli(err);
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await closeQueue(boss);
        await store.close();
      }
      if (controller.signal.aborted) process.exitCode = 130;
      else process.exitCode = EXIT.ok;
    });
}
