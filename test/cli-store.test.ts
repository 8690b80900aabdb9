/**
 * The store commands as a user runs them: the built CLI in a child process. Includes the kill -9
 * test: a real ingest killed mid-run, then resumed, leaving a sound store with every document once.
 *
 * Needs `npm run build` (npm test does it first).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { mulberry32 } from '../src/ner/perceptron.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'saksi.js');
const STUB = join(ROOT, 'test', 'fixtures', 'stub-analyzer.mjs');
const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
const dir = mkdtempSync(join(tmpdir(), 'saksi-cli-'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function saksi(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json<T = Record<string, unknown>>(r: Run): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout.slice(0, 300)} / ${r.stderr.slice(0, 300)}`);
  }
}

/** A minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'ingest.js'))) throw new Error('dist/ is not built: run the tests with npm test');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('store commands on a missing store', () => {
  it.each([
    ['search', 'tentara'],
    ['entities'],
    ['entity', 'Zelensky'],
    ['show', '1'],
    ['export'],
  ])('%s says there is no store, exits 66 and creates nothing', (...args) => {
    const db = join(dir, 'nothing-here.db');
    const r = saksi([...args, '--db', db]);
    expect(r.code).toBe(66);
    expect(r.stderr.trim()).toBe(`saksi: no store at ${db}; run saksi ingest first, or name the store with --db FILE or SAKSI_DB`);
    expect(existsSync(db)).toBe(false);
  });

  it('reads SAKSI_DB, then ./saksi.db', () => {
    const viaEnv = saksi(['entities'], { SAKSI_DB: join(dir, 'env.db') });
    expect(viaEnv.stderr).toContain(`no store at ${join(dir, 'env.db')}`);
    const env: Record<string, string> = {};
    const r = spawnSync(process.execPath, [BIN, 'entities'], { cwd: dir, encoding: 'utf8', env: { ...process.env, SAKSI_DB: '', ...env } });
    expect(r.stderr).toContain('no store at ./saksi.db; run saksi ingest first');
  });
});

describe('ingest, then the commands over the store', () => {
  const db = (): string => join(dir, 'corpus.db');
  let first: Record<string, unknown>;

  beforeAll(() => {
    const r = saksi(['ingest', join(CORPUS, 'articles'), join(CORPUS, 'pages'), join(CORPUS, 'records.jsonl'), join(CORPUS, 'bad'), '--db', db(), '--analyzer', STUB, '--json', '--workers', '2']);
    first = json(r);
    // Some inputs failed (the bad ones), the rest were stored: a partial success.
    expect(r.code).toBe(1);
  }, 120_000);

  it('prints a machine summary that adds up', () => {
    const s = first as { seen: number; ingested: number; exactDuplicates: number; unchanged: number; failed: number; failures: { code: string }[]; nearDuplicates: number };
    expect(s.seen).toBe(s.ingested + s.exactDuplicates + s.unchanged + s.failed);
    expect(s.ingested).toBe(31 + 2 + 3);
    expect(s.exactDuplicates).toBe(1);
    expect(s.nearDuplicates).toBe(4);
    expect(s.failures.map((f) => f.code).sort()).toEqual(['empty', 'invalid-json', 'invalid-utf8', 'malformed-feed', 'no-content', 'unsafe-xml']);
  });

  it('adds nothing on a second run, and says so in words', () => {
    const r = saksi(['ingest', join(CORPUS, 'articles'), join(CORPUS, 'pages'), join(CORPUS, 'records.jsonl'), '--db', db(), '--analyzer', STUB, '--workers', '1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ingested\s+0/);
    expect(r.stdout).toMatch(/unchanged\s+37/);
    expect(r.stdout).toMatch(/invalid-json .*records\.jsonl:5/);
  });

  it('searches with ranking, snippets and filters', () => {
    const r = saksi(['search', 'Korea Utara tentara', '--db', db(), '--json']);
    expect(r.code).toBe(0);
    const out = json<{ results: { id: number; snippet: string; matches: { start: number; end: number }[]; score: number }[] }>(r);
    expect(out.results.length).toBeGreaterThan(0);
    const top = out.results[0]!;
    expect(top.snippet.slice(top.matches[0]!.start, top.matches[0]!.end).toLowerCase()).toMatch(/korea|utara|tentara/);
    const show = json<{ document: { sourceKey: string } }>(saksi(['show', String(top.id), '--db', db(), '--json']));
    expect(show.document.sourceKey).toBe(join(CORPUS, 'articles', 'id-korut-tentara.txt'));
    const plain = saksi(['search', 'Korea Utara tentara', '--db', db()]);
    expect(plain.stdout).toContain('[Korea] [Utara]');
    const en = json<{ results: unknown[] }>(saksi(['search', 'troops', '--lang', 'en', '--db', db(), '--json']));
    expect(en.results.length).toBeGreaterThan(0);
    const none = json<{ results: unknown[] }>(saksi(['search', 'troops', '--lang', 'id', '--db', db(), '--json']));
    expect(none.results).toEqual([]);
    const dated = json<{ results: { published: string }[] }>(saksi(['search', 'levy', '--since', '2025-04-02', '--db', db(), '--json']));
    expect(dated.results.map((x) => x.published.slice(0, 10))).toEqual(['2025-04-02']);
  });

  it('turns bad query syntax and bad options into one-line errors', () => {
    const bad = saksi(['search', '*', '--db', db()]);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/^saksi: no words to search for in "\*": .+\n$/);
    const date = saksi(['search', 'x', '--since', '2025-13-01', '--db', db()]);
    expect(date.code).toBe(64);
    expect(date.stderr).toContain('--since expects a date');
    for (const r of [bad, date]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('shows a document, and refuses unknown or malformed ids', () => {
    const ok = json<{ document: Record<string, unknown>; analysis: { entities: unknown[] }; corpus: { entities: { entity: number; evidence: unknown[] }[] } }>(saksi(['show', '1', '--db', db(), '--json']));
    expect(ok.document['id']).toBe(1);
    expect(ok.analysis.entities.length).toBe(ok.corpus.entities.length);
    const text = saksi(['show', '#1', '--db', db()]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('#1');
    const missing = saksi(['show', '9999', '--db', db()]);
    expect(missing.code).toBe(66);
    expect(missing.stderr).toContain('no document #9999');
    const malformed = saksi(['show', 'abc', '--db', db()]);
    expect(malformed.code).toBe(64);
  });

  it('lists entities and shows one with aliases, sources, months, claims and evidence', () => {
    const list = json<{ entities: { name: string; type: string; mentions: number }[] }>(saksi(['entities', '--type', 'person', '--top', '5', '--db', db(), '--json']));
    expect(list.entities).toHaveLength(5);
    expect(list.entities.every((e) => e.type === 'PERSON')).toBe(true);
    const mentions = list.entities.map((e) => e.mentions);
    expect(mentions).toEqual([...mentions].sort((a, b) => b - a));
    const budi = json<{ entity: { name: string; bySource: unknown[]; byMonth: { month: string }[]; claimsBy: unknown[]; evidence: { detail: string }[] } }>(
      saksi(['entity', 'bayu santika', '--db', db(), '--json']),
    );
    expect(budi.entity.name).toBe('Bayu Santika');
    expect(budi.entity.byMonth.length).toBeGreaterThan(0);
    expect(budi.entity.evidence.some((e) => e.detail.includes('same normalised name'))).toBe(true);
    const human = saksi(['entity', 'Bayu Santika', '--db', db()]);
    expect(human.stdout).toContain('Why these mentions are one entity:');
    expect(human.stdout).toContain('Written as: Bayu Santika');
    const typo = saksi(['entity', 'Bayu Santica', '--db', db()]);
    expect(typo.code).toBe(0);
    expect(typo.stdout).toContain('(closest match)');
    const unknown = saksi(['entity', 'Nobody Whatsoever', '--db', db()]);
    expect(unknown.code).toBe(66);
    expect(unknown.stderr).toContain('no entity named "Nobody Whatsoever"');
    expect(saksi(['entities', '--type', 'PLANET', '--db', db()]).code).toBe(64);
  });

  it('exports every row as JSON lines and as properly quoted CSV', () => {
    const stats = new Database(db(), { readonly: true });
    const count = (t: string): number => (stats.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    const docs = count('documents');
    const claims = count('claims');
    const entities = count('entities');
    stats.close();
    const jsonl = saksi(['export', '--db', db()]);
    const lines = jsonl.stdout.trim().split('\n');
    expect(lines).toHaveLength(docs);
    expect(JSON.parse(lines[0]!)).toMatchObject({ id: 1 });
    const csv = saksi(['export', '--format', 'csv', '--what', 'documents', '--db', db()]);
    const rows = parseCsv(csv.stdout);
    expect(rows[0]).toEqual(['id', 'source_key', 'content_hash', 'title', 'url', 'source', 'author', 'published', 'language', 'origin', 'format', 'copy_of', 'ingested_at', 'text']);
    expect(rows).toHaveLength(docs + 1);
    expect(rows.every((r) => r.length === 14)).toBe(true);
    // Texts with quotes, commas and line breaks come back intact.
    const first = JSON.parse(lines[0]!) as { text: string };
    expect(rows[1]![13]).toBe(first.text);
    expect(parseCsv(saksi(['export', '--format', 'csv', '--what', 'claims', '--db', db()]).stdout)).toHaveLength(claims + 1);
    expect(saksi(['export', '--what', 'entities', '--db', db()]).stdout.trim().split('\n')).toHaveLength(entities);
    expect(saksi(['export', '--format', 'xml', '--db', db()]).code).toBe(64);
  });

  it('stops quietly when the reader of its output goes away', async () => {
    const child = spawn(process.execPath, [BIN, 'export', '--db', db()], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).not.toContain('internal error');
    expect(code).toBe(0);
  });
});

describe('kill -9 in the middle of an ingest', () => {
  const TOTAL = 4000;
  let input = '';

  beforeAll(() => {
    // Distinct texts of invented words: no exact or near duplicates among them.
    // A PRNG with a long period (an LCG in doubles cycles fast and repeats texts).
    const rand = mulberry32(12345);
    const syllables = ['ka', 'lo', 'mi', 'nu', 'sa', 'te', 'ri', 'po', 'da', 'gu', 'be', 'ha', 'ja', 'wi', 'ze', 'yo'];
    const word = (): string => Array.from({ length: 2 + Math.floor(rand() * 3) }, () => syllables[Math.floor(rand() * syllables.length)]).join('');
    const lines: string[] = [];
    for (let i = 0; i < TOTAL; i++) {
      const words = Array.from({ length: 40 + Math.floor(rand() * 40) }, word);
      words.splice(5, 0, 'Sari', 'Wulandari');
      lines.push(JSON.stringify({ id: `doc-${i}`, title: `Nomor ${i}`, published: `2025-0${1 + (i % 9)}-1${i % 10}`, text: `${words.join(' ')}. Dokumen ${i}.` }));
    }
    input = join(dir, 'many.jsonl');
    writeFileSync(input, `${lines.join('\n')}\n`);
  });

  function committed(db: string): number {
    if (!existsSync(db)) return 0;
    try {
      const conn = new Database(db, { readonly: true, fileMustExist: true });
      try {
        return (conn.prepare('SELECT COUNT(*) AS n FROM documents').get() as { n: number }).n;
      } finally {
        conn.close();
      }
    } catch {
      return 0; // not created yet, or schema not yet committed
    }
  }

  it('loses at most the uncommitted documents, never corrupts the store, and resumes', async () => {
    const db = join(dir, 'killed.db');
    const child: ChildProcess = spawn(process.execPath, [BIN, 'ingest', input, '--db', db, '--analyzer', STUB, '--workers', '2'], {
      cwd: dir,
      env: { ...process.env, STUB_ANALYZER_DELAY_MS: '3' },
      stdio: 'ignore',
    });
    const exited = new Promise<string | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    let seen = 0;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      seen = committed(db);
      if (seen >= 300) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const atKill = committed(db);
    expect(seen).toBeGreaterThanOrEqual(300);
    expect(atKill).toBeLessThan(TOTAL); // killed mid-run, not after

    const check = new Database(db);
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.prepare(`INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')`).run();
    check.close();

    const resumed = json<{ seen: number; ingested: number; unchanged: number; failed: number; exactDuplicates: number }>(
      saksi(['ingest', input, '--db', db, '--analyzer', STUB, '--workers', '2', '--json']),
    );
    expect(resumed.failed).toBe(0);
    expect(resumed.exactDuplicates).toBe(0);
    expect(resumed.unchanged).toBe(atKill);
    expect(resumed.ingested + resumed.unchanged).toBe(TOTAL);

    const conn = new Database(db, { readonly: true });
    const one = (sql: string): number => (conn.prepare(sql).get() as { n: number }).n;
    expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(one('SELECT COUNT(*) AS n FROM documents')).toBe(TOTAL);
    expect(one('SELECT COUNT(DISTINCT source_key) AS n FROM documents')).toBe(TOTAL);
    expect(one(`SELECT COUNT(*) AS n FROM sources WHERE kind = 'document'`)).toBe(TOTAL);
    expect(one('SELECT COUNT(*) AS n FROM documents_fts')).toBe(TOTAL);
    expect(one('SELECT COUNT(*) AS n FROM relations')).toBe(0);
    // Every document's entity links are there, none twice: each text names "Sari Wulandari" once.
    expect(one('SELECT COUNT(DISTINCT document_id) AS n FROM document_entities')).toBe(TOTAL);
    expect(one(`SELECT COUNT(*) AS n FROM entities WHERE name = 'Sari Wulandari'`)).toBe(1);
    expect(one(`SELECT mentions AS n FROM entities WHERE name = 'Sari Wulandari'`)).toBe(TOTAL);
    conn.close();

    const third = json<{ ingested: number; unchanged: number }>(saksi(['ingest', input, '--db', db, '--analyzer', STUB, '--json']));
    expect(third).toMatchObject({ ingested: 0, unchanged: TOTAL });
  }, 240_000);
});
