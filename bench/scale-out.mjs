/**
 * The scale-out section of `npm run bench` (issue 11's Measure section; run alone with
 * `npm run bench:scale-out`, which is `node bench/run.mjs --only scale-out`):
 *
 * 1. Ingest throughput of one corpus, side by side in one run: SQLite with local worker threads
 *    (`saksi ingest`, one thread per core) vs PostgreSQL through the job queue with 1, 2 and 4
 *    `saksi worker` processes (one analysis thread each), documents per second and the ratio to
 *    SQLite. SQLite runs before and after the PostgreSQL runs (the machine's load drifts over
 *    minutes): the ratio is to the mean of the two; each worker count runs twice (once with
 *    --quick), in mirrored order (1, 2, 4, 4, 2, 1), and counts by its mean time. Times run from
 *    the start of the ingest process (SQLite) or of the workers (PostgreSQL; the enqueueing is
 *    timed apart) to the end of the last process, so each includes its process start-up
 *    (knowledge base, tagger). On Linux each run's CPU is counted too: the machine's busy seconds
 *    (/proc/stat) and, of them, saksi's processes' (this process's children); the rest is the
 *    server's. The verdict then says what CPU the 80 % target allows (every core busy for SQLite's
 *    time / 0.8) beside what the queue spent.
 * 2. Search latency p50/p95 at 10,000 and 100,000 documents on SQLite and PostgreSQL, the same
 *    queries as the store section, in interleaved rounds. The documents are replicas of the
 *    corpus without analyses (search reads title and text only), each with a word of its own. The
 *    SQLite volumes are written through `store.addDocument`; PostgreSQL's are bulk-loaded: the
 *    corpus through `addDocument`, then replicated by one INSERT ... SELECT per 10,000 rows
 *    (the tsvector is computed by the server as for any insert), then VACUUM ANALYZE (as
 *    autovacuum would do after a bulk load: it merges the GIN index's pending list).
 *
 * Needs the built CLI and a PostgreSQL server: SAKSI_TEST_PG, else postgres://postgres@127.0.0.1:5432/test;
 * without one the section says so and is skipped. Scratch schemas and files are removed at the end.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Documents ingested by each contender ([--quick, default]). */
const INGEST_DOCS = [500, 2_000];
/** Analysis threads of each queue worker (`saksi worker --concurrency`; SAKSI_BENCH_SCALE_OUT_CONCURRENCY sets it, 0 analyses in the worker's main thread). */
const CONCURRENCY = process.env.SAKSI_BENCH_SCALE_OUT_CONCURRENCY ?? '1';
/** Queue workers started for each PostgreSQL run. */
const WORKERS = [1, 2, 4];
/** Runs of each worker count ([--quick, default]; SAKSI_BENCH_SCALE_OUT_ROUNDS sets it): identical runs here differ by up to a tenth. */
const INGEST_ROUNDS = [1, 2];
/** Search volumes ([--quick, default]). */
const SEARCH_VOLUMES = [[10_000], [10_000, 100_000]];
/** Timed search rounds (each query once on each store per round, after a warm-up round). */
const SEARCH_ROUNDS = [3, 5];
/** Rows per INSERT ... SELECT when replicating in PostgreSQL, and per transaction when filling SQLite. */
const REPLICA_BATCH = 10_000;

/** The issue's target for 2 queue workers: this share of SQLite's throughput on the same cores. */
const TARGET_RATIO = 0.8;
/** What "scales" means in the verdict: each added worker, up to the core count, at least this much faster. */
const SCALE_STEP = 1.1;

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};

