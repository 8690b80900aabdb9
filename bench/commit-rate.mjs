/**
 * Ingest rate and where its CPU goes (issue 8 point 7): ingests one corpus into fresh SQLite
 * stores with one build, in this process, PASSES times, and prints per pass
 *   - the rate end to end (first record read to last commit, cold workers; pass 1 also has a cold
 *     main thread) and the steady rate (documents committed after the first ~100, per second);
 *   - CPU per document on the main thread (the commit path), in the analysis worker threads, and
 *     in the other threads (V8's collector and compiler helpers, libuv), from /proc (Linux), over
 *     the whole pass and over its steady part. Each thread's CPU is sampled every 100 ms
 *     (/proc/self/task/TID/schedstat); the threads that appear during a pass and are gone after
 *     it are its worker threads (a worker's last < 100 ms may go uncounted).
 *
 *   node bench/commit-rate.mjs DIST CORPUS [PASSES=2] [WORKERS=2 | auto]
 *
 * HEAP=1 sets V8's heap growth factor as `saksi ingest` does (src/corpus/heap.ts), and
 * V8FLAGS='--flag=value ...' sets V8 flags (v8.setFlagsFromString), before the first pass. The process start and module loading are not counted here: time the CLI for that
 * (`/usr/bin/time -f '%e s %U+%S' node bin/saksi.js ingest CORPUS --db X --workers 2`).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [distArg, corpus, passesArg = '2', workersArg = '2'] = process.argv.slice(2);
if (!distArg || !corpus) {
  process.stderr.write('usage: node bench/commit-rate.mjs DIST CORPUS [PASSES] [WORKERS]\n');
  process.exit(64);
}
const dist = resolve(distArg);
if (process.env.V8FLAGS) (await import('node:v8')).setFlagsFromString(process.env.V8FLAGS);
if (process.env.HEAP === '1') (await import(pathToFileURL(join(dist, 'corpus/heap.js')).href)).keepHeapNearLive();
const { openSqliteStore } = await import(pathToFileURL(join(dist, 'store/sqlite.js')).href);
const { ingest } = await import(pathToFileURL(join(dist, 'corpus/ingest.js')).href);

/** CPU ms of each thread of this process, by task id. */
function threads() {
  const out = new Map();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      out.set(Number(tid), Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6);
    } catch {}
  }
  return out;
}
const mainTid = process.pid;

const scratch = mkdtempSync(join(tmpdir(), 'saksi-rate-'));
const passes = Number(passesArg);
// WORKERS 'auto': ingest's default (one per core but one, growing when analysis falls behind).
const workers = workersArg === 'auto' ? undefined : Number(workersArg);
const fmt = (x) => x.toFixed(2);
try {
  for (let p = 1; p <= passes; p++) {
    const path = join(scratch, `pass-${p}.db`);
    const store = openSqliteStore(path);
    const marks = [];
    const before = threads();
    /** Last CPU seen per thread (a worker's survives it), and a snapshot at the start of the steady part. */
    const last = new Map(before);
    let steadyAt;
    let done = 0;
    const sample = () => {
      for (const [tid, ms] of threads()) last.set(tid, ms);
    };
    const timer = setInterval(() => {
      sample();
      if (steadyAt === undefined && done >= 100) steadyAt = { cpu: new Map(last), done, t: performance.now() };
    }, 100);
    const t0 = performance.now();
    let summary;
    try {
      summary = await ingest(store, [corpus], {
        ...(workers !== undefined ? { workers } : {}),
        onProgress: (pr) => {
          done = pr.done;
          marks.push([performance.now(), pr.done]);
        },
      });
    } finally {
      clearInterval(timer);
      await store.close();
    }
    const wall = performance.now() - t0;
    sample();
    const alive = threads();
    const split = (from) => {
      const s = { main: 0, workers: 0, other: 0 };
      for (const [tid, ms] of last) {
        const d = ms - (from.get(tid) ?? 0);
        if (tid === mainTid) s.main += d;
        else if (!before.has(tid) && !alive.has(tid)) s.workers += d;
        else s.other += d;
      }
      return s;
    };
    const n = summary.seen;
    const all = split(before);
    const firstAfter = marks.find(([, d]) => d >= 100);
    const lastMark = marks.at(-1);
    const steady = firstAfter && lastMark[1] > firstAfter[1] ? ((lastMark[1] - firstAfter[1]) * 1000) / (lastMark[0] - firstAfter[0]) : NaN;
    let steadyCpu = '';
    if (steadyAt) {
      const s = split(steadyAt.cpu);
      const m = n - steadyAt.done;
      steadyCpu = `; steady CPU ms/doc main ${fmt(s.main / m)} workers ${fmt(s.workers / m)} other ${fmt(s.other / m)} total ${fmt((s.main + s.workers + s.other) / m)}`;
    }
    process.stdout.write(
      `pass ${p}: ${n} docs (${summary.ingested} stored, ${summary.workers} workers) in ${(wall / 1000).toFixed(2)} s = ${((n * 1000) / wall).toFixed(0)}/s end to end; ` +
        `steady (after ${firstAfter?.[1]}) ${steady.toFixed(0)}/s; CPU ms/doc main ${fmt(all.main / n)} workers ${fmt(all.workers / n)} other ${fmt(all.other / n)} ` +
        `total ${fmt((all.main + all.workers + all.other) / n)}${steadyCpu}\n`,
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
