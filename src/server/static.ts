/**
 * The built web UI (web/ → dist/web/ by Vite): files under the web root, and index.html for any
 * other non-API path (the UI routes by hash, so this only serves `/`). Files are read once and kept.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

export function serveWeb(app: OpenAPIHono, root: string): void {
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const file of walk(root)) {
    files.set(`/${relative(root, file).split(/[\\/]/).join('/')}`, { body: readFileSync(file), type: TYPES[extname(file)] ?? 'application/octet-stream' });
  }
  const index = files.get('/index.html');
  const security = {
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
    'Referrer-Policy': 'no-referrer',
  };
  app.get('*', (c, next) => {
    if (c.req.path.startsWith('/api/') || c.req.path === '/openapi.json') return next();
    const file = files.get(c.req.path) ?? (extname(c.req.path) === '' ? index : undefined);
    if (!file) return next();
    const hashed = c.req.path.startsWith('/assets/');
    return c.body(new Uint8Array(file.body), 200, {
      'Content-Type': file.type,
      'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...security,
    });
  });
}
