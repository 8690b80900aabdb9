/**
 * The main thread's commit path alone (issue 8 point 7): analyses a corpus once in this process
 * (untimed, each record as a worker would post it), then ingests it PASSES times into fresh
 * SQLite stores with those outcomes handed in (`process`), and prints the CPU per document of
 * each pass: the store writes, the corpus stages, and reading the workers' messages, without
 * the analysis. Pass 1 runs cold (JIT), later passes warm.
 *
 *   node bench/commit-only.mjs DIST CORPUS [PASSES=3] [--prof]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [distArg, corpus, passesArg = '3'] = process.argv.slice(2);
if (!distArg || !corpus) {
  process.stderr.write('usage: node bench/commit-only.mjs DIST CORPUS [PASSES]\n');
  process.exit(64);
}
const dist = resolve(distArg);
const load = (p) => import(pathToFileURL(join(dist, p)).href);
const { openSqliteStore } = await load('store/sqlite.js');
const { ingest, pickRecord } = await load('corpus/ingest.js');
const w = await load('corpus/worker.js');
const { enumerateSources } = await load('read/sources/index.js');

const records = [];
for await (const r of enumerateSources([corpus], {})) records.push(r);
// What each worker would post, keyed by source key (the ingest numbers its tasks itself).
// WIRES=FILE keeps them in FILE (made when missing), so that a run under valgrind analyses nothing.
const wires = new Map();
const wiresFile = process.env.WIRES;
const { existsSync, writeFileSync } = await import('node:fs');
if (wiresFile && existsSync(wiresFile)) {
  for (const [key, out] of JSON.parse(readFileSync(wiresFile, 'utf8'))) {
    if (out.ok) out.doc.signature = Uint32Array.from(out.doc.signature);
    wires.set(key, out);
  }
} else {
  const analyze = await w.loadAnalyzer();
  const kb = w.loadKb();
  records.forEach((r, seq) => {
    if ('code' in r) return;
    wires.set(r.key, w.toWire(w.processRecord({ seq, record: pickRecord(r) }, analyze, kb)));
  });
  if (wiresFile) writeFileSync(wiresFile, JSON.stringify([...wires].map(([k, o]) => [k, o.ok ? { ...o, doc: { ...o.doc, signature: [...o.doc.signature] } } : o])));
}
// What the worker posts is a structured clone: a copy made the same way, so that nothing is shared.
const clone = (x) => structuredClone(x);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
// PROF=FILE: a CPU profile of the passes after the first two (warm), written to FILE.
let session;
if (process.env.PROF) {
  const { Session } = await import('node:inspector/promises');
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
}
// SQLTIME=1: CPU per SQL statement (and per exec) of the warm passes, printed at the end.
const sqlTimes = new Map();
let timing = false;
function timeStatements(db) {
  const timed = (key, fn) =>
    function (...args) {
      if (!timing) return fn.apply(this, args);
      const t0 = cpu();
      try {
        return fn.apply(this, args);
      } finally {
        const e = sqlTimes.get(key) ?? { ms: 0, n: 0 };
        e.ms += cpu() - t0;
        e.n++;
        sqlTimes.set(key, e);
      }
    };
  const prepare = db.prepare.bind(db);
  db.prepare = (sql) => {
    const st = prepare(sql);
    const key = sql.replace(/\s+/g, ' ').slice(0, 110);
    for (const m of ['run', 'all', 'get']) st[m] = timed(key, st[m]);
    return st;
  };
  db.exec = timed('exec', db.exec.bind(db));
  const exec = db.exec;
  db.exec = (sql) => { const k = 'exec ' + sql; const f = timed(k, (x) => exec(x)); return f(sql); };
}
// SQLLOG=FILE: every statement the third pass runs (SQL, method, arguments), one JSON line each,
// for bench/sql-replay.mjs, which runs them again with SQLite's cost alone (e.g. under callgrind).
const sqlLog = [];
function logStatements(db) {
  const blob = (v) => (v instanceof Uint8Array ? { blob: Buffer.from(v).toString('base64') } : v);
  const prepare = db.prepare.bind(db);
  db.prepare = (sql) => {
    const st = prepare(sql);
    for (const m of ['run', 'all', 'get']) {
      const fn = st[m];
      st[m] = function (...args) {
        if (logging) sqlLog.push(JSON.stringify({ sql, m, args: args.map(blob) }));
        return fn.apply(this, args);
      };
    }
    return st;
  };
  const exec = db.exec.bind(db);
  db.exec = (sql) => {
    if (logging) sqlLog.push(JSON.stringify({ sql, m: 'exec', args: [] }));
    return exec(sql);
  };
}
let logging = false;
const scratch = mkdtempSync(join(tmpdir(), 'saksi-commit-'));
try {
  for (let p = 1; p <= Number(passesArg); p++) {
    const store = openSqliteStore(join(scratch, `pass-${p}.db`));
    if (process.env.SQLTIME) timeStatements(store.db);
    if (process.env.SQLLOG) logStatements(store.db);
    logging = p === 3;
    for (const p of (process.env.PRAGMAS ?? "").split(";").filter(Boolean)) store.db.pragma(p);
    if (session && p === 3) await session.post('Profiler.start');
    timing = p >= 3;
    const c0 = cpu();
    let summary;
    try {
      summary = await ingest(store, [corpus], {
        workers: 0,
        ...(process.env.BATCH ? { batchSize: Number(process.env.BATCH) } : {}),
        process: async (task) => {
          const out = clone(wires.get(task.record.key));
          return w.fromWire({ ...out, seq: task.seq });
        },
      });
    } finally {
      await store.close();
    }
    const ms = cpu() - c0;
    process.stdout.write(`pass ${p}: ${summary.seen} docs, ${summary.ingested} stored, ${summary.totals.entities} entities: main-thread CPU ${(ms / summary.seen).toFixed(2)} ms/doc (${(ms / 1000).toFixed(2)} s)\n`);
  }
  if (process.env.SQLLOG) writeFileSync(process.env.SQLLOG, sqlLog.join('\n') + '\n');
  if (sqlTimes.size > 0) {
    const total = [...sqlTimes.values()].reduce((a, e) => a + e.ms, 0);
    process.stdout.write(`SQL total ${total.toFixed(0)} ms over ${Number(passesArg) - 2} passes\n`);
    for (const [k, e] of [...sqlTimes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30)) process.stdout.write(`${e.ms.toFixed(0).padStart(6)} ms ${String(e.n).padStart(7)}x  ${k}\n`);
  }
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    (await import('node:fs')).writeFileSync(process.env.PROF, JSON.stringify(profile));
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
