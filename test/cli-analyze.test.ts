import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, openSync, ftruncateSync, closeSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badSpans } from './helpers.js';
import type { Analysis } from '../src/types.js';

// End-to-end: the built CLI (npm test builds dist/ first), as a user runs it.
const bin = new URL('../bin/saksi.js', import.meta.url).pathname;
const example = new URL('../examples/id-laut-china-selatan.txt', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'saksi-cli-'));

function saksi(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', timeout: 60_000, maxBuffer: 512 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('saksi analyze (CLI)', () => {
  it('prints a readable report', () => {
    const r = saksi(['analyze', example]);
    expect(r.code).toBe(0);
    for (const section of ['Entities', 'Claims', 'Figures', 'Dates', 'Flags', 'Set aside']) expect(r.stdout).toContain(section);
    expect(r.stdout).toContain('weekday-mismatch');
  });

  it('prints the JSON contract with --json', () => {
    const r = saksi(['analyze', example, '--json']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as Analysis;
    expect(a.schema).toBe('saksi.analysis/1');
    expect(a.language).toBe('id');
    expect(badSpans(a)).toEqual([]);
  });

  it('reads standard input with -', () => {
    const r = saksi(['analyze', '-', '--json', '--lang', 'en', '--date', '2024-03-12'], 'Officials said on Monday that 3,000 troops had arrived, according to Reuters.');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as Analysis;
    expect(a.language).toBe('en');
    expect(a.quantities[0]?.value).toBe(3000);
  });

  it('analyses a 1 MB text with no newline', () => {
    const sentence = 'Menteri itu mengatakan bahwa 10.000 tentara tiba pada Jumat (17/10/2024) di Jakarta ';
    const big = file('one-line.txt', sentence.repeat(Math.ceil(1_048_576 / sentence.length)));
    const started = Date.now();
    const r = saksi(['analyze', big, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).quantities.length).toBeGreaterThan(1000);
    expect(Date.now() - started).toBeLessThan(55_000); // a hang guard, not a benchmark (npm run bench measures)
  });

  it.each([
    ['empty.txt', '', 'empty'],
    ['blank.txt', '  \n\t\n', 'whitespace-only'],
    ['binary.txt', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0x00, 0x10]), 'binary'],
    ['latin1.txt', Buffer.concat([Buffer.from('Baris satu.\nKata caf'), Buffer.from([0xe9]), Buffer.from(' di sini.')]), 'invalid-utf8'],
    ['no-article.html', '<html><head><title>Menu</title></head><body><nav><a href="/">Home</a></nav></body></html>', 'no-article'],
  ])('rejects %s with a clear message naming the file', (name, content, code) => {
    const path = file(name, content);
    const r = saksi(['analyze', path]);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain(name);
    expect(r.stderr).toContain(code);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('says where invalid UTF-8 is', () => {
    const r = saksi(['analyze', join(dir, 'latin1.txt')]);
    expect(r.stderr).toMatch(/latin1\.txt:2:\d+/);
  });

  it('rejects a 50 MB file quickly without reading it', () => {
    const path = join(dir, 'huge.txt');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    const r = saksi(['analyze', path]);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('too-large');
    expect(r.stderr).toContain('huge.txt');
  });

  it('exits 66 for a missing file and 64 for bad options', () => {
    expect(saksi(['analyze', join(dir, 'nope.txt')]).code).toBe(66);
    const badDate = saksi(['analyze', example, '--date', '2024-02-30']);
    expect(badDate.code).toBe(64);
    expect(badDate.stderr).toContain('--date');
    expect(saksi(['analyze', example, '--lang', 'english!']).code).toBe(64);
    expect(saksi(['frobnicate']).code).not.toBe(0);
  });
});

describe('saksi analyze <url> (CLI against a local server)', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/article') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><html><head><title>Banjir di Kota</title>
          <meta property="article:published_time" content="2024-10-18T08:00:00+07:00"></head>
          <body><article><h1>Banjir di Kota</h1>
          <p>Wali Kota Budi Santoso mengatakan bahwa sekitar 2.000 warga mengungsi akibat banjir yang melanda kota itu kemarin.</p>
          <p>“Kami sudah menyiapkan 15 posko pengungsian dan dapur umum untuk semua warga,” kata Budi kepada wartawan di balai kota.</p>
          <p>Badan Meteorologi memperkirakan hujan lebat masih akan turun hingga akhir pekan, sehingga warga diminta tetap waspada.</p>
          </article></body></html>`);
      } else if (req.url === '/loop') {
        res.writeHead(302, { location: '/loop' });
        res.end();
      } else {
        res.writeHead(404);
        res.end('not here');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  // spawnSync would block the server living in this process: run the CLI asynchronously.
  function saksiAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: '1' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('fetches a page, extracts the article and dates relative expressions from its metadata', async () => {
    const r = await saksiAsync(['analyze', `${base}/article`, '--json']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as Analysis;
    expect(a.meta.title).toBe('Banjir di Kota');
    expect(a.reference).toEqual({ date: '2024-10-18', source: 'meta' });
    expect(a.dates.find((d) => d.text.includes('kemarin'))?.value).toBe('2024-10-17');
    expect(a.claims.some((c) => c.quote && c.speakers.some((s) => s.text === 'Budi'))).toBe(true);
  });

  it('fails clearly on a redirect loop and a 404', async () => {
    const loop = await saksiAsync(['analyze', `${base}/loop`]);
    expect(loop.code).toBe(69);
    expect(loop.stderr).toContain('redirect');
    const missing = await saksiAsync(['analyze', `${base}/missing`]);
    expect(missing.code).toBe(69);
    expect(missing.stderr).toContain('404');
  });
});

describe('analyzeSource (library)', () => {
  it('reads and analyses a file, and returns diagnostics for a missing one', async () => {
    const { analyzeSource } = await import('../src/analysis/analyze.js');
    const ok = await analyzeSource(example, { date: '2024-03-12' });
    expect(ok.ok && ok.analysis.language).toBe('id');
    expect(ok.ok && ok.analysis.meta.origin).toBe(example);
    const missing = await analyzeSource(join(dir, 'missing.txt'));
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.diagnostics[0]?.code).toBe('not-found');
  });
});
