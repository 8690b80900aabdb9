/**
 * The PostgreSQL restart fault test: the server restarts (pg_ctl restart, fast shutdown: every
 * connection is cut) while queue workers are storing; they wait for it, reconnect and finish, and
 * every document is stored exactly once with every job completed.
 *
 * It runs on a private server of its own (initdb into a temporary folder, another port), never on
 * the shared one: restarting that would break the other suites (and other people's) running on it.
 * Skipped, with one line saying why, where no PostgreSQL binaries are installed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { privatePgAvailable, startPrivateServer, type PrivateServer } from './pg-private.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'saksi.js');
const STUB = join(ROOT, 'test', 'fixtures', 'stub-analyzer.mjs');

const skip = !privatePgAvailable;
if (skip) console.warn('queue-restart-postgres: skipped, no PostgreSQL binaries under /usr/lib/postgresql (initdb, pg_ctl) to run a private server');
let server: PrivateServer | undefined;
afterAll(() => server?.stop());

function start(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: server!.dir, env });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return { child, done: new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr }))) };
}

describe.skipIf(skip)('PostgreSQL restarted during a queued ingest', { timeout: 180_000 }, () => {
  it('workers wait for the server, reconnect and finish: every document stored once, every job completed', async () => {
    server = await startPrivateServer('saksi-restart-');
    const { dir, count } = server;
    const PG_URL = server.url;
    const corpus = join(dir, 'corpus');
    mkdirSync(corpus);
    const N = 48;
    for (let i = 0; i < N; i++) {
      writeFileSync(join(corpus, `r-${String(i).padStart(3, '0')}.txt`), `Berita ${i} dari desa ${i % 5}.\n\nWarga bernama Tono ${i} mengatakan "jalan nomor ${i} rusak sejak tahun ${1990 + i}".\n`);
    }
    // A fetch whose answer the restart cut leaves its jobs active until their lease runs out: a short lease here.
    const env = { ...process.env, NO_COLOR: '1', SAKSI_DB: PG_URL, SAKSI_PG_SCHEMA: '', SAKSI_QUEUE_LEASE_SECONDS: '5', SAKSI_QUEUE_RETRY_DELAY: '1', SAKSI_QUEUE_MAINTENANCE_SECONDS: '1' };
    const enqueue = spawnSync(process.execPath, [BIN, 'ingest', corpus, '--queue', '--json'], { cwd: dir, env, encoding: 'utf8' });
    expect(enqueue.status, enqueue.stderr).toBe(0);
    expect(JSON.parse(enqueue.stdout)).toMatchObject({ added: N });

    const workers = [0, 1].map(() =>
      start(['worker', '--concurrency', '1', '--batch', '3', '--until-empty', '--analyzer', STUB, '--json'], { ...env, STUB_ANALYZER_DELAY_MS: '60' }),
    );
    // Restart once some, but not all, documents are stored.
    const t0 = Date.now();
    for (;;) {
      const n = await count('SELECT count(*)::int AS n FROM documents').catch(() => 0);
      if (n >= 6) break;
      if (Date.now() - t0 > 90_000) throw new Error('the workers stored nothing in 90 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await count('SELECT count(*)::int AS n FROM documents')).toBeLessThan(N);
    await server.restart();

    const runs = await Promise.all(workers.map((w) => w.done));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const summaries = runs.map((r) => JSON.parse(r.stdout) as { stored: number; reconnects: number });
    expect(summaries.reduce((s, x) => s + x.reconnects, 0)).toBeGreaterThan(0);

    // Nothing lost, nothing doubled; every job done once; the CLI reads the store after the restart.
    expect(await count('SELECT count(*)::int AS n FROM documents')).toBe(N);
    expect(await count('SELECT count(*)::int AS n FROM sources')).toBe(N);
    expect(await count('SELECT count(DISTINCT content_hash)::int AS n FROM documents')).toBe(N);
    expect(await count(`SELECT count(*)::int AS n FROM claims`)).toBe(await count(`SELECT count(DISTINCT (document_id, claim_id))::int AS n FROM claims`));
    const status = spawnSync(process.execPath, [BIN, 'queue', 'status', '--json'], { cwd: dir, env, encoding: 'utf8' });
    expect(status.status, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ created: 0, retry: 0, active: 0, completed: N, failed: 0, storiesPending: 0 });
    const search = spawnSync(process.execPath, [BIN, 'search', 'jalan', '--json', '--limit', '100'], { cwd: dir, env, encoding: 'utf8' });
    expect(search.status, search.stderr).toBe(0);
    expect((JSON.parse(search.stdout) as { results: unknown[] }).results).toHaveLength(N);
  });
});
