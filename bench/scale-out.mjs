#!/usr/bin/env node
/**
 * Scale-out figures, side by side in one run (issue 11's Measure section):
 *   node bench/scale-out.mjs [--docs 2000] [--search-docs 10000,100000] [--json]
 *
 * 1. Ingest throughput of one corpus: SQLite with local worker threads (one per core) vs
 *    PostgreSQL through the job queue with 1, 2 and 4 `saksi worker` processes (one analysis
 *    thread each), documents per second and the ratio to SQLite. Times run from the start of the
 *    ingest (SQLite) or of the workers (PostgreSQL; the enqueueing is timed apart) to the end.
 * 2. Search latency p50/p95 over 40 queries at each corpus size, SQLite and PostgreSQL on the
 *    same documents (stored without analyses: search reads only title and text).
 *
 * Needs the built CLI (npm run build) and a PostgreSQL server: SAKSI_TEST_PG or
 * postgres://postgres@127.0.0.1:5432/test. The corpus: SAKSI_BENCH_CORPUS (JSON lines with
 * `text`), default ../shared/corpus/detik-2025-dev.jsonl, repeated with a numbered line added to
 * each copy until it holds --docs documents. Scratch schemas and files are removed at the end.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'saksi.js');
const PG_URL = process.env.SAKSI_TEST_PG || 'postgres://postgres@127.0.0.1:5432/test';
const CORPUS = resolve(process.env.SAKSI_BENCH_CORPUS ?? join(ROOT, '../../shared/corpus/detik-2025-dev.jsonl'));

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const DOCS = Number(opt('--docs', '2000'));
const SEARCH_SIZES = String(opt('--search-docs', '10000')).split(',').map(Number).filter((n) => n > 0);
const WORKERS = String(opt('--workers', '1,2,4')).split(',').map(Number);
const JSON_OUT = args.includes('--json');

const { openSqliteStore } = await import(join(ROOT, 'dist/store/sqlite.js'));
const { openPostgresStore } = await import(join(ROOT, 'dist/store/postgres/index.js'));

const scratch = mkdtempSync(join(os.tmpdir(), 'saksi-scale-'));
const schemas = [];
const log = (s) => process.stderr.write(`${s}\n`);

function corpusLines(n) {
  const base = readFileSync(CORPUS, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  const out = [];
  for (let i = 0; out.length < n; i++) {
    const r = base[i % base.length];
    const copy = Math.floor(i / base.length);
    out.push({ ...r, id: `${r.id ?? i}#${copy}`, url: r.url ? `${r.url}#${copy}` : undefined, text: copy === 0 ? r.text : `${r.text}\n\nCatatan arsip nomor ${copy}-${i}.` });
  }
  return out;
}

function run(argv, env = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd: scratch, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 || code === 1 ? resolvePromise(out) : reject(new Error(`saksi ${argv[0]} exited ${code}: ${err.slice(-500)}`))));
  });
}

async function admin(sql) {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const result = { machine: { cpus: os.cpus().length, node: process.version }, docs: DOCS, ingest: [], search: [] };
try {
  // 1. Ingest.
  const file = join(scratch, 'corpus.jsonl');
  writeFileSync(file, corpusLines(DOCS).map((r) => JSON.stringify(r)).join('\n') + '\n');
  log(`ingest: ${DOCS} documents from ${CORPUS}`);
  let t0 = Date.now();
  await run(['ingest', file, '--db', join(scratch, 'sqlite.db'), '--json']);
  const liteSeconds = (Date.now() - t0) / 1000;
  result.ingest.push({ backend: 'sqlite', workers: `${os.availableParallelism()} threads`, seconds: liteSeconds, docsPerSecond: DOCS / liteSeconds, ratio: 1 });
  log(`  sqlite: ${(DOCS / liteSeconds).toFixed(1)} docs/s`);
  for (const n of WORKERS) {
    const schema = `saksi_bench_${process.pid}_${n}`;
    schemas.push(schema);
    const env = { SAKSI_DB: PG_URL, SAKSI_PG_SCHEMA: schema };
    t0 = Date.now();
    await run(['ingest', file, '--queue', '--json'], env);
    const enqueueSeconds = (Date.now() - t0) / 1000;
    t0 = Date.now();
    await Promise.all(Array.from({ length: n }, () => run(['worker', '--concurrency', '1', '--until-empty', '--json'], env)));
    const seconds = (Date.now() - t0) / 1000;
    const [{ count }] = await admin(`SELECT count(*)::int AS count FROM "${schema}".documents`);
    result.ingest.push({ backend: 'postgres queue', workers: n, seconds, enqueueSeconds, stored: count, docsPerSecond: DOCS / seconds, ratio: liteSeconds / seconds });
    log(`  postgres, ${n} workers: ${(DOCS / seconds).toFixed(1)} docs/s (${((liteSeconds / seconds) * 100).toFixed(0)} % of SQLite; enqueue ${enqueueSeconds.toFixed(1)} s)`);
  }

  // 2. Search.
  const texts = corpusLines(500).map((r) => ({ title: r.title, text: r.text }));
  const words = [...new Set(texts.flatMap((t) => (t.title ?? '').split(/\s+/)).filter((w) => /^\p{L}{5,}$/u.test(w)))].slice(0, 40);
  for (const size of SEARCH_SIZES) {
    const schema = `saksi_bench_search_${process.pid}_${size}`;
    schemas.push(schema);
    const lite = openSqliteStore(join(scratch, `search-${size}.db`));
    const pgs = await openPostgresStore(PG_URL, { schema });
    for (const store of [lite, pgs]) {
      for (let start = 0; start < size; start += 1000) {
        await store.transaction(async (w) => {
          for (let i = start; i < Math.min(size, start + 1000); i++) {
            const t = texts[i % texts.length];
            await w.addDocument({ sourceKey: `k${i}`, rawHash: `r${i}`, contentHash: `h${i}`, title: t.title, text: `${t.text}\n${i}`, published: '2025-10-21' });
          }
        });
      }
    }
    await pgs.query('ANALYZE documents');
    for (const [name, store] of [['sqlite', lite], ['postgres', pgs]]) {
      const times = [];
      for (let round = 0; round < 3; round++) {
        for (const q of words) {
          const t = process.hrtime.bigint();
          await store.search({ query: q, limit: 20 });
          times.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
      }
      result.search.push({ backend: name, documents: size, p50ms: pct(times, 50), p95ms: pct(times, 95) });
      log(`  search ${name} at ${size}: p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms`);
    }
    await lite.close();
    await pgs.close();
  }
} finally {
  for (const s of schemas) await admin(`DROP SCHEMA IF EXISTS "${s}" CASCADE; DROP SCHEMA IF EXISTS "${s}_queue" CASCADE`).catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
}

if (JSON_OUT) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else {
  process.stdout.write(`ingest of ${DOCS} documents on ${result.machine.cpus} cores\n`);
  for (const r of result.ingest) {
    process.stdout.write(`  ${String(r.backend).padEnd(16)}${String(r.workers).padEnd(12)}${r.docsPerSecond.toFixed(1).padStart(8)} docs/s  ${(r.ratio * 100).toFixed(0).padStart(4)} % of SQLite\n`);
  }
  process.stdout.write('search latency (40 queries × 3 rounds, limit 20)\n');
  for (const r of result.search) process.stdout.write(`  ${r.backend.padEnd(10)}${String(r.documents).padStart(8)} docs  p50 ${r.p50ms.toFixed(1).padStart(7)} ms  p95 ${r.p95ms.toFixed(1).padStart(7)} ms\n`);
}
