#!/usr/bin/env node
/**
 * saksi's benchmark: `npm run bench` (this file), `npm run bench -- --json [--out FILE]`, `--quick`,
 * `--only IDS`; `--scale-out` (or `npm run bench:scale-out` alone) adds the PostgreSQL scale-out
 * section, which takes 9-12 minutes and is left out of the default run to keep it within 9 minutes.
 *
 * Every figure is measured side by side in the same run: within a section the contenders run in
 * interleaved rounds, so that a noisy machine slows all of them alike; each figure is the median
 * over the rounds, with the min-max spread, and each ratio is the median of the per-round ratios.
 * In the analysis sections (throughput, peer) each contender (this build, the baseline build of
 * SAKSI_BENCH_BASELINE, wink-nlp, the regex and Intl.Segmenter floors) runs in a process of its
 * own each round (bench/analyze-pass.mjs: two warm-up passes, then timed passes), so that one build's
 * JIT and garbage-collector state cannot slow or speed another's, and is timed by wall clock and by
 * CPU time (which a shared machine changes far less); its peak RSS is that process's own.
 *
 * Each section runs in its own child process (so its peak memory is its own, and a runaway section
 * is stopped by a timeout without losing the others), pinned to one CPU with taskset where there is
 * one (`--no-pin` to leave it to the scheduler; the contenders' processes inherit the pinning),
 * except the store sections, whose ingest uses every core. Each child gets a scratch directory
 * ($SAKSI_BENCH_SCRATCH), removed when it ends. The children load the built package (`dist/`),
 * which is rebuilt first when it is missing or older than `src/` (`--no-build` to skip).
 *
 * Sections are a list (SECTIONS below): a later issue adds its own by appending an entry with the
 * dist modules it needs; until those modules exist the section prints "not yet available".
 *
 * Units: MB = 10^6 bytes of UTF-8; tokens = matches of /\p{L}+|\p{N}+/gu (the same count for every
 * contender, so tokens/s ratios are time ratios); KB in the growth section = 1,000 characters;
 * sizes on disk are in 10^3 / 10^6 bytes too.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, statfsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatScaleOut, runScaleOut } from './scale-out.mjs';
import { INGEST_CPU_CHANNEL, threadTimes } from './thread-cpu.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// SAKSI_BENCH_DIST measures another build (an older checkout's dist/, say) with this script.
const DIST = process.env.SAKSI_BENCH_DIST ? resolve(process.env.SAKSI_BENCH_DIST) : join(ROOT, 'dist');
// SAKSI_BENCH_BASELINE measures a second build (the build before a change, say) side by side with
// DIST in the throughput and peer sections: both figures and their ratio from the same rounds.
const BASELINE = process.env.SAKSI_BENCH_BASELINE ? resolve(process.env.SAKSI_BENCH_BASELINE) : undefined;
// SAKSI_BENCH_CORPUS: another JSON-lines corpus (objects with `text`), or `none` to use generated articles.
const CORPUS =
  process.env.SAKSI_BENCH_CORPUS === 'none'
    ? ''
    : resolve(process.env.SAKSI_BENCH_CORPUS ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/corpus/detik-2025-dev.jsonl'));
const SCRIPT = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const args = { json: false, out: undefined, quick: false, build: true, pin: true, child: undefined, only: undefined, scaleOut: process.env.SAKSI_BENCH_SCALE_OUT === '1', help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') args.json = true;
    else if (a === '--out') args.out = argv[++i];
    else if (a.startsWith('--out=')) args.out = a.slice(6);
    else if (a === '--quick') args.quick = true;
    else if (a === '--no-build') args.build = false;
    else if (a === '--no-pin') args.pin = false;
    else if (a === '--child') args.child = argv[++i];
    else if (a === '--only') args.only = (argv[++i] ?? '').split(',');
    else if (a === '--scale-out') args.scaleOut = true;
    else if (a === '--help' || a === '-h') args.help = true;
    else {
      process.stderr.write(`bench: unknown option ${a} (try --help)\n`);
      process.exit(64);
    }
  }
  if (args.out !== undefined && args.out === '') {
    process.stderr.write('bench: --out needs a file name\n');
    process.exit(64);
  }
  return args;
}

const HELP = `usage: npm run bench -- [--quick] [--json] [--out FILE] [--only IDS] [--scale-out] [--no-build] [--no-pin]

  --quick     a short run (fewer rounds, smaller texts, shorter timeouts): about a minute
  --json      print the figures as JSON on stdout (progress goes to stderr)
  --out FILE  write the JSON figures to FILE (the text report still prints)
  --only IDS  run only these sections (comma-separated: throughput, peer, growth, store, search-worst, ingest-memory, stories, scale-out)
  --scale-out also run the scale-out section (PostgreSQL; 9-12 minutes), which the default run leaves out
              to stay within its time budget; \`npm run bench:scale-out\` runs it alone (= --only scale-out)
  --no-build  do not rebuild dist/ even when src/ is newer
  --no-pin    do not pin the measuring processes to one CPU with taskset

  SAKSI_BENCH_DIST=DIR      measure the build in DIR instead of dist/
  SAKSI_BENCH_BASELINE=DIR  also measure the build in DIR side by side (throughput and peer sections), each
                            build in a process of its own per round: wall and CPU rates, their per-round
                            ratios and each build's peak RSS (node scripts/build-baseline.mjs makes one)
  SAKSI_BENCH_SCALE_OUT=1   as --scale-out
`;

// ---------------------------------------------------------------------------------------------
// Statistics

/** The `p` quantile (0-1), interpolating between the two nearest values: percentile(xs, 0.5) is the median. */
function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const i = p * (s.length - 1);
  const lo = Math.floor(i);
  return lo === i ? s[lo] : s[lo] + (s[lo + 1] - s[lo]) * (i - lo);
}

function median(xs) {
  return percentile(xs, 0.5);
}

function spread(xs) {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

/** Rounds to 4 significant digits for the JSON. */
function sig(x) {
  if (typeof x !== 'number' || !Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(4));
}

function roundDeep(v) {
  if (typeof v === 'number') return sig(v);
  if (Array.isArray(v)) return v.map(roundDeep);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, roundDeep(x)]));
  return v;
}

// ---------------------------------------------------------------------------------------------
// Texts: the corpus when ../shared has it, else articles generated from the repo's own texts

const WORD = /\p{L}+|\p{N}+/gu;

function countTokens(text) {
  WORD.lastIndex = 0;
  let n = 0;
  while (WORD.exec(text) !== null) n++;
  return n;
}

function utf8Bytes(text) {
  return Buffer.byteLength(text, 'utf8');
}

const ID_WORDS = new Set('yang dan di itu dengan untuk tidak dari ini kata ke akan pada dalam juga bahwa sudah telah ujar mengatakan'.split(' '));
const EN_WORDS = new Set('the and of to in said is that for with was will on are has have from by it at'.split(' '));

function guessLanguage(text) {
  let id = 0;
  let en = 0;
  for (const w of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
    if (ID_WORDS.has(w)) id++;
    if (EN_WORDS.has(w)) en++;
  }
  return id > en * 1.5 ? 'id' : en > id * 1.5 ? 'en' : 'unknown';
}

/** Every .txt under the repo's examples/ and test/fixtures/ (CoNLL columns and other non-prose are dropped later). */
function repoTextFiles() {
  const out = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.txt') && statSync(p).size < 2_000_000) out.push(p);
    }
  };
  walk(join(ROOT, 'examples'));
  walk(join(ROOT, 'test', 'fixtures'));
  return out;
}