/** The corpus repeated to `n` records, each repeat with a numbered line added (most are then near-duplicates of an earlier one). */
export function corpusRecords(corpus, n) {
  const base = readFileSync(corpus, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
  const out = [];
  for (let i = 0; out.length < n; i++) {
    const r = base[i % base.length];
    const copy = Math.floor(i / base.length);
    out.push({ ...r, id: `${r.id ?? i}#${copy}`, url: r.url ? `${r.url}#${copy}` : undefined, text: copy === 0 ? r.text : `${r.text}\n\nCatatan arsip nomor ${copy}-${i}.` });
  }
  return out;
}

export const TICK = 100; // /proc/*/stat times are in clock ticks of 1/100 s on Linux
/** The machine's busy CPU seconds so far (user, nice, system, irq, softirq of /proc/stat), or undefined off Linux. */
export function machineBusy() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return (f[0] + f[1] + f[2] + f[5] + f[6]) / TICK;
  } catch {
    return undefined;
  }
}
/** CPU seconds of this process's children that have ended and been waited for (cutime + cstime, every thread), or undefined off Linux. */
function childrenCpu() {
  try {
    const s = readFileSync('/proc/self/stat', 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) / TICK;
  } catch {
    return undefined;
  }
}
/** Runs `step` and returns its result with the CPU the machine and saksi's processes (this process's children) spent meanwhile. */
async function withCpu(step) {
  const busy0 = machineBusy();
  const kids0 = childrenCpu();
  const value = await step();
  const busy = busy0 === undefined ? undefined : machineBusy() - busy0;
  const saksi = kids0 === undefined ? undefined : childrenCpu() - kids0;
  return { value, cpu: busy === undefined || saksi === undefined ? undefined : { machine: busy, saksi, rest: Math.max(0, busy - saksi) } };
}

/** The server the scale-out measurements use. */
export const BENCH_PG_URL = process.env.SAKSI_TEST_PG || 'postgres://postgres@127.0.0.1:5432/test';

/** `admin(sql)`: one statement on a connection of its own to `url`, with node-pg from the checkout at `root`. */
export async function pgAdmin(root, url) {
  const pg = (await import(pathToFileURL(join(root, 'node_modules/pg/lib/index.js')).href)).default;
  return async (sql) => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    await c.connect();
    try {
      return (await c.query(sql)).rows;
    } finally {
      await c.end();
    }
  };
}

function runCli(root, cwd, argv, env = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'saksi.js'), ...argv], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 || code === 1 ? resolvePromise(out) : reject(new Error(`saksi ${argv[0]} exited ${code}: ${err.slice(-500)}`))));
  });
}

/**
 * @param {{ quick: boolean, root: string, dist: string, corpus: string, scratch: string, queries: string[], say: (s: string) => void, emit: (r: object) => void }} o
 */
