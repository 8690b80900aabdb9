import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchArticle, isPrivateAddress, UrlFetchError } from '../src/server/url-fetch.js';

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['10.2.3.4', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.10.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['255.255.255.255', true],
    ['8.8.8.8', false],
    ['93.184.216.34', false],
    ['::1', true],
    ['::', true],
    ['fe80::1', true],
    ['fc00::1', true],
    ['fd12:3456::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:8.8.8.8', false],
    ['64:ff9b::10.0.0.1', true],
    ['2002:c0a8:0101::1', true],
    ['2606:4700:4700::1111', false],
    ['not-an-ip', true],
  ])('%s → %s', (ip, want) => expect(isPrivateAddress(ip)).toBe(want));
});

describe('fetchArticle', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/hop') {
        res.writeHead(301, { location: `http://127.0.0.2:${port}/article` });
        return res.end();
      }
      if (req.url === '/loop') {
        res.writeHead(302, { location: '/loop' });
        return res.end();
      }
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('x'.repeat(5000));
      }
      if (req.url === '/pdf') {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        return res.end('%PDF');
      }
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The mayor said 3 bridges will open.');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  // Only 127.0.0.2 counts as private here, so the test server on 127.0.0.1 stands for a public site.
  const opts = { allowPrivate: false, timeoutMs: 3000, maxBytes: 1000, maxRedirects: 3, isBlocked: (ip: string) => ip === '127.0.0.2' };
  const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'ok', (e: unknown) => (e instanceof UrlFetchError ? e.code : String(e)));

  it('fetches a public page', async () => {
    const page = await fetchArticle(`http://127.0.0.1:${port}/article`, opts);
    expect(page.text).toBe('The mayor said 3 bridges will open.');
  });

  it('checks every redirect hop', async () => {
    expect(await code(fetchArticle(`http://127.0.0.1:${port}/hop`, opts))).toBe('private-address');
    expect(await code(fetchArticle(`http://127.0.0.1:${port}/loop`, opts))).toBe('too-many-redirects');
  });

  it('checks the address a name resolves to, at connection time', async () => {
    const resolve = async (host: string) => (host === 'rebind.test' ? [{ address: '127.0.0.2', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]);
    expect(await code(fetchArticle(`http://rebind.test:${port}/article`, { ...opts, resolve }))).toBe('private-address');
    expect(await code(fetchArticle(`http://public.test:${port}/article`, { ...opts, resolve }))).toBe('ok');
  });

  it('refuses the real private ranges by default, and local names', async () => {
    const strict = { allowPrivate: false, timeoutMs: 3000, maxBytes: 1000, maxRedirects: 3 };
    expect(await code(fetchArticle(`http://127.0.0.1:${port}/article`, strict))).toBe('private-address');
    expect(await code(fetchArticle(`http://localhost:${port}/article`, strict))).toBe('private-address');
    expect(await code(fetchArticle(`http://[::ffff:127.0.0.1]:${port}/article`, strict))).toBe('private-address');
    const resolveLocal = async () => [{ address: '127.0.0.1', family: 4 }];
    expect(await code(fetchArticle(`http://news.test:${port}/article`, { ...strict, resolve: resolveLocal }))).toBe('private-address');
    expect(await code(fetchArticle(`ftp://example.com/x`, strict))).toBe('invalid-url');
    expect(await code(fetchArticle(`http://user:pw@example.com/x`, strict))).toBe('invalid-url');
  });

  it('caps the size and refuses what is not an article', async () => {
    expect(await code(fetchArticle(`http://127.0.0.1:${port}/big`, opts))).toBe('too-large');
    expect(await code(fetchArticle(`http://127.0.0.1:${port}/pdf`, opts))).toBe('unsupported-content-type');
  });
});
