#!/usr/bin/env node
// A bounded load test of `saksi serve` (loopback only, stops by itself): a server in a child
// process over a seeded store, N concurrent clients mixing on-the-spot analysis, searches and
// reads for a fixed time. Reports latency percentiles per kind, errors (anything but a deliberate
// 503 counts), 503s, and the server's RSS over time.
//
//   npm run load                       # 50 clients, 30 s
//   npm run -s load -- --clients 20 --seconds 10 --json
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const CLIENTS = Number(opt('clients', 50));
const SECONDS = Number(opt('seconds', 30));
const DOCS = Number(opt('docs', 300));
const WORKERS = Number(opt('workers', 2));
const JSON_OUT = args.includes('--json');
const log = (s) => process.stderr.write(`${s}\n`);

// A seeded generator of small articles of our own: people, places, figures, dates.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(42);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const PEOPLE = ['Daniel Okafor', 'Grace Mensah', 'Helen Dube', 'Samuel Kiprop', 'Maria Santos', 'Yusuf Hadi', 'Anna Kowalski', 'Lucas Moreau'];
const ROLES = ['Harbour Authority chairman', 'Transport minister', 'Opposition leader', 'Union secretary', 'City mayor', 'Finance minister'];
const THINGS = ['cranes', 'buses', 'bridges', 'schools', 'clinics', 'ferries', 'trains', 'wells'];
const PLACES = ['Lagos', 'Nairobi', 'Accra', 'Manila', 'Lisbon', 'Warsaw', 'Lyon', 'Surabaya'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function article(i) {
  const d = new Date(Date.UTC(2024, 0, 1) + Math.floor(rand() * 700) * 86400000);
  const day = rand() < 0.9 ? DAYS[d.getUTCDay()] : pick(DAYS);
  const [a, b] = [pick(PEOPLE), pick(PEOPLE)];
  const thing = pick(THINGS);
  const n = 2 + Math.floor(rand() * 400);
  const text = [
    `${pick(ROLES)} ${a} said on ${day}, ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, that ${n} ${thing} in ${pick(PLACES)} would be ready by the end of the year.`,
    `"We have spent ${1 + Math.floor(rand() * 90)} million dollars so far, and the work is ${10 + Math.floor(rand() * 80)} percent done," ${a.split(' ')[1]} told reporters.`,
    `${pick(ROLES)} ${b} denied that the ${thing} project was behind schedule.`,
    `An analyst in ${pick(PLACES)} doubted that the ${thing} would be finished before the rainy season, report ${i}.`,
  ].join('\n');
  return { text, title: `${n} ${thing} promised by ${a} (${i})`, source: pick(['Coastal Daily', 'Port Weekly', 'City Herald']), published: d.toISOString().slice(0, 10) };
}

function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function pct(xs, p) {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const dir = mkdtempSync(join(tmpdir(), 'saksi-load-'));
const child = spawn(process.execPath, [join(ROOT, 'bin', 'saksi.js'), 'serve', '--host', '127.0.0.1', '--port', '0', '--workers', String(WORKERS), '--db', join(dir, 'load.db')], {
  stdio: ['ignore', 'ignore', 'pipe'],
  env: { ...process.env, SAKSI_TOKEN: '' },
});
let stderr = '';
const hardStop = setTimeout(() => {
  log('load: hard time limit reached, stopping');
  child.kill('SIGKILL');
  process.exit(2);
}, (SECONDS + 240) * 1000);

try {
  const base = await new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (m) resolve(m[1]);
    });
    child.on('exit', (c) => reject(new Error(`server exited ${c}: ${stderr}`)));
  });
  log(`load: server at ${base}, seeding ${DOCS} documents`);
  const seedStart = Date.now();
  for (let i = 0; i < DOCS; i += 50) {
    const documents = Array.from({ length: Math.min(50, DOCS - i) }, (_, k) => article(i + k));
    const r = await fetch(`${base}/api/documents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ documents }) });
    if (!r.ok) throw new Error(`seeding failed: ${r.status} ${await r.text()}`);
  }
  log(`load: seeded in ${((Date.now() - seedStart) / 1000).toFixed(1)} s; ${CLIENTS} clients for ${SECONDS} s`);
  const docs = (await (await fetch(`${base}/api/documents?limit=100`)).json()).items.map((d) => d.id);
  const ents = (await (await fetch(`${base}/api/entities?limit=50`)).json()).items.map((e) => e.id);
  const stories = (await (await fetch(`${base}/api/stories?limit=100`)).json()).items.map((s) => s.id);
  log(`load: ${stories.length} stories of two or more articles in the seeded store`);

  const ops = {
    analyze: async () => fetch(`${base}/api/analyze`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: article(100000 + Math.floor(rand() * 1e6)).text }) }),
    search: async () => fetch(`${base}/api/search?q=${encodeURIComponent(pick(['cranes', 'buses OR ferries', '"rainy season"', 'Okafor', 'bridg*', 'schedule NOT clinics']))}&limit=10${rand() < 0.3 ? '&source=Port%20Weekly' : ''}`),
    'read document': async () => fetch(`${base}/api/documents/${pick(docs)}`),
    'list documents': async () => fetch(`${base}/api/documents?limit=20&offset=${Math.floor(rand() * 100)}`),
    'read entity': async () => fetch(`${base}/api/entities/${pick(ents)}`),
    'list stories': async () => fetch(`${base}/api/stories?limit=20${rand() < 0.3 ? '&lang=en' : ''}`),
    'read story': async () => fetch(`${base}/api/stories/${pick(stories)}`),
  };
  const mix = [
    ['analyze', 0.15],
    ['search', 0.25],
    ['read document', 0.2],
    ['list documents', 0.1],
    ['read entity', 0.15],
    ['list stories', 0.05],
    // Story reads only when the seeded store has stories.
    ['read story', stories.length > 0 ? 0.1 : 0],
  ];
  const choose = () => {
    let x = rand();
    for (const [k, w] of mix) if ((x -= w) < 0) return k;
    return 'search';
  };

  const lat = Object.fromEntries(Object.keys(ops).map((k) => [k, []]));
  let errors = 0;
  let busy = 0;
  const errorSamples = [];
  const rss = [];
  const started = Date.now();
  const deadline = started + SECONDS * 1000;
  const sampler = setInterval(() => rss.push({ t: Math.round((Date.now() - started) / 1000), mb: rssOf(child.pid) }), 1000);
  rss.push({ t: 0, mb: rssOf(child.pid) });

  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < deadline) {
        const kind = choose();
        const t0 = performance.now();
        try {
          const res = await ops[kind]();
          await res.arrayBuffer();
          const ms = performance.now() - t0;
          if (res.status === 503 && res.headers.get('retry-after')) {
            busy++;
            await new Promise((r) => setTimeout(r, 100));
          } else if (!res.ok) {
            errors++;
            if (errorSamples.length < 5) errorSamples.push(`${kind}: HTTP ${res.status}`);
          } else lat[kind].push(ms);
        } catch (err) {
          errors++;
          if (errorSamples.length < 5) errorSamples.push(`${kind}: ${err.message}${err.cause ? ` (${err.cause.code ?? err.cause.message})` : ''}`);
        }
      }
    }),
  );
  clearInterval(sampler);
  rss.push({ t: Math.round((Date.now() - started) / 1000), mb: rssOf(child.pid) });
  const elapsed = (Date.now() - started) / 1000;

  const reads = [...lat['read document'], ...lat['list documents'], ...lat['read entity'], ...lat.search, ...(lat['list stories'] ?? []), ...(lat['read story'] ?? [])];
  const report = {
    clients: CLIENTS,
    seconds: Math.round(elapsed * 10) / 10,
    workers: WORKERS,
    documents: DOCS,
    requests: Object.values(lat).reduce((n, xs) => n + xs.length, 0) + errors + busy,
    errors,
    deliberate503: busy,
    errorSamples,
    perKind: Object.fromEntries(
      Object.entries(lat).map(([k, xs]) => [k, { ok: xs.length, p50: Math.round(pct(xs, 50) * 10) / 10, p95: Math.round(pct(xs, 95) * 10) / 10, p99: Math.round(pct(xs, 99) * 10) / 10, max: Math.round(Math.max(0, ...xs)) }]),
    ),
    reads: { ok: reads.length, p50: Math.round(pct(reads, 50) * 10) / 10, p95: Math.round(pct(reads, 95) * 10) / 10 },
    rssMb: rss.filter((r) => r.mb !== undefined).map((r) => ({ t: r.t, mb: Math.round(r.mb) })),
  };
  if (JSON_OUT) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const out = [];
    out.push(`saksi serve under load: ${CLIENTS} clients, ${report.seconds} s, ${WORKERS} analysis workers, ${DOCS} stored documents`);
    out.push(`requests ${report.requests} (${Math.round(report.requests / elapsed)}/s), errors ${errors}, deliberate 503 ${busy}`);
    out.push('kind              ok     p50 ms   p95 ms   p99 ms   max ms');
    for (const [k, v] of Object.entries(report.perKind)) out.push(`${k.padEnd(16)}${String(v.ok).padStart(5)}${String(v.p50).padStart(9)}${String(v.p95).padStart(9)}${String(v.p99).padStart(9)}${String(v.max).padStart(9)}`);
    out.push(`all reads: p50 ${report.reads.p50} ms, p95 ${report.reads.p95} ms`);
    const mbs = report.rssMb.map((r) => r.mb);
    const step = Math.max(1, Math.floor(report.rssMb.length / 8));
    out.push(`server RSS MB over time: ${report.rssMb.filter((_, i) => i % step === 0 || i === report.rssMb.length - 1).map((r) => `${r.t}s ${r.mb}`).join(', ')} (min ${Math.min(...mbs)}, max ${Math.max(...mbs)})`);
    if (errorSamples.length) out.push(`error samples: ${errorSamples.join('; ')}`);
    process.stdout.write(`${out.join('\n')}\n`);
  }
  process.exitCode = errors === 0 ? 0 : 1;
} finally {
  clearTimeout(hardStop);
  child.kill('SIGTERM');
  await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
  rmSync(dir, { recursive: true, force: true });
}
