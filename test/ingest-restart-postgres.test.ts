/**
 * `saksi ingest --db postgres://...` without `--queue`, with the server restarted mid-ingest
 * (pg_ctl stop -m fast, 3 s down, start: every connection cut): the ingest waits for the server, runs the cut
 * read or batch again, and finishes with every document stored exactly once (issue 11, faults).
 * On a private server (test/pg-private.ts), never the shared one.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { privatePgAvailable, startPrivateServer, type PrivateServer } from './pg-private.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'saksi.js');
const STUB = join(ROOT, 'test', 'fixtures', 'stub-analyzer.mjs');

if (!privatePgAvailable) console.warn('ingest-restart-postgres: skipped, no PostgreSQL binaries under /usr/lib/postgresql (initdb, pg_ctl) to run a private server');
let server: PrivateServer | undefined;
afterAll(() => server?.stop());

describe.skipIf(!privatePgAvailable)('PostgreSQL restarted during a plain saksi ingest', { timeout: 180_000 }, () => {
  it('waits for the server, runs the cut batch again and finishes: every document stored once', async () => {
    server = await startPrivateServer('saksi-ingest-restart-');
    const { dir, count } = server;
    const corpus = join(dir, 'corpus');
    mkdirSync(corpus);
    const N = 60;
    for (let i = 0; i < N; i++) {
      writeFileSync(
        join(corpus, `r-${String(i).padStart(3, '0')}.txt`),
        `Kabar ${i} dari kampung ${i % 6}.\n\nKetua RT bernama Wulan Sari ${i} mengatakan "saluran air nomor ${i} tersumbat sejak bulan ${1 + (i % 12)}".\n`,
      );
    }
    const env = { ...process.env, NO_COLOR: '1', SAKSI_DB: server.url, SAKSI_PG_SCHEMA: '', STUB_ANALYZER_DELAY_MS: '80' };
    const child = spawn(process.execPath, [BIN, 'ingest', corpus, '--workers', '1', '--analyzer', STUB, '--json'], { cwd: dir, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const done = new Promise<number | null>((resolve) => child.on('close', resolve));

    // Restart once some, but not all, documents are stored.
    const t0 = Date.now();
    for (;;) {
      const n = await count('SELECT count(*)::int AS n FROM documents').catch(() => 0);
      if (n >= 5) break;
      if (Date.now() - t0 > 90_000) throw new Error(`the ingest stored nothing in 90 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await count('SELECT count(*)::int AS n FROM documents')).toBeLessThan(N);
    // Down for 3 s: the ingest meets it down (reads of the next records, the next batch's commit).
    await server.restart(3000);

    const code = await done;
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/saksi: lost the connection to postgres:\/\/.*; waiting for it to come back/);
    const summary = JSON.parse(stdout) as { seen: number; ingested: number; unchanged: number; failed: number; totals: { documents: number } };
    // A batch cut in its COMMIT may have been committed: run again, its documents are found stored.
    expect(summary.seen).toBe(N);
    expect(summary.failed).toBe(0);
    expect(summary.ingested + summary.unchanged).toBe(N);
    expect(summary.totals.documents).toBe(N);

    // Nothing lost, nothing doubled.
    expect(await count('SELECT count(*)::int AS n FROM documents')).toBe(N);
    expect(await count('SELECT count(*)::int AS n FROM sources')).toBe(N);
    expect(await count('SELECT count(DISTINCT content_hash)::int AS n FROM documents')).toBe(N);
    expect(await count('SELECT count(*)::int AS n FROM failures')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM claims')).toBe(N);
    expect(await count('SELECT count(*)::int AS n FROM (SELECT document_id, span_start FROM mentions GROUP BY 1, 2 HAVING count(*) > 1) x')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM story_documents')).toBe(N);
    // One person per name, however the batches were cut.
    expect(await count(`SELECT count(*)::int AS n FROM (SELECT name FROM entities GROUP BY name HAVING count(*) > 1) x`)).toBe(0);
  });
});
