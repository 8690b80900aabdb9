import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enumerateSources, isFailure, safeFetch, type EnumerateOptions, type SourceFailure, type SourceRecord } from '../src/read/sources/index.js';
import { decodeRawXml, parseFeed, sniffFeed } from '../src/read/sources/feeds.js';

const FEEDS = join(import.meta.dirname, 'fixtures/sources/feeds');

async function collect(inputs: string[], options: EnumerateOptions = {}): Promise<(SourceRecord | SourceFailure)[]> {
  const out: (SourceRecord | SourceFailure)[] = [];
  for await (const r of enumerateSources(inputs, options)) out.push(r);
  return out;
}

const page = (title: string, body: string) =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1><p>${body}</p></article></body></html>`;

function rss(base: string, items: { title: string; path?: string; content?: string; description?: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Lokal Test</title><link>${base}/</link>
${items
  .map(
    (it) => `<item><title>${it.title}</title>${it.path ? `<link>${base}${it.path}</link>` : ''}
<pubDate>Wed, 22 Oct 2025 07:00:00 +0700</pubDate>
${it.description ? `<description>${it.description}</description>` : ''}
${it.content ? `<content:encoded><![CDATA[${it.content}]]></content:encoded>` : ''}</item>`,
  )
  .join('\n')}
</channel></rss>`;
}

let server: Server;
let base = '';
let tmp: string;
let active = 0;
let maxActive = 0;
const hits = new Map<string, number>();

function route(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', base);
  const path = url.pathname;
  hits.set(path, (hits.get(path) ?? 0) + 1);
  const send = (status: number, type: string | undefined, body: string | Buffer, headers: Record<string, string> = {}) => {
    res.writeHead(status, { ...(type ? { 'content-type': type } : {}), ...headers });
    res.end(body);
  };
  if (path === '/feed.rss') {
    return send(200, 'application/rss+xml; charset=utf-8', rss(base, [
      { title: 'Satu', path: '/articles/1', description: 'Ringkasan satu.' },
      { title: 'Dua (halaman lambat, isi lengkap di feed)', path: '/slow', content: '<p>Isi lengkap dua dari feed.</p>' },
      { title: 'Tiga (404, hanya ringkasan)', path: '/missing', description: 'Ringkasan tiga.' },
      { title: 'Empat (pengalihan berputar)', path: '/loop-a', description: 'Ringkasan empat.' },
      { title: 'Lima', path: '/articles/5' },
    ]));
  }
  if (path === '/feed-served-as-html') {
    return send(200, 'text/html', rss(base, [{ title: 'Satu', path: '/articles/1' }]));
  }
  if (path === '/ordered.rss') {
    const items = [300, 10, 150, 0, 80, 20].map((delay, i) => ({ title: `Item ${i}`, path: `/delayed/${i}?ms=${delay}` }));
    return send(200, 'application/rss+xml', rss(base, items));
  }
  if (path === '/atom') {
    return send(200, 'application/atom+xml', `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Lokal</title>
<entry><title>Relatif</title><link href="articles/7"/><id>urn:x:7</id><updated>2025-10-22T01:00:00Z</updated><summary>S</summary></entry></feed>`);
  }
  if (path === '/xxe.rss') return send(200, 'application/rss+xml', readFileSync(join(tmp, 'xxe.rss')));
  if (path === '/malformed.rss') return send(200, 'application/rss+xml', readFileSync(join(FEEDS, 'malformed.rss')));
  if (path === '/catalog.xml') return send(200, 'application/xml', '<catalog><book/></catalog>');
  const article = /^\/articles\/(\d+)$/.exec(path);
  if (article) return send(200, 'text/html; charset=utf-8', page(`Artikel ${article[1]}`, `Isi halaman artikel ${article[1]}.`));
  const delayed = /^\/delayed\/(\d+)$/.exec(path);
  if (delayed) {
    active++;
    maxActive = Math.max(maxActive, active);
    setTimeout(() => {
      active--;
      send(200, 'text/html', page(`Delayed ${delayed[1]}`, 'x'));
    }, Number(url.searchParams.get('ms') ?? 0));
    return;
  }
  if (path === '/slow') return; // never answers
  if (path === '/slow-body') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.write('<html><body><p>starts');
    return; // and never ends
  }
  if (path === '/loop-a') return send(302, undefined, '', { location: '/loop-b' });
  if (path === '/loop-b') return send(301, undefined, '', { location: `${base}/loop-a` });
  const chain = /^\/chain\/(\d+)$/.exec(path);
  if (chain) return send(302, undefined, '', { location: `/chain/${Number(chain[1]) + 1}` });
  if (path === '/moved') return send(301, undefined, '', { location: '/articles/9' });
  if (path === '/to-file') return send(302, undefined, '', { location: 'file:///etc/passwd' });
  if (path === '/plain') return send(200, 'text/plain; charset=utf-8', 'Teks polos dari server.');
  if (path === '/pdf') return send(200, 'application/pdf', Buffer.from('%PDF-1.4 ...'));
  if (path === '/cp1252') return send(200, 'text/html; charset=windows-1252', Buffer.concat([Buffer.from('<html><body><p>caf'), Buffer.from([0xe9]), Buffer.from('</p></body></html>')]));
  if (path === '/broken-utf8') return send(200, 'text/html', Buffer.concat([Buffer.from('<html><body><p>caf'), Buffer.from([0xe9]), Buffer.from('</p></body></html>')]));
  if (path === '/huge') {
    res.writeHead(200, { 'content-type': 'text/html' }); // no content-length
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = (): void => {
      while (sent < 4 * 1024 * 1024) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    pump();
    return;
  }
  send(404, 'text/plain', 'not found');
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'saksi-feeds-'));
  writeFileSync(join(tmp, 'secret.txt'), 'SECRET-MARKER-7f3a');
  writeFileSync(
    join(tmp, 'xxe.rss'),
    `<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://${join(tmp, 'secret.txt')}">]>\n<rss version="2.0"><channel><title>&xxe;</title><item><title>&xxe;</title><description>&xxe;</description></item></channel></rss>`,
  );
  server = createServer(route);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(tmp, { recursive: true, force: true });
});

