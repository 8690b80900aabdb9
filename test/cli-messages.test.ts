import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../src/types.js';

// End-to-end on the built CLI (npm test builds dist/ first): boilerplate, exit codes, hints, wording.
const bin = new URL('../bin/saksi.js', import.meta.url).pathname;
const example = new URL('../examples/id-laut-china-selatan.txt', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'saksi-msg-'));

function saksi(args: string[], input?: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', timeout: 60_000, cwd: dir, env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('boilerplate in the CLI', () => {
  it('a promo line moved inside the article costs no claims', () => {
    const lines = readFileSync(example, 'utf8').split('\n');
    const promo = lines.findIndex((l) => l.startsWith('Dengarkan berita'));
    expect(promo).toBeGreaterThan(3);
    const moved = [...lines];
    const [line] = moved.splice(promo, 1);
    moved.splice(3, 0, line!);
    const before = JSON.parse(saksi(['analyze', example, '--json']).stdout) as Analysis;
    const after = JSON.parse(saksi(['analyze', file('moved.txt', moved.join('\n')), '--json']).stdout) as Analysis;
    expect(before.claims.length).toBeGreaterThanOrEqual(8);
    expect(after.claims.length).toBe(before.claims.length);
    expect(after.removed.find((r) => r.reason === 'promo-footer')!.text).toBe(line);
  });
});

