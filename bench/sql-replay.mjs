/**
 * Runs again, into a fresh SQLite store, the statements bench/commit-only.mjs logged (SQLLOG=FILE):
 * SQLite's share of the commit path alone, without the stages that decided the statements, so
 * that a change of schema, pragma or statement shows in a count that load does not move
 * (`valgrind --tool=callgrind node bench/sql-replay.mjs ...`, or CPU time here).
 *
 *   node bench/sql-replay.mjs DIST LOG [REPEATS=1]
 *
 * PRAGMAS="a=b;c=d" sets pragmas after the store is opened. Prints the CPU time of the replay.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [distArg, logFile, repeatsArg = '1'] = process.argv.slice(2);
if (!distArg || !logFile) {
  process.stderr.write('usage: node bench/sql-replay.mjs DIST LOG [REPEATS]\n');
  process.exit(64);
}
const { openSqliteStore } = await import(pathToFileURL(join(resolve(distArg), 'store/sqlite.js')).href);
const arg = (v) => (v !== null && typeof v === 'object' && 'blob' in v ? Buffer.from(v.blob, 'base64') : v);
const calls = readFileSync(logFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const c = JSON.parse(line);
    return { sql: c.sql, m: c.m, args: c.args.map(arg) };
  });
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const scratch = mkdtempSync(join(tmpdir(), 'saksi-replay-'));
try {
  for (let r = 1; r <= Number(repeatsArg); r++) {
    const store = openSqliteStore(join(scratch, `replay-${r}.db`));
    const db = store.db;
    for (const p of (process.env.PRAGMAS ?? '').split(';').filter(Boolean)) db.pragma(p);
    const statements = new Map();
    const c0 = cpu();
    for (const { sql, m, args } of calls) {
      if (m === 'exec') {
        db.exec(sql);
        continue;
      }
      let st = statements.get(sql);
      if (!st) statements.set(sql, (st = db.prepare(sql)));
      if (m === 'run') st.run(...args);
      else st[m](...args);
    }
    const ms = cpu() - c0;
    await store.close();
    process.stdout.write(`replay ${r}: ${calls.length} calls, CPU ${ms.toFixed(0)} ms\n`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
