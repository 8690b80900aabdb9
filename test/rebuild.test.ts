/**
 * `saksi rebuild` (src/corpus/rebuild.ts): the derived corpus recomputed from the stored analyses
 * is the same whatever order the documents arrived in, and on either backend.
 *
 * The corpus (test/fixtures/rebuild/corpus.jsonl) is our own: a sea-sand export ban and the
 * dredging company's denial, a flood with the regent under two spellings, in Indonesian and
 * English by five fictional outlets, with near-duplicate copies (two of them undated, whose
 * "earliest copy" online is whichever arrived first), a distractor sharing the minister, and an
 * undated bare-surname article. It is ingested in file order and in reverse (SQLite), and by three
 * concurrent writers in a shuffled order (PostgreSQL, when a server answers); after a rebuild the
 * three stores give one dump (test/corpus-dump.ts: every derived row, ids aside) and the same
 * entity ids.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../src/corpus/ingest.js';
import { rebuild, rebuildParts } from '../src/corpus/rebuild.js';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite.js';
import { openPostgresStore } from '../src/store/postgres/index.js';
import type { Store } from '../src/store/store.js';
import { mulberry32 } from '../src/ner/perceptron.js';
import { corpusDump, type CorpusDump } from './corpus-dump.js';
import { TEST_PG_URL, dropSchemas, schemaName, skipWithoutPg } from './pg-helpers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'saksi.js');
const CORPUS = join(ROOT, 'test', 'fixtures', 'rebuild', 'corpus.jsonl');
const LINES = readFileSync(CORPUS, 'utf8').trim().split('\n');
const dir = mkdtempSync(join(tmpdir(), 'saksi-rebuild-'));
const pgSkip = await skipWithoutPg('rebuild (PostgreSQL part)');
const schemas: string[] = [];
afterAll(async () => {
  if (!pgSkip) await dropSchemas(schemas);
  rmSync(dir, { recursive: true, force: true });
});

/** The corpus lines in this order, as a JSONL file named `name`. */
function corpusFile(name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Entity id → name, for comparing ids across stores. */
async function entityIds(store: Store): Promise<string[]> {
  const out: string[] = [];
  for await (const e of store.scan('entities')) out.push(`${e.id}:${e.type}:${e.name}`);
  return out;
}

let forward: SqliteStore;
let reverse: SqliteStore;
let forwardBefore: CorpusDump;
let reverseBefore: CorpusDump;
let rebuilt: CorpusDump;
let rebuiltIds: string[];

beforeAll(async () => {
  forward = openSqliteStore(join(dir, 'forward.db'));
  reverse = openSqliteStore(join(dir, 'reverse.db'));
  const a = await ingest(forward, [corpusFile('forward.jsonl', LINES)], { workers: 0, batchSize: 1 });
  const b = await ingest(reverse, [corpusFile('reverse.jsonl', [...LINES].reverse())], { workers: 0, batchSize: 1 });
  expect([a.failed, b.failed]).toEqual([0, 0]);
  expect(a.ingested).toBe(LINES.length);
  forwardBefore = await corpusDump(forward);
  reverseBefore = await corpusDump(reverse);
}, 180_000);

afterAll(async () => {
  await forward?.close();
  await reverse?.close();
});

describe('saksi rebuild on SQLite', () => {
  it('the corpus has what online resolution decides by arrival order', () => {
    expect(forwardBefore.documents).toEqual(reverseBefore.documents);
    expect(forwardBefore.claims.length).toBeGreaterThan(10);
    expect(forwardBefore.copies.length).toBeGreaterThanOrEqual(3);
    // The undated pair of copies hangs under whichever arrived first, and the regent's entity is
    // named by whichever spelling arrived first: the online results differ.
    expect(forwardBefore.copies).not.toEqual(reverseBefore.copies);
    expect(forwardBefore.entities).not.toEqual(reverseBefore.entities);
  });

  it('gives one result for both arrival orders: copies, entities, evidence, links, claims, stories, edges', async () => {
    const r1 = await rebuild(forward);
    const r2 = await rebuild(reverse);
    expect(r1.documents).toBe(LINES.length);
    expect(r1.stages).toEqual(['near-duplicates', 'entities', 'claims', 'stories']);
    expect(r2.totals).toEqual(r1.totals);
    rebuilt = await corpusDump(forward);
    expect(await corpusDump(reverse)).toEqual(rebuilt);
    // Entity ids too: created in the canonical order, from 1, on both.
    rebuiltIds = await entityIds(forward);
    expect(rebuiltIds[0]).toMatch(/^1:/);
    expect(await entityIds(reverse)).toEqual(rebuiltIds);
    // The copies are the same groups as online, one original each.
    expect(rebuilt.copies).toHaveLength(forwardBefore.copies.length);
    expect(r1.stories).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('is idempotent, and rebuilds one part alone to the same result', async () => {
    await rebuild(forward);
    expect(await corpusDump(forward)).toEqual(rebuilt);
    for (const what of [['near-duplicates'], ['stories'], ['entities']] as const) {
      const r = await rebuild(forward, { what });
      expect(r.stages.length).toBeGreaterThan(0);
      expect(await corpusDump(forward), what.join(',')).toEqual(rebuilt);
    }
    expect(await entityIds(forward)).toEqual(rebuiltIds);
  }, 120_000);

  it('knows what each part brings with it', () => {
    expect(rebuildParts(['entities'])).toEqual({ nearDuplicates: false, entities: true, stories: true });
    expect(rebuildParts(['stories'])).toEqual({ nearDuplicates: false, entities: false, stories: true });
    expect(rebuildParts(['near-duplicates'])).toEqual({ nearDuplicates: true, entities: false, stories: false });
  });

  it('leaves the store as it was when it fails half-way (one transaction)', async () => {
    const broken = openSqliteStore(join(dir, 'forward.db'));
    let calls = 0;
    const failing = new Proxy(broken, {
      get(target, prop, receiver) {
        if (prop !== 'transaction') return Reflect.get(target, prop, receiver);
        return (fn: Parameters<Store['transaction']>[0]) =>
          target.transaction(async (w) => {
            const read = new Proxy(w.read, {
              get(r, p, rr) {
                if (p === 'getAnalysis' && ++calls > 5) return async () => Promise.reject(new Error('disk on fire'));
                return Reflect.get(r, p, rr);
              },
            });
            return fn({ ...w, read });
          });
      },
    }) as Store;
    try {
      await expect(rebuild(failing)).rejects.toThrow('disk on fire');
      expect(await corpusDump(broken)).toEqual(rebuilt);
    } finally {
      await broken.close();
    }
  }, 60_000);
});

describe.skipIf(pgSkip)('saksi rebuild on PostgreSQL', () => {
  it('gives the SQLite result after three concurrent writers in a shuffled order', async () => {
    const schema = schemaName('saksi_rebuild');
    schemas.push(schema);
    const rnd = mulberry32(11);
    const shuffled = [...LINES].sort(() => rnd() - 0.5);
    const parts = [0, 1, 2].map((k) => corpusFile(`part-${k}.jsonl`, shuffled.filter((_, i) => i % 3 === k)));
    // Opened one after the other (the first creates the schema), then written concurrently.
    const writers: Store[] = [];
    for (const _ of parts) writers.push(await openPostgresStore(TEST_PG_URL, { schema }));
    try {
      const runs = await Promise.all(parts.map((p, k) => ingest(writers[k]!, [p], { workers: 0, batchSize: 1 })));
      expect(runs.reduce((s, r) => s + r.ingested, 0)).toBe(LINES.length);
      await rebuild(writers[0]!);
      expect(await corpusDump(writers[1]!)).toEqual(rebuilt);
      expect(await entityIds(writers[2]!)).toEqual(rebuiltIds);
      // Idempotent there too.
      await rebuild(writers[1]!);
      expect(await corpusDump(writers[0]!)).toEqual(rebuilt);
      expect(await entityIds(writers[0]!)).toEqual(rebuiltIds);
    } finally {
      await Promise.all(writers.map((w) => w.close()));
    }
  }, 180_000);
});

describe('saksi rebuild (CLI)', () => {
  it('rebuilds a part, reports it as JSON, and refuses an unknown part', () => {
    const db = join(dir, 'forward.db');
    const env = { ...process.env, NO_COLOR: '1', SAKSI_DB: '' };
    const ok = spawnSync(process.execPath, [BIN, 'rebuild', '--db', db, '--what', 'near-duplicates,stories', '--json'], { encoding: 'utf8', env });
    expect(ok.status, ok.stderr).toBe(0);
    const summary = JSON.parse(ok.stdout) as { documents: number; stages: string[] };
    expect(summary).toMatchObject({ documents: LINES.length, stages: ['near-duplicates', 'stories'] });
    const human = spawnSync(process.execPath, [BIN, 'rebuild', '--db', db], { encoding: 'utf8', env });
    expect(human.status, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/rebuilt near-duplicates, entities, claims, stories of 12 documents/);
    const bad = spawnSync(process.execPath, [BIN, 'rebuild', '--db', db, '--what', 'entities,colours'], { encoding: 'utf8', env });
    expect(bad.status).toBe(64);
    expect(bad.stderr).toMatch(/^saksi: --what expects near-duplicates, entities or stories \(comma-separated\), got 'colours'\n$/);
    const missing = spawnSync(process.execPath, [BIN, 'rebuild', '--db', join(dir, 'none.db')], { encoding: 'utf8', env });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/^saksi: no store at .*none\.db; run saksi ingest first/);
  }, 120_000);
});
