/**
 * `saksi serve` as a user runs it: the built CLI on a real port (needs `npm run build`; npm test
 * does it first), the token rule at start-up, a clean stop on SIGTERM.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ARTICLES } from './fixtures/server/corpus.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'saksi.js');
const dir = mkdtempSync(join(tmpdir(), 'saksi-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('saksi serve', () => {
  it('refuses to listen beyond loopback without SAKSI_TOKEN', () => {
    const env = { ...process.env, SAKSI_TOKEN: '' };
    const r = spawnSync(process.execPath, [BIN, 'serve', '--host', '0.0.0.0', '--port', '0', '--db', join(dir, 'a.db')], { encoding: 'utf8', env, timeout: 60_000 });
    expect(r.status).toBe(64);
    expect(r.stderr).toMatch(/needs a token for writes: set SAKSI_TOKEN/);
  });

  it('refuses a bad port', () => {
    const r = spawnSync(process.execPath, [BIN, 'serve', '--port', 'eighty'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(64);
    expect(r.stderr).toMatch(/--port expects a port number/);
  });

  it('serves the API and the web UI on a real port, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--workers', '1', '--db', join(dir, 'real.db')], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let stderr = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start-up line: ${stderr}`)), 60_000);
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          const m = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
      });
      const post = await fetch(`${url}/api/documents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ documents: ARTICLES.slice(0, 2) }) });
      expect(post.status).toBe(200);
      expect(((await post.json()) as { ingested: number }).ingested).toBe(2);
      const search = (await (await fetch(`${url}/api/search?q=bus`)).json()) as { results: { title: string }[] };
      expect(search.results.map((r) => r.title)).toEqual([ARTICLES[1]!.title]);
      const page = await fetch(`${url}/`);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      const html = await page.text();
      expect(html).toMatch(/<div id="app">/);
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script).toBeDefined();
      const js = await fetch(`${url}${script}`);
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toMatch(/javascript/);
      // No CDN: the page loads nothing from elsewhere.
      expect(html).not.toMatch(/https?:\/\//);
      const missing = await fetch(`${url}/assets/nothing.js`);
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not-found');
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', (c) => resolve(c))));
    expect(code).toBe(0);
  }, 90_000);
});