/** Prose sentences of a text: lines of 6 words or more, without tabs, split after . ! ? */
function sentencesOf(text) {
  const out = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.includes('\t') || line.trim().split(/\s+/).length < 6) continue;
    for (const s of line.trim().split(/(?<=[.!?]["”’»)]?)\s+(?=["“‘«(]?[\p{Lu}\p{N}])/u)) {
      if (s.split(/\s+/).length >= 4 && /[.!?]["”’»)]?$/.test(s)) out.push(s);
    }
  }
  return out;
}

// Last resort when the repo has no prose of a language (a stripped checkout): sentences written
// for this benchmark.
const BUILTIN = {
  id: [
    'Pemerintah kota menambah jadwal bus malam mulai pekan depan.',
    '"Kami ingin warga pulang kerja dengan aman," kata Kepala Dinas Perhubungan Rudi Hartono, Senin (3/3/2025).',
    'Menurut Rudi, sekitar 12.000 penumpang memakai bus malam setiap hari.',
    'Anggota DPRD membantah bahwa anggaran tambahan diambil dari dana pendidikan.',
    'Harga cabai di pasar tradisional naik 15 persen dalam dua pekan terakhir.',
    'Pedagang mengatakan pasokan dari petani berkurang karena hujan deras.',
  ],
  en: [
    'The city council approved a new night bus timetable on Monday.',
    '"We want people to get home safely," transport director Ruth Hale said.',
    'According to the council, about 12,000 passengers ride the night buses every day.',
    'Opposition members denied that the extra money came from the schools budget.',
    'Vegetable prices at the central market rose 15 percent in two weeks.',
    'Traders said heavy rain had cut supplies from farms outside the city.',
  ],
};

/** Sentences of the repo's texts by language, and where they came from. */
function repoSentences() {
  const byLang = { id: [], en: [], unknown: [] };
  const files = { id: [], en: [], unknown: [] };
  for (const f of repoTextFiles()) {
    const text = readFileSync(f, 'utf8');
    if (/[\uFFFD\0]/.test(text)) continue; // not clean UTF-8 text (a fixture of bad input)
    const s = sentencesOf(text);
    if (s.length === 0) continue;
    const lang = guessLanguage(s.join(' '));
    byLang[lang].push(...s);
    files[lang].push(relative(ROOT, f));
  }
  const pick = (lang) =>
    byLang[lang].length >= 3
      ? { sentences: byLang[lang], from: files[lang] }
      : { sentences: BUILTIN[lang], from: ['sentences built into bench/run.mjs (no repo text of this language found)'] };
  return { id: pick('id'), en: pick('en') };
}

/** `3 files: examples/a.txt, ...` or, for many, `25 files under examples/, test/fixtures/corpus/`. */
function describeFiles(files) {
  if (files.length <= 3) return files.join(', ');
  const dirs = [...new Set(files.map((f) => f.split('/').slice(0, f.startsWith('test/') ? 3 : 1).join('/')))].sort();
  return `${files.length} files under ${dirs.map((d) => `${d}/`).join(', ')}`;
}

function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Articles of about `size` characters: paragraphs of 1-3 sentences drawn at random (seeded). */
function generateArticles(sentences, count, size, seed) {
  const rand = prng(seed);
  const articles = [];
  for (let i = 0; i < count; i++) {
    const paras = [];
    let len = 0;
    while (len < size) {
      const n = 1 + Math.floor(rand() * 3);
      const p = [];
      for (let k = 0; k < n; k++) p.push(sentences[Math.floor(rand() * sentences.length)]);
      const para = p.join(' ');
      paras.push(para);
      len += para.length + 1;
    }
    articles.push({ text: paras.join('\n') });
  }
  return articles;
}

/** Generated articles are about this long: the size of the shared corpus's articles. */
const GENERATED_ARTICLE_CHARS = 2900;

/** The articles of section 1: the shared corpus when present, else generated Indonesian ones. */
function loadCorpus() {
  if (CORPUS !== '' && existsSync(CORPUS)) {
    const articles = [];
    for (const line of readFileSync(CORPUS, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const o = JSON.parse(line);
      if (typeof o.text === 'string' && o.text.length > 0) {
        articles.push({ text: o.text, meta: { title: o.title, url: o.url, published: o.published } });
      }
    }
    return { source: `${relative(ROOT, CORPUS)} (${articles.length} real articles)`, files: [relative(ROOT, CORPUS)], articles };
  }
  const { id } = repoSentences();
  // 500 articles: as many as the shared corpus has.
  const articles = generateArticles(id.sentences, 500, GENERATED_ARTICLE_CHARS, 1);
  return {
    source: `${articles.length} articles generated from ${id.sentences.length} sentences of ${describeFiles(id.from)} (../shared/corpus not found)`,
    files: id.from,
    articles,
  };
}

/** One paragraph of exactly `size` characters, without newline, from the repo's sentences. */
function paragraph(sentences, size) {
  const rand = prng(7);
  const parts = [];
  let len = 0;
  while (len < size + 200) {
    const s = sentences[Math.floor(rand() * sentences.length)];
    parts.push(s);
    len += s.length + 1;
  }
  let text = parts.join(' ').slice(0, size);
  const lastSpace = text.lastIndexOf(' ');
  if (lastSpace > size - 100) text = `${text.slice(0, lastSpace)}.${' '.repeat(size - lastSpace - 1)}`;
  return text.slice(0, size);
}

// ---------------------------------------------------------------------------------------------
// Loading saksi and the peer

async function loadSaksi(dist = DIST) {
  const entry = join(dist, 'index.js');
  if (!existsSync(entry)) return { error: 'dist/index.js not found (the package is not built, or src/index.ts does not exist yet)' };
  try {
    const m = await import(pathToFileURL(entry).href);
    if (typeof m.analyze !== 'function') return { error: 'dist/index.js does not export analyze' };
    return { analyze: m.analyze };
  } catch (err) {
    return { error: `dist/index.js failed to load: ${String(err?.message ?? err).split('\n')[0]}` };
  }
}

/** The baseline build (SAKSI_BENCH_BASELINE) when one is set: undefined, `{ dist }`, or `{ error }`. */
function baselineBuild() {
  if (!BASELINE) return undefined;
  return existsSync(join(BASELINE, 'index.js')) ? { dist: BASELINE } : { error: `SAKSI_BENCH_BASELINE=${BASELINE}: no index.js there (give the build's dist/ directory)` };
}

/** How to make a baseline build, for the report when SAKSI_BENCH_BASELINE is not set. */
const BASELINE_HOWTO = [
  'no baseline measured (SAKSI_BENCH_BASELINE unset). To compare with the build before issue 7 (bc5ebb5) in the same run:',
  '    node scripts/build-baseline.mjs bc5ebb5 /tmp/saksi-baseline   # git archive bc5ebb5 | tar -x, node_modules linked,',
  '                                                                   # npx tsc -p tsconfig.build.json && node scripts/copy-assets.mjs',
  '    SAKSI_BENCH_BASELINE=/tmp/saksi-baseline/dist npm run bench -- --only throughput,peer',
];

function winkAvailable() {
  for (const p of ['wink-nlp', 'wink-eng-lite-web-model']) {
    if (!existsSync(join(ROOT, 'node_modules', p, 'package.json'))) return `${p} is not installed (devDependencies; run npm install)`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Timing helpers (children only)

const gc = globalThis.gc ?? (() => {});

function timed(fn) {
  gc();
  const t0 = performance.now();
  const r = fn();
  return { ms: performance.now() - t0, result: r };
}

const PASS_SCRIPT = join(ROOT, 'bench', 'analyze-pass.mjs');

/**
 * One contender in a process of its own (bench/analyze-pass.mjs): its JSON, or `{ error }`. The
 * process inherits this one's CPU pinning.
 */
function passProcess(c, file, timeoutMs) {
  const argv = [PASS_SCRIPT, c.arg, file, String(c.passes), ...(c.flags ?? [])];
  const r = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 20 });
  if (r.status !== 0) {
    const why = r.error?.code === 'ETIMEDOUT' ? `timed out after ${timeoutMs / 1000} s` : `exit ${r.status ?? r.signal}: ${(r.stderr || '').trim().split('\n').slice(-2).join(' ')}`;
    return { error: why };
  }
  try {
    return JSON.parse(r.stdout.trim().split('\n').at(-1));
  } catch {
    return { error: `no JSON from ${c.arg}` };
  }
}

/**
 * Runs `contenders` ([{ name, arg, passes, flags }]) each in a process of its own, in interleaved
 * rounds (round r starts with contender r mod n: A B, B A, A B...): one round = one process per
 * contender, each two warm-up passes then `passes` timed passes over `file`. The first round sets how
 * many rounds fit `budgetMs` (between minRounds and maxRounds); no round starts that would end
 * after the section's timeout. Returns, per contender, one entry per round: the median of that
 * process's timed passes (wall and CPU), its peak RSS and load time; or the first error.
 */
function processRounds(contenders, file, { minRounds, maxRounds, budgetMs, label }) {
  const perRound = Object.fromEntries(contenders.map((c) => [c.name, []]));
  const info = {};
  const timeoutMs = Number(process.env.SAKSI_BENCH_TIMEOUT_MS) || Infinity;
  let rounds = maxRounds;
  let roundMs = 0;
  for (let r = 0; r < rounds; r++) {
    // performance.now() counts from this process's start, which is when the section's timeout started.
    if (r > 0 && performance.now() + roundMs * 1.2 + 5_000 > timeoutMs) break;
    const t0 = performance.now();
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(r + k) % contenders.length];
      const out = passProcess(c, file, Math.floor(Math.min(300_000, Math.max(30_000, timeoutMs - performance.now()))));
      if (out.error) return { error: `${c.name} (${c.arg}): ${out.error}`, perRound, info };
      info[c.name] ??= { version: out.version, texts: out.texts, failures: 0 };
      info[c.name].failures = Math.max(info[c.name].failures, out.failures);
      if (out.firstFailure) info[c.name].firstFailure ??= out.firstFailure;
      perRound[c.name].push({
        wallMs: median(out.passes.map((p) => p.wallMs)),
        cpuMs: median(out.passes.map((p) => p.cpuMs)),
        // The share of the passes' wall time the main thread spent waiting for a CPU: the machine's load as this process met it.
        waitShare: out.passes.every((p) => p.waitMs !== undefined) ? out.passes.reduce((a, p) => a + p.waitMs, 0) / out.passes.reduce((a, p) => a + p.wallMs, 0) : undefined,
        peakRssBytes: out.peakRssBytes,
        loadMs: out.loadMs,
        warmupCpuMs: out.warmup.cpuMs,
      });
    }
    roundMs = performance.now() - t0;
    if (r === 0) rounds = Math.max(minRounds, Math.min(maxRounds, Math.floor(budgetMs / Math.max(1, roundMs))));
    say(`${label}: round ${r + 1}/${rounds} (${n1(roundMs / 1000)} s)`);
  }
  return { perRound, info, rounds: perRound[contenders[0].name].length };
}

/** A contender's figures over the rounds: pass time (wall, CPU), units per second by each, peak RSS (MB). */
function roundFigures(entries, units) {
  const wall = spread(entries.map((e) => e.wallMs));
  const cpu = spread(entries.map((e) => e.cpuMs));
  const rate = (msSpread) => Object.fromEntries(Object.entries(units).map(([unit, n]) => [unit, (n * 1000) / msSpread.median]));
  return {
    passMs: wall,
    cpuPassMs: cpu,
    wall: rate(wall),
    cpu: rate(cpu),
    peakRssMb: spread(entries.map((e) => e.peakRssBytes / MB)),
    waitShare: entries.every((e) => e.waitShare !== undefined) ? median(entries.map((e) => e.waitShare)) : undefined,
    loadMs: median(entries.map((e) => e.loadMs)),
  };
}

/** Per-round ratios of two contenders, wall and CPU: > 1 when `b` takes less time than `a`. */
function roundRatios(a, b) {
  return {
    wall: spread(a.map((e, i) => e.wallMs / b[i].wallMs)),
    cpu: spread(a.map((e, i) => e.cpuMs / b[i].cpuMs)),
  };
}

function perRoundRatio(a, b) {
  return a.map((x, i) => x / b[i]);
}

function say(msg) {
  process.stderr.write(`  ${msg}\n`);
}