export async function runScaleOut({ quick, root, dist, corpus, scratch, queries, say, emit }) {
  const url = BENCH_PG_URL;
  const admin = await pgAdmin(root, url);
  const result = { server: url.replace(/\/\/[^@]*@/, '//'), cpus: os.availableParallelism(), ingest: [], search: [] };
  try {
    const [{ v }] = await admin("SELECT current_setting('server_version') AS v");
    result.postgres = v;
  } catch (err) {
    return { ...result, skipped: `no PostgreSQL at ${result.server} (${err.message}); set SAKSI_TEST_PG=postgres://... to measure` };
  }
  if (!existsSync(corpus)) return { ...result, skipped: `no corpus at ${corpus}` };
  // SAKSI_BENCH_SCALE_OUT_DOCS and SAKSI_BENCH_SCALE_OUT_WORKERS (e.g. 500 and 1,2) for a shorter look.
  const docs = Number(process.env.SAKSI_BENCH_SCALE_OUT_DOCS) || INGEST_DOCS[quick ? 0 : 1];
  const workerCounts = process.env.SAKSI_BENCH_SCALE_OUT_WORKERS ? process.env.SAKSI_BENCH_SCALE_OUT_WORKERS.split(',').map(Number) : WORKERS;
  const rounds = Number(process.env.SAKSI_BENCH_SCALE_OUT_ROUNDS) || INGEST_ROUNDS[quick ? 0 : 1];
  // SAKSI_BENCH_SCALE_OUT=ingest or =search measures one half only.
  const part = process.env.SAKSI_BENCH_SCALE_OUT ?? 'all';
  const schemas = [];
  try {
    // 1. Ingest.
    if (part !== 'search') {
    const file = join(scratch, 'scale-out-corpus.jsonl');
    writeFileSync(file, corpusRecords(corpus, docs).map((r) => JSON.stringify(r)).join('\n') + '\n');
    result.docs = docs;
    result.corpus = `${corpus}, repeated to ${docs} records`;
    const sqliteRun = async (n) => {
      const t0 = performance.now();
      const { value, cpu } = await withCpu(() => runCli(root, scratch, ['ingest', file, '--db', join(scratch, `scale-out-${n}.db`), '--json']));
      const out = JSON.parse(value);
      const seconds = (performance.now() - t0) / 1000;
      say(`scale-out: sqlite run ${n}: ${(docs / seconds).toFixed(1)} docs/s${cpu ? `, CPU ${cpu.machine.toFixed(1)} s` : ''}`);
      return { seconds, stored: out.ingested, workers: out.workers, cpu };
    };
    const lite = [await sqliteRun(1)];
    // Each worker count runs `rounds` times, in mirrored order (1, 2, 4, 4, 2, 1): a drift of the
    // machine's speed over the minutes of the section then weighs on every contender alike.
    const order = Array.from({ length: rounds }, (_, r) => (r % 2 === 0 ? workerCounts : [...workerCounts].reverse())).flat();
    const runsOf = new Map();
    for (const [i, n] of order.entries()) {
      const schema = `saksi_bench_${process.pid}_${n}_${i}`;
      schemas.push(schema);
      const env = { SAKSI_DB: url, SAKSI_PG_SCHEMA: schema };
      let t0 = performance.now();
      await runCli(root, scratch, ['ingest', file, '--queue', '--json'], env);
      const enqueueSeconds = (performance.now() - t0) / 1000;
      t0 = performance.now();
      const { value: summaries, cpu } = await withCpu(() =>
        Promise.all(Array.from({ length: n }, async () => JSON.parse(await runCli(root, scratch, ['worker', '--concurrency', CONCURRENCY, '--until-empty', '--json'], env)))),
      );
      const seconds = (performance.now() - t0) / 1000;
      const [{ count }] = await admin(`SELECT count(*)::int AS count FROM "${schema}".documents`);
      const sum = (k) => summaries.reduce((s, x) => s + (x[k] ?? 0), 0) / 1000;
      if (!runsOf.has(n)) runsOf.set(n, []);
      runsOf.get(n).push({ seconds, enqueueSeconds, stored: count, analyseSeconds: sum('analyseMs'), commitSeconds: sum('commitMs'), fetchSeconds: sum('fetchMs'), cpu });
      say(`scale-out: postgres, ${n} workers: ${(docs / seconds).toFixed(1)} docs/s (commit ${sum('commitMs').toFixed(0)} s over all workers${cpu ? `; CPU ${cpu.machine.toFixed(1)} s, workers ${cpu.saksi.toFixed(1)}` : ''})`);
      await admin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_queue" CASCADE`);
    }
    // A contender's figure is over its runs' mean time, as SQLite's; its stored count must agree in every run.
    const mean = (xs, k) => xs.reduce((t, x) => t + x[k], 0) / xs.length;
    // The CPU of a contender's runs, averaged (undefined where the system does not say).
    const meanCpu = (xs) => (xs.every((x) => x.cpu) ? Object.fromEntries(['machine', 'saksi', 'rest'].map((k) => [k, mean(xs.map((x) => x.cpu), k)])) : undefined);
    const queued = workerCounts.map((n) => {
      const rs = runsOf.get(n);
      const stored = rs.every((x) => x.stored === rs[0].stored) ? rs[0].stored : rs.map((x) => x.stored).join('/');
      return { workers: n, seconds: mean(rs, 'seconds'), runs: rs.map((x) => docs / x.seconds), enqueueSeconds: mean(rs, 'enqueueSeconds'), stored, analyseSeconds: mean(rs, 'analyseSeconds'), commitSeconds: mean(rs, 'commitSeconds'), fetchSeconds: mean(rs, 'fetchSeconds'), cpu: meanCpu(rs) };
    });
    lite.push(await sqliteRun(2));
    const liteSeconds = (lite[0].seconds + lite[1].seconds) / 2;
    result.ingest.push({
      backend: 'sqlite',
      workers: `${lite[0].workers} analysis thread${lite[0].workers === 1 ? '' : 's'}`,
      seconds: liteSeconds,
      runs: lite.map((r) => docs / r.seconds),
      stored: lite[1].stored,
      cpu: meanCpu(lite),
      docsPerSecond: docs / liteSeconds,
      ratio: 1,
    });
    for (const q of queued) result.ingest.push({ backend: 'postgres queue', ...q, docsPerSecond: docs / q.seconds, ratio: liteSeconds / q.seconds });
    emit(result);
    }
    if (part === 'ingest') return result;

    // 2. Search.
    const { openSqliteStore } = await import(pathToFileURL(join(dist, 'store/sqlite.js')).href);
    const { openPostgresStore } = await import(pathToFileURL(join(dist, 'store/postgres/index.js')).href);
    const base = readFileSync(corpus, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l));
    const schema = `saksi_bench_search_${process.pid}`;
    schemas.push(schema);
    const lite2 = openSqliteStore(join(scratch, 'scale-out-search.db'));
    const pgs = await openPostgresStore(url, { schema });
    const replica = (i) => {
      const r = base[i % base.length];
      return { sourceKey: `k${i}`, rawHash: `r${i}`, contentHash: `h${i}`, title: r.title, text: `${r.text}\nsalinan${i}`, published: '2025-10-21' };
    };
    try {
      // PostgreSQL: the originals through the store, the rest replicated by the server.
      await pgs.transaction(async (w) => {
        for (let i = 0; i < base.length; i++) await w.addDocument(replica(i));
      });
      let written = base.length;
      let liteWritten = 0;
      for (const size of SEARCH_VOLUMES[quick ? 0 : 1]) {
        let t0 = performance.now();
        while (liteWritten < size) {
          await lite2.transaction(async (w) => {
            const end = Math.min(size, liteWritten + REPLICA_BATCH);
            for (; liteWritten < end; liteWritten++) await w.addDocument(replica(liteWritten));
          });
        }
        const liteLoad = (performance.now() - t0) / 1000;
        t0 = performance.now();
        while (written < size) {
          const end = Math.min(size, written + REPLICA_BATCH);
          // Row i copies original (i mod originals), as replica(i) does, with its own last word.
          await pgs.query(
            `INSERT INTO documents (source_key, content_hash, title, published, published_date, text, ingested_at)
             SELECT 'k' || i, 'h' || i, b.title, b.published, b.published_date, left(b.text, length(b.text) - length('salinan' || (i % $3))) || 'salinan' || i, b.ingested_at
             FROM generate_series($1::int, $2::int - 1) AS i JOIN documents b ON b.id = (SELECT min(id) FROM documents) + (i % $3)`,
            [written, end, base.length],
          );
          written = end;
        }
        await pgs.query('VACUUM ANALYZE documents');
        const pgLoad = (performance.now() - t0) / 1000;
        say(`scale-out: ${size} documents for search (sqlite ${liteLoad.toFixed(0)} s, postgres ${pgLoad.toFixed(0)} s)`);
        const stores = [
          ['sqlite', lite2],
          ['postgres', pgs],
        ];
        const times = stores.map(() => []);
        const perQuery = stores.map(() => Object.fromEntries(queries.map((q) => [q, []])));
        const hits = stores.map(() => ({}));
        for (let round = 0; round <= SEARCH_ROUNDS[quick ? 0 : 1]; round++) {
          for (let k = 0; k < stores.length; k++) {
            const i = (round + k) % stores.length;
            for (let j = 0; j < queries.length; j++) {
              const q = queries[(round + j) % queries.length];
              const t = performance.now();
              const found = await stores[i][1].search({ query: q });
              const took = performance.now() - t;
              if (round === 0) hits[i][q] = found.length; // the warm-up round is not timed
              else {
                times[i].push(took);
                perQuery[i][q].push(took);
              }
            }
          }
        }
        stores.forEach(([name], i) => {
          const slowest = Object.entries(perQuery[i])
            .map(([q, t]) => [q, pct(t, 0.5)])
            .sort((a, b) => b[1] - a[1])
            .slice(0, 3);
          result.search.push({ backend: name, documents: size, runs: times[i].length, p50ms: pct(times[i], 0.5), p95ms: pct(times[i], 0.95), slowest, noHits: queries.filter((q) => hits[i][q] === 0) });
          say(`scale-out: search ${name} at ${size}: p50 ${pct(times[i], 0.5).toFixed(1)} ms, p95 ${pct(times[i], 0.95).toFixed(1)} ms`);
        });
        result.search.at(-1).loadSeconds = pgLoad;
        result.search.at(-2).loadSeconds = liteLoad;
        emit(result);
      }
    } finally {
      await lite2.close();
      await pgs.close();
    }
  } finally {
    for (const s of schemas) await admin(`DROP SCHEMA IF EXISTS "${s}" CASCADE; DROP SCHEMA IF EXISTS "${s}_queue" CASCADE`).catch(() => undefined);
  }
  return result;
}

