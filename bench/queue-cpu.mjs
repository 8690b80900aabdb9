#!/usr/bin/env node
/**
 * Where the queue's CPU goes, build against build: interleaved runs of `saksi worker` processes on
 * the scale-out corpus, each into a fresh PostgreSQL schema, with the machine's CPU accounted for.
 *
 *   node bench/queue-cpu.mjs [--workers N] [--records N] [--rounds N] [--concurrency N] [ROOT ...]
 *
 * ROOTs are saksi checkouts or baseline builds (scripts/build-baseline.mjs); default: this one. Each
 * round runs every ROOT once, in mirrored order (A B, then B A): this kind of machine drifts by up
 * to a fifth within minutes, so only pairs taken side by side compare. A run prints its wall time
 * and docs/s, the machine's busy CPU (/proc/stat), the workers' CPU per thread — main threads,
 * analysis threads (each process's busiest other thread: Node names every thread "node") and the
 * rest (V8's collector and compiler, libuv) — polled from /proc/<pid>/task every 100 ms, and
 * "server and rest": the machine's busy CPU minus the workers' (PostgreSQL, when nothing else runs).
 * The last lines are each ROOT's means. Linux only; the server as for the bench (SAKSI_TEST_PG,
 * else postgres://postgres@127.0.0.1:5432/test).
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_PG_URL, TICK, corpusRecords, machineBusy, pgAdmin } from './scale-out.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const HELP = 'usage: node bench/queue-cpu.mjs [--workers N] [--records N] [--rounds N] [--concurrency N] [ROOT ...]';

const opts = { workers: 2, records: 2000, rounds: 2, concurrency: 1, roots: [] };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const num = () => {
    const v = Number(argv[++i]);
    if (!Number.isInteger(v) || v < 0) throw new Error(`${a} needs a whole number\n${HELP}`);
    return v;
  };
  if (a === '--workers') opts.workers = num();
  else if (a === '--records') opts.records = num();
  else if (a === '--rounds') opts.rounds = num();
  else if (a === '--concurrency') opts.concurrency = num();
  else if (a === '--help' || a === '-h') {
    console.log(HELP);
    process.exit(0);
  } else if (a.startsWith('-')) throw new Error(`unknown option ${a}\n${HELP}`);
  else opts.roots.push(resolve(a));
}
if (opts.roots.length === 0) opts.roots.push(ROOT);
if (process.platform !== 'linux') throw new Error('queue-cpu reads /proc: Linux only');

const url = BENCH_PG_URL;
const admin = await pgAdmin(ROOT, url);

/** utime + stime of each thread of `pid`, by thread id (seconds). */
function threadTimes(pid) {
  const out = new Map();
  let tids;
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), (Number(f[11]) + Number(f[12])) / TICK);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

function run(root, args, env, stdout = 'ignore') {
  return spawn(process.execPath, [join(root, 'bin', 'saksi.js'), ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', stdout, 'pipe'] });
}
function finished(child, what) {
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((ok, fail) => child.on('close', (code) => (code === 0 ? ok() : fail(new Error(`${what} exited ${code}: ${err.slice(-400)}`)))));
}

async function once(root, file, tag) {
  const schema = `saksi_qcpu_${process.pid}_${tag}`;
  const env = { SAKSI_DB: url, SAKSI_PG_SCHEMA: schema };
  try {
    await finished(run(root, ['ingest', file, '--queue', '--json'], env), 'saksi ingest --queue');
    const busy0 = machineBusy();
    const t0 = performance.now();
    const workers = Array.from({ length: opts.workers }, () => {
      const child = run(root, ['worker', '--concurrency', String(opts.concurrency), '--until-empty', '--json'], env);
      return { child, done: finished(child, 'saksi worker'), last: new Map() };
    });
    let running = true;
    const all = Promise.all(workers.map((w) => w.done)).finally(() => (running = false));
    while (running) {
      for (const w of workers) for (const [tid, s] of threadTimes(w.child.pid)) w.last.set(tid, s);
      await Promise.race([all.catch(() => undefined), new Promise((r) => setTimeout(r, 100))]);
    }
    await all;
    const wall = (performance.now() - t0) / 1000;
    const busy = machineBusy() - busy0;
    let main = 0;
    let analysis = 0;
    let helpers = 0;
    for (const w of workers) {
      const others = [...w.last].filter(([tid]) => tid !== w.child.pid).map(([, s]) => s);
      main += w.last.get(w.child.pid) ?? 0;
      const busiest = Math.max(0, ...others);
      analysis += busiest;
      helpers += others.reduce((a, b) => a + b, 0) - busiest;
    }
    return { wall, docsPerSecond: opts.records / wall, busy, main, analysis, helpers, server: busy - main - analysis - helpers };
  } finally {
    await admin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_queue" CASCADE`);
  }
}

const corpus = process.env.SAKSI_BENCH_CORPUS ?? resolve(ROOT, '../shared/corpus/detik-2025-dev.jsonl');
const scratch = mkdtempSync(join(os.tmpdir(), 'saksi-queue-cpu-'));
const file = join(scratch, 'corpus.jsonl');
writeFileSync(file, corpusRecords(corpus, opts.records).map((r) => JSON.stringify(r)).join('\n') + '\n');
const f2 = (x) => x.toFixed(2).padStart(6);
const name = (root) => (root === ROOT ? 'this checkout' : basename(root));
console.log(`${opts.records} records (${corpus}, repeated), ${opts.workers} worker(s) of ${opts.concurrency} analysis thread(s), ${os.availableParallelism()} cores; CPU in seconds`);
console.log(`${'build'.padEnd(22)}  wall  docs/s  machine   main analysis helpers  server+rest`);
const results = new Map(opts.roots.map((r) => [r, []]));
try {
  for (let round = 0; round < opts.rounds; round++) {
    const order = round % 2 === 0 ? opts.roots : [...opts.roots].reverse();
    for (const [i, root] of order.entries()) {
      const r = await once(root, file, `${round}_${i}`);
      results.get(root).push(r);
      console.log(`${name(root).padEnd(22)} ${f2(r.wall)} ${r.docsPerSecond.toFixed(1).padStart(7)} ${f2(r.busy)}  ${f2(r.main)} ${f2(r.analysis)} ${f2(r.helpers)}  ${f2(r.server)}`);
    }
  }
  console.log('means:');
  for (const [root, rs] of results) {
    const m = (k) => rs.reduce((s, r) => s + r[k], 0) / rs.length;
    console.log(`${name(root).padEnd(22)} ${f2(m('wall'))} ${(opts.records / m('wall')).toFixed(1).padStart(7)} ${f2(m('busy'))}  ${f2(m('main'))} ${f2(m('analysis'))} ${f2(m('helpers'))}  ${f2(m('server'))}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