/** Writes a (partial or final) result for the parent: the last RESULT line wins. */
function emit(result) {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

// ---------------------------------------------------------------------------------------------
// Sections (each `run` executes in a child process and returns a JSON-able result)

const MB = 1e6;

/** A scratch directory for a section run alone (`--child ID`) or under the parent, which removes its own. */
function scratchDir() {
  const own = process.env.SAKSI_BENCH_SCRATCH === undefined;
  const dir = own ? mkdtempSync(join(os.tmpdir(), 'saksi-bench-')) : process.env.SAKSI_BENCH_SCRATCH;
  return { dir, done: () => own && rmSync(dir, { recursive: true, force: true }) };
}

/** The texts as a JSON-lines file for the contenders' processes (with saksi's meta fields when present). */
function writeTexts(dir, name, items) {
  const file = join(dir, name);
  writeFileSync(file, items.map((a) => JSON.stringify({ ...(a.meta ?? {}), text: a.text })).join('\n') + '\n');
  return file;
}

/** Texts per pass in --quick (the full corpus otherwise): a quick run's rounds stay a few seconds each. */
const QUICK_ARTICLES = 200;

async function runThroughput({ quick }) {
  const corpus = loadCorpus();
  const articles = quick ? corpus.articles.slice(0, QUICK_ARTICLES) : corpus.articles;
  const scratch = scratchDir();
  try {
    const file = writeTexts(scratch.dir, 'throughput.jsonl', articles);
    const chars = articles.reduce((s, a) => s + a.text.length, 0);
    const bytes = articles.reduce((s, a) => s + utf8Bytes(a.text), 0);
    const tokens = articles.reduce((s, a) => s + countTokens(a.text), 0);
    const saksiOk = existsSync(join(DIST, 'index.js'));
    const baseline = saksiOk ? baselineBuild() : undefined;
    // saksi and the baseline get the same passes, so that their peak RSS is over the same work.
    const saksiPasses = quick ? 1 : 2;
    const contenders = [
      { name: 'regex', arg: '--regex', passes: quick ? 10 : 20 },
      { name: 'segmenter', arg: '--segmenter', passes: 1 },
      ...(saksiOk ? [{ name: 'saksi', arg: DIST, passes: saksiPasses, flags: ['--meta'] }] : []),
      ...(baseline?.dist ? [{ name: 'baseline', arg: baseline.dist, passes: saksiPasses, flags: ['--meta'] }] : []),
    ];
    // With a baseline (issue 7's comparison) at least 5 rounds; alone, 3 (the default run's time budget).
    const budgetMs = baseline?.dist ? (quick ? 30_000 : 150_000) : quick ? 15_000 : 45_000;
    const minRounds = quick ? 2 : baseline?.dist ? 5 : 3;
    const loadBefore = os.loadavg();
    const run = processRounds(contenders, file, { minRounds, maxRounds: quick ? 3 : 9, budgetMs, label: 'throughput' });
    const result = {
      corpus: corpus.source,
      files: corpus.files,
      articles: articles.length,
      ...(articles.length < corpus.articles.length ? { subset: `first ${articles.length} of ${corpus.articles.length} (--quick)` } : {}),
      chars,
      mb: bytes / MB,
      tokens,
      rounds: run.rounds ?? 0,
      method: 'each contender in a process of its own per round (two warm-up passes, then timed passes; the median pass per process), rounds interleaved',
      passes: Object.fromEntries(contenders.map((c) => [c.name, c.passes])),
      loadAverage: { before: loadBefore, after: os.loadavg() },
    };
    if (run.error) result.error = run.error;
    if (!result.rounds) return result;
    const units = { articlesPerSec: articles.length, mbPerSec: bytes / MB, tokensPerSec: tokens };
    const fig = (name) => (run.perRound[name]?.length === result.rounds ? { ...roundFigures(run.perRound[name], units), ...run.info[name] } : undefined);
    result.regex = fig('regex');
    result.segmenter = fig('segmenter');
    if (!saksiOk) result.saksi = { unavailable: 'dist/index.js not found (the package is not built)' };
    else if (fig('saksi')) {
      result.saksi = fig('saksi');
      // saksi's pass time as a multiple of the floors' (CPU time; < 1 when saksi is faster).
      result.vsRegex = roundRatios(run.perRound.saksi, run.perRound.regex).cpu;
      result.vsSegmenter = roundRatios(run.perRound.saksi, run.perRound.segmenter).cpu;
      if (baseline?.dist && fig('baseline')) {
        result.baseline = { dist: baseline.dist, ...fig('baseline') };
        // > 1: this build is faster than the baseline.
        result.speedupVsBaseline = roundRatios(run.perRound.baseline, run.perRound.saksi);
        result.rssVsBaseline = spread(run.perRound.saksi.map((e, i) => e.peakRssBytes / run.perRound.baseline[i].peakRssBytes));
      } else if (baseline?.error) result.baseline = { unavailable: baseline.error };
    }
    return result;
  } finally {
    scratch.done();
  }
}

async function runPeer({ quick }) {
  const { en } = repoSentences();
  const target = quick ? 100_000 : 300_000;
  const docs = generateArticles(en.sentences, Math.ceil(target / 2500), 2500, 2);
  const chars = docs.reduce((s, d) => s + d.text.length, 0);
  const tokens = docs.reduce((s, d) => s + countTokens(d.text), 0);
  const bytes = docs.reduce((s, d) => s + utf8Bytes(d.text), 0);
  const base = {
    text: `${docs.length} English articles of ~2,500 characters (${chars} characters) generated from ${en.sentences.length} sentences of ${describeFiles(en.from)}`,
    files: en.from,
    chars,
    tokens,
  };
  const noWink = winkAvailable();
  if (noWink) return { ...base, skipped: noWink };
  if (!existsSync(join(DIST, 'index.js'))) return { ...base, skipped: 'saksi not available: dist/index.js not found' };
  const scratch = scratchDir();
  try {
    const file = writeTexts(scratch.dir, 'peer-en.jsonl', docs);
    const baseline = baselineBuild();
    const passes = quick ? 1 : 2;
    const contenders = [
      { name: 'wink', arg: '--wink', passes },
      { name: 'saksi', arg: DIST, passes, flags: ['--lang', 'en'] },
      ...(baseline?.dist ? [{ name: 'baseline', arg: baseline.dist, passes, flags: ['--lang', 'en'] }] : []),
    ];
    const loadBefore = os.loadavg();
    const run = processRounds(contenders, file, { minRounds: quick ? 2 : 3, maxRounds: quick ? 3 : 7, budgetMs: (quick ? 12_000 : 40_000) * (baseline?.dist ? 1.5 : 1), label: 'peer' });
    const result = {
      ...base,
      rounds: run.rounds ?? 0,
      method: 'each contender in a process of its own per round (two warm-up passes, then timed passes; the median pass per process), rounds interleaved',
      passes,
      loadAverage: { before: loadBefore, after: os.loadavg() },
    };
    if (run.error) result.error = run.error;
    if (!result.rounds) return result;
    const units = { tokensPerSec: tokens, mbPerSec: bytes / MB };
    const fig = (name) => ({ ...roundFigures(run.perRound[name], units), ...run.info[name] });
    result.peer = run.info.wink?.version;
    result.wink = fig('wink');
    result.saksi = fig('saksi');
    // > 1: saksi is faster than wink-nlp.
    result.saksiSpeedup = roundRatios(run.perRound.wink, run.perRound.saksi);
    if (baseline?.dist && run.perRound.baseline?.length === result.rounds) {
      result.baseline = { dist: baseline.dist, ...fig('baseline') };
      result.baselineSpeedup = roundRatios(run.perRound.wink, run.perRound.baseline);
      // > 1: this build is faster than the baseline.
      result.speedupVsBaseline = roundRatios(run.perRound.baseline, run.perRound.saksi);
    } else if (baseline?.error) result.baseline = { unavailable: baseline.error };
    return result;
  } finally {
    scratch.done();
  }
}

async function runGrowth({ quick }) {
  const saksi = await loadSaksi();
  const { id } = repoSentences();
  const sizes = [10_000, 100_000, 1_000_000];
  const result = { text: `one paragraph without newline from ${id.sentences.length} sentences of ${describeFiles(id.from)}`, files: id.from, sizes: {} };
  if (!saksi.analyze) return { ...result, skipped: `saksi not available: ${saksi.error}` };
  const analyze = saksi.analyze;
  // Runs per size, and the time after which a size stops taking more runs (one run always).
  const runs = quick ? { 10000: 5, 100000: 2, 1000000: 1 } : { 10000: 15, 100000: 5, 1000000: 3 };
  const capMs = quick ? { 10000: 2_000, 100000: 4_000, 1000000: 10_000 } : { 10000: 6_000, 100000: 12_000, 1000000: 30_000 };
  analyze(paragraph(id.sentences, 10_000)); // warm-up
  analyze(paragraph(id.sentences, 10_000));
  for (const size of sizes) {
    const text = paragraph(id.sentences, size);
    const prev = result.sizes[size / 10];
    if (prev?.ms && prev.ms.median * 10 > 90_000) {
      result.sizes[size] = { skipped: `${sizeLabel(size / 10)} took ${(prev.ms.median / 1000).toFixed(1)} s; ${sizeLabel(size)} would take minutes` };
      continue;
    }
    result.sizes[size] = { unfinished: true, startedSec: process.uptime() };
    emit(withRatios(result));
    const saksiMs = [];
    const regexMs = [];
    let error;
    const t0 = performance.now();
    for (let r = 0; r < runs[size]; r++) {
      if (r > 0 && performance.now() - t0 + saksiMs[r - 1] > capMs[size]) break;
      regexMs.push(timed(() => countTokens(text)).ms);
      try {
        saksiMs.push(timed(() => analyze(text)).ms);
      } catch (err) {
        error = String(err?.message ?? err).split('\n')[0];
        break;
      }
      say(`growth: ${sizeLabel(size)} run ${r + 1}/${runs[size]}`);
      result.sizes[size] = { chars: size, tokens: countTokens(text), ms: spread(saksiMs), regexMs: spread(regexMs) };
      emit(withRatios(result)); // partial result, in case a later run times out
    }
    if (error) result.sizes[size] = { error };
  }
  return withRatios(result);
}

function sizeLabel(size) {
  return size >= 1_000_000 ? `${size / 1_000_000} MB` : `${size / 1000} KB`;
}

function withRatios(result) {
  const m = (size) => result.sizes[size]?.ms?.median;
  const r = { ...result };
  if (m(1_000_000) && m(100_000)) r.ratio1MBto100KB = m(1_000_000) / m(100_000);
  if (m(100_000) && m(10_000)) r.ratio100KBto10KB = m(100_000) / m(10_000);
  return r;
}

// Section 5: the store. Knobs are [--quick, default] pairs, like the sections' timeouts.

/** Ingest runs, each into a fresh store: three give a median and a spread; one is enough for a quick look. */
const INGEST_RUNS = [1, 3];
/** No further ingest run starts when, at the last run's pace, it would end after this long (a busy machine ingests slowly). */
const INGEST_BUDGET_MS = [20_000, 40_000];
/** The search volumes: the issue's 10,000 and 100,000 documents (--quick: 10,000 only). */
const STORE_VOLUMES = [[10_000], [10_000, 100_000]];
/** The replicas stop growing after this long, and the figures are for the volume reached (the 100,000 build should take under 2 minutes). */
const BUILD_BUDGET_MS = [30_000, 120_000];
/** Time kept after the build for the searches (SEARCH_BUDGET_MS, a warm-up round) and cleanup, within the section's timeout. */
const SEARCH_RESERVE_MS = [12_000, 50_000];
/** Replicas written per transaction: large, as a bulk load would, yet small enough to stop near the build budget. */
const REPLICA_BATCH = 2_500;
/** Timed rounds (one round = each query once on each volume, after an untimed warm-up round): [min, max]... */
const SEARCH_ROUNDS = [
  [3, 5],
  [5, 15],
];
/** ...as many as fit in this time. */
const SEARCH_BUDGET_MS = [5_000, 35_000];
/** Replicas are dated over two years, so that published_date is as spread as a real archive's. */
const REPLICA_DAYS = 730;
/** Replicas are attributed to this many outlets, so that `source` varies as in a real archive. */
const REPLICA_OUTLETS = 12;
/** Appended with the copy number to each replica's text ("salinan" is Indonesian for copy): one rare word per document, as names are. */
const REPLICA_TOKEN = 'salinan';
/** Free disk left beyond the replicas' projected size (100,000 replicas take about 2 GB). */
const DISK_MARGIN_BYTES = 2e9;
/** The generated corpus when ../shared is missing: as many articles as the shared corpus, some English so that the English queries match. */
const GENERATED_STORE_ARTICLES = { id: 400, en: 100 };

/**
 * The search workload, each through `store.search({ query })` with the CLI's default limit (20):
 * Indonesian words from very common to rarer, English words, two-word ANDs, phrases, a prefix and
 * an OR. Every query matches both the shared corpus and the generated one (which has English articles).
 */
const STORE_QUERIES = [
  'kata',
  'pemerintah',
  'presiden',
  'jakarta',
  'menteri',
  'harga',
  'anggaran',
  'hukum',
  'media',
  'video',
  'market',
  'said',
  'president',
  'china',
  'presiden indonesia',
  'harga pasar',
  '"amerika serikat"',
  '"tahun ini"',
  'ekonom*',
  'banjir OR gempa',
];

async function loadDist(module) {
  return import(pathToFileURL(join(DIST, module)).href);
}

/** Bytes of a SQLite store on disk: the file and its write-ahead log. */
function storeBytes(path) {
  return [path, `${path}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);
}

/** The n-th replica's date: one of REPLICA_DAYS days up to 2025-12-31, at a varied time, Jakarta time. */
function replicaPublished(n) {
  const day = new Date(Date.UTC(2025, 11, 31) - (n % REPLICA_DAYS) * 86_400_000).toISOString().slice(0, 10);
  return `${day}T${String(n % 24).padStart(2, '0')}:${String((n * 7) % 60).padStart(2, '0')}:00+07:00`;
}

/** The store section's input file: the corpus when present, else a JSONL written to `dir` from the repo's texts. */
function storeCorpus(dir) {
  if (CORPUS !== '' && existsSync(CORPUS)) {
    const c = loadCorpus();
    return { file: CORPUS, source: c.source, files: c.files, articles: c.articles.length, bytes: c.articles.reduce((s, a) => s + utf8Bytes(a.text), 0) };
  }
  const { id, en } = repoSentences();
  const records = [];
  for (const [lang, from, seed] of [['id', id, 11], ['en', en, 12]]) {
    for (const a of generateArticles(from.sentences, GENERATED_STORE_ARTICLES[lang], GENERATED_ARTICLE_CHARS, seed)) {
      const n = records.length;
      const title = a.text.split(/(?<=[.!?]["”’»)]?)\s+/)[0];
      records.push({ id: `bench-${n}`, title, url: `https://bench.invalid/${lang}/${n}`, published: replicaPublished(n * 17), text: a.text });
    }
  }
  const file = join(dir, 'generated-corpus.jsonl');
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const files = [...new Set([...id.from, ...en.from])];
  return {
    file,
    source: `${records.length} articles (${GENERATED_STORE_ARTICLES.id} Indonesian, ${GENERATED_STORE_ARTICLES.en} English) generated from sentences of ${describeFiles(files)} (../shared/corpus not found)`,
    files,
    articles: records.length,
    bytes: records.reduce((s, r) => s + utf8Bytes(r.text), 0),
  };
}

/** Worker threads of the store section's ingest: issue 8's target is for 2 cores. */
/**
 * Analysis threads of the store section's ingest: unset, ingest's default, as `saksi ingest` runs
 * (one per core but one, growing by one when analysis falls behind the commits);
 * SAKSI_BENCH_INGEST_WORKERS=N sets N (the figures before Dec 2026 were with 2).
 */
const INGEST_WORKERS = process.env.SAKSI_BENCH_INGEST_WORKERS ? Number(process.env.SAKSI_BENCH_INGEST_WORKERS) : undefined;
/** The steady rate counts from the commit that reaches this many documents (worker start and warm-up before it). */
const STEADY_AFTER = 100;

/**
 * One ingest of `file` into `store` with INGEST_WORKERS analysis threads (default: ingest's), watched from outside:
 * this thread's CPU time (and the process's) at each commit, from the onProgress callback; the
 * worker threads' own CPU time, which bench/ingest-analyzer.mjs (the default analysis, passed as
 * `analyzerModule`) reports after each document through a BroadcastChannel. Returns the summary
 * and the figures of the run: end to end (from the call, so worker start included, to the store
 * closed) and steady (from the commit reaching STEADY_AFTER documents to the last commit).
 */
