/**
 * `saksi queue [status|failed|retry]`: the ingest job queue on PostgreSQL — queued, active, done
 * and failed jobs, each failure with its reason and source key; `retry` puts failed jobs back.
 * Also `saksi ingest --queue`'s enqueueing (see enqueueCommand) and what both share.
 */
import type { Command } from 'commander';
import type PgBoss from 'pg-boss';
import { storePath } from '../store/store.js';
import { isPostgresUrl, openPostgresStore, type PostgresStore } from '../store/postgres/index.js';
import { closeQueue, envSchema, enqueue, failedJobs, openQueue, queueStatus, retryFailed, storiesPending, type QueueOptions } from '../corpus/queue/queue.js';
import { CliError, EXIT } from './errors.js';
import { colorsFor, num, storeErrorToCli, writeJson } from './store-cli.js';

/** The PostgreSQL URL from `--db` / SAKSI_DB, or a usage error saying the queue needs one. */
export function queueUrl(db: string | undefined, command: string): string {
  const url = storePath(db);
  if (!isPostgresUrl(url)) {
    throw new CliError(`${command} needs a PostgreSQL store: --db postgres://user@host:5432/database (or SAKSI_DB); got ${url}`, EXIT.usage);
  }
  return url;
}

/** Opens the store (schema from SAKSI_PG_SCHEMA, if set) with errors as one CLI line. */
export async function openPgStore(url: string, options: { readonly?: boolean } = {}): Promise<PostgresStore> {
  try {
    const schema = envSchema();
    return await openPostgresStore(url, { ...(schema ? { schema } : {}), ...(options.readonly ? { readonly: true } : {}) });
  } catch (err) {
    throw storeErrorToCli(err);
  }
}

export async function openPgQueue(url: string, options: QueueOptions = {}): Promise<PgBoss> {
  try {
    return await openQueue(url, options);
  } catch (err) {
    throw storeErrorToCli(err);
  }
}

/** Queue settings from the environment (tests and operators tune leases and retries without flags). */
export function policyFromEnv(env: NodeJS.ProcessEnv = process.env): QueueOptions['policy'] {
  const n = (name: string): number | undefined => {
    const v = env[name];
    if (v === undefined || v === '') return undefined;
    const x = Number(v);
    if (!Number.isInteger(x) || x < 0) throw new CliError(`${name} expects a whole number, got '${v}'`, EXIT.usage);
    return x;
  };
  const policy: Record<string, number> = {};
  const retryLimit = n('SAKSI_QUEUE_RETRY_LIMIT');
  const retryDelay = n('SAKSI_QUEUE_RETRY_DELAY');
  const expire = n('SAKSI_QUEUE_LEASE_SECONDS');
  if (retryLimit !== undefined) policy['retryLimit'] = retryLimit;
  if (retryDelay !== undefined) policy['retryDelay'] = retryDelay;
  if (expire !== undefined) policy['expireInSeconds'] = Math.max(1, expire);
  return Object.keys(policy).length > 0 ? policy : undefined;
}

export interface EnqueueFlags {
  db?: string;
  source?: string;
  include?: string[];
  exclude?: string[];
  timeout?: number;
  followLinks?: boolean;
  json?: boolean;
}

/** `saksi ingest ... --db postgres://... --queue`: enumerate and enqueue instead of analysing. */
export async function enqueueCommand(inputs: string[], flags: EnqueueFlags): Promise<void> {
  const url = queueUrl(flags.db, 'saksi ingest --queue');
  const store = await openPgStore(url);
  let boss: PgBoss | undefined;
  try {
    const policy = policyFromEnv();
    boss = await openPgQueue(url, policy ? { policy } : {});
    const summary = await enqueue(store, boss, inputs, {
      ...(flags.source !== undefined ? { source: flags.source } : {}),
      ...(flags.include ? { include: flags.include } : {}),
      ...(flags.exclude ? { exclude: flags.exclude } : {}),
      ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout * 1000 } : {}),
      ...(flags.followLinks === false ? { followFeedLinks: false } : {}),
    });
    if (flags.json) writeJson(summary);
    else {
      const c = colorsFor(process.stdout);
      process.stdout.write(
        `${c.bold(num(summary.seen))} inputs in ${(summary.elapsedMs / 1000).toFixed(1)} s into the queue of ${summary.store}\n` +
          `  enqueued          ${num(summary.enqueued).padStart(8)}${c.dim(`  (${num(summary.added)} new jobs; the same item is never queued twice)`)}\n` +
          `  unchanged         ${num(summary.unchanged).padStart(8)}${c.dim('  (already in the store)')}\n` +
          `  failed            ${num(summary.failed).padStart(8)}\n` +
          c.dim(`start workers: saksi worker --db ${store.location.replace(/ \(schema .*\)$/, '')}\n`),
      );
    }
    process.exitCode = summary.seen === 0 ? EXIT.noInput : summary.failed > 0 ? EXIT.partial : EXIT.ok;
  } catch (err) {
    throw storeErrorToCli(err);
  } finally {
    if (boss) await closeQueue(boss);
    await store.close();
  }
}

export function registerQueueCommand(program: Command): void {
  program
    .command('queue')
    .description('Show the ingest job queue on PostgreSQL: status (default), failed jobs, or retry them')
    .argument('[action]', 'status | failed | retry', 'status')
    .argument('[keys...]', 'for retry: only these source keys or job ids (default: every failed job)')
    .option('--db <url>', 'the PostgreSQL store (default: $SAKSI_DB)')
    .option('--json', 'machine-readable output')
    .action(async (action: string, keys: string[], flags: { db?: string; json?: boolean }) => {
      if (!['status', 'failed', 'retry'].includes(action)) throw new CliError(`unknown queue action '${action}'; expected status, failed or retry`, EXIT.usage);
      const url = queueUrl(flags.db, 'saksi queue');
      const boss = await openPgQueue(url);
      const c = colorsFor(process.stdout);
      try {
        if (action === 'status') {
          const s = { ...(await queueStatus(boss)), storiesPending: await storiesPending(boss) };
          if (flags.json) writeJson(s);
          else {
            const row = (label: string, n: number, note = ''): string => `  ${label.padEnd(10)}${num(n).padStart(9)}${note}\n`;
            process.stdout.write(
              row('queued', s.created) +
                row('retrying', s.retry, c.dim('  (waiting out a backoff, or a lease that ran out)')) +
                row('active', s.active) +
                row('done', s.completed) +
                (s.failed > 0 ? c.red(row('failed', s.failed, '  (saksi queue failed lists them; saksi queue retry re-runs them)')) : row('failed', 0)) +
                (s.storiesPending > 0 ? row('ungrouped', s.storiesPending, c.dim('  (stored, not grouped into stories yet: the next worker to store or find the queue empty groups them)')) : ''),
            );
          }
        } else if (action === 'failed') {
          const failed = await failedJobs(boss);
          if (flags.json) writeJson(failed);
          else if (failed.length === 0) process.stdout.write('no failed jobs\n');
          else for (const f of failed) process.stdout.write(`${f.key}\t${c.red(f.code)}\t${f.message}\t${c.dim(`${f.attempts} attempts`)}\n`);
        } else {
          const n = await retryFailed(boss, keys);
          if (flags.json) writeJson({ retried: n });
          else process.stdout.write(`${num(n)} failed job${n === 1 ? '' : 's'} back in the queue\n`);
          if (n === 0 && keys.length > 0) process.exitCode = EXIT.noInput;
        }
      } catch (err) {
        throw storeErrorToCli(err);
      } finally {
        await closeQueue(boss);
      }
    });
}
