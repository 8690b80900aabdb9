import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The README as a user reads it in a fresh clone: its sample output is the real output, and its
// quality commands run on what the repository ships or name what the user must supply.
const root = new URL('..', import.meta.url).pathname;
const bin = new URL('../bin/saksi.js', import.meta.url).pathname;
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('shows the real output of its sample command (scripts/readme-sample.mjs --write regenerates it)', () => {
    const r = spawnSync(process.execPath, ['scripts/readme-sample.mjs', '--check'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  const quality = readme.slice(readme.indexOf('## Quality, measured'), readme.indexOf('## Performance'));
  const rows = quality.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| what') && !l.startsWith('|---'));
  const commands = rows.flatMap((row) => [...row.split(' | ')[1]!.matchAll(/`(npx saksi [^`]+)`/g)].map((m) => m[1]!));

  it('names quality commands that use no ../shared path in the table', () => {
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.join('\n')).not.toContain('../shared');
    expect(commands.length).toBeGreaterThanOrEqual(4);
  });

  it('every quality command on files the repository ships runs from a clone', () => {
    const shipped = commands.filter((c) => !/\b(SEED|DEV)\.txt\b/.test(c));
    expect(shipped.length).toBeGreaterThanOrEqual(3);
    for (const command of shipped) {
      const args = command.replace(/^npx saksi /, '').split(/\s+/);
      const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      expect(r.status, `${command}: ${r.stderr}`).toBe(0);
    }
  });
});
