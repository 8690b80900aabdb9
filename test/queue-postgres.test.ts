/**
 * The job queue on a real PostgreSQL server, through the built CLI in child processes:
 * - the same corpus ingested by one SQLite process and by 4 queue workers into PostgreSQL gives
 *   the same documents, entities (aliases, evidence), claims and copy-of links; after saksi
 *   rebuild on both, every derived row is the same (merge reasons, copies, stories, story links);
 * - kill -9 of a worker mid-batch: its jobs come back after their lease, every document stored once;
 * - a poison input (throws; runs past the deadline): bounded retries with backoff, then failed with
 *   its error and source key while the rest goes on; `saksi queue retry` re-runs it;
 * - a wrong URL / unreachable server: one line naming the host, non-zero exit, no stack, no hang.
 *
 * Needs `npm run build` (npm test does it first). Each test uses its own schemas, dropped afterwards.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/store/sqlite.js';
import { openPostgresStore } from '../src/store/postgres/index.js';
import type { Store } from '../src/store/store.js';
import { TEST_PG_URL, danglingReferences, dropSchemas, schemaName, skipWithoutPg } from './pg-helpers.js';
import { corpusDump } from './corpus-dump.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'saksi.js');
const STUB = join(ROOT, 'test', 'fixtures', 'stub-analyzer.mjs');
const POISON = join(ROOT, 'test', 'fixtures', 'poison-analyzer.mjs');
const ARTICLES = join(ROOT, 'test', 'fixtures', 'corpus', 'articles');
const dir = mkdtempSync(join(tmpdir(), 'saksi-queue-'));

const skip = await skipWithoutPg('queue-postgres');
const schemas = new Set<string>();
afterAll(async () => {
  if (!skip) await dropSchemas([...schemas].flatMap((s) => [s, `${s}_queue`]));
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function env(schema: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NO_COLOR: '1', SAKSI_DB: TEST_PG_URL, SAKSI_PG_SCHEMA: schema, ...extra };
}

function saksi(args: string[], e: NodeJS.ProcessEnv): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: e, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function start(args: string[], e: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: e });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

function newSchema(): string {
  const s = schemaName('saksi_q');
  schemas.add(s);
  return s;
}

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** A store's content without ids or order: what must be equal whichever backend and arrival order. */
async function snapshot(store: Store) {
  const docs = await collect(store.scan('documents'));
  const hashOf = new Map(docs.map((d) => [d.id, d.contentHash]));
  const entities = await collect(store.scan('entities'));
  const nameOf = new Map(entities.map((e) => [e.id, `${e.type}:${e.name}`]));
  const entityView = [];
  for (const e of entities) {
    const d = (await store.entityDetail(e.id))!;
    entityView.push({
      name: `${e.type}:${e.name}`,
      kb: e.kb ?? null,
      mentions: e.mentions,
      documents: e.documents,
      aliases: [...e.aliases].map((a) => `${a.alias}×${a.count}`).sort(),
      roles: [...e.roles].map((r) => `${r.role}×${r.count}`).sort(),
      // The context part of a reason ("; context: same role ...") names what the resolver had seen
      // by then, which depends on arrival order; the merge itself and its method do not.
      evidence: d.evidence.map((x) => `${x.method}|${x.detail.replace(/; context: .*$/, '')}|${x.count}`).sort(),
    });
  }
  entityView.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  const claims = (await collect(store.scan('claims')))
    .map((c) => `${hashOf.get(c.documentId)}|${c.claimId}|${c.stance}|${c.text}|${c.speakers.map((s) => nameOf.get(s)).sort().join(',')}|${c.about.map((s) => nameOf.get(s)).sort().join(',')}`)
    .sort();
  const linkRows = await collect(store.scan('links'));
  const links = linkRows.map((l) => `${hashOf.get(l.documentId)}|${l.docEntity}|${nameOf.get(l.entityId)}`).sort();
  // Which document entities went together, names aside (a name is the first spelling seen).
  const members = new Map<number, string[]>();
  for (const l of linkRows) members.set(l.entityId, [...(members.get(l.entityId) ?? []), `${hashOf.get(l.documentId)}|${l.docEntity}`]);
  const entityGroups = [...members.values()].map((m) => m.sort().join('+')).sort();
  // Near-duplicate groups. Which copy of an undated group is "the earliest" is ingest order, so
  // arrival order under concurrent workers; the groups themselves are not.
  const groupOf = new Map<string, Set<string>>();
  for (const d of docs) {
    if (d.copyOf === undefined) continue;
    const a = d.contentHash;
    const b = hashOf.get(d.copyOf)!;
    const merged = new Set([...(groupOf.get(a) ?? [a]), ...(groupOf.get(b) ?? [b])]);
    for (const h of merged) groupOf.set(h, merged);
  }
  const copies = [...new Set(groupOf.values())].map((g) => [...g].sort().join('+')).sort();
  return {
    documents: docs.map((d) => `${d.contentHash}|${d.sourceKey}|${d.title ?? ''}|${d.published ?? ''}`).sort(),
    entities: entityView,
    claims,
    links,
    entityGroups,
    copies,
    stats: await store.stats(),
  };
}