describe('feeds from files', () => {
  it('reads an RSS 2.0 feed: titles, links, RFC 822 dates, authors, content:encoded over description', async () => {
    const file = join(FEEDS, 'rss.xml');
    const out = await collect([file], { followFeedLinks: false });
    expect(out).toHaveLength(3);
    expect(out[0]).toEqual({
      key: 'https://kabar-lembah.example/berita/banjir-300-rumah',
      origin: `${file} item 1 (https://kabar-lembah.example/berita/banjir-300-rumah)`,
      title: 'Banjir Rendam 300 Rumah di Lembah Hijau',
      url: 'https://kabar-lembah.example/berita/banjir-300-rumah',
      published: '2025-10-21T20:43:00+07:00',
      author: 'Rina Wulandari',
      source: 'Kabar Lembah & Sekitarnya',
      id: 'kl-1001',
      html: expect.stringContaining('<b>300 rumah</b>'),
    });
    expect((out[0] as SourceRecord).html).toContain('Tidak ada korban jiwa & semua warga');
    // A relative link is resolved against the channel link; the author's e-mail is dropped; &#8217; decoded.
    expect(out[1]).toMatchObject({
      key: 'https://kabar-lembah.example/berita/harga-cabai',
      title: 'Harga Cabai Naik Jelang Akhir Tahun ’25',
      author: 'Dimas Saputra',
      published: '2025-10-22T08:15:00Z',
      html: '<p>Harga cabai rawit di Pasar Induk naik menjadi Rp 80.000 per kilogram.</p>',
    });
    // No link: keyed by the feed and the guid.
    expect(out[2]).toMatchObject({ key: `${file}#kl-1003`, published: '2025-10-22T10:00:00+07:00', html: 'Pengumuman singkat tanpa tautan ke halaman artikel.' });
  });

  it('reads an Atom feed: alternate links, several authors, xhtml and html content', async () => {
    const out = await collect([join(FEEDS, 'atom.xml')], { followFeedLinks: false });
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({
      key: 'https://harbour-daily.example/news/port-strike',
      title: 'Port strike enters third day',
      published: '2025-10-21T17:30:00+01:00',
      author: 'Maya Lindqvist, Tom Okafor',
      source: 'Harbour Daily (saksi fixture)',
      id: 'urn:uuid:6f1c2a52-0000-4000-8000-000000000002',
    });
    expect((out[0] as SourceRecord).html).toContain('<p>Dock workers at the Eastern Harbour stayed out for a <em>third</em> day');
    expect(out[1]).toMatchObject({
      key: 'https://harbour-daily.example/news/ferry-timetable',
      title: 'Ferry timetable & fares change',
      published: '2025-10-22T06:45:00Z',
      html: '<p>New ferry fares start on <b>1 November</b>.</p>',
    });
  });

  it('yields one failure naming the file for a malformed feed, and for XML that is not a feed', async () => {
    const out = await collect([join(FEEDS, 'malformed.rss'), join(FEEDS, 'not-a-feed.xml')]);
    expect(out).toEqual([
      {
        key: join(FEEDS, 'malformed.rss'),
        origin: join(FEEDS, 'malformed.rss'),
        code: 'malformed-feed',
        message: expect.stringMatching(/malformed\.rss: not well-formed XML at line 8/),
      },
      { key: join(FEEDS, 'not-a-feed.xml'), origin: join(FEEDS, 'not-a-feed.xml'), code: 'not-a-feed', message: expect.stringContaining('<catalog>') },
    ]);
  });

  it('refuses a feed with an XML external entity and never reads the file it names', async () => {
    const out = await collect([join(FEEDS, 'xxe.rss'), join(tmp, 'xxe.rss')]);
    expect(out.map((r) => (r as SourceFailure).code)).toEqual(['unsafe-xml', 'unsafe-xml']);
    const all = JSON.stringify(out);
    expect(all).not.toContain('SECRET-MARKER');
    expect(all).not.toContain('root:');
  });

  it('refuses internal entity bombs too, but accepts a DOCTYPE without entities', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><item><title>&b;</title></item></channel></rss>`;
    expect(parseFeed(bomb)).toMatchObject({ ok: false, code: 'unsafe-xml' });
    const rss091 = `<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91"><channel><title>Old</title><item><title>Lama</title><link>http://old.example/1</link></item></channel></rss>`;
    const parsed = parseFeed(rss091);
    expect(parsed.ok && parsed.feed.items[0]?.title).toBe('Lama');
    expect(sniffFeed(rss091)).toBe(true);
    expect(sniffFeed('<!doctype html><html></html>')).toBe(false);
  });

  it('reads RSS 1.0 (RDF) and honours maxFeedItems', () => {
    const rdf = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>RDF</title><link>http://rdf.example/</link></channel>
<item><title>R1</title><link>http://rdf.example/1</link><dc:date>2025-10-01T10:00:00+07:00</dc:date><dc:creator>A</dc:creator></item>
<item><title>R2</title><link>http://rdf.example/2</link></item></rdf:RDF>`;
    const parsed = parseFeed(rdf, { maxItems: 1 });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.feed.kind).toBe('rdf');
    expect(parsed.feed.items).toEqual([
      { index: 0, title: 'R1', link: 'http://rdf.example/1', published: '2025-10-01T10:00:00+07:00', author: 'A', source: 'RDF', fullContent: false, contentIsText: false },
    ]);
  });

  it('decodes raw content: entities outside CDATA, CDATA literally', () => {
    expect(decodeRawXml('&lt;p&gt;a &amp;amp; b&lt;/p&gt; <![CDATA[<b>&amp;</b>]]> &#x41;&#66;')).toBe('<p>a &amp; b</p> <b>&amp;</b> AB');
  });
});

