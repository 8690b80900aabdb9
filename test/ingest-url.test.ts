import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readSource, type ReadResult } from '../src/read/index.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'html');
const EN_PAGE = fs.readFileSync(path.join(FIXTURES, 'en-news.html'));
const PLAIN = 'Harga cabai naik 20 persen.\r\nPedagang: "Pasokan dari petani berkurang." 🌶️\n';

let server: http.Server;
let base: string;
/** Set when the client of /endless went away; how many bytes the server had written by then. */
let endless: { closed: boolean; written: number } = { closed: false, written: 0 };
const stalled: http.ServerResponse[] = [];

function route(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const p = url.pathname;
  const redirect = (to: string, status = 302) => {
    res.writeHead(status, { location: to });
    res.end();
  };
  if (p === '/article') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(EN_PAGE);
  } else if (p === '/plain') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(PLAIN);
  } else if (p === '/untyped') {
    res.writeHead(200);
    res.end('Teks tanpa content-type.');
  } else if (p === '/ua') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`UA=${req.headers['user-agent']}`);
  } else if (p.startsWith('/r/')) {
    // /r/3 → /r/2 → /r/1 → /r/0 → ../article, every Location relative
    const n = Number(p.slice(3));
    redirect(n > 0 ? String(n - 1) : '../article', n % 2 === 0 ? 301 : 307);
  } else if (p === '/loop/a') {
    redirect('/loop/b');
  } else if (p === '/loop/b') {
    redirect('a');
  } else if (p.startsWith('/chain/')) {
    redirect(`/chain/${Number(p.slice(7)) + 1}`);
  } else if (p === '/to-ftp') {
    redirect('ftp://ftp.example/berita.txt');
  } else if (p === '/no-location') {
    res.writeHead(302);
    res.end();
  } else if (p === '/slow') {
    stalled.push(res); // never answers
  } else if (p === '/slow-body') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('Awal berita yang tidak pernah selesai');
    stalled.push(res);
  } else if (p === '/missing') {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<html><body><h1>Halaman tidak ditemukan</h1></body></html>');
  } else if (p === '/error') {
    res.writeHead(503);
    res.end();
  } else if (p === '/big') {
    // announces 2 MiB; the client should give up on the header alone
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(2 * 1024 * 1024) });
    res.write(Buffer.alloc(1024, 0x61));
    stalled.push(res);
  } else if (p === '/endless') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    endless = { closed: false, written: 0 };
    const chunk = Buffer.alloc(64 * 1024, 0x62);
    res.on('close', () => {
      endless.closed = true;
    });
    const pump = () => {
      while (!res.destroyed && endless.written < 64 * 1024 * 1024) {
        endless.written += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    pump();
  } else if (p === '/cp1252') {
    res.writeHead(200, { 'content-type': 'text/html; charset=windows-1252' });
    res.end(
      Buffer.concat([
        Buffer.from('<html><head><title>Kafe</title></head><body><p>'),
        Buffer.from([0x93]),
        Buffer.from('Caf'),
        Buffer.from([0xe9]),
        Buffer.from(' ini buka sampai malam'),
        Buffer.from([0x94, 0x20, 0x96]),
        Buffer.from(' kata pemiliknya.</p></body></html>'),
      ]),
    );
  } else if (p === '/cp1252-text') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=ISO-8859-1' });
    res.end(Buffer.from([0x4a, 0x61, 0x6c, 0x61, 0x6e, 0x20, 0x93, 0x43, 0x61, 0x66, 0xe9, 0x94]));
  } else if (p === '/meta-charset') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      Buffer.concat([
        Buffer.from('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head><body><p>Caf'),
        Buffer.from([0xe9]),
        Buffer.from(' di sudut jalan.</p></body></html>'),
      ]),
    );
  } else if (p === '/image') {
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]));
  } else {
    res.writeHead(500);
    res.end();
  }
}