export function formatScaleOut(r) {
  const f1 = (x) => x.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const lines = [`PostgreSQL ${r.postgres ?? '?'} at ${r.server}; ${r.cpus} cores`];
  if (r.skipped) return [...lines, `skipped: ${r.skipped}`];
  if (r.ingest.length > 0) {
    lines.push(`ingest of ${r.corpus}: documents/s from process start to the end, over the mean time of each contender's runs (SQLite: a run before and after the others; the queue's in mirrored order, 1 2 4 4 2 1)`);
    lines.push('');
    // CPU: the machine's busy seconds during the run (/proc/stat), of them saksi's processes' and the
    // rest's (the PostgreSQL server; nothing else runs on a bench machine). Linux only.
    const cpuOf = (x) => (x.cpu ? `${f1(x.cpu.machine).padStart(6)} = ${f1(x.cpu.saksi).padStart(5)} + ${f1(x.cpu.rest).padStart(5)}` : '');
    lines.push('  contender                      docs/s   of SQLite   stored   commit s (all workers)   CPU s = saksi + server/rest');
    for (const x of r.ingest) {
      const name = x.backend === 'sqlite' ? `SQLite, ${x.workers}` : `PostgreSQL queue, ${x.workers} worker${x.workers > 1 ? 's' : ''}`;
      const runs = x.runs?.length > 1 ? ` (runs ${x.runs.map(f1).join(', ')})` : '';
      lines.push(
        `  ${name.padEnd(29)} ${f1(x.docsPerSecond).padStart(7)}   ${`${Math.round(x.ratio * 100)} %`.padStart(9)}   ${String(x.stored).padStart(6)}   ${(x.commitSeconds !== undefined ? f1(x.commitSeconds) : '').padStart(22)}   ${cpuOf(x)}${runs}`,
      );
    }
    const two = r.ingest.find((x) => x.workers === 2);
    const q = r.ingest.filter((x) => x.backend !== 'sqlite');
    if (two) {
      lines.push('');
      lines.push(`  target: 2 queue workers >= ${TARGET_RATIO * 100} % of SQLite: ${two.ratio >= TARGET_RATIO ? 'met' : 'MISSED'} (${Math.round(two.ratio * 100)} %)`);
      // Each step up to the core count must gain more than identical runs differ on this kind of
      // machine (up to a tenth): a few per cent more is not scaling.
      const scales = q.filter((x) => x.workers <= r.cpus).every((x, i, a) => i === 0 || x.docsPerSecond >= SCALE_STEP * a[i - 1].docsPerSecond);
      const steps = q.map((x, i) => `${x.workers}: ${f1(x.docsPerSecond)}${i > 0 ? ` (${x.docsPerSecond >= q[i - 1].docsPerSecond ? '+' : ''}${Math.round((x.docsPerSecond / q[i - 1].docsPerSecond - 1) * 100)} %)` : ''}`);
      lines.push(`  target: adding workers up to the core count scales (each step >= +${Math.round((SCALE_STEP - 1) * 100)} %): ${scales ? 'met' : 'MISSED'} (${steps.join(', ')})`);
      // What the target leaves the queue: every core busy for the time it allows (SQLite's mean
      // time / TARGET_RATIO). The queue's own processes and the server have to fit in it together.
      const lite = r.ingest.find((x) => x.backend === 'sqlite');
      if (lite?.cpu && two.cpu) {
        const budget = (r.cpus * lite.seconds) / TARGET_RATIO;
        lines.push(
          `  CPU the ${TARGET_RATIO * 100} % target allows on ${r.cpus} cores (all of them busy for SQLite's time / ${TARGET_RATIO}): ${f1(budget)} s; 2 queue workers used ${f1(two.cpu.machine)} s (workers ${f1(two.cpu.saksi)}, server and rest ${f1(two.cpu.rest)}); SQLite ${f1(lite.cpu.machine)} s`,
        );
      }
    }
  }
  if (r.search.length > 0) {
    lines.push('');
    lines.push('search (the store section\'s queries, limit 20; warm-up round, then interleaved rounds)');
    lines.push('  backend     documents    p50 ms    p95 ms   slowest (median ms)');
    for (const s of r.search) {
      lines.push(`  ${s.backend.padEnd(10)} ${String(s.documents).padStart(10)} ${f1(s.p50ms).padStart(9)} ${f1(s.p95ms).padStart(9)}   ${s.slowest.map(([q, t]) => `${q} ${f1(t)}`).join(', ')}`);
    }
  }
  return lines;
}
