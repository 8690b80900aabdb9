/**
 * Ingest rate and where its CPU goes (issue 8 point 7): ingests one corpus into fresh SQLite
 * stores with one build, in this process, PASSES times, and prints per pass
 *   - the rate end to end (first record read to last commit, cold workers; pass 1 also has a cold
 *     main thread) and the steady rate (documents committed after the first ~100, per second);
 *   - CPU per document on the main thread (the commit path) and in the other threads (the
 *     analysis workers, plus V8's and libuv's helper threads), from /proc (Linux).
 *
 *   node bench/commit-rate.mjs DIST CORPUS [PASSES=2] [WORKERS=2]
 *
 * The process start and module loading are not counted here: time the CLI for that
 * (`/usr/bin/time -f '%e s %U+%S' node bin/saksi.js ingest CORPUS --db X --workers 2`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [distArg, corpus, passesArg = '2', workersArg = '2'] = process.argv.slice(2);
if (!distArg || !corpus) {
  process.stderr.write('usage: node bench/commit-rate.mjs DIST CORPUS [PASSES] [WORKERS]\n');
  process.exit(64);
}
const dist = resolve(distArg);
const { openSqliteStore } = await import(pathToFileURL(join(dist, 'store/sqlite.js')).href);
const { ingest } = await import(pathToFileURL(join(dist, 'corpus/ingest.js')).href);
const TICK_MS = 10; // USER_HZ = 100 on Linux

/** CPU ms of this process's main thread (its task id is the pid). */
function mainThreadMs() {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * TICK_MS;
}
function processMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const scratch = mkdtempSync(join(tmpdir(), 'saksi-rate-'));
const passes = Number(passesArg);
const workers = Number(workersArg);
try {
  for (let p = 1; p <= passes; p++) {
    const path = join(scratch, `pass-${p}.db`);
    const store = openSqliteStore(path);
    const marks = [];
    const m0 = mainThreadMs();
    const c0 = processMs();
    const t0 = performance.now();
    let summary;
    try {
      summary = await ingest(store, [corpus], { workers, onProgress: (pr) => marks.push([performance.now(), pr.done]) });
    } finally {
      await store.close();
    }
    const wall = performance.now() - t0;
    const main = mainThreadMs() - m0;
    const total = processMs() - c0;
    const n = summary.seen;
    const firstAfter = marks.find(([, done]) => done >= 100);
    const last = marks.at(-1);
    const steady = firstAfter && last[1] > firstAfter[1] ? ((last[1] - firstAfter[1]) * 1000) / (last[0] - firstAfter[0]) : NaN;
    process.stdout.write(
      `pass ${p}: ${n} docs (${summary.ingested} stored) in ${(wall / 1000).toFixed(2)} s = ${((n * 1000) / wall).toFixed(0)}/s end to end; ` +
        `steady (after ${firstAfter?.[1]}) ${steady.toFixed(0)}/s; CPU main ${(main / n).toFixed(2)} ms/doc, other threads ${((total - main) / n).toFixed(2)} ms/doc ` +
        `(total ${(total / 1000).toFixed(2)} s)\n`,
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