async function watchedIngest(dist, store, file) {
  const now = () => performance.timeOrigin + performance.now();
  const reports = new Map();
  const instrumented = process.platform === 'linux' && existsSync(join(DIST, 'analysis', 'analyzer.js'));
  const channel = instrumented ? new BroadcastChannel(INGEST_CPU_CHANNEL) : undefined;
  if (channel) {
    channel.onmessage = (e) => {
      const m = e.data;
      if (!reports.has(m.threadId)) reports.set(m.threadId, []);
      reports.get(m.threadId).push(m);
    };
  }
  const samples = [];
  const sample = (done) => {
    const c = process.cpuUsage();
    const t = threadTimes();
    samples.push({ done, at: now(), main: t.cpuMs, mainWait: t.waitMs, proc: (c.user + c.system) / 1000 });
  };
  let lastDone = 0;
  sample(0);
  let summary;
  try {
    summary = await dist.ingest(store, [file], {
      ...(INGEST_WORKERS !== undefined ? { workers: INGEST_WORKERS } : {}),
      ...(instrumented ? { analyzerModule: `${pathToFileURL(join(ROOT, 'bench', 'ingest-analyzer.mjs')).href}?dist=${encodeURIComponent(DIST)}` } : {}),
      onProgress: (p) => {
        if (p.done !== lastDone) {
          lastDone = p.done;
          sample(p.done);
        }
      },
    });
  } finally {
    await store.close();
  }
  sample(summary.seen);
  // The workers' last messages (posted before they were stopped).
  await new Promise((r) => setTimeout(r, 50));
  channel?.close();
  const start = samples[0];
  const end = samples.at(-1);
  const lastCommit = samples.at(-2);
  const n = summary.seen;
  const run = { ms: end.at - start.at, articlesPerSec: (n * 1000) / (end.at - start.at), cpuMs: end.proc - start.proc };
  const threads = [...reports.values()];
  // A worker's CPU time at a moment: its last report before it.
  const workerCpuAt = (at) => threads.reduce((sum, rs) => sum + (rs.filter((m) => m.at <= at).at(-1)?.cpuMs ?? 0), 0);
  if (start.main !== undefined) {
    run.cpu = { mainMs: end.main - start.main, ...(start.mainWait !== undefined ? { mainWaitMs: end.mainWait - start.mainWait } : {}) };
    if (threads.length > 0) {
      const first = threads.map((rs) => rs.find((m) => m.calls === 0)).filter(Boolean);
      run.workerThreads = threads.length;
      run.workersReadyMs = Math.min(...first.map((m) => m.at)) - start.at;
      run.cpu.workerStartMs = first.reduce((s, m) => s + m.cpuMs, 0) / Math.max(1, first.length);
      run.cpu.workersMs = threads.reduce((s, rs) => s + rs.at(-1).cpuMs, 0);
      run.cpu.otherMs = run.cpuMs - run.cpu.mainMs - run.cpu.workersMs;
    }
  }
  const from = samples.find((s) => s.done >= STEADY_AFTER);
  if (from && lastCommit && lastCommit.done > from.done && lastCommit.at > from.at) {
    const docs = lastCommit.done - from.done;
    const steady = { fromDocument: from.done, documents: docs, articlesPerSec: (docs * 1000) / (lastCommit.at - from.at), cpuMsPerArticle: (lastCommit.proc - from.proc) / docs };
    if (from.main !== undefined) {
      steady.mainMsPerArticle = (lastCommit.main - from.main) / docs;
      if (threads.length > 0) {
        steady.workersMsPerArticle = (workerCpuAt(lastCommit.at) - workerCpuAt(from.at)) / docs;
        steady.otherMsPerArticle = steady.cpuMsPerArticle - steady.mainMsPerArticle - steady.workersMsPerArticle;
      }
    }
    run.steady = steady;
  }
  return { summary, run };
}

/** Ingests the corpus into fresh stores, INGEST_RUNS times at most; keeps the last store and returns its path. */
async function ingestRuns(corpus, dir, quick, dist) {
  const runs = [];
  let last;
  for (let r = 0; r < INGEST_RUNS[quick ? 0 : 1]; r++) {
    const spent = runs.reduce((a, b) => a + b.ms, 0);
    if (r > 0 && spent + runs[r - 1].ms > INGEST_BUDGET_MS[quick ? 0 : 1]) break;
    if (last) rmSync(last.path, { force: true });
    const path = join(dir, `ingest-${r}.db`);
    const { summary, run } = await watchedIngest(dist, dist.openSqliteStore(path), corpus.file);
    runs.push(run);
    last = { path, summary };
    say(
      `store: ingest run ${r + 1}: ${summary.seen} articles in ${n1(run.ms / 1000)} s (${n0(run.articlesPerSec)}/s; steady ${run.steady ? n0(run.steady.articlesPerSec) : '?'}/s)`,
    );
  }
  const { summary, path } = last;
  const bytes = storeBytes(path);
  const t = spread(runs.map((r) => r.ms));
  const n = summary.seen;
  // The median over the runs of a figure that every run has, else undefined.
  const med = (f) => {
    const xs = runs.map(f);
    return xs.every((v) => typeof v === 'number' && Number.isFinite(v)) ? median(xs) : undefined;
  };
  const steadyRates = runs.every((r) => r.steady) ? spread(runs.map((r) => r.steady.articlesPerSec)) : undefined;
  return {
    path,
    figures: {
      runs: runs.length,
      workers: summary.workers,
      articles: n,
      stored: summary.ingested,
      exactDuplicates: summary.exactDuplicates,
      nearDuplicates: summary.nearDuplicates,
      failed: summary.failed,
      ms: t,
      articlesPerSec: (n * 1000) / t.median,
      articlesPerSecRange: [(n * 1000) / t.max, (n * 1000) / t.min],
      mbPerSec: (corpus.bytes / MB) * (1000 / t.median),
      workersReadyMs: med((r) => r.workersReadyMs),
      ...(steadyRates ? { steady: { afterDocuments: STEADY_AFTER, articlesPerSec: steadyRates } } : {}),
      // CPU time of every thread of this process (the workers are threads): what the ingest costs whatever else the machine runs.
      cpuMsPerArticle: med((r) => r.cpuMs) / n,
      cpu: {
        mainMsPerArticle: med((r) => r.cpu?.mainMs / n),
        workersMsPerArticle: med((r) => r.cpu?.workersMs / n),
        otherMsPerArticle: med((r) => r.cpu?.otherMs / n),
        workerStartMs: med((r) => r.cpu?.workerStartMs),
        mainWaitMs: med((r) => r.cpu?.mainWaitMs),
        steady: {
          totalMsPerArticle: med((r) => r.steady?.cpuMsPerArticle),
          mainMsPerArticle: med((r) => r.steady?.mainMsPerArticle),
          workersMsPerArticle: med((r) => r.steady?.workersMsPerArticle),
          otherMsPerArticle: med((r) => r.steady?.otherMsPerArticle),
        },
      },
      perRun: runs,
      storeBytes: bytes,
      bytesPerDocument: bytes / summary.ingested,
    },
  };
}

/** The ingested documents with their analyses and signatures: what the replicas copy. */
async function readOriginals(path, dist) {
  const store = dist.openSqliteStore(path, { readonly: true });
  try {
    const signatures = new Map();
    for await (const s of store.scan('signatures')) signatures.set(s.id, s.signature);
    const originals = [];
    for await (const doc of store.scan('documents')) originals.push({ doc, analysis: await store.getAnalysis(doc.id), signature: signatures.get(doc.id) });
    return originals;
  } finally {
    await store.close();
  }
}

/** The n-th replica: a copy of an original with its own key, hash, date, outlet and one word of its own. */
function replicaOf({ doc, analysis, signature }, n, contentHash) {
  const text = `${doc.text}\n${REPLICA_TOKEN}${n}`;
  const hash = contentHash(text);
  return {
    sourceKey: `bench-replica:${n}`,
    rawHash: hash,
    contentHash: hash,
    text,
    title: doc.title,
    url: doc.url !== undefined ? `${doc.url}#copy-${n}` : undefined,
    source: `outlet-${n % REPLICA_OUTLETS}`,
    published: replicaPublished(n),
    language: doc.language,
    origin: `bench replica ${n} of document ${doc.id}`,
    format: doc.format,
    analysis,
    signature,
  };
}

/**
 * Times the query set on each store (one per volume) in interleaved rounds, so that a busy machine
 * slows every volume alike: a warm-up round, then as many rounds as SEARCH_BUDGET_MS holds; one
 * round = each query once on each store, the stores and the queries in rotated order. Returns each
 * volume's figures and the largest volume's p50 as a multiple of the smallest's, per round.
 */
async function searchLatency(stores, quick) {
  const hits = [];
  const t0 = performance.now();
  for (const store of stores) {
    const h = {};
    for (const q of STORE_QUERIES) h[q] = (await store.search({ query: q })).length;
    hits.push(h);
  }
  const warmMs = performance.now() - t0;
  const [minRounds, maxRounds] = SEARCH_ROUNDS[quick ? 0 : 1];
  const rounds = Math.max(minRounds, Math.min(maxRounds, Math.floor(SEARCH_BUDGET_MS[quick ? 0 : 1] / warmMs)));
  const times = stores.map(() => ({ all: [], roundP50: [], perQuery: Object.fromEntries(STORE_QUERIES.map((q) => [q, []])) }));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < stores.length; k++) {
      const i = (r + k) % stores.length;
      const round = [];
      for (let j = 0; j < STORE_QUERIES.length; j++) {
        const q = STORE_QUERIES[(r + j) % STORE_QUERIES.length];
        const t = performance.now();
        await stores[i].search({ query: q });
        const took = performance.now() - t;
        round.push(took);
        times[i].perQuery[q].push(took);
      }
      times[i].all.push(...round);
      times[i].roundP50.push(median(round));
    }
    say(`store: search round ${r + 1}/${rounds}`);
  }
  const figures = times.map((t, i) => ({
    rounds,
    executions: t.all.length,
    p50: percentile(t.all, 0.5),
    p95: percentile(t.all, 0.95),
    max: Math.max(...t.all),
    roundP50: spread(t.roundP50),
    perQueryMs: Object.fromEntries(STORE_QUERIES.map((q) => [q, median(t.perQuery[q])])),
    noHits: STORE_QUERIES.filter((q) => hits[i][q] === 0),
  }));
  const p50Ratio = stores.length > 1 ? spread(perRoundRatio(times.at(-1).roundP50, times[0].roundP50)) : undefined;
  return { figures, p50Ratio };
}

