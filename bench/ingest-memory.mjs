/**
 * Ingest memory at volume (issue 8 point 6), one measurement per process so that the peak RSS is
 * this ingest's own: `node bench/ingest-memory.mjs DIST ORIGINALS_DB COUNT SCRATCH` ingests COUNT
 * documents replicated from the analysed documents of ORIGINALS_DB (the store section's ingest of
 * the Detik corpus) into a fresh store, through `ingest()` with its corpus stages, and prints JSON:
 * { documents, ms, docsPerSec, cpuMs, docsPerCpuSec, peakRssBytes, entities, copyOf }.
 *
 * Replica n is original n mod k with what varies in a real archive varied:
 * - its words: every fourth word is replaced by a corpus word chosen by n, so that replicas are not
 *   near-duplicates of each other (the near-duplicate index grows as with distinct articles);
 * - its names: the last word of each name of an entity the KB does not know takes the cohort's
 *   own ending (cohort = floor(n / k)), so that each pass over the originals brings new people and
 *   organisations (new surnames), as a growing archive does, while KB entities (presidents,
 *   ministries) recur;
 * - its date (over two years) and its outlet.
 * The analysis is the original's with the names varied (its spans keep the original offsets: the
 * store is a bench store, not read back). The analysis step itself is not run: this measures the
 * ingest's own memory (the commit path, the corpus stages' state), not the analyzer's.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, originalsDb, countArg, scratch] = process.argv.slice(2);
const count = Number(countArg);
const load = (m) => import(pathToFileURL(join(dist, m)).href);
const { openSqliteStore } = await load('store/sqlite.js');
const { ingest } = await load('corpus/ingest.js');
// As `saksi ingest` runs it (src/cli/main.ts): the heap kept close to what it holds.
const heap = await load('corpus/heap.js').catch(() => undefined);
heap?.keepHeapNearLive();

const source = openSqliteStore(originalsDb, { readonly: true });
const originals = [];
for await (const doc of source.scan('documents')) originals.push({ doc, analysis: await source.getAnalysis(doc.id) });
await source.close();
const k = originals.length;
const vocabulary = [...new Set(originals.flatMap((o) => o.doc.text.split(/\s+/).filter((w) => /^\p{Ll}{4,}$/u.test(w))))].slice(0, 5000);

const SYLLABLES = 'ba ka da ra ma na sa ta wa ya la pa ga ja ha'.split(' ');
/** A name-like word of its own for each cohort: Bakada, Rama... */
function cohortWord(c) {
  let w = '';
  let x = c + 1;
  while (x > 0) {
    w += SYLLABLES[x % SYLLABLES.length];
    x = Math.floor(x / SYLLABLES.length);
  }
  return w.charAt(0).toUpperCase() + w.slice(1) + 'wi';
}

function replicaText(text, n) {
  let i = 0;
  return text.replace(/\p{L}+/gu, (w) => (++i % 4 === 0 ? vocabulary[(n * 31 + i * 7) % vocabulary.length] : w));
}

function replicaAnalysis(analysis, n, text) {
  const c = Math.floor(n / k);
  if (c === 0) return { ...analysis, text };
  const word = cohortWord(c);
  // "Budi Santoso" → "Budi Santosorawi": a new surname per cohort, the given name kept.
  const rename = (s) => `${s}${word.toLowerCase()}`;
  const entities = analysis.entities.map((e) =>
    e.kb !== undefined
      ? e
      : { ...e, name: rename(e.name), aliases: e.aliases.map(rename), mentions: e.mentions.map((m) => ({ ...m, text: rename(m.text) })) },
  );
  return { ...analysis, text, entities };
}

function published(n) {
  const day = new Date(Date.UTC(2025, 11, 31) - (n % 730) * 86_400_000).toISOString().slice(0, 10);
  return `${day}T${String(n % 24).padStart(2, '0')}:00:00+07:00`;
}

async function* records() {
  for (let n = 0; n < count; n++) {
    const { doc } = originals[n % k];
    yield { key: `bench-memory:${n}`, origin: `replica ${n}`, text: `${replicaText(doc.text, n)}\n#${n}`, title: doc.title, published: published(n), source: `outlet-${n % 12}` };
  }
}

const analyze = (text) => {
  const n = Number(text.slice(text.lastIndexOf('#') + 1));
  return replicaAnalysis(originals[n % k].analysis, n, text);
};

const store = openSqliteStore(join(scratch, `memory-${count}.db`));
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const summary = await ingest(store, ['(replicas)'], { workers: 0, analyze, enumerate: () => records() });
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
const stats = await store.stats();
await store.close();
process.stdout.write(
  JSON.stringify({
    documents: summary.seen,
    ingested: summary.ingested,
    failed: summary.failed,
    ms,
    docsPerSec: (summary.seen * 1000) / ms,
    // CPU time of the ingest (one thread: workers: 0): documents per CPU second, which a busy machine changes less than the wall-clock rate.
    cpuMs,
    docsPerCpuSec: (summary.seen * 1000) / cpuMs,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    entities: stats.entities,
    copyOf: stats.nearDuplicates,
  }) + '\n',
);
