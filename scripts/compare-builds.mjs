#!/usr/bin/env node
/**
 * Compares the analyses of two builds of saksi, byte for byte: the JSON `saksi analyze --json`
 * prints (JSON.stringify(analysis, null, 2)), made through each build's library in this process.
 *
 *   node scripts/compare-builds.mjs --old /tmp/saksi-old/dist [--new dist] [--fixtures] [--seed] [--corpus FILE]
 *   node scripts/compare-builds.mjs --digest test/fixtures/analysis-digest.json --fixtures     (check against a digest)
 *   node scripts/compare-builds.mjs --write-digest test/fixtures/analysis-digest.json --fixtures  (regenerate it)
 *
 * Documents: --seed (/work/shared/seed/id-korut-rusia.txt), --fixtures (every .txt and .html under
 * test/fixtures, read as `saksi analyze FILE` reads them, and every record of test/fixtures/**.jsonl),
 * --corpus FILE (a JSON-lines file of records with `text`, and optionally title, url, published).
 * Without any of these: all three (the corpus is /work/shared/corpus/detik-2025-dev.jsonl).
 *
 * For each document whose outputs differ it prints the document and the first differing JSON path
 * (with both values). Exit code 0 when every output is identical, 1 otherwise, 64 on bad usage.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SEED = resolve(ROOT, '../shared/seed/id-korut-rusia.txt');
const CORPUS = resolve(ROOT, '../shared/corpus/detik-2025-dev.jsonl');

function usage(msg) {
  process.stderr.write(`compare-builds: ${msg}\n(see the comment at the top of scripts/compare-builds.mjs)\n`);
  process.exit(64);
}

function parseArgs(argv) {
  const a = { old: undefined, new: join(ROOT, 'dist'), digest: undefined, writeDigest: undefined, seed: false, fixtures: false, corpus: [], quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    const value = () => argv[++i] ?? usage(`${x} needs a value`);
    if (x === '--old') a.old = resolve(value());
    else if (x === '--new') a.new = resolve(value());
    else if (x === '--digest') a.digest = resolve(value());
    else if (x === '--write-digest') a.writeDigest = resolve(value());
    else if (x === '--seed') a.seed = true;
    else if (x === '--fixtures') a.fixtures = true;
    else if (x === '--corpus') a.corpus.push(resolve(value()));
    else if (x === '--quiet') a.quiet = true;
    else usage(`unknown option ${x}`);
  }
  if ([a.old, a.digest, a.writeDigest].filter(Boolean).length !== 1) usage('give exactly one of --old DIST, --digest FILE, --write-digest FILE');
  if (!a.seed && !a.fixtures && a.corpus.length === 0) {
    a.seed = true;
    a.fixtures = true;
    a.corpus.push(CORPUS);
  }
  return a;
}

/** Every fixture document: [name, how to analyse it]. Names are paths relative to the repo. */
function fixtureDocuments() {
  const docs = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((x, y) => (x.name < y.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(txt|html)$/.test(e.name)) docs.push({ name: relative(ROOT, p), source: relative(ROOT, p) });
      else if (e.name.endsWith('.jsonl')) docs.push(...recordDocuments(p));
    }
  };
  walk(join(ROOT, 'test', 'fixtures'));
  return docs;
}

/** The records of a JSON-lines file, as `{ text, meta }` documents; lines that are not records are skipped. */
function recordDocuments(file) {
  const docs = [];
  const name = file.startsWith(ROOT) ? relative(ROOT, file) : file;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let r;
      try {
        r = JSON.parse(line);
      } catch {
        return;
      }
      if (typeof r?.text !== 'string') return;
      const meta = {};
      for (const k of ['title', 'url', 'published']) if (typeof r[k] === 'string') meta[k] = r[k];
      docs.push({ name: `${name}:${i + 1}${r.id !== undefined ? ` (${r.id})` : ''}`, text: r.text, meta });
    });
  return docs;
}

async function loadBuild(dist) {
  const entry = join(dist, 'index.js');
  if (!existsSync(entry)) usage(`no build at ${dist} (no index.js; run npm run build)`);
  return import(pathToFileURL(entry).href);
}

