import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The built library's analyses of every fixture against the digest committed beside the fixtures
// (npm test builds dist/ first). An intended change of output: regenerate the digest with
// `node scripts/compare-builds.mjs --write-digest test/fixtures/analysis-digest.json --fixtures`
// and say why in the commit.
const script = new URL('../scripts/compare-builds.mjs', import.meta.url).pathname;
const digest = new URL('./fixtures/analysis-digest.json', import.meta.url).pathname;

function compare(digestFile: string) {
  const r = spawnSync(process.execPath, [script, '--digest', digestFile, '--fixtures'], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('compare-builds', () => {
  it('every fixture analyses exactly as the stored digest says', () => {
    const r = compare(digest);
    expect(r.out).toMatch(/0 differing/);
    expect(r.code).toBe(0);
  });

  it('reports a changed output, a missing and an unknown document', () => {
    const stored = JSON.parse(readFileSync(digest, 'utf8')) as Record<string, string>;
    const names = Object.keys(stored);
    expect(names.length).toBeGreaterThan(40);
    const tampered = { ...stored, [names[0]!]: '0'.repeat(64), 'test/fixtures/none.txt': '1'.repeat(64) };
    delete tampered[names[1]!];
    const file = join(mkdtempSync(join(tmpdir(), 'saksi-digest-')), 'digest.json');
    writeFileSync(file, JSON.stringify(tampered));
    const r = compare(file);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`DIFF ${names[0]}`);
    expect(r.out).toContain(`NEW  ${names[1]}`);
    expect(r.out).toContain('GONE test/fixtures/none.txt');
    expect(r.out).toMatch(/3 differing/);
  });
});