describe('feeds from URLs', () => {
  it('follows each item link; falls back to full feed content (marked) or fails with a clear code', async () => {
    const out = await collect([`${base}/feed.rss`], { timeoutMs: 400 });
    expect(out).toHaveLength(5);
    expect(out[0]).toMatchObject({
      key: `${base}/articles/1`,
      url: `${base}/articles/1`,
      title: 'Satu',
      source: 'Lokal Test',
      published: '2025-10-22T07:00:00+07:00',
      html: expect.stringContaining('Isi halaman artikel 1.'),
    });
    expect(out[0]).not.toHaveProperty('warning');
    // The page timed out, but the feed carries the full content: used, with a warning.
    expect(out[1]).toMatchObject({ key: `${base}/slow`, html: '<p>Isi lengkap dua dari feed.</p>', warning: expect.stringMatching(/timeout/) });
    // Only a summary in the feed: a failure, not a teaser stored as the article.
    expect(out[2]).toMatchObject({ key: `${base}/missing`, code: 'http-error', message: expect.stringContaining('404') });
    expect(out[3]).toMatchObject({ key: `${base}/loop-a`, code: 'redirect-loop' });
    expect(out[4]).toMatchObject({ key: `${base}/articles/5`, html: expect.stringContaining('Isi halaman artikel 5.') });
  });

  it('uses the feed content without fetching when followFeedLinks is false', async () => {
    hits.clear();
    const out = await collect([`${base}/feed.rss`], { followFeedLinks: false });
    expect(out.map((r) => (isFailure(r) ? r.code : (r as SourceRecord).html))).toEqual([
      'Ringkasan satu.',
      '<p>Isi lengkap dua dari feed.</p>',
      'Ringkasan tiga.',
      'Ringkasan empat.',
      'no-content',
    ]);
    expect([...hits.keys()]).toEqual(['/feed.rss']);
  });

  it('fetches item pages concurrently but yields them in feed order', async () => {
    maxActive = 0;
    const out = await collect([`${base}/ordered.rss`], { fetchConcurrency: 3 });
    expect(out.map((r) => (r as SourceRecord).title)).toEqual(['Item 0', 'Item 1', 'Item 2', 'Item 3', 'Item 4', 'Item 5']);
    expect(out.every((r) => !isFailure(r))).toBe(true);
    expect(maxActive).toBeGreaterThan(1);
    expect(maxActive).toBeLessThanOrEqual(3);
  });

  it('sniffs a feed served with the wrong content type, resolves relative Atom links against the feed URL', async () => {
    const out = await collect([`${base}/feed-served-as-html`, `${base}/atom`]);
    expect(out.map((r) => r.key)).toEqual([`${base}/articles/1`, `${base}/articles/7`]);
    expect(out[1]).toMatchObject({ title: 'Relatif', html: expect.stringContaining('artikel 7') });
  });

  it('fails on an XXE feed, a malformed feed and XML that is not a feed, by URL', async () => {
    const out = await collect([`${base}/xxe.rss`, `${base}/malformed.rss`, `${base}/catalog.xml`]);
    expect(out.map((r) => (r as SourceFailure).code)).toEqual(['unsafe-xml', 'malformed-feed', 'not-a-feed']);
    expect(JSON.stringify(out)).not.toContain('SECRET-MARKER');
  });
});

