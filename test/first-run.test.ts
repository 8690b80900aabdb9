import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// `npx saksi` inside a clone links the checkout into npx's cache and runs `prepare` again: the
// README's first command took 17 s instead of 1 s. prepare now builds only when dist/ is stale.
const repo = new URL('..', import.meta.url).pathname;

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'saksi-prepare-'));
  mkdirSync(join(dir, 'scripts'));
  mkdirSync(join(dir, 'src'));
  copyFileSync(join(repo, 'scripts/prepare.mjs'), join(dir, 'scripts/prepare.mjs'));
  // A stand-in build that leaves a mark, so the test sees whether it ran.
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'p', version: '1.0.0', type: 'module', scripts: { build: "node -e \"require('fs').mkdirSync('dist',{recursive:true});require('fs').appendFileSync('built','x')\"" } }),
  );
  writeFileSync(join(dir, 'src/a.ts'), 'export const a = 1;\n');
  return dir;
}

function prepare(dir: string) {
  const env = { ...process.env };
  delete env['npm_execpath'];
  delete env['SAKSI_FORCE_BUILD'];
  const r = spawnSync(process.execPath, ['scripts/prepare.mjs'], { cwd: dir, encoding: 'utf8', env, timeout: 60_000 });
  return { code: r.status, out: r.stdout + r.stderr, builds: existsSync(join(dir, 'built')) ? readFileSync(join(dir, 'built'), 'utf8').length : 0 };
}

describe('prepare (npm ci, and npx saksi in a clone)', () => {
  it('builds once, then skips while dist/ is newer than its sources, and builds again after an edit', () => {
    const dir = project();
    try {
      expect(prepare(dir)).toMatchObject({ code: 0, builds: 1 });
      const again = prepare(dir);
      expect(again).toMatchObject({ code: 0, builds: 1 });
      expect(again.out).toContain('up to date');
      const later = new Date(Date.now() + 5000);
      utimesSync(join(dir, 'src/a.ts'), later, later);
      expect(prepare(dir)).toMatchObject({ code: 0, builds: 2 });
      expect(prepare(dir)).toMatchObject({ code: 0, builds: 2 });
      rmSync(join(dir, 'dist'), { recursive: true });
      expect(prepare(dir)).toMatchObject({ code: 0, builds: 3 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is what package.json runs as prepare', () => {
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['prepare']).toBe('node scripts/prepare.mjs');
  });
});