beforeAll(async () => {
  server = http.createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of stalled) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function docOf(r: ReadResult) {
  if (!r.ok) throw new Error(`expected a document, got ${JSON.stringify(r.diagnostics)}`);
  return r.doc;
}

function errorOf(r: ReadResult) {
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('unreachable');
  const e = r.diagnostics.find((d) => d.severity === 'error');
  expect(e).toBeDefined();
  return e!;
}

describe('reading URLs', () => {
  it('reads an HTML page', async () => {
    const doc = docOf(await readSource(`${base}/article`));
    expect(doc.meta.format).toBe('html');
    expect(doc.meta.origin).toBe(`${base}/article`);
    expect(doc.meta.url).toBe('https://ledger.example/city/tram-vote'); // og:url beats the fetch URL
    expect(doc.meta.published).toBe('2024-03-05T14:20:00Z');
    expect(doc.text.split('\n')).toHaveLength(4);
  });

  it('reads a text/plain page byte-exact', async () => {
    const doc = docOf(await readSource(`${base}/plain`));
    expect(doc.text).toBe(PLAIN);
    expect(doc.meta).toEqual({ origin: `${base}/plain`, format: 'text', url: `${base}/plain` });
  });

  it('sniffs a response without content-type', async () => {
    expect(docOf(await readSource(`${base}/untyped`)).text).toBe('Teks tanpa content-type.');
  });

  it('sends the user agent', async () => {
    expect(docOf(await readSource(`${base}/ua`, { userAgent: 'uji/1.0' })).text).toBe('UA=uji/1.0');
    expect(docOf(await readSource(`${base}/ua`)).text).toMatch(/^UA=.*saksi/);
  });

  it('follows a chain of relative redirects to its end', async () => {
    const doc = docOf(await readSource(`${base}/r/3`));
    expect(doc.meta.origin).toBe(`${base}/r/3`);
    expect(doc.meta.title).toBe('Harbour city votes to expand tram network');
    // the final URL is what a text page would record
    const plain = docOf(await readSource(`${base}/r/3`, { format: 'text' }));
    expect(plain.meta.url).toBe(`${base}/article`);
  });

  it('stops at a redirect loop', async () => {
    const e = errorOf(await readSource(`${base}/loop/a`));
    expect(e.code).toBe('redirect-loop');
    expect(e.message).toMatch(/loop/i);
    expect(e.file).toBe(`${base}/loop/a`);
  });

  it('stops after maxRedirects redirects', async () => {
    const e = errorOf(await readSource(`${base}/chain/0`, { maxRedirects: 2 }));
    expect(e.code).toBe('too-many-redirects');
    expect(e.message).toContain('--max-redirects');
    expect(e.message).not.toContain('maxRedirects');
    expect(errorOf(await readSource(`${base}/r/3`, { maxRedirects: 3 })).code).toBe('too-many-redirects');
    expect((await readSource(`${base}/r/3`, { maxRedirects: 4 })).ok).toBe(true);
  });

  it('refuses a redirect to another scheme, and a redirect without Location', async () => {
    expect(errorOf(await readSource(`${base}/to-ftp`)).code).toBe('bad-redirect');
    expect(errorOf(await readSource(`${base}/no-location`)).code).toBe('bad-redirect');
  });

  it('times out on a server that never answers', async () => {
    const t0 = performance.now();
    const e = errorOf(await readSource(`${base}/slow`, { timeoutMs: 300 }));
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(e.code).toBe('timeout');
    expect(e.message).toContain('0.3 s');
    expect(e.message).toContain('--timeout');
  });

  it('times out on a body that never ends', async () => {
    const t0 = performance.now();
    const e = errorOf(await readSource(`${base}/slow-body`, { timeoutMs: 300 }));
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(e.code).toBe('timeout');
  });

  it('reports HTTP errors with their status', async () => {
    const e = errorOf(await readSource(`${base}/missing`));
    expect(e.code).toBe('http-error');
    expect(e.message).toContain('404');
    expect(errorOf(await readSource(`${base}/error`)).message).toContain('503');
  });

  it('refuses a body whose declared length is over the limit', async () => {
    const t0 = performance.now();
    const e = errorOf(await readSource(`${base}/big`, { maxBytes: 1024 * 1024 }));
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(e.code).toBe('too-large');
    expect(e.message).toContain('2.0 MiB');
  });

  it('stops downloading an undeclared body once it passes the limit', async () => {
    const e = errorOf(await readSource(`${base}/endless`, { maxBytes: 1024 * 1024 }));
    expect(e.code).toBe('too-large');
    await new Promise((r) => setTimeout(r, 50));
    expect(endless.closed).toBe(true);
    expect(endless.written).toBeLessThan(16 * 1024 * 1024);
  });

  it('decodes windows-1252 from the content-type', async () => {
    const doc = docOf(await readSource(`${base}/cp1252`));
    expect(doc.text).toBe('\u201cCafé ini buka sampai malam\u201d \u2013 kata pemiliknya.');
    const text = docOf(await readSource(`${base}/cp1252-text`));
    expect(text.text).toBe('Jalan \u201cCafé\u201d');
  });

  it('decodes the charset of a <meta http-equiv> when the header has none', async () => {
    expect(docOf(await readSource(`${base}/meta-charset`)).text).toBe('Café di sudut jalan.');
  });

  it('refuses content that is not a page', async () => {
    expect(errorOf(await readSource(`${base}/image`)).code).toBe('unsupported-content-type');
  });

  it('reports a refused connection as fetch-failed with the cause', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const e = errorOf(await readSource(`http://127.0.0.1:${port}/berita`));
    expect(e.code).toBe('fetch-failed');
    expect(e.message).toContain('ECONNREFUSED');
    expect(e.file).toBe(`http://127.0.0.1:${port}/berita`);
  });

  it('rejects schemes other than http and https', async () => {
    for (const u of ['file:///etc/hostname', 'ftp://ftp.example/berita.txt', 'FILE:///tmp/x.txt']) {
      const e = errorOf(await readSource(u));
      expect(e.code).toBe('unsupported-url');
      expect(e.file).toBe(u);
    }
  });

  it('rejects a malformed URL', async () => {
    expect(errorOf(await readSource('http://')).code).toBe('invalid-url');
  });
});