describe('single URLs', () => {
  it('yields a page as html with its final URL, and plain text as text', async () => {
    const out = await collect([`${base}/moved`, `${base}/plain`]);
    expect(out[0]).toMatchObject({ key: `${base}/moved`, url: `${base}/articles/9`, html: expect.stringContaining('artikel 9') });
    expect(out[1]).toEqual({ key: `${base}/plain`, origin: `${base}/plain`, url: `${base}/plain`, text: 'Teks polos dari server.' });
  });

  it('turns timeouts, redirect loops, long chains and bad redirects into failures with clear codes', async () => {
    const started = Date.now();
    const out = await collect([`${base}/slow`, `${base}/slow-body`, `${base}/loop-a`, `${base}/chain/0`, `${base}/to-file`, `${base}/nothing-here`], {
      timeoutMs: 300,
      maxRedirects: 4,
    });
    expect(out.map((r) => (r as SourceFailure).code)).toEqual(['timeout', 'timeout', 'redirect-loop', 'too-many-redirects', 'bad-redirect', 'http-error']);
    expect((out[2] as SourceFailure).message).toContain(`${base}/loop-a -> ${base}/loop-b -> ${base}/loop-a`);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('refuses bodies over maxBytes while streaming, and content that is not a page', async () => {
    const out = await collect([`${base}/huge`, `${base}/pdf`], { maxBytes: 256 * 1024 });
    expect(out.map((r) => (r as SourceFailure).code)).toEqual(['too-large', 'unsupported-content-type']);
  });

  it('decodes the declared charset; broken UTF-8 from the web is replaced and flagged, not dropped', async () => {
    const out = await collect([`${base}/cp1252`, `${base}/broken-utf8`]);
    expect((out[0] as SourceRecord).html).toContain('café');
    expect(out[0]).not.toHaveProperty('warning');
    expect((out[1] as SourceRecord).html).toContain('caf\ufffd');
    expect(out[1]).toMatchObject({ warning: expect.stringContaining('not valid UTF-8') });
  });

  it('fails fast on a refused connection', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const [r] = await collect([`http://127.0.0.1:${port}/x`]);
    expect(r).toMatchObject({ code: 'fetch-failed', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('safeFetch can be cancelled from outside', async () => {
    const controller = new AbortController();
    const pending = safeFetch(`${base}/slow`, { signal: controller.signal, timeoutMs: 5000 });
    setTimeout(() => controller.abort(), 50);
    const outcome = await pending;
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.failure.code).toBe('aborted');
  });
});