async function runStore({ quick }) {
  // The parent's scratch directory, which the parent removes whatever happens (a timeout kills this
  // process); run alone (`--child store`), the section makes and removes its own.
  const own = process.env.SAKSI_BENCH_SCRATCH === undefined;
  const dir = own ? mkdtempSync(join(os.tmpdir(), 'saksi-bench-')) : process.env.SAKSI_BENCH_SCRATCH;
  try {
    const dist = {
      ...(await loadDist('store/sqlite.js')),
      ...(await loadDist('corpus/ingest.js')),
      contentHash: (await loadDist('corpus/worker.js')).contentHash,
    };
    const corpus = storeCorpus(dir);
    const result = {
      corpus: corpus.source,
      files: corpus.files,
      pinned: 'no: the ingest uses every core; search runs in this process, one thread',
      queries: STORE_QUERIES,
      planned: STORE_VOLUMES[quick ? 0 : 1],
      volumes: [],
    };
    const { path, figures } = await ingestRuns(corpus, dir, quick, dist);
    result.ingest = figures;
    emit(result);
    // SAKSI_BENCH_STORE_INGEST_ONLY=1: the ingest figures alone (comparing builds' ingest, in a minute).
    if (process.env.SAKSI_BENCH_STORE_INGEST_ONLY === '1') return result;
    const originals = await readOriginals(path, dist);
    rmSync(path, { force: true });
    result.replicas = originals.length;
    if (originals.length === 0) return { ...result, skipped: 'the ingest stored no document to replicate' };
    const paths = await buildVolumes(result, originals, dir, quick, dist);
    emit(result);
    if (paths.length === 0) return result;
    const stores = paths.map((p) => dist.openSqliteStore(p, { readonly: true }));
    try {
      const { figures: search, p50Ratio } = await searchLatency(stores, quick);
      search.forEach((s, i) => (result.volumes[i].search = s));
      if (p50Ratio) result.ratioLargeToSmall = { p50: p50Ratio, p95: search.at(-1).p95 / search[0].p95 };
    } finally {
      for (const s of stores) await s.close();
    }
    return result;
  } finally {
    if (own) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Grows a store of replicas through each planned volume in batched transactions, into
 * `result.volumes`, keeping a copy of the store at each volume for the searches; returns the
 * copies' paths. Stops early, and says why, when the build budget, the section's timeout or the
 * free disk would not allow the next volume.
 */
async function buildVolumes(result, originals, dir, quick, dist) {
  const path = join(dir, 'replicas.db');
  let store = dist.openSqliteStore(path);
  const buildStart = performance.now();
  // performance.now() counts from this process's start, which is when the section's timeout started.
  const timeoutMs = Number(process.env.SAKSI_BENCH_TIMEOUT_MS) || Infinity;
  const budgetEnd = buildStart + BUILD_BUDGET_MS[quick ? 0 : 1];
  const deadline = Math.min(budgetEnd, timeoutMs - SEARCH_RESERVE_MS[quick ? 0 : 1]);
  const paths = [];
  let written = 0;
  let buildMs = 0; // the build's time so far, without the copies
  try {
    for (const target of result.planned) {
      const last = target === result.planned.at(-1);
      // Room on disk, in documents at the real store's size per document: the store grows to `goal`
      // and, but for the last volume, is copied, which takes (goal - written) + goal documents' room.
      const { bavail, bsize } = statfsSync(dir);
      const room = Math.floor(Math.max(0, bavail * bsize - DISK_MARGIN_BYTES) / result.ingest.bytesPerDocument);
      const goal = Math.min(target, last ? written + room : Math.floor((written + room) / 2));
      const from = written;
      const t0 = performance.now();
      while (written < goal && performance.now() < deadline) {
        await store.transaction(async (w) => {
          const end = Math.min(goal, written + REPLICA_BATCH);
          for (; written < end; written++) await w.addDocument(replicaOf(originals[written % originals.length], written, dist.contentHash));
        });
      }
      const capped =
        written === target
          ? undefined
          : goal < target
            ? `not enough free disk for ${n0(target)} documents`
            : deadline < budgetEnd
              ? `the section's ${timeoutMs / 1000} s timeout was near (the machine is slow or busy)`
              : `the ${BUILD_BUDGET_MS[quick ? 0 : 1] / 1000} s build budget ran out`;
      if (written === from) {
        result.unbuilt = { target, reason: capped };
        break;
      }
      const addedMs = performance.now() - t0;
      buildMs += addedMs;
      say(`store: ${n0(written)} documents written (${n0(((written - from) * 1000) / addedMs)}/s)`);
      result.volumes.push({ target, documents: written, buildMs, added: written - from, addedMs, docsPerSec: ((written - from) * 1000) / addedMs, ...(capped ? { capped } : {}) });
      // Closing checkpoints the write-ahead log into the file, which is then the whole store.
      await store.close();
      const volumePath = join(dir, `volume-${written}.db`);
      if (capped || last) {
        renameSync(path, volumePath);
        result.replicaBytesPerDocument = storeBytes(volumePath) / written;
        paths.push(volumePath);
        break;
      }
      copyFileSync(path, volumePath);
      paths.push(volumePath);
      store = dist.openSqliteStore(path);
    }
  } finally {
    await store.close();
  }
  rmSync(path, { force: true });
  return paths;
}

// Section 5b: search's worst cases (issue 8 point 5: a 10 KB query of one repeated word took 63.7 s,
// a 10 KB OR query 14.7 s). Self-contained: a store of corpus replicas written without analysis
// (search reads titles and texts only), then the hardest queries the search syntax accepts, each
// timed in rounds through store.search(), alone and with a filter that rejects every hit (the
// store then ranks every hit and the LIMIT never stops the scan early).

/** Documents in the store: the issue's 20,000 (--quick: 5,000). */
const WORST_DOCUMENTS = [5_000, 20_000];
/** Timed runs of each query, after an untimed warm-up run. */
const WORST_ROUNDS = [2, 4];
/** Every accepted query answers within this. */
const WORST_LIMIT_MS = 1_000;

/**
 * The worst cases, from the corpus's own most common words (by document frequency) and 2-letter
 * prefixes: the issue's 10 KB queries, ANDs and ORs as long as the term cap, the commonest words,
 * the prefixes with the most words (as many as the prefix cap), a phrase and an exclusion.
 */
function worstQueries(texts, { MAX_TERMS: terms, MAX_PREFIXES: stars }) {
  const df = new Map();
  const prefixDf = new Map();
  const pairs = new Map();
  for (const text of texts) {
    const tokens = text.toLowerCase().match(/\p{L}+/gu) ?? [];
    for (let i = 1; i < tokens.length; i++) pairs.set(`${tokens[i - 1]} ${tokens[i]}`, (pairs.get(`${tokens[i - 1]} ${tokens[i]}`) ?? 0) + 1);
    const words = new Set(tokens);
    for (const w of words) if (w.length >= 2) df.set(w, (df.get(w) ?? 0) + 1);
    for (const p of new Set([...words].filter((w) => w.length >= 3).map((w) => w.slice(0, 2)))) prefixDf.set(p, (prefixDf.get(p) ?? 0) + 1);
  }
  const common = [...df].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
  const prefixes = [...prefixDf].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([p]) => p);
  const tenKb = (parts, sep) => {
    let q = '';
    for (let i = 0; q.length < 10_240; i++) q += (i ? sep : '') + parts[i % parts.length];
    return q.slice(0, 10_240);
  };
  return [
    { name: '10 KB: one common word repeated', query: tenKb([common[0]], ' ') },
    { name: '10 KB: common words joined by OR', query: tenKb(common.slice(0, 2_000), ' OR ') },
    { name: '10 KB: common words (AND)', query: tenKb(common.slice(0, 2_000), ' ') },
    { name: 'the commonest word', query: common[0] },
    { name: 'the 3 commonest words', query: common.slice(0, 3).join(' ') },
    { name: `${terms} commonest words, OR`, query: common.slice(0, terms).join(' OR ') },
    { name: `${terms} commonest words, AND`, query: common.slice(0, terms).join(' ') },
    { name: 'widest 2-letter prefix', query: `${prefixes[0]}*` },
    ...(stars > 1 ? [{ name: `${stars} widest prefixes, OR`, query: prefixes.slice(0, stars).map((p) => `${p}*`).join(' OR ') }] : []),
    { name: `${terms} 2-letter prefixes, OR`, query: prefixes.slice(0, terms).map((p) => `${p}*`).join(' OR ') },
    {
      name: `${stars === 1 ? 'widest prefix' : `${stars} prefixes`} OR ${terms - stars} common words`,
      query: [...prefixes.slice(0, stars).map((p) => `${p}*`), ...common.slice(0, terms - stars)].join(' OR '),
    },
    { name: 'the commonest 2-word phrase', query: `"${[...pairs].sort((a, b) => b[1] - a[1])[0][0]}"` },
    { name: 'commonest word minus a common one', query: `${common[0]} -${common[40]}` },
  ];
}

async function runSearchWorst({ quick }) {
  const own = process.env.SAKSI_BENCH_SCRATCH === undefined;
  const dir = own ? mkdtempSync(join(os.tmpdir(), 'saksi-bench-')) : process.env.SAKSI_BENCH_SCRATCH;
  try {
    const { openSqliteStore } = await loadDist('store/sqlite.js');
    const syntax = await loadDist('store/query.js');
    const { parseSearchQuery, formatQuery } = syntax;
    const { createHash } = await import('node:crypto');
    const corpus = loadCorpus();
    const target = WORST_DOCUMENTS[quick ? 0 : 1];
    const path = join(dir, 'worst.db');
    let store = openSqliteStore(path);
    const t0 = performance.now();
    try {
      for (let n = 0; n < target; ) {
        await store.transaction(async (w) => {
          for (const end = Math.min(target, n + REPLICA_BATCH); n < end; n++) {
            const a = corpus.articles[n % corpus.articles.length];
            const text = `${a.text}\n${REPLICA_TOKEN}${n}`;
            const hash = createHash('sha256').update(text).digest('hex');
            await w.addDocument({
              sourceKey: `bench-worst:${n}`,
              rawHash: hash,
              contentHash: hash,
              text,
              title: a.meta?.title ?? text.split('\n')[0].slice(0, 120),
              url: a.meta?.url !== undefined ? `${a.meta.url}#copy-${n}` : undefined,
              source: `outlet-${n % REPLICA_OUTLETS}`,
              published: replicaPublished(n),
              language: guessLanguage(a.text),
            });
          }
        });
      }
    } finally {
      await store.close();
    }
    const buildMs = performance.now() - t0;
    say(`search-worst: ${n0(target)} documents written in ${n1(buildMs / 1000)} s`);
    const queries = worstQueries(
      corpus.articles.map((a) => a.text),
      syntax,
    );
    // A language no document has: every hit is ranked and rejected.
    const variants = [
      { label: 'alone', options: {} },
      { label: 'filtered out', options: { language: 'xx' } },
    ];
    store = openSqliteStore(path, { readonly: true });
    const rounds = WORST_ROUNDS[quick ? 0 : 1];
    const rows = [];
    try {
      for (const q of queries) {
        const parsed = parseSearchQuery(q.query);
        const row = { name: q.name, chars: q.query.length, searched: formatQuery(parsed), notes: parsed.notes.length };
        for (const v of variants) {
          const hits = (await store.search({ query: q.query, ...v.options })).length;
          const times = [];
          const cpu = [];
          for (let r = 0; r < rounds; r++) {
            const t = performance.now();
            const c = process.cpuUsage();
            await store.search({ query: q.query, ...v.options });
            const used = process.cpuUsage(c);
            times.push(performance.now() - t);
            cpu.push((used.user + used.system) / 1000);
          }
          row[v.label === 'alone' ? 'alone' : 'filtered'] = { hits, ms: spread(times), max: Math.max(...times), cpuMs: median(cpu), cpuMax: Math.max(...cpu) };
        }
        say(`search-worst: ${q.name}: ${n1(row.alone.ms.median)} ms, filtered out ${n1(row.filtered.ms.median)} ms`);
        rows.push(row);
      }
    } finally {
      await store.close();
    }
    const worst = Math.max(...rows.flatMap((r) => [r.alone.max, r.filtered.max]));
    const worstCpu = Math.max(...rows.flatMap((r) => [r.alone.cpuMax, r.filtered.cpuMax]));
    return {
      corpus: corpus.source,
      documents: target,
      buildMs,
      rounds,
      limitMs: WORST_LIMIT_MS,
      loadAverage: os.loadavg(),
      queries: rows,
      worstMs: worst,
      worstCpuMs: worstCpu,
      met: worst < WORST_LIMIT_MS,
      metCpu: worstCpu < WORST_LIMIT_MS,
    };
  } finally {
    if (own) rmSync(dir, { recursive: true, force: true });
  }
}

function formatSearchWorst(r) {
  const lines = [`corpus: ${r.corpus}, replicated to ${n0(r.documents)} documents (own key, date, outlet and word each; no analysis) in ${n1(r.buildMs / 1000)} s`];
  lines.push(`store.search() (limit 20), ${r.rounds} timed runs after a warm-up; "filtered out": with --lang xx, so every hit is ranked and none kept;`);
  lines.push(`wall time median (max), and the process's CPU time median (max): what the query costs on an idle core`);
  lines.push('');
  lines.push(`  ${'query'.padEnd(34)} ${'chars'.padStart(6)}  ${'hits'.padStart(5)}  ${'wall ms'.padEnd(15)} ${'cpu ms'.padEnd(15)}  filtered out: wall, cpu`);
  for (const q of r.queries) {
    const w = (x) => `${n1(x.ms.median)} (${n1(x.max)})`;
    const c = (x) => `${n1(x.cpuMs)} (${n1(x.cpuMax)})`;
    lines.push(`  ${q.name.padEnd(34)} ${n0(q.chars).padStart(6)}  ${String(q.alone.hits).padStart(5)}  ${w(q.alone).padEnd(15)} ${c(q.alone).padEnd(15)}  ${w(q.filtered)}, ${c(q.filtered)}`);
  }
  lines.push('');
  lines.push(`  load average at the end ${r.loadAverage.map((l) => l.toFixed(2)).join(' ')} on ${os.availableParallelism?.() ?? os.cpus().length} cores`);
  lines.push(`  slowest run: wall ${n1(r.worstMs)} ms, cpu ${n1(r.worstCpuMs)} ms; every accepted query under ${n0(r.limitMs)} ms: wall ${mark(r.met)}, cpu ${mark(r.metCpu)}`);
  return lines;
}

// ---------------------------------------------------------------------------------------------
// 6. Stories

/** Volumes of the stories section; the target is that 10x the documents costs at most 15x the time. */
const STORY_VOLUMES = [1_000, 10_000];
/** Originals analysed for the replicas ([quick, default]). */
const STORY_ORIGINALS = [250, 500];

/**
 * Story grouping (the corpus stage that ingest runs after entity linking) over replicas of the
 * corpus: each original is analysed once; replica r of an article is published r years after it
 * and its entities are other corpus entities (as if other names), so a bigger corpus is a longer
 * stretch of news at the same daily rate, which is how a corpus grows. Timed: the stage's
 * `applyStory` for every document (features, blocking query, pairwise links, story merge), in
 * transactions of 64 as ingest commits them; the store writes of the documents themselves are not.
 */
async function runStories({ quick }) {
  const own = process.env.SAKSI_BENCH_SCRATCH === undefined;
  const dir = own ? mkdtempSync(join(os.tmpdir(), 'saksi-bench-')) : process.env.SAKSI_BENCH_SCRATCH;
  try {
    const saksi = await loadSaksi();
    if (!saksi.analyze) return { skipped: `saksi not available: ${saksi.error}` };
    const { openSqliteStore } = await loadDist('store/sqlite.js');
    const { applyStory } = await loadDist('corpus/stories/stage.js');
    const corpus = loadCorpus();
    const originals = [];
    let firstError;
    const t0 = performance.now();
    for (const [i, a] of corpus.articles.slice(0, STORY_ORIGINALS[quick ? 0 : 1]).entries()) {
      // Generated articles (no corpus found) get a title and a date like the store section's.
      const meta = a.meta ?? { title: a.text.split(/(?<=[.!?])\s+/)[0], published: replicaPublished(i * 17) };
      try {
        originals.push({ analysis: saksi.analyze(a.text, { meta }), meta });
      } catch (err) {
        // An article the analyzer cannot read is left out of the replicas.
        firstError ??= String(err?.message ?? err);
      }
    }
    if (originals.length === 0) return { skipped: `no article could be analysed: ${firstError}` };
    const analysisMs = performance.now() - t0;
    // Corpus entity ids as entity linking would give them: one per folded name, per replica.
    const ids = new Map();
    const entityIds = (analysis, replica) => {
      const m = new Map();
      for (const e of analysis.entities) {
        const key = `${replica}\u0000${e.name.toLowerCase()}`;
        if (!ids.has(key)) ids.set(key, ids.size + 1);
        m.set(e.id, ids.get(key));
      }
      return m;
    };
    const shift = (published, years) => {
      if (!published) return undefined;
      const t = Date.parse(published);
      if (Number.isNaN(t)) return undefined;
      const d = new Date(t);
      d.setUTCFullYear(d.getUTCFullYear() + years);
      return d.toISOString();
    };
    const result = { corpus: corpus.source, originals: originals.length, analysisMs, volumes: [] };
    for (const volume of STORY_VOLUMES) {
      const path = join(dir, `stories-${volume}.db`);
      const store = openSqliteStore(path);
      let groupMs = 0;
      let cpuMs = 0;
      try {
        for (let start = 0; start < volume; start += 64) {
          await store.transaction(async (w) => {
            for (let n = start; n < Math.min(volume, start + 64); n++) {
              const o = originals[n % originals.length];
              const replica = Math.floor(n / originals.length);
              const published = shift(o.meta.published, replica);
              const meta = { ...o.meta, ...(published ? { published } : {}) };
              // The stage reads the analysis, not the stored text: a placeholder keeps the store small.
              const { id } = await w.addDocument({ sourceKey: `bench:${n}`, rawHash: `r${n}`, contentHash: `c${n}`, text: `replica ${n}`, ...meta });
              const links = entityIds(o.analysis, replica);
              const t = performance.now();
              const c = process.cpuUsage();
              await applyStory(w, id, o.analysis, meta, links);
              groupMs += performance.now() - t;
              const dc = process.cpuUsage(c);
              cpuMs += (dc.user + dc.system) / 1000;
            }
          });
        }
        const stories = await store.listStories({ minDocuments: 2, limit: 1_000_000 });
        result.volumes.push({ documents: volume, groupMs, cpuMs, perDocumentMs: groupMs / volume, stories: stories.length, largest: Math.max(0, ...stories.map((s) => s.documents)) });
      } finally {
        await store.close();
        rmSync(path, { force: true });
        rmSync(`${path}-wal`, { force: true });
        rmSync(`${path}-shm`, { force: true });
      }
      emit(result);
    }
    const [small, big] = result.volumes;
    if (small && big) {
      result.ratio = big.groupMs / small.groupMs;
      result.cpuRatio = big.cpuMs / small.cpuMs;
    }
    return result;
  } finally {
    if (own) rmSync(dir, { recursive: true, force: true });
  }
}

function formatStories(r) {
  if (r.skipped) return [`skipped: ${r.skipped}`];
  const lines = [`corpus: ${r.corpus}; ${n0(r.originals)} originals analysed once (${n1(r.analysisMs / 1000)} s), replicated a year apart per copy with other entities`];
  lines.push('');
  lines.push('  documents   grouping time    CPU time   per document   stories (2+ docs)   largest');
  for (const v of r.volumes) lines.push(`  ${n0(v.documents).padStart(9)}   ${`${n2(v.groupMs / 1000)} s`.padStart(13)}   ${`${n2((v.cpuMs ?? 0) / 1000)} s`.padStart(9)}   ${`${n2(v.perDocumentMs)} ms`.padStart(12)}   ${n0(v.stories).padStart(17)}   ${n0(v.largest).padStart(7)}`);
  lines.push('');
  if (r.ratio !== undefined) lines.push(`  10,000 / 1,000 documents = ${n1(r.ratio)}x the time (${n1(r.cpuRatio)}x the CPU time); target <= 15x: ${mark(r.ratio <= 15)}`);
  return lines;
}

/** Section 5b's volumes: [--quick, default]. */
const MEMORY_VOLUMES = [
  [500, 5_000],
  [2_000, 20_000],
];

/**
 * Section 5b: ingests the corpus once (for analysed originals), then, for each volume, runs
 * bench/ingest-memory.mjs in its own process (its peak RSS is that ingest's own): the volume's
 * documents replicated from the originals with words, names, dates and outlets varied, through
 * `ingest()` and its corpus stages. Reports each volume's peak RSS, rate and entities, and the ratio.
 */
async function runIngestMemory({ quick }) {
  const own = process.env.SAKSI_BENCH_SCRATCH === undefined;
  const dir = own ? mkdtempSync(join(os.tmpdir(), 'saksi-bench-')) : process.env.SAKSI_BENCH_SCRATCH;
  try {
    const dist = { ...(await loadDist('store/sqlite.js')), ...(await loadDist('corpus/ingest.js')) };
    const corpus = storeCorpus(dir);
    const originals = join(dir, 'originals.db');
    const store = dist.openSqliteStore(originals);
    try {
      await dist.ingest(store, [corpus.file], {});
    } finally {
      await store.close();
    }
    const result = { corpus: corpus.source, volumes: [] };
    for (const count of MEMORY_VOLUMES[quick ? 0 : 1]) {
      const sub = join(dir, `memory-${count}`);
      mkdirSync(sub, { recursive: true });
      const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'ingest-memory.mjs'), DIST, originals, String(count), sub], { encoding: 'utf8', maxBuffer: 1 << 20 });
      rmSync(sub, { recursive: true, force: true });
      if (r.status !== 0) return { ...result, failed: `the ${count}-document ingest exited ${r.status}: ${(r.stderr || '').trim().split('\n').slice(-3).join(' ')}` };
      const figures = JSON.parse(r.stdout.trim().split('\n').at(-1));
      result.volumes.push(figures);
      say(`ingest-memory: ${n0(count)} documents, peak RSS ${n0(figures.peakRssBytes / MB)} MB, ${n0(figures.docsPerSec)} documents/s`);
      emit(result);
    }
    const [small, large] = result.volumes;
    if (small && large) result.rssRatio = large.peakRssBytes / small.peakRssBytes;
    return result;
  } finally {
    if (own) rmSync(dir, { recursive: true, force: true });
  }
}

