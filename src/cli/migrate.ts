/**
 * `saksi migrate --from saksi.db --to postgres://...` (and back): copies a whole store between
 * SQLite and PostgreSQL, ids kept, into an empty target.
 */
import type { Command } from 'commander';
import { isPostgresUrl } from '../store/postgres/index.js';
import { envSchema } from '../corpus/queue/queue.js';
import { CliError, EXIT } from './errors.js';
import { num, storeErrorToCli, writeJson } from './store-cli.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Copy a whole store from SQLite to PostgreSQL or back (the target must be empty)')
    .requiredOption('--from <store>', 'the store to copy: a SQLite file or a postgres:// URL')
    .requiredOption('--to <store>', 'the empty target: a postgres:// URL or a SQLite file')
    .option('--json', 'print a machine-readable summary')
    .action(async (flags: { from: string; to: string; json?: boolean }) => {
      const fromPg = isPostgresUrl(flags.from);
      const toPg = isPostgresUrl(flags.to);
      if (fromPg === toPg) throw new CliError('saksi migrate copies between SQLite and PostgreSQL: one of --from and --to must be a postgres:// URL, the other a file', EXIT.usage);
      const { sqliteToPostgres, postgresToSqlite } = await import('../store/postgres/migrate.js');
      const schema = envSchema();
      const options = schema ? { schema } : {};
      let summary;
      try {
        summary = fromPg ? await postgresToSqlite(flags.from, flags.to, options) : await sqliteToPostgres(flags.from, flags.to, options);
      } catch (err) {
        throw storeErrorToCli(err);
      }
      if (flags.json) writeJson(summary);
      else {
        const rows = summary.tables.reduce((s, t) => s + t.rows, 0);
        process.stdout.write(
          `copied ${num(rows)} rows in ${summary.tables.length} tables from ${summary.from} to ${summary.to} in ${(summary.elapsedMs / 1000).toFixed(1)} s\n` +
            summary.tables.map((t) => `  ${t.table.padEnd(20)}${num(t.rows).padStart(10)}\n`).join(''),
        );
      }
    });
}
