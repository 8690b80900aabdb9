import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