function formatIngestMemory(r) {
  const lines = [`corpus: ${r.corpus}, replicated (words, names, dates, outlets varied) through ingest() with its corpus stages, no analysis`];
  lines.push('');
  lines.push('    documents   peak RSS   documents/s   per CPU second   entities   copy-of');
  for (const v of r.volumes ?? []) {
    lines.push(
      `    ${n0(v.documents).padStart(9)} ${`${n0(v.peakRssBytes / MB)} MB`.padStart(10)} ${n0(v.docsPerSec).padStart(13)} ${n0(v.docsPerCpuSec ?? NaN).padStart(16)} ${n0(v.entities).padStart(10)} ${n0(v.copyOf).padStart(9)}`,
    );
  }
  if (r.failed) lines.push(`    FAILED: ${r.failed}`);
  if (r.rssRatio !== undefined) lines.push('', `peak RSS, largest / smallest volume: ${n2(r.rssRatio)}x (target at most 1.30x: ${mark(r.rssRatio <= 1.3)})`);
  return lines;
}

/**
 * The sections, in order. `requires` lists dist modules the section needs: while one is missing the
 * section prints "not yet available". `run` executes in a child process, stopped after `timeoutMs`
 * ([quick, default]), and pinned to one CPU unless `pin: false`. The issue's limit is 10 minutes for
 * the whole default run on 2 cores, leaving room for the build: the sections' own time budgets fit
 * about 9 minutes on a quiet machine (throughput ~40 s, peer ~30 s, growth ~20 s, store ~150 s,
 * search-worst ~60 s, ingest-memory ~100 s, stories ~60 s); each timeout is above its section's
 * budget and stops it on a machine too busy to finish. A section with `optIn` (scale-out, 9-12
 * minutes) runs only when named by --only or with --scale-out.
 */
const SECTIONS = [
  // Each contender in a process of its own per round (bench/analyze-pass.mjs): about 40 s (peer 30 s)
  // here on a quiet machine, 60-90 s at a load average of 10; with a baseline about twice that.
  { id: 'throughput', title: '1-2. Analysis throughput (one core) and the floor', timeoutMs: BASELINE ? [120_000, 420_000] : [60_000, 180_000], run: runThroughput, format: formatThroughput },
  { id: 'peer', title: '3. Against a peer: wink-nlp on the same English text', timeoutMs: BASELINE ? [90_000, 240_000] : [45_000, 90_000], run: runPeer, format: formatPeer },
  { id: 'growth', title: '4. Growth: one paragraph without newline', timeoutMs: [45_000, 90_000], run: runGrowth, format: formatGrowth },
  {
    id: 'store',
    title: '5. Store: ingest rate (saksi ingest\'s default analysis threads), size per document, search p50/p95 at 10,000 and 100,000 documents',
    requires: ['store/sqlite.js', 'corpus/ingest.js', 'corpus/worker.js'],
    // About 150 s here: ingest runs (40 s budget), the replicas (120 s build budget), searches (35 s budget).
    timeoutMs: [60_000, 210_000],
    // The ingest's worker threads are to use every core.
    pin: false,
    run: runStore,
    format: formatStore,
  },
  {
    id: 'search-worst',
    title: '5c. Search worst cases: the hardest accepted queries on a 20,000-document store, each under 1 s',
    requires: ['store/sqlite.js', 'store/query.js'],
    // About 60 s here on a busy machine: 20,000 documents written (about 10-20 s), 12 queries x 2 x 5 runs.
    timeoutMs: [60_000, 120_000],
    run: runSearchWorst,
    format: formatSearchWorst,
  },
  {
    id: 'ingest-memory',
    title: '5b. Ingest memory: peak RSS ingesting 2,000 and 20,000 documents (target: at most 1.3x)',
    requires: ['store/sqlite.js', 'corpus/ingest.js', 'corpus/worker.js'],
    // The corpus ingest (~10 s), then the two volumes, each in its own process (20,000 take ~70 s on an idle machine).
    timeoutMs: [120_000, 420_000],
    pin: false,
    run: runIngestMemory,
    format: formatIngestMemory,
  },
  {
    id: 'stories',
    title: '6. Story clustering at 1,000 and 10,000 documents',
    requires: ['corpus/stories/stage.js', 'store/sqlite.js'],
    // About 15 s + 40 s here on a quiet machine: the analysis of the originals, then grouping 1,000
    // and 10,000 documents. Default 90 s (the 9-minute budget is now 120 + 60 + 90 + 210 + 90 s =
    // 9.5 min, over by 30 s: the lead may trim the store section's).
    timeoutMs: [90_000, 90_000],
    run: runStories,
    format: formatStories,
  },
  {
    id: 'scale-out',
    title: '7. Scale-out: ingest into PostgreSQL by 1, 2 and 4 queue workers against SQLite; search p50/p95 on both at 10,000 and 100,000 documents',
    requires: ['store/postgres/index.js', 'corpus/queue/consumer.js', 'store/sqlite.js'],
    // About 9-12 minutes here: 2,000 documents ingested eight times (SQLite and each worker count
    // twice), then 100,000 documents written into each store. Outside the default run's 9-minute
    // budget: it runs only when asked, alone with `npm run bench:scale-out` (--only scale-out) or
    // with the rest (--scale-out).
    optIn: 'it takes 9-12 minutes (PostgreSQL ingests and 100,000-document stores), beyond the default run\'s budget: `npm run bench:scale-out` runs it alone, `npm run bench -- --scale-out` with the rest',
    timeoutMs: [300_000, 1_500_000],
    // The ingests use every core.
    pin: false,
    run: ({ quick }) =>
      runScaleOut({ quick, root: ROOT, dist: DIST, corpus: CORPUS, scratch: process.env.SAKSI_BENCH_SCRATCH ?? os.tmpdir(), queries: STORE_QUERIES, say, emit }),
    format: formatScaleOut,
  },
];

// ---------------------------------------------------------------------------------------------
// Text report