describe('exit codes (README: 64 usage, 65 bad content, 66 missing input)', () => {
  it.each([
    [[], 'no command'],
    [['analyze'], 'missing argument'],
    [['ingest'], 'missing argument'],
    [['bogus'], 'unknown command'],
    [['analyze', '--bogus', example], 'unknown option'],
    [['analyze', example, 'extra'], 'too many arguments'],
    [['search', 'x', '--limit'], 'option without its value'],
  ])('%j (%s) exits 64', (args) => {
    const r = saksi(args as string[]);
    expect(r.code).toBe(64);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('--help and --version exit 0', () => {
    expect(saksi(['--help']).code).toBe(0);
    expect(saksi(['analyze', '--help']).code).toBe(0);
    expect(saksi(['--version']).code).toBe(0);
  });

  it('a missing --kb file exits 66 for analyze and ingest; a broken one 65', () => {
    const a = saksi(['analyze', example, '--kb', join(dir, 'nonexistent.csv')]);
    expect(a.code).toBe(66);
    expect(a.stderr).toContain('nonexistent.csv');
    const i = saksi(['ingest', example, '--kb', join(dir, 'nonexistent.csv'), '--db', join(dir, 'kb.db')]);
    expect(i.code).toBe(66);
    const broken = file('broken.json', '{ not json');
    expect(saksi(['analyze', example, '--kb', broken]).code).toBe(65);
  });

  it('--lang with no pack names the packs there are and reads the text with the nearest one', () => {
    const r = saksi(['analyze', example, '--lang', 'xx', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/no language pack for 'xx' \(packs: (id, en|en, id)\)/);
    expect(r.stderr).toContain("'id' pack");
    const a = JSON.parse(r.stdout) as Analysis;
    // "Senin (12/3/2024)" is 12 March in Indonesian; the English pack would read 3 December.
    expect(a.reference).toEqual({ date: '2024-03-12', source: 'dateline' });
    const normal = JSON.parse(saksi(['analyze', example, '--json']).stdout) as Analysis;
    expect(a.dates.map((d) => d.value)).toEqual(normal.dates.map((d) => d.value));
  });
});

describe('limits and their hints name the flags', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const hops = /^\/hop\/(\d+)$/.exec(req.url ?? '');
      if (hops && Number(hops[1]) > 0) {
        res.writeHead(302, { location: `/hop/${Number(hops[1]) - 1}` });
        res.end();
      } else if (hops) {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Menteri itu mengatakan bahwa harga beras naik 5 persen pada Senin (12/3/2024).');
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function saksiAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [bin, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  const LIBRARY_NAMES = /maxBytes|timeoutMs|maxRedirects|documentTimeoutMs/;

  it('analyze: --max-redirects is a flag, and the redirect hint names it', async () => {
    const over = await saksiAsync(['analyze', `${base}/hop/3`, '--max-redirects', '2']);
    expect(over.code).toBe(69);
    expect(over.stderr).toContain('--max-redirects');
    expect(over.stderr).not.toMatch(LIBRARY_NAMES);
    const ok = await saksiAsync(['analyze', `${base}/hop/3`, '--max-redirects', '3', '--json']);
    expect(ok.code).toBe(0);
  });

  it('ingest: --max-redirects, --max-size and --analysis-timeout are flags; failures name them', async () => {
    const db = join(dir, 'limits.db');
    const over = await saksiAsync(['ingest', `${base}/hop/3`, '--max-redirects', '1', '--db', db, '--json']);
    const summary = JSON.parse(over.stdout) as { failed: number; failures: { code: string; message: string }[] };
    expect(summary.failed).toBe(1);
    expect(summary.failures[0]!.message).toContain('--max-redirects');
    const big = file('big.txt', 'Menteri itu mengatakan bahwa harga naik. '.repeat(10_000));
    const tooBig = saksi(['ingest', big, '--max-size', '0.2', '--db', db, '--json']);
    const s2 = JSON.parse(tooBig.stdout) as { failures: { code: string; message: string }[] };
    expect(s2.failures.map((f) => f.code)).toEqual(['too-large']);
    expect(s2.failures[0]!.message).toContain('--max-size');
    expect(s2.failures[0]!.message).not.toMatch(LIBRARY_NAMES);
    expect(saksi(['ingest', big, '--max-size', '1', '--analysis-timeout', '100', '--db', db, '--json']).code).toBe(0);
    expect(saksi(['ingest', big, '--analysis-timeout', 'soon', '--db', db]).code).toBe(64);
  });

  it('analyze: the too-large hint names --max-size', () => {
    const big = file('big2.txt', 'x'.repeat(2 * 1024 * 1024));
    const r = saksi(['analyze', big, '--max-size', '1']);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('--max-size');
    expect(r.stderr).not.toMatch(LIBRARY_NAMES);
  });
});

describe('WARC cut inside a record header (ingest)', () => {
  it('counts as a failure naming the record, and the exit code says so', () => {
    const CRLF = '\r\n';
    const rec = (i: number) => {
      const body = `<html><body><article><p>Menteri ${i} mengatakan bahwa harga beras naik ${i} persen pekan lalu, kata pejabat itu.</p></article></body></html>`;
      const http = `HTTP/1.1 200 OK${CRLF}Content-Type: text/html; charset=utf-8${CRLF}Content-Length: ${Buffer.byteLength(body)}${CRLF}${CRLF}${body}`;
      const head = ['WARC/1.1', 'WARC-Type: response', `WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-00000000000${i}>`, 'WARC-Date: 2025-10-23T04:05:06Z', `WARC-Target-URI: https://contoh.example/${i}`, 'Content-Type: application/http; msgtype=response', `Content-Length: ${Buffer.byteLength(http)}`];
      return head.join(CRLF) + CRLF + CRLF + http + CRLF + CRLF;
    };
    const whole = rec(1) + rec(2) + rec(3);
    const cut = file('cut.warc', whole.slice(0, rec(1).length + rec(2).length + 40));
    const r = saksi(['ingest', cut, '--db', join(dir, 'warc.db'), '--json']);
    const s = JSON.parse(r.stdout) as { ingested: number; failed: number; failures: { code: string; message: string }[] };
    expect(s.ingested).toBe(2);
    expect(s.failed).toBe(1);
    expect(s.failures[0]!.message).toMatch(/record 3\b/);
    expect(r.code).toBe(1);
  });
});

describe('small things a new user sees', () => {
  it('counts take the singular for one: "1 input", "1 sentence", "1 document"', () => {
    const one = file('one.txt', 'Menteri itu mengatakan bahwa harga beras naik 5 persen pekan lalu di Jakarta.');
    const report = saksi(['analyze', one]);
    expect(report.stdout).toMatch(/\b1 sentence\b(?!s)/);
    expect(report.stdout).not.toMatch(/\b1 sentences\b/);
    const r = saksi(['ingest', one, '--db', join(dir, 'one.db'), '--workers', '1']);
    expect(r.stdout).toMatch(/^1 input in /);
    expect(r.stdout).toContain('1 worker)');
    expect(r.stdout).toContain('store: 1 document,');
    expect(r.stdout).not.toMatch(/\b1 (inputs|documents|workers)\b/);
  });

  it('a .txt whose first line reads like a headline is titled with it (analyze and ingest)', () => {
    const titled = file('titled.txt', 'Harga Beras Naik Lagi di Pasar Induk\n\nMenteri Perdagangan mengatakan harga beras naik 5 persen pekan lalu.\n');
    const untitled = file('untitled.txt', 'Menteri Perdagangan mengatakan harga beras naik.\nPedagang membantah bahwa stok menipis.\n');
    const a = JSON.parse(saksi(['analyze', titled, '--json']).stdout) as Analysis;
    expect(a.meta.title).toBe('Harga Beras Naik Lagi di Pasar Induk');
    expect((JSON.parse(saksi(['analyze', untitled, '--json']).stdout) as Analysis).meta.title).toBeUndefined();
    const db = join(dir, 'titles.db');
    expect(saksi(['ingest', titled, untitled, '--db', db, '--workers', '0']).code).toBe(0);
    const hits = JSON.parse(saksi(['search', 'beras', '--db', db, '--json']).stdout) as { results: { title?: string }[] };
    expect(hits.results.map((h) => h.title ?? null).sort()).toEqual(['Harga Beras Naik Lagi di Pasar Induk', null]);
  });

  it('search shows each hit relative to the best, not bm25 values that round to 0.00 on a small store', () => {
    const db = join(dir, 'score.db');
    file('s1.txt', 'Harga beras naik. Harga beras naik lagi di pasar beras.\nPedagang beras mengeluh.\n');
    file('s2.txt', 'Menteri mengatakan harga beras naik.\nPetani tidak setuju.\n');
    expect(saksi(['ingest', join(dir, 's1.txt'), join(dir, 's2.txt'), '--db', db, '--workers', '0']).code).toBe(0);
    const r = saksi(['search', 'beras', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('score 0.00');
    const shares = [...r.stdout.matchAll(/relevance (\d+)%/g)].map((m) => Number(m[1]));
    expect(shares[0]).toBe(100);
    expect(shares).toHaveLength(2);
    expect(shares[1]).toBeLessThan(100);
  });

  it('ingest counts and names files of unknown type in a folder, and says "whitespace" for a blank file', () => {
    const folder = join(dir, 'mixed');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.txt'), 'Menteri itu mengatakan bahwa harga beras naik 5 persen pekan lalu.\n');
    writeFileSync(join(folder, 'laporan.pdf'), '%PDF-1.4 not really');
    writeFileSync(join(folder, 'catatan.docx'), 'PK not really');
    writeFileSync(join(folder, 'kosong.txt'), '  \n\t\n');
    const r = saksi(['ingest', folder, '--db', join(dir, 'mixed.db'), '--workers', '0']);
    expect(r.stdout).toMatch(/not read: 2 files in the folders: 2 of unknown type \((\.pdf ×1, \.docx ×1|\.docx ×1, \.pdf ×1)\)/);
    expect(r.stdout).toContain('whitespace-only');
    expect(r.stdout).toContain('only whitespace');
    const j = JSON.parse(saksi(['ingest', folder, '--db', join(dir, 'mixed2.db'), '--workers', '0', '--json']).stdout) as {
      skipped: { total: number; unknownTypes: Record<string, number> };
      failures: { code: string }[];
    };
    expect(j.skipped.total).toBe(2);
    expect(j.skipped.unknownTypes).toEqual({ '.pdf': 1, '.docx': 1 });
    expect(j.failures.map((f) => f.code)).toEqual(['whitespace-only']);
  });
});
