/**
 * Concurrent writers (issue 8 point 1): two and three `saksi ingest` processes of the built CLI
 * writing into one store at once must leave exactly what the same ingests leave one after the
 * other: the same entities (type, name, aliases, mention and document counts), the same merges
 * (which document entities went to which entity), the same copy-of links and documents.
 *
 * The corpora are generated here (seeded): articles of random words from a small vocabulary, so
 * that different articles share no 5-word shingles, naming people from a shared pool (each
 * corpus names the same people: a stale writer would create them twice), with near-copies and
 * exact copies of each other's articles under distinct dates (so the earliest copy is one answer
 * whatever order the documents arrive in). The stub analyzer finds full names only, so that the
 * sequential result does not depend on the order of the documents either.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/ner/perceptron.js';
import { foldKey, nameEditSimilarity } from '../src/kb/normalize.js';
import { VARIANT_SIMILARITY_SAME_KEY } from '../src/corpus/entities.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'saksi.js');
const STUB = fileURLToPath(new URL('./fixtures/stub-analyzer.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'saksi-concurrent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Names no two of which are spelling variants of each other (the resolver would merge those, the first seen naming the entity). */
function distinct(names: string, limit: number): string[] {
  const out: string[] = [];
  for (const n of names.split(' ')) {
    if (out.every((o) => nameEditSimilarity(foldKey(o), foldKey(n)) < VARIANT_SIMILARITY_SAME_KEY)) out.push(n);
  }
  return out.slice(0, limit);
}
const GIVEN = distinct('Sari Budi Agus Rina Dewi Hendra Wulan Joko Made Putri Yusuf Intan Bayu Ratna Fajar Gilang Oktavia', 12);
const FAMILY = distinct('Wulandari Santoso Hidayat Pratama Kusuma Siregar Nasution Halim Gunawan Saputra Lestari Tanjung', 10);
const WORDS = (
  'harga beras naik turun pasar petani panen hujan banjir jalan kota desa warga sekolah guru murid rumah sakit dokter obat ' +
  'kapal pelabuhan ikan nelayan laut angin cuaca musim kemarau sawah pupuk subsidi anggaran dana proyek jembatan listrik air ' +
  'bersih kereta stasiun penumpang tiket bandara pesawat jadwal rapat sidang kantor pegawai gaji pajak bank kredit usaha kecil ' +
  'toko pabrik buruh upah bahan bakar minyak gas tambang hutan kebun kopi teh gula garam cabai bawang daging telur susu'
).split(' ');

interface Rec {
  id: string;
  title: string;
  published: string;
  source: string;
  text: string;
}

function article(rnd: () => number, n: number, source: string): Rec {
  const person = (): string => `${GIVEN[Math.floor(rnd() * GIVEN.length)]} ${FAMILY[Math.floor(rnd() * FAMILY.length)]}`;
  const words = (k: number): string => Array.from({ length: k }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(' ');
  const a = person();
  const b = person();
  const paragraphs = [
    `Menteri ${a} mengatakan ${words(14)}.`,
    `"${words(10)}," kata ${a} di kantornya.`,
    `Sementara itu ${b} menilai ${words(16)}.`,
    `Ketua ${person()} menambahkan ${words(12)} dan ${words(9)}.`,
  ];
  const day = new Date(Date.UTC(2025, 0, 1) + Math.floor(rnd() * 300) * 86_400_000 + n * 60_000);
  return { id: `${source}-${n}`, title: `${words(4)} ${n}`, published: day.toISOString(), source, text: `${paragraphs.join('\n\n')}\n` };
}

/** Three corpora naming the same people, with near-copies (another date, a changed last line) and exact copies of each other's articles. */
function corpora(): Rec[][] {
  const rnd = mulberry32(20251130);
  expect(GIVEN.length).toBeGreaterThanOrEqual(8);
  expect(FAMILY.length).toBeGreaterThanOrEqual(8);
  const a = Array.from({ length: 160 }, (_, i) => article(rnd, i, 'A'));
  const b = Array.from({ length: 140 }, (_, i) => article(rnd, i, 'B'));
  const c = Array.from({ length: 120 }, (_, i) => article(rnd, i, 'C'));
  const copy = (r: Rec, source: string, i: number, shiftDays: number): Rec => ({
    ...r,
    id: `${source}-copy-${i}`,
    source,
    published: new Date(Date.parse(r.published) + shiftDays * 86_400_000).toISOString(),
    text: `${r.text}\nBaca juga berita ${source} lainnya nomor ${i}.\n`,
  });
  for (let i = 0; i < 30; i++) b.push(copy(a[i * 5]!, 'B', i, i % 2 === 0 ? -3 : 3));
  for (let i = 0; i < 20; i++) c.push(copy(a[i * 5]!, 'C', i, i % 3 === 0 ? -5 : 5));
  for (let i = 0; i < 20; i++) c.push(copy(b[i * 7]!, 'C', 100 + i, i % 2 === 0 ? -2 : 2));
  // Exact copies: the same text (and metadata) under another key.
  for (let i = 0; i < 15; i++) c.push({ ...a[150 - i]!, id: `C-exact-${i}` });
  for (let i = 0; i < 10; i++) b.push({ ...c[i * 3]!, id: `B-exact-${i}` });
  // Interleave originals and copies so that neither side arrives all first.
  return [a, b, c].map((list) => list.map((r, i) => ({ r, k: mulberry32(i + 7)() })).sort((x, y) => x.k - y.k).map((x) => x.r));
}

const files: string[] = [];
beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'ingest.js'))) throw new Error('dist/ is not built: run the tests with npm test');
  corpora().forEach((records, i) => {
    const path = join(dir, `corpus-${'abc'[i]}.jsonl`);
    writeFileSync(path, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    files.push(path);
  });
});