const n0 = (x) => Math.round(x).toLocaleString('en-US');
const n1 = (x) => x.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const n2 = (x) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const ms = (s) => `${n1(s.median)} ms (${n1(s.min)}-${n1(s.max)})`;
const x = (s) => `${n2(s.median)}x (${n2(s.min)}-${n2(s.max)})`;
const mark = (ok) => (ok ? 'met' : 'MISSED');

/** A table row: rates by wall time and by CPU time, peak RSS, and the pass times. */
function rateRow(name, f, unit, digits = n0) {
  const pass = (s) => `${n0(s.median)} (${n0(s.min)}-${n0(s.max)})`;
  return `  ${name.padEnd(16)} ${digits(f.wall[unit]).padStart(9)} ${digits(f.cpu[unit]).padStart(9)} ${n2(f.cpu.mbPerSec).padStart(8)} ${`${n0(f.peakRssMb.median)} MB`.padStart(9)}   ${pass(f.passMs).padEnd(17)} ${pass(f.cpuPassMs)}`;
}

const rateHeader = (unit) => `  ${''.padEnd(16)} ${`${unit}`.padStart(19)} ${'MB/s'.padStart(8)} ${'peak'.padStart(9)}   pass ms, median (min-max)\n  ${''.padEnd(16)} ${'wall'.padStart(9)} ${'CPU'.padStart(9)} ${'CPU'.padStart(8)} ${'RSS'.padStart(9)}   ${'wall'.padEnd(17)} CPU`;

/**
 * The machine's load as the contenders met it: the load average over the section, and the share of
 * their passes' wall time their main thread waited for a CPU. On a machine this busy, CPU time
 * swells too (caches and memory shared with the other processes), and ratios shrink toward 1.
 */
function contention(r, names) {
  const la = r.loadAverage;
  const waits = names.filter((n) => r[n]?.waitShare !== undefined).map((n) => `${n} ${n0(r[n].waitShare * 100)} %`);
  if (!la && waits.length === 0) return [];
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  return [
    `  load: average ${la ? `${n1(la.before[0])} at the start, ${n1(la.after[0])} at the end on ${cores} cores` : 'unknown'}${waits.length ? `; waiting for a CPU (share of the passes' wall time): ${waits.join(', ')}` : ''}`,
  ];
}

/** "2.01x (1.80-2.20x)" */
const xr = (s) => `${n2(s.median)}x (${n2(s.min)}-${n2(s.max)}x)`;

function formatThroughput(r) {
  if (r.corpus === undefined) return [];
  const lines = [`corpus: ${r.corpus}`];
  if (r.subset) lines.push(`subset: ${r.subset}`);
  lines.push(`${n0(r.articles)} articles, ${n2(r.mb)} MB, ${n0(r.tokens)} tokens; ${r.rounds} interleaved rounds, each contender in a process of its own`);
  if (r.passes) lines.push(`per round and contender: two warm-up passes, then ${Object.entries(r.passes).map(([k, v]) => `${k} ${v}`).join(', ')} timed passes (their median); figures are medians over the rounds`);
  if (!r.regex) return lines;
  lines.push('');
  lines.push(rateHeader('articles/s'));
  lines.push(rateRow('regex floor', r.regex, 'articlesPerSec'), rateRow('Intl.Segmenter', r.segmenter, 'articlesPerSec'));
  if (r.saksi?.unavailable) {
    lines.push(`  saksi            not available: ${r.saksi.unavailable}`);
    return lines;
  }
  if (!r.saksi) return lines;
  lines.push(rateRow('saksi analyze', r.saksi, 'articlesPerSec'));
  if (r.baseline?.cpu) lines.push(rateRow('baseline', r.baseline, 'articlesPerSec'));
  lines.push('');
  if (r.baseline?.cpu) {
    const s = r.speedupVsBaseline;
    lines.push(`  against the baseline (${r.baseline.dist}), median of the per-round ratios (min-max):`);
    lines.push(`    articles/s by CPU time ${xr(s.cpu)}, by wall time ${xr(s.wall)}`);
    lines.push(`    peak RSS ${n0(r.saksi.peakRssMb.median)} MB against ${n0(r.baseline.peakRssMb.median)} MB (${xr(r.rssVsBaseline)} per round)`);
    lines.push(
      `  target: >= 2.0x the baseline's articles/s: by CPU time ${mark(s.cpu.median >= 2)}, by wall time ${mark(s.wall.median >= 2)}; peak RSS no higher: ${mark(r.saksi.peakRssMb.median <= r.baseline.peakRssMb.median)}`,
    );
  } else if (r.baseline?.unavailable) lines.push(`  baseline not measured: ${r.baseline.unavailable}`);
  else lines.push(...BASELINE_HOWTO.map((l) => `  ${l}`));
  lines.push(...contention(r, ['saksi', 'baseline']));
  lines.push(`  saksi's CPU time per pass = ${xr(r.vsRegex)} the regex pass's, ${xr(r.vsSegmenter)} Intl.Segmenter's`);
  if (r.saksi.failures) lines.push(`  WARNING: analyze threw on ${r.saksi.failures} articles (timed all the same): ${r.saksi.firstFailure}`);
  lines.push(
    `  targets (CPU time): >= 1,800 articles/s: ${mark(r.saksi.cpu.articlesPerSec >= 1800)}; no slower than Intl.Segmenter: ${mark(r.vsSegmenter.median <= 1)}; within 10x of the regex floor: ${mark(r.vsRegex.median <= 10)}`,
  );
  return lines;
}

function formatPeer(r) {
  if (r.text === undefined) return [];
  const lines = [`text: ${r.text}, ${n0(r.tokens)} tokens`];
  if (r.skipped) return [...lines, `skipped: ${r.skipped}`];
  lines.push(`peer: ${r.peer ?? 'wink-nlp'}, readDoc + entities().out(); saksi: analyze(text, { lang: 'en' })`);
  lines.push(`${r.rounds} interleaved rounds, each contender in a process of its own: two warm-up passes, then ${r.passes} timed passes (their median)`);
  if (!r.wink) return lines;
  lines.push('');
  lines.push(rateHeader('tokens/s'));
  lines.push(rateRow('wink-nlp', r.wink, 'tokensPerSec'), rateRow('saksi', r.saksi, 'tokensPerSec'));
  if (r.baseline?.cpu) lines.push(rateRow('baseline', r.baseline, 'tokensPerSec'));
  lines.push('');
  lines.push(`  saksi against wink-nlp, per-round ratios of tokens/s: by CPU time ${xr(r.saksiSpeedup.cpu)}, by wall time ${xr(r.saksiSpeedup.wall)}`);
  if (r.baseline?.cpu) {
    lines.push(`  the baseline against wink-nlp: by CPU time ${xr(r.baselineSpeedup.cpu)}; this build against the baseline: by CPU time ${xr(r.speedupVsBaseline.cpu)}, by wall time ${xr(r.speedupVsBaseline.wall)}`);
  } else if (r.baseline?.unavailable) lines.push(`  baseline not measured: ${r.baseline.unavailable}`);
  lines.push(...contention(r, ['wink', 'saksi', 'baseline']));
  if (r.saksi.failures) lines.push(`  WARNING: analyze threw on ${r.saksi.failures} texts (timed all the same): ${r.saksi.firstFailure}`);
  lines.push(`  target: >= 0.5x wink-nlp's tokens/s: by CPU time ${mark(r.saksiSpeedup.cpu.median >= 0.5)}, by wall time ${mark(r.saksiSpeedup.wall.median >= 0.5)}; faster than wink-nlp (CPU): ${mark(r.saksiSpeedup.cpu.median > 1)}`);
  return lines;
}

function formatGrowth(r) {
  const lines = [`text: ${r.text}`];
  if (r.skipped) return [...lines, `skipped: ${r.skipped}`];
  lines.push('');
  lines.push('  size        saksi analyze                    regex pass');
  for (const [size, s] of Object.entries(r.sizes)) {
    const label = sizeLabel(Number(size)).padEnd(10);
    if (s.unfinished) lines.push(`  ${label}  still running after ${n0(r.seconds - s.startedSec)} s, when the section's timeout stopped it`);
    else if (!s.ms) lines.push(`  ${label}  ${s.skipped ?? `error: ${s.error}`}`);
    else lines.push(`  ${label}  ${ms(s.ms).padEnd(31)}  ${ms(s.regexMs)}`);
  }
  lines.push('');
  if (r.ratio100KBto10KB) lines.push(`  100 KB / 10 KB = ${n1(r.ratio100KBto10KB)}`);
  if (r.ratio1MBto100KB) lines.push(`  1 MB / 100 KB = ${n1(r.ratio1MBto100KB)} (linear is about 10)`);
  const big = r.sizes[1_000_000];
  const mb = big?.ms?.median;
  // A 1 MB run stopped by the timeout missed both targets, given a 100 KB figure to compare with.
  const unfinished = big?.unfinished && r.seconds !== undefined ? r.seconds - big.startedSec : undefined;
  const t100 = r.sizes[100_000]?.ms?.median;
  const timeTarget = mb !== undefined ? mark(mb < 2000) : unfinished !== undefined ? `MISSED (over ${n0(unfinished)} s)` : 'not measured';
  const growthTarget =
    r.ratio1MBto100KB !== undefined
      ? mark(r.ratio1MBto100KB <= 12)
      : unfinished !== undefined && t100
        ? `${unfinished * 1000 > 12 * t100 ? 'MISSED' : 'unknown'} (over ${n0((unfinished * 1000) / t100)})`
        : 'not measured';
  lines.push(`  targets: 1 MB under 2 s: ${timeTarget}; 1 MB / 100 KB <= 12: ${growthTarget}`);
  return lines;
}

function formatStore(r) {
  const lines = [`corpus: ${r.corpus}`, `pinned: ${r.pinned}`];
  const g = r.ingest;
  if (!g) return lines;
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  // One run has no spread to show.
  const range = (lo, hi, unit = '') => (g.runs > 1 ? ` (${n1(lo)}-${n1(hi)}${unit})` : '');
  const [lo, hi] = g.articlesPerSecRange;
  lines.push('');
  lines.push(`ingest: saksi's ingest() with ${g.workers} analysis worker thread${g.workers === 1 ? '' : 's'}${INGEST_WORKERS === undefined ? ` (its default on ${cores} cores: one per core but one, another when analysis falls behind; SAKSI_BENCH_INGEST_WORKERS=N sets N)` : ''} into a fresh store; ${g.runs > 1 ? `median (min-max) of ${g.runs} runs in this process` : '1 run'}`);
  lines.push(
    `    ${n0(g.articles)} articles in ${n1(g.ms.median / 1000)} s${range(g.ms.min / 1000, g.ms.max / 1000, ' s')}: ${n0(g.stored)} stored, ${n0(g.exactDuplicates)} exact duplicates, ${n0(g.nearDuplicates)} near-duplicates${g.failed ? `, ${n0(g.failed)} FAILED` : ''}`,
  );
  const ready = g.workersReadyMs !== undefined ? `; the workers' first document ${n1(g.workersReadyMs / 1000)} s after the call` : '';
  lines.push(`    end to end (from the call, worker start included, to the store closed): ${n1(g.articlesPerSec)} articles/s${range(lo, hi)}, ${n2(g.mbPerSec)} MB/s${ready}`);
  if (g.steady) {
    const s = g.steady.articlesPerSec;
    lines.push(`    steady (from the commit reaching document ${g.steady.afterDocuments} to the last commit): ${n1(s.median)} articles/s${range(s.min, s.max)}`);
  }
  if (g.perRun?.length > 1) {
    // Later runs reuse this process's warmed-up main thread (new workers each run): the first run is what `saksi ingest` meets.
    lines.push(`    each run in turn (a fresh store and fresh workers, this process's main thread warmer each time): ${g.perRun.map((p) => `${n1(p.articlesPerSec)}${p.steady ? ` (steady ${n1(p.steady.articlesPerSec)})` : ''}`).join(', ')} articles/s`);
  }
  const c = g.cpu ?? {};
  const ms2 = (v) => (v === undefined ? '?' : `${n2(v)} ms`);
  // The main thread commits every document alone: its CPU per document bounds the rate whatever the cores.
  const bound = (main, total) =>
    main !== undefined && total !== undefined ? `at most ${n0(Math.min(1000 / main, (Math.min(cores, g.workers + 1) * 1000) / total))} articles/s on ${Math.min(cores, g.workers + 1)} idle cores (main thread alone: ${n0(1000 / main)}/s)` : undefined;
  if (g.cpuMsPerArticle !== undefined) {
    lines.push(`    CPU per article (thread CPU time; "other" = the process's total minus main and workers: GC and compiler threads, SQLite):`);
    const row = (label, total, main, workers, other) =>
      `      ${label.padEnd(11)} ${ms2(total).padStart(9)} total: main thread ${ms2(main)}, worker threads ${ms2(workers)}, other ${ms2(other)}${bound(main, total) ? `; ${bound(main, total)}` : ''}`;
    lines.push(row('end to end', g.cpuMsPerArticle, c.mainMsPerArticle, c.workersMsPerArticle, c.otherMsPerArticle));
    if (c.steady?.totalMsPerArticle !== undefined) lines.push(row('steady', c.steady.totalMsPerArticle, c.steady.mainMsPerArticle, c.steady.workersMsPerArticle, c.steady.otherMsPerArticle));
    if (c.workerStartMs !== undefined) lines.push(`      each worker's start (modules, analyzer, knowledge base): ${n0(c.workerStartMs)} ms of CPU before its first document`);
    if (c.mainWaitMs !== undefined) lines.push(`      the main thread waited ${n1(c.mainWaitMs / 1000)} s for a CPU (runnable, not running: the machine's load) over the run`);
  }
  const steadyRate = g.steady?.articlesPerSec.median;
  lines.push(`    target (issue 8): >= 300 articles/s on 2 cores: end to end ${mark(g.articlesPerSec >= 300)}, steady ${steadyRate === undefined ? 'not measured' : mark(steadyRate >= 300)} (\`node bench/same-result.mjs OLD_DIST dist CORPUS\` checks the stored result)`);
  lines.push(`    store on disk: ${n1(g.storeBytes / MB)} MB, ${n1(g.bytesPerDocument / 1000)} KB per stored document (.db and -wal after close)`);
  if (r.skipped) return [...lines, `skipped: ${r.skipped}`];
  if (!r.volumes?.length) return r.unbuilt ? [...lines, `replicas not built: ${r.unbuilt.reason}`] : lines;
  lines.push('');
  lines.push(`search: store.search() in this process over copies of the ${n0(r.replicas)} stored documents, each with its own key, hash,`);
  lines.push(`    date, outlet and one word of its own (analysis and signature kept; no entity or claim rows, which search does not read);`);
  lines.push(`    ${r.queries.length} queries (words, ANDs, phrases, a prefix, an OR; limit 20); after a warm-up round, rounds of each query`);
  lines.push(`    on each volume, interleaved; p50/p95 over all runs, and the range of the rounds' p50`);
  lines.push('');
  lines.push('  documents   built in            written/s   p50         p95         p50 per round        runs');
  for (const v of r.volumes) {
    const s = v.search;
    const built = v.added < v.documents ? `${n1(v.buildMs / 1000)} s (+${n1(v.addedMs / 1000)} s)` : `${n1(v.buildMs / 1000)} s`;
    const searched = s
      ? `${`${n1(s.p50)} ms`.padEnd(10)}  ${`${n1(s.p95)} ms`.padEnd(10)}  ${`${n1(s.roundP50.min)}-${n1(s.roundP50.max)} ms`.padEnd(19)}  ${s.executions}`
      : 'not searched';
    lines.push(`  ${n0(v.documents).padStart(9)}   ${built.padEnd(18)}  ${n0(v.docsPerSec).padStart(9)}   ${searched}`);
    if (v.capped) lines.push(`             capped below ${n0(v.target)}: ${v.capped}`);
  }
  if (r.unbuilt) lines.push(`  ${n0(r.unbuilt.target).padStart(9)}   not built: ${r.unbuilt.reason}`);
  if (r.planned.length === 1) lines.push(`  (--quick: ${n0(r.planned[0])} documents only)`);
  lines.push('');
  const small = r.volumes[0];
  const last = r.volumes.at(-1);
  if (r.ratioLargeToSmall) {
    lines.push(
      `  ${n0(last.documents)} / ${n0(small.documents)} documents (${n1(last.documents / small.documents)}x as many): p50 ${x(r.ratioLargeToSmall.p50)} per round, p95 ${n2(r.ratioLargeToSmall.p95)}x`,
    );
  }
  if (!last.search) return lines;
  const slowest = Object.entries(last.search.perQueryMs).sort((a, b) => b[1] - a[1]).slice(0, 3);
  lines.push(`  slowest at ${n0(last.documents)} (median): ${slowest.map(([q, t]) => `${q} ${n1(t)} ms`).join(', ')}`);
  if (last.search.noHits.length) lines.push(`  no hits in this corpus: ${last.search.noHits.join(', ')}`);
  if (r.replicaBytesPerDocument) lines.push(`  replicas on disk: ${n1(r.replicaBytesPerDocument / 1000)} KB per document`);
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Orchestration

function newestMtime(dir) {
  let newest = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  if (existsSync(dir)) walk(dir);
  return newest;
}

/** Rebuilds dist/ with `npm run build` when it is missing or older than src/. Returns a note for the report. */
function ensureBuilt(build) {
  const entry = join(DIST, 'index.js');
  if (process.env.SAKSI_BENCH_DIST) return `measuring ${DIST} (SAKSI_BENCH_DIST; not rebuilt)`;
  const fresh = existsSync(entry) && statSync(entry).mtimeMs >= newestMtime(join(ROOT, 'src'));
  if (fresh) return 'dist/ up to date';
  if (!build) return 'dist/ missing or older than src/ (--no-build: not rebuilt)';
  process.stderr.write('bench: dist/ is missing or older than src/: npm run build...\n');
  // Under npm, npm_execpath is npm's own script; run it with this node.
  const npm = process.env.npm_execpath;
  const [cmd, pre] = npm && /npm-cli\.js$/.test(npm) ? [process.execPath, [npm]] : ['npm', []];
  const r = spawnSync(cmd, [...pre, 'run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status === 0) return 'dist/ rebuilt';
  const first = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error?.message ?? ''}`.split('\n').find((l) => l.trim() !== '') ?? `exit ${r.status}`;
  return `npm run build failed (${first.trim()}); measuring what dist/ holds`;
}

function runChild(section, args, pinCpu) {
  const timeoutMs = section.timeoutMs[args.quick ? 0 : 1];
  return new Promise((resolvePromise) => {
    const nodeArgs = ['--expose-gc', SCRIPT, '--child', section.id, ...(args.quick ? ['--quick'] : [])];
    const [cmd, cmdArgs] = pinCpu !== undefined ? ['taskset', ['-c', String(pinCpu), process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
    // A scratch directory for the section's files, removed here even when the timeout kills the child;
    // the child is told its timeout, to fit its work in.
    const scratch = mkdtempSync(join(os.tmpdir(), 'saksi-bench-'));
    const env = { ...process.env, SAKSI_BENCH_SCRATCH: scratch, SAKSI_BENCH_TIMEOUT_MS: String(timeoutMs) };
    const child = spawn(cmd, cmdArgs, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let timedOut = false;
    const t0 = performance.now();
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => {
      clearTimeout(timer);
      rmSync(scratch, { recursive: true, force: true });
      const lines = out.split('\n').filter((l) => l.startsWith('RESULT '));
      const last = lines.at(-1);
      const result = last ? JSON.parse(last.slice(7)) : undefined;
      const seconds = (performance.now() - t0) / 1000;
      if (timedOut) resolvePromise({ ...(result ?? {}), seconds, error: `stopped after the ${timeoutMs / 1000} s timeout${result ? ' (partial figures)' : ''}` });
      else if (code !== 0 || !result) resolvePromise({ ...(result ?? {}), seconds, error: `the section's process ended with code ${code}` });
      else resolvePromise({ ...result, seconds });
    });
  });
}

