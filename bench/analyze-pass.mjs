#!/usr/bin/env node
/**
 * One contender of the bench's throughput and peer sections, alone in this process:
 *
 *   node bench/analyze-pass.mjs CONTENDER CORPUS PASSES [--lang L] [--limit N] [--meta] [--gc]
 *
 * CONTENDER is a build's directory (its `index.js` exports `analyze`), or `--wink` (wink-nlp with
 * wink-eng-lite-web-model: readDoc + entities().out()), `--regex` (the /\p{L}+|\p{N}+/gu token
 * floor) or `--segmenter` (Intl.Segmenter words). CORPUS is a JSON-lines file of objects with
 * `text` (and, with --meta, `title`, `url`, `published`, passed to saksi as `meta`). The first
 * --limit N texts are used. Two untimed warm-up passes (one leaves the JIT still optimising during
 * the first timed pass), then PASSES timed passes. No full garbage collection is forced between
 * passes unless --gc is given (with node --expose-gc): measured on 2026-11-30, a forced gc() before
 * each pass made every pass of both saksi builds 20-50 % slower (the collector discards what the
 * warm-up built), and it is not what a long analysis run does. Prints one line of JSON:
 *
 *   { contender, version, texts, loadMs, warmup: {wallMs, cpuMs}, passes: [{wallMs, cpuMs}, ...],
 *     peakRssBytes, failures, firstFailure?, sink }
 *
 * cpuMs is process.cpuUsage() (user + system, every thread of this process: the JIT and GC helper
 * threads count, as they do for any contender), which a busy machine changes far less than wallMs;
 * waitMs (Linux) is how long the main thread was runnable but waiting for a CPU during the pass.
 * peakRssBytes is the process's maximum resident set (resourceUsage().maxRSS) at the end: load,
 * warm-up and every pass. Each contender runs in a process of its own so that one build's JIT and
 * garbage-collector state cannot slow or speed another's.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { threadTimes } from './thread-cpu.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function parse(argv) {
  const a = { contender: argv[0], corpus: argv[1], passes: Number(argv[2]), lang: undefined, limit: Infinity, meta: false, gc: false };
  for (let i = 3; i < argv.length; i++) {
    if (argv[i] === '--lang') a.lang = argv[++i];
    else if (argv[i] === '--limit') a.limit = Number(argv[++i]);
    else if (argv[i] === '--meta') a.meta = true;
    else if (argv[i] === '--gc') a.gc = true;
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (!a.contender || !a.corpus || !(a.passes >= 1)) {
    throw new Error('usage: analyze-pass.mjs DIST|--wink|--regex|--segmenter CORPUS PASSES [--lang L] [--limit N] [--meta] [--gc]');
  }
  return a;
}

function readTexts(file, limit, withMeta) {
  const out = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (out.length >= limit) break;
    if (line.trim() === '') continue;
    const o = JSON.parse(line);
    if (typeof o.text !== 'string' || o.text.length === 0) continue;
    out.push(withMeta && (o.title !== undefined || o.url !== undefined || o.published !== undefined) ? { text: o.text, meta: { title: o.title, url: o.url, published: o.published } } : { text: o.text });
  }
  return out;
}

const cpuMs = (c) => (c.user + c.system) / 1000;

async function contenderPass(args, texts, failures) {
  const WORD = /\p{L}+|\p{N}+/gu;
  if (args.contender === '--regex') {
    return {
      version: 'regex /\\p{L}+|\\p{N}+/gu',
      pass: () => {
        let n = 0;
        for (const t of texts) {
          WORD.lastIndex = 0;
          while (WORD.exec(t.text) !== null) n++;
        }
        return n;
      },
    };
  }
  if (args.contender === '--segmenter') {
    const seg = new Intl.Segmenter(args.lang ?? 'id', { granularity: 'word' });
    return {
      version: `Intl.Segmenter (ICU ${process.versions.icu})`,
      pass: () => {
        let n = 0;
        for (const t of texts) for (const s of seg.segment(t.text)) if (s.isWordLike) n++;
        return n;
      },
    };
  }
  if (args.contender === '--wink') {
    const winkNLP = (await import('wink-nlp')).default;
    const model = (await import('wink-eng-lite-web-model')).default;
    const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules/wink-nlp/package.json'), 'utf8'));
    const mpkg = JSON.parse(readFileSync(join(ROOT, 'node_modules/wink-eng-lite-web-model/package.json'), 'utf8'));
    const nlp = winkNLP(model);
    return {
      version: `wink-nlp ${pkg.version} + wink-eng-lite-web-model ${mpkg.version}`,
      pass: () => {
        let n = 0;
        for (const t of texts) n += nlp.readDoc(t.text).entities().out().length;
        return n;
      },
    };
  }
  const dist = resolve(args.contender);
  const { analyze } = await import(pathToFileURL(join(dist, 'index.js')).href);
  if (typeof analyze !== 'function') throw new Error(`${dist}/index.js does not export analyze`);
  const base = args.lang ? { lang: args.lang } : {};
  return {
    version: `saksi ${dist}`,
    pass: () => {
      let sink = 0;
      for (let i = 0; i < texts.length; i++) {
        const t = texts[i];
        try {
          const r = analyze(t.text, t.meta ? { ...base, meta: t.meta } : base);
          sink += r.claims.length + r.entities.length;
        } catch (err) {
          failures.items.add(i);
          failures.first ??= String(err?.message ?? err).split('\n')[0];
        }
      }
      return sink;
    },
  };
}

async function main() {
  const args = parse(process.argv.slice(2));
  const texts = readTexts(args.corpus, args.limit, args.meta);
  const failures = { items: new Set(), first: undefined };
  const gc = (args.gc && globalThis.gc) || (() => {});
  const t0 = performance.now();
  const { version, pass } = await contenderPass(args, texts, failures);
  const loadMs = performance.now() - t0;
  const timed = () => {
    gc();
    const c = process.cpuUsage();
    const w = threadTimes().waitMs;
    const t = performance.now();
    const sink = pass();
    const wallMs = performance.now() - t;
    const w1 = threadTimes().waitMs;
    return { wallMs, cpuMs: cpuMs(process.cpuUsage(c)), ...(w !== undefined && w1 !== undefined ? { waitMs: w1 - w } : {}), sink };
  };
  timed();
  const warm = timed();
  const passes = [];
  let sink = warm.sink;
  for (let p = 0; p < args.passes; p++) {
    const r = timed();
    sink += r.sink;
    passes.push({ wallMs: r.wallMs, cpuMs: r.cpuMs, ...(r.waitMs !== undefined ? { waitMs: r.waitMs } : {}) });
  }
  process.stdout.write(
    `${JSON.stringify({
      contender: args.contender,
      version,
      texts: texts.length,
      loadMs,
      warmup: { wallMs: warm.wallMs, cpuMs: warm.cpuMs },
      passes,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      failures: failures.items.size,
      ...(failures.first ? { firstFailure: failures.first } : {}),
      sink,
    })}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`analyze-pass: ${err?.stack ?? err}\n`);
  process.exit(1);
});