const ENV = { ...process.env, NO_COLOR: '1', STUB_ANALYZER_DELAY_MS: '6' };
const args = (input: string, db: string): string[] => [BIN, 'ingest', input, '--db', db, '--analyzer', STUB, '--workers', '1', '--json'];

function sequential(db: string, inputs: readonly string[]): void {
  for (const input of inputs) {
    const r = spawnSync(process.execPath, args(input, db), { cwd: dir, encoding: 'utf8', env: ENV, timeout: 120_000 });
    if (r.status !== 0) throw new Error(`ingest ${input} exited ${r.status}: ${r.stderr}`);
  }
}

async function concurrent(db: string, inputs: readonly string[]): Promise<void> {
  const runs = inputs.map(
    (input) =>
      new Promise<{ code: number | null; stderr: string; out: string }>((resolve) => {
        const child = spawn(process.execPath, args(input, db), { cwd: dir, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        let out = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.on('exit', (code) => resolve({ code, stderr, out }));
      }),
  );
  for (const r of await Promise.all(runs)) {
    if (r.code !== 0) throw new Error(`a concurrent ingest exited ${r.code}: ${r.stderr}`);
    expect((JSON.parse(r.out) as { failed: number }).failed).toBe(0);
  }
}

/** Everything that must not depend on how the writers interleaved, in a canonical order (no row ids). */
function dump(db: string): Record<string, unknown> {
  const conn = new Database(db, { readonly: true });
  try {
    const all = (sql: string): unknown[] => conn.prepare(sql).all();
    return {
      integrity: conn.pragma('integrity_check', { simple: true }),
      documents: all('SELECT content_hash, title, source, published FROM documents ORDER BY content_hash'),
      keys: all('SELECT s.key, d.content_hash FROM sources s JOIN documents d ON d.id = s.document_id ORDER BY s.key'),
      entities: all(
        `SELECT e.type, e.name, e.kb, e.mentions, e.documents,
           (SELECT group_concat(alias || '=' || count, '|') FROM (SELECT alias, count FROM entity_aliases a WHERE a.entity_id = e.id ORDER BY alias)) AS aliases,
           (SELECT group_concat(role || '=' || count, '|') FROM (SELECT role, count FROM entity_roles r WHERE r.entity_id = e.id ORDER BY role)) AS roles
         FROM entities e ORDER BY e.type, e.name, e.mentions`,
      ),
      merges: all(
        `SELECT d.content_hash, de.doc_entity, e.type, e.name FROM document_entities de
         JOIN documents d ON d.id = de.document_id JOIN entities e ON e.id = de.entity_id ORDER BY d.content_hash, de.doc_entity`,
      ),
      copyOf: all(
        `SELECT a.content_hash AS copy, b.content_hash AS original, r.score FROM relations r
         JOIN documents a ON a.id = r.document_id JOIN documents b ON b.id = r.target_id ORDER BY a.content_hash`,
      ),
      claims: all(
        `SELECT d.content_hash, c.claim_id, c.text, (SELECT group_concat(e.name, '|') FROM claim_entities ce JOIN entities e ON e.id = ce.entity_id
           WHERE ce.document_id = c.document_id AND ce.claim_id = c.claim_id) AS people
         FROM claims c JOIN documents d ON d.id = c.document_id ORDER BY d.content_hash, c.claim_id`,
      ),
      failures: all('SELECT key, code FROM failures ORDER BY key'),
    };
  } finally {
    conn.close();
  }
}

describe('concurrent ingests into one store', () => {
  it('two writers at once leave what one after the other leaves', { timeout: 180_000 }, async () => {
    sequential(join(dir, 'seq2.db'), files.slice(0, 2));
    await concurrent(join(dir, 'conc2.db'), files.slice(0, 2));
    const expected = dump(join(dir, 'seq2.db'));
    // The corpora really overlap: shared people, copies across corpora.
    expect((expected['entities'] as unknown[]).length).toBeGreaterThan(50);
    expect((expected['copyOf'] as unknown[]).length).toBeGreaterThanOrEqual(30);
    expect(dump(join(dir, 'conc2.db'))).toEqual(expected);
  });

  it('three writers at once leave what one after the other leaves', { timeout: 180_000 }, async () => {
    sequential(join(dir, 'seq3.db'), files);
    await concurrent(join(dir, 'conc3.db'), files);
    const expected = dump(join(dir, 'seq3.db'));
    expect((expected['copyOf'] as unknown[]).length).toBeGreaterThanOrEqual(70);
    expect(dump(join(dir, 'conc3.db'))).toEqual(expected);
    // And in another sequential order, the same again (the corpora do not depend on order).
    sequential(join(dir, 'seq3r.db'), [...files].reverse());
    expect(dump(join(dir, 'seq3r.db'))).toEqual(expected);
  });
});