function pinnableCpu(pin) {
  if (!pin || process.platform !== 'linux') return undefined;
  const r = spawnSync('taskset', ['-c', '0', 'true']);
  if (r.status !== 0) return undefined;
  // The last CPU this process may use: on a 2-core machine, usually the one the shell is not on.
  const cpus = os.availableParallelism?.() ?? os.cpus().length;
  return cpus - 1;
}

/** Idle time per CPU (clock ticks) from /proc/stat: cpuN → idle + iowait. */
function cpuIdle() {
  const idle = new Map();
  try {
    for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
      const m = /^cpu(\d+)\s+(.*)$/.exec(line);
      if (m) {
        const f = m[2].split(/\s+/).map(Number);
        idle.set(Number(m[1]), f[3] + (f[4] || 0));
      }
    }
  } catch {}
  return idle;
}

/**
 * The CPU to pin a section to: the one idlest over the last half second (on a machine shared with
 * other work, the CPU everyone else pins to is the worst choice), else `fallback`.
 */
function idlestCpu(fallback) {
  if (fallback === undefined) return undefined;
  const a = cpuIdle();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  const b = cpuIdle();
  let best = fallback;
  let bestIdle = -1;
  for (const [cpu, idle] of b) {
    const d = idle - (a.get(cpu) ?? idle);
    if (d > bestIdle) [best, bestIdle] = [cpu, d];
  }
  return best;
}

function gitCommit() {
  const r = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(HELP);
    return;
  }
  const unknown = (args.only ?? []).filter((id) => !SECTIONS.some((s) => s.id === id));
  if (unknown.length > 0) {
    process.stderr.write(`bench: no section ${unknown.join(', ')} (sections: ${SECTIONS.map((s) => s.id).join(', ')})\n`);
    process.exit(64);
  }
  if (args.child) {
    const section = SECTIONS.find((s) => s.id === args.child);
    emit(await section.run(args));
    return;
  }
  const started = performance.now();
  const build = ensureBuilt(args.build);
  const cpu = pinnableCpu(args.pin);
  const report = {
    schema: 'saksi.bench/1',
    date: new Date().toISOString(),
    commit: gitCommit(),
    node: process.version,
    cpu: `${os.cpus()[0]?.model ?? 'unknown'} x ${os.cpus().length}`,
    pinned: cpu !== undefined ? 'taskset -c N, N the idlest CPU when each section starts' : 'no',
    loadAverage: os.loadavg(),
    quick: args.quick,
    build,
    sections: {},
  };
  const out = (line = '') => (args.json ? process.stderr.write(`${line}\n`) : process.stdout.write(`${line}\n`));
  out(`saksi bench ${args.quick ? '(quick) ' : ''}- ${report.date}, node ${report.node}, ${report.cpu}, pinned: ${report.pinned}`);
  out(`build: ${build}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (figures from a busy machine are slower, ratios less so)`);
  for (const section of SECTIONS) {
    if (args.only && !args.only.includes(section.id)) continue;
    out('');
    out(section.title);
    if (section.optIn && !args.only && !args.scaleOut) {
      report.sections[section.id] = { status: 'not run', reason: section.optIn };
      out(`  not run: ${section.optIn}`);
      continue;
    }
    const missing = (section.requires ?? []).filter((m) => !existsSync(join(DIST, m)));
    let result;
    if (missing.length > 0) result = { status: 'not yet available', reason: `no ${missing.map((m) => `dist/${m}`).join(', ')}` };
    else if (!section.run) result = { status: 'not yet available', reason: 'its modules exist but bench/run.mjs has no measurement for it yet' };
    else {
      // Check the modules load, as the issue's sections come with their own code.
      for (const m of section.requires ?? []) {
        try {
          await import(pathToFileURL(join(DIST, m)).href);
        } catch (err) {
          result = { status: 'not yet available', reason: `dist/${m} failed to load: ${String(err?.message ?? err).split('\n')[0]}` };
        }
      }
      const pinTo = section.pin === false ? undefined : idlestCpu(cpu);
      if (!result) {
        result = await runChild(section, args, pinTo);
        if (pinTo !== undefined) result.pinnedCpu = pinTo;
      }
    }
    report.sections[section.id] = result;
    if (result.status === 'not yet available') out(`  not yet available (${result.reason})`);
    else {
      if (result.error) out(`  ERROR: ${result.error}`);
      try {
        for (const line of section.format(result)) out(line.startsWith('  ') || line === '' ? line : `  ${line}`);
      } catch {
        if (!result.error) out('  (no figures)');
      }
      out(`  (${n1(result.seconds)} s${result.pinnedCpu !== undefined ? `, pinned to CPU ${result.pinnedCpu}` : ''})`);
    }
  }
  report.seconds = (performance.now() - started) / 1000;
  report.loadAverageAfter = os.loadavg();
  out('');
  out(`total ${n1(report.seconds)} s`);
  const json = `${JSON.stringify(roundDeep(report), null, 2)}\n`;
  if (args.out) {
    writeFileSync(args.out, json);
    process.stderr.write(`bench: figures written to ${args.out}\n`);
  }
  if (args.json && !args.out) process.stdout.write(json);
}

main().catch((err) => {
  process.stderr.write(`bench: ${err?.stack ?? err}\n`);
  process.exit(70);
});