/** Small articles of our own: `n` stories about a handful of invented people. */
function writeCorpus(folder: string, n: number, extra: Record<string, string> = {}): void {
  mkdirSync(folder, { recursive: true });
  const people = ['Sari Wulandari', 'Budi Hartono', 'Dewi Kartika', 'Agus Prasetyo', 'Nina Marlina', 'Joko Susilo'];
  for (let i = 0; i < n; i++) {
    const a = people[i % people.length]!;
    const b = people[(i * 5 + 1) % people.length]!;
    writeFileSync(
      join(folder, `story-${String(i).padStart(3, '0')}.txt`),
      `Laporan nomor ${i} dari kota ${i % 7}.\n\n${a} mengatakan "anggaran tahun ${2000 + i} harus diperiksa ulang". ` +
        `${b} menolak pernyataan itu dalam rapat ke-${i}. Menurut ${a}, hasilnya diumumkan pekan depan.\n`,
    );
  }
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(folder, name), text);
}

/**
 * A queue of n documents stored by a worker that was then killed (kill -9) before grouping them:
 * the test holds the stories lock, so the worker stores its batch and waits for it.
 */
async function workerDiedBeforeGrouping(name: string, n: number): Promise<{ schema: string; queueEnv: NodeJS.ProcessEnv }> {
  const schema = newSchema();
  const corpus = join(dir, name);
  writeCorpus(corpus, n);
  const queueEnv = env(schema, { SAKSI_QUEUE_LEASE_SECONDS: '3', SAKSI_QUEUE_MAINTENANCE_SECONDS: '1' });
  expect(saksi(['ingest', corpus, '--queue'], queueEnv).code).toBe(0);
  const holder = new pg.Client({ connectionString: TEST_PG_URL });
  await holder.connect();
  try {
    await holder.query(`SELECT pg_advisory_lock(hashtext('saksi-stories:' || $1::text))`, [schema]);
    const victim = start(['worker', '--concurrency', '1', '--batch', String(n), '--analyzer', STUB], queueEnv);
    const t0 = Date.now();
    for (;;) {
      const [{ p }] = await sql<{ p: number }>(`SELECT count(*)::int AS p FROM "${schema}".story_pending`).catch(() => [{ p: 0 }]);
      if (p === n) break;
      if (Date.now() - t0 > 60_000) throw new Error(`the worker stored nothing in 60 s: ${await victim.done.then((r) => r.stderr)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    victim.child.kill('SIGKILL');
    await victim.done;
  } finally {
    await holder.end();
  }
  return { schema, queueEnv };
}

describe.skipIf(skip)('job queue on PostgreSQL', { timeout: 180_000 }, () => {
  it('gives the same corpus with 4 queue workers into PostgreSQL as one SQLite process', async () => {
    const schema = newSchema();
    const dbFile = join(dir, 'same.db');
    const lite = saksi(['ingest', ARTICLES, '--db', dbFile, '--workers', '1', '--analyzer', STUB, '--json'], { ...process.env, NO_COLOR: '1' });
    expect(lite.code, lite.stderr).toBe(0);
    const queued = saksi(['ingest', ARTICLES, '--queue', '--json'], env(schema));
    expect(queued.code, queued.stderr).toBe(0);
    expect(JSON.parse(queued.stdout)).toMatchObject({ seen: 31, enqueued: 31, added: 31, unchanged: 0, failed: 0 });
    // Enqueueing again adds nothing.
    expect(JSON.parse(saksi(['ingest', ARTICLES, '--queue', '--json'], env(schema)).stdout)).toMatchObject({ added: 0 });
    // Each document takes 100 ms to analyse, so that no worker drains the 31 jobs before the
    // others have started (with the stub's instant analysis, one sometimes did).
    const workers = Array.from({ length: 4 }, () =>
      start(['worker', '--concurrency', '1', '--batch', '2', '--until-empty', '--analyzer', STUB, '--json'], env(schema, { STUB_ANALYZER_DELAY_MS: '100' })),
    );
    const runs = await Promise.all(workers.map((w) => w.done));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const jobs = runs.map((r) => JSON.parse(r.stdout) as { jobs: number; stored: number });
    expect(jobs.reduce((s, j) => s + j.stored, 0)).toBe(31);
    // The work was shared (more than one worker stored something).
    expect(jobs.filter((j) => j.jobs > 0).length).toBeGreaterThan(1);

    const sqlite = openSqliteStore(dbFile, { readonly: true });
    const postgres = await openPostgresStore(TEST_PG_URL, { schema, readonly: true });
    try {
      // Online, before any rebuild: the same documents, copy groups, counts, and the same merges
      // (which document entities make one corpus entity). An entity's name is the first spelling
      // resolution saw (Achmad or Ahmad Fauzi), so names, and what quotes them, wait for the rebuild.
      const a = await snapshot(sqlite);
      const b = await snapshot(postgres);
      expect(b.documents).toEqual(a.documents);
      expect(b.entityGroups).toEqual(a.entityGroups);
      expect(b.copies).toEqual(a.copies);
      expect(b.stats).toEqual(a.stats);
      // The entities one person would be split into if resolution raced: one entity per name.
      const names = b.entities.map((e) => e.name);
      expect(new Set(names).size).toBe(names.length);
    } finally {
      await sqlite.close();
      await postgres.close();
    }
    const status = saksi(['queue', 'status', '--json'], env(schema));
    expect(JSON.parse(status.stdout)).toMatchObject({ created: 0, retry: 0, active: 0, completed: 31, failed: 0, storiesPending: 0 });
    // The references the server does not check (migration 6) hold after 4 concurrent writers.
    expect(await danglingReferences(schema)).toEqual([]);

    // What online resolution decides by arrival order (the earliest copy of an undated group, the
    // context of a merge reason, which weak story links were kept) is made the same by saksi
    // rebuild (the same for any order): after it, the two stores give one dump of every derived
    // row (test/corpus-dump.ts, ids aside), and the same entity ids.
    const liteEnv = { ...process.env, NO_COLOR: '1', SAKSI_DB: dbFile };
    for (const e of [liteEnv, env(schema)]) {
      const r = saksi(['rebuild', '--json'], e);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ documents: 31, stages: ['near-duplicates', 'entities', 'claims', 'stories'] });
    }
    const sqlite2 = openSqliteStore(dbFile, { readonly: true });
    const postgres2 = await openPostgresStore(TEST_PG_URL, { schema, readonly: true });
    try {
      expect(await corpusDump(postgres2)).toEqual(await corpusDump(sqlite2));
      expect(await danglingReferences(schema)).toEqual([]);
      const ids = async (store: Store) => (await collect(store.scan('entities'))).map((e) => `${e.id}:${e.type}:${e.name}`);
      expect(await ids(postgres2)).toEqual(await ids(sqlite2));
      const groups = async (store: Store): Promise<string[]> => {
        const hashOf = new Map((await collect(store.scan('documents'))).map((d) => [d.id, d.contentHash]));
        const byStory = new Map<string, string[]>();
        for (const { documentId, story } of await store.storyAssignments()) {
          const l = byStory.get(story) ?? [];
          l.push(hashOf.get(documentId)!);
          byStory.set(story, l);
        }
        return [...byStory.values()].map((l) => l.sort().join('+')).sort();
      };
      const a = await groups(sqlite2);
      expect(a.length).toBeGreaterThan(0);
      expect(await groups(postgres2)).toEqual(a);
      const shape = (rows: { documents: number; outlets: number; languages: readonly string[]; title: string }[]) =>
        rows.map((r) => `${r.documents}|${r.outlets}|${[...r.languages].sort().join(',')}|${r.title}`).sort();
      expect(shape(await postgres2.listStories({ minDocuments: 1, limit: 1000 }))).toEqual(shape(await sqlite2.listStories({ minDocuments: 1, limit: 1000 })));
    } finally {
      await sqlite2.close();
      await postgres2.close();
    }

    // Every reading command works on PostgreSQL through the store factory, and says what it says on SQLite.
    const same = (args: string[], view: (out: string) => unknown = (o) => o): void => {
      const x = saksi(args, liteEnv);
      const y = saksi(args, env(schema));
      expect(x.code, `${args.join(' ')}: ${x.stderr}`).toBe(0);
      expect(y.code, `${args.join(' ')}: ${y.stderr}`).toBe(0);
      expect(view(y.stdout), args.join(' ')).toEqual(view(x.stdout));
    };
    same(['entities', '--json', '--top', '1000'], (o) => (JSON.parse(o) as { entities: { name: string; mentions: number; documents: number }[] }).entities.map((e) => `${e.name}|${e.mentions}|${e.documents}`).sort());
    same(['search', 'anggaran OR Zelensky', '--json', '--limit', '100'], (o) => (JSON.parse(o) as { results: { title?: string }[] }).results.map((h) => h.title).sort());
    const person = (JSON.parse(saksi(['entities', '--json', '--type', 'PERSON'], liteEnv).stdout) as { entities: { name: string }[] }).entities[0]!.name;
    same(['entity', person, '--json'], (o) => {
      const d = (JSON.parse(o) as { entity: { name: string; aliases: unknown; claimsBy: unknown[] } }).entity;
      return [d.name, d.aliases, d.claimsBy.length];
    });
    same(['export', '--what', 'claims', '--format', 'jsonl'], (o) => o.trim().split('\n').length);
    same(['export', '--what', 'documents', '--format', 'csv'], (o) => o.trim().split('\n').length);
    same(['stories', '--json', '--limit', '1000'], (o) => (JSON.parse(o) as { stories: { title: string; documents: number }[] }).stories.map((r) => `${r.title}|${r.documents}`).sort());
    const firstDoc = JSON.parse(saksi(['export', '--what', 'documents', '--format', 'jsonl'], env(schema)).stdout.split('\n')[0]!) as { id: number };
    const shown = saksi(['show', String(firstDoc.id)], env(schema));
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout.length).toBeGreaterThan(50);
    const storyId = (await openPostgresStore(TEST_PG_URL, { schema, readonly: true }).then(async (st) => {
      try {
        return (await st.listStories({ minDocuments: 1, limit: 1 }))[0];
      } finally {
        await st.close();
      }
    }));
    if (storyId) {
      const story = saksi(['story', storyId.id, '--json'], env(schema));
      expect(story.code, story.stderr).toBe(0);
    }
  });

  it('takes up the jobs of a worker killed with kill -9 mid-batch after their lease, storing every document once', async () => {
    const schema = newSchema();
    const corpus = join(dir, 'kill');
    writeCorpus(corpus, 40);
    const queueEnv = env(schema, { SAKSI_QUEUE_LEASE_SECONDS: '3', SAKSI_QUEUE_RETRY_DELAY: '1', SAKSI_QUEUE_MAINTENANCE_SECONDS: '1' });
    expect(saksi(['ingest', corpus, '--queue'], queueEnv).code).toBe(0);
    const victim = start(['worker', '--concurrency', '1', '--batch', '6', '--analyzer', STUB], { ...queueEnv, STUB_ANALYZER_DELAY_MS: '150' });
    // Wait until it has stored a batch and is in the middle of the next one.
    const t0 = Date.now();
    for (;;) {
      const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".documents`);
      const [{ a }] = await sql<{ a: number }>(`SELECT count(*)::int AS a FROM "${schema}_queue".job WHERE state = 'active'`);
      if (n >= 6 && a > 0) break;
      if (Date.now() - t0 > 60_000) throw new Error(`the worker stored nothing in 60 s: ${await victim.done.then((r) => r.stderr)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    victim.child.kill('SIGKILL');
    const killed = await victim.done;
    expect(killed.code).toBeNull();
    const [{ stored }] = await sql<{ stored: number }>(`SELECT count(*)::int AS stored FROM "${schema}".documents`);
    const [{ active }] = await sql<{ active: number }>(`SELECT count(*)::int AS active FROM "${schema}_queue".job WHERE state = 'active'`);
    expect(stored).toBeLessThan(40);
    expect(active).toBeGreaterThan(0);

    const rescuer = saksi(['worker', '--concurrency', '1', '--until-empty', '--analyzer', STUB, '--json'], queueEnv);
    expect(rescuer.code, rescuer.stderr).toBe(0);
    const docs = await sql<{ n: number; keys: number; hashes: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT source_key)::int AS keys, count(DISTINCT content_hash)::int AS hashes FROM "${schema}".documents`,
    );
    expect(docs[0]).toEqual({ n: 40, keys: 40, hashes: 40 });
    const [{ sources }] = await sql<{ sources: number }>(`SELECT count(*)::int AS sources FROM "${schema}".sources`);
    expect(sources).toBe(40);
    // Mentions were not doubled by the re-run jobs: each document's entities are linked once.
    const [{ dup }] = await sql<{ dup: number }>(
      `SELECT count(*)::int AS dup FROM (SELECT document_id, span_start FROM "${schema}".mentions GROUP BY 1, 2 HAVING count(*) > 1) x`,
    );
    expect(dup).toBe(0);
    expect(await danglingReferences(schema)).toEqual([]);
    const status = JSON.parse(saksi(['queue', 'status', '--json'], queueEnv).stdout);
    expect(status).toMatchObject({ created: 0, retry: 0, active: 0, completed: 40, failed: 0, storiesPending: 0 });
    // Every document grouped into stories, whichever transaction the victim died in.
    const [{ grouped, pending }] = await sql<{ grouped: number; pending: number }>(
      `SELECT (SELECT count(*)::int FROM "${schema}".story_documents) AS grouped, (SELECT count(*)::int FROM "${schema}".story_pending) AS pending`,
    );
    expect({ grouped, pending }).toEqual({ grouped: 40, pending: 0 });
  });

  it('groups into stories the documents a worker stored and then died before grouping, in the next worker', async () => {
    const { schema, queueEnv } = await workerDiedBeforeGrouping('pending', 12);
    const before = await sql<{ docs: number; grouped: number }>(
      `SELECT (SELECT count(*)::int FROM "${schema}".documents) AS docs, (SELECT count(*)::int FROM "${schema}".story_documents) AS grouped`,
    );
    expect(before[0]).toEqual({ docs: 12, grouped: 0 });
    expect(JSON.parse(saksi(['queue', 'status', '--json'], queueEnv).stdout)).toMatchObject({ completed: 12, storiesPending: 12 });
    expect(saksi(['queue', 'status'], queueEnv).stdout).toMatch(/ungrouped\s+12/);
    // The jobs are done (stored with their completion); the next worker finds the queue empty and groups what is pending.
    const next = saksi(['worker', '--concurrency', '1', '--until-empty', '--analyzer', STUB, '--json'], queueEnv);
    expect(next.code, next.stderr).toBe(0);
    expect(JSON.parse(next.stdout)).toMatchObject({ jobs: 0, storyFailures: 0 });
    const after = await sql<{ grouped: number; pending: number }>(
      `SELECT (SELECT count(*)::int FROM "${schema}".story_documents) AS grouped, (SELECT count(*)::int FROM "${schema}".story_pending) AS pending`,
    );
    expect(after[0]).toEqual({ grouped: 12, pending: 0 });
    // The same stories as grouping them at once: a rebuild of the stories changes nothing.
    const stories = async () => sql(`SELECT document_id, story, rank FROM "${schema}".story_documents ORDER BY document_id`);
    const grouped = await stories();
    expect(saksi(['rebuild', '--what', 'stories', '--json'], queueEnv).code).toBe(0);
    expect(await stories()).toEqual(grouped);
  });

  it('groups the others when one document left pending cannot be grouped, and counts and names it', async () => {
    const { schema, queueEnv } = await workerDiedBeforeGrouping('pending-bad', 6);
    // One stored analysis the story stage cannot read (its entities not a list).
    const [{ id }] = await sql<{ id: number }>(`SELECT min(id)::int AS id FROM "${schema}".documents`);
    await sql(`UPDATE "${schema}".documents SET analysis = '{"entities": 1}' WHERE id = $1`, [id]);
    const next = saksi(['worker', '--concurrency', '1', '--until-empty', '--analyzer', STUB, '--json'], queueEnv);
    expect(next.code, next.stderr).toBe(0);
    expect(JSON.parse(next.stdout)).toMatchObject({ jobs: 0, storyFailures: 1 });
    expect(next.stderr).toContain(`could not group document ${id} into stories`);
    const after = await sql<{ grouped: number; pending: number }>(
      `SELECT (SELECT count(*)::int FROM "${schema}".story_documents) AS grouped, (SELECT count(*)::int FROM "${schema}".story_pending) AS pending`,
    );
    expect(after[0]).toEqual({ grouped: 5, pending: 0 });
  });

  it('retries a poison input with backoff, then keeps it failed with its reason and key; queue retry re-runs it', async () => {
    const schema = newSchema();
    const corpus = join(dir, 'poison');
    writeCorpus(corpus, 6, {
      'poison.txt': 'Berita ini berisi POISON-PILL yang membuat analisis gagal. Sari Wulandari diam.',
      'slow.txt': 'Berita ini berisi SLOW-PILL yang membuat analisis lambat sekali. Budi Hartono menunggu.',
    });
    const queueEnv = env(schema, { SAKSI_QUEUE_RETRY_LIMIT: '2', SAKSI_QUEUE_RETRY_DELAY: '1', SAKSI_QUEUE_MAINTENANCE_SECONDS: '1' });
    expect(saksi(['ingest', corpus, '--queue'], queueEnv).code).toBe(0);
    const t0 = Date.now();
    const run = saksi(['worker', '--concurrency', '2', '--deadline', '1', '--until-empty', '--analyzer', POISON, '--json'], queueEnv);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout);
    // 3 attempts each (the first and 2 retries), the retries after 1 s then 2 s of backoff.
    expect(summary).toMatchObject({ stored: 6, failedAttempts: 6, failedFinal: 2 });
    expect(Date.now() - t0).toBeGreaterThan(3000);
    const failed = JSON.parse(saksi(['queue', 'failed', '--json'], queueEnv).stdout) as { key: string; code: string; message: string; attempts: number }[];
    const byKey = Object.fromEntries(failed.map((f) => [f.key.replace(/^.*\//, ''), f]));
    expect(Object.keys(byKey).sort()).toEqual(['poison.txt', 'slow.txt']);
    expect(byKey['poison.txt']).toMatchObject({ code: 'analyze-failed', attempts: 3 });
    expect(byKey['poison.txt']!.message).toContain('poison pill');
    expect(byKey['slow.txt']).toMatchObject({ code: 'analyze-timeout', attempts: 3 });
    const human = saksi(['queue', 'failed'], queueEnv).stdout;
    expect(human).toMatch(/poison\.txt\tanalyze-failed\tanalysis failed: poison pill/);
    // The store keeps the failures too, with their source keys.
    const storeFailures = await sql<{ key: string; code: string }>(`SELECT key, code FROM "${schema}".failures ORDER BY key`);
    expect(storeFailures.map((f) => [f.key.replace(/^.*\//, ''), f.code])).toEqual([
      ['poison.txt', 'analyze-failed'],
      ['slow.txt', 'analyze-timeout'],
    ]);

    const retried = saksi(['queue', 'retry'], queueEnv);
    expect(retried.stdout).toBe('2 failed jobs back in the queue\n');
    const cured = saksi(['worker', '--concurrency', '1', '--until-empty', '--analyzer', POISON, '--json'], { ...queueEnv, POISON_CURED: '1' });
    expect(cured.code, cured.stderr).toBe(0);
    expect(JSON.parse(cured.stdout)).toMatchObject({ stored: 2, failedAttempts: 0 });
    expect(JSON.parse(saksi(['queue', 'status', '--json'], queueEnv).stdout)).toMatchObject({ completed: 8, failed: 0 });
    expect(await sql(`SELECT key FROM "${schema}".failures`)).toEqual([]);
    expect((await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".documents`))[0]!.n).toBe(8);
  });

  it('migrates a SQLite store into PostgreSQL and back, with the same content', async () => {
    const schema = newSchema();
    const dbFile = join(dir, 'migrate.db');
    const lite = saksi(['ingest', ARTICLES, join(ROOT, 'test', 'fixtures', 'corpus', 'records.jsonl'), '--db', dbFile, '--workers', '1', '--analyzer', STUB], { ...process.env, NO_COLOR: '1' });
    expect(lite.code === 0 || lite.code === 1, lite.stderr).toBe(true);
    const there = saksi(['migrate', '--from', dbFile, '--to', TEST_PG_URL, '--json'], env(schema));
    expect(there.code, there.stderr).toBe(0);
    expect(JSON.parse(there.stdout).tables.find((t: { table: string }) => t.table === 'documents').rows).toBeGreaterThan(30);
    // Into a store that is not empty: refused.
    const again = saksi(['migrate', '--from', dbFile, '--to', TEST_PG_URL], env(schema));
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/^saksi: .* already holds documents; migrate into an empty store\n$/);
    const backFile = join(dir, 'back.db');
    const back = saksi(['migrate', '--from', TEST_PG_URL, '--to', backFile], env(schema));
    expect(back.code, back.stderr).toBe(0);

    const original = openSqliteStore(dbFile, { readonly: true });
    const copy = await openPostgresStore(TEST_PG_URL, { schema, readonly: true });
    const roundTrip = openSqliteStore(backFile, { readonly: true });
    try {
      const a = await snapshot(original);
      const b = await snapshot(copy);
      const c = await snapshot(roundTrip);
      expect(b).toEqual(a);
      expect(c).toEqual(a);
      // Ids are kept, so are failures, analyses and search.
      const first = (await collect(original.scan('documents')))[0]!;
      expect(await copy.getAnalysis(first.id)).toEqual(await original.getAnalysis(first.id));
      expect(await collect(copy.scan('failures'))).toEqual(await collect(original.scan('failures')));
      const q = { query: 'Zelensky' };
      expect((await copy.search(q)).map((h) => h.id).sort()).toEqual((await original.search(q)).map((h) => h.id).sort());
      expect((await roundTrip.search(q)).map((h) => h.id)).toEqual((await original.search(q)).map((h) => h.id));
    } finally {
      await original.close();
      await copy.close();
      await roundTrip.close();
    }
    // A new document gets a fresh id after the copied ones.
    const writable = await openPostgresStore(TEST_PG_URL, { schema });
    const id = await writable.transaction(async (w) => (await w.addDocument({ sourceKey: 'new', rawHash: 'r', contentHash: 'new-hash', text: 'Baru.' })).id);
    expect(id).toBeGreaterThan((await writable.stats()).documents - 1);
    await writable.close();
  });

  it('says in one line which host it cannot reach, exits non-zero, without a stack or a hang', () => {
    const cases: [string[], RegExp][] = [
      [['worker', '--db', 'postgres://postgres@127.0.0.1:1/test'], /^saksi: cannot connect to PostgreSQL at 127\.0\.0\.1:1: connection refused/],
      [['queue', 'status', '--db', 'postgres://postgres@no-such-host.invalid/test'], /^saksi: cannot connect to PostgreSQL at no-such-host\.invalid:5432: host no-such-host\.invalid not found/],
      [['ingest', ARTICLES, '--queue', '--db', 'postgres://postgres@127.0.0.1:5432/saksi_no_such_db'], /^saksi: cannot connect to PostgreSQL at 127\.0\.0\.1:5432: database saksi_no_such_db does not exist/],
      [['worker', '--db', './saksi.db'], /^saksi: saksi worker needs a PostgreSQL store/],
    ];
    for (const [args, want] of cases) {
      const t0 = Date.now();
      const r = saksi(args, { ...process.env, NO_COLOR: '1', SAKSI_DB: '' });
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(want);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(Date.now() - t0).toBeLessThan(15_000);
    }
  });
});