/** The output of one build for one document, as `saksi analyze --json` prints it. */
async function output(build, doc) {
  if (doc.source !== undefined) {
    const r = await build.analyzeSource(doc.source, {});
    return r.ok ? `${JSON.stringify(r.analysis, null, 2)}\n` : `${JSON.stringify({ diagnostics: r.diagnostics }, null, 2)}\n`;
  }
  return `${JSON.stringify(build.analyze(doc.text, { meta: doc.meta }), null, 2)}\n`;
}

/** The first JSON path where two values differ, with both values (shortened). */
export function firstDifference(a, b, path = '$') {
  if (Object.is(a, b)) return undefined;
  const show = (v) => {
    const s = JSON.stringify(v);
    return s === undefined ? 'undefined' : s.length > 120 ? `${s.slice(0, 117)}...` : s;
  };
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return `${path}: ${show(a)} vs ${show(b)}`;
  }
  if (Array.isArray(a)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return a.length !== b.length ? `${path}.length: ${a.length} vs ${b.length}` : undefined;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    if (ka[i] !== kb[i]) return `${path}: key #${i} is ${show(ka[i])} vs ${show(kb[i])}`;
    const d = firstDifference(a[ka[i]], b[ka[i]], `${path}.${ka[i]}`);
    if (d) return d;
  }
  return undefined;
}

const sha = (s) => createHash('sha256').update(s).digest('hex');

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const docs = [];
  if (args.seed) {
    if (existsSync(SEED)) docs.push({ name: SEED, source: SEED });
    else process.stderr.write(`compare-builds: ${SEED} not found, the seed is skipped\n`);
  }
  if (args.fixtures) docs.push(...fixtureDocuments());
  for (const file of args.corpus) {
    if (!existsSync(file)) usage(`no corpus file ${file}`);
    docs.push(...recordDocuments(file));
  }
  const fresh = await loadBuild(args.new);
  // Paths in the analyses (meta.origin) are relative to the repo, as a digest made on another clone needs.
  process.chdir(ROOT);

  if (args.writeDigest) {
    const digest = {};
    for (const doc of docs) digest[doc.name] = sha(await output(fresh, doc));
    writeFileSync(args.writeDigest, `${JSON.stringify(digest, null, 1)}\n`);
    process.stdout.write(`compare-builds: ${docs.length} digests written to ${relative(process.cwd(), args.writeDigest)}\n`);
    return;
  }

  const old = args.old ? await loadBuild(args.old) : undefined;
  const digest = args.digest ? JSON.parse(readFileSync(args.digest, 'utf8')) : undefined;
  let differing = 0;
  for (const doc of docs) {
    const now = await output(fresh, doc);
    if (digest) {
      if (!(doc.name in digest)) {
        differing++;
        process.stdout.write(`NEW  ${doc.name}: not in the digest (regenerate it with --write-digest)\n`);
      } else if (digest[doc.name] !== sha(now)) {
        differing++;
        process.stdout.write(`DIFF ${doc.name}: output differs from the stored digest\n`);
      }
      continue;
    }
    const before = await output(old, doc);
    if (before === now) continue;
    differing++;
    const where = firstDifference(JSON.parse(before), JSON.parse(now)) ?? 'same JSON, different bytes';
    process.stdout.write(`DIFF ${doc.name}: ${where}\n`);
  }
  if (digest) {
    for (const name of Object.keys(digest)) {
      if (!docs.some((d) => d.name === name)) {
        differing++;
        process.stdout.write(`GONE ${name}: in the digest, not among the documents\n`);
      }
    }
  }
  const against = args.old ? relative(process.cwd(), args.old) || args.old : relative(process.cwd(), args.digest);
  process.stdout.write(`compare-builds: ${docs.length} documents, ${differing} differing (${relative(process.cwd(), args.new) || '.'} against ${against})\n`);
  process.exitCode = differing === 0 ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    process.stderr.write(`compare-builds: ${err?.stack ?? err}\n`);
    process.exitCode = 70;
  });
}
