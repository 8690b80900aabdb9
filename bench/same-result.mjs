/**
 * Same stored result (issue 8 point 7): ingests one corpus with two builds of saksi and compares
 * what they stored: `export --what documents|entities|claims|stories` (documents with their copy-of
 * links, entities with aliases, merges and evidence, claims, stories). Ids and timestamps count, so the
 * runs use one worker order: `--workers 0` unless WORKERS is given (WORKERS=default: each build's own
 * default, no --workers; WORKERS_A / WORKERS_B set one build's).
 *
 *   node bench/same-result.mjs DIST_A DIST_B CORPUS [SCRATCH]
 *
 * DIST_A and DIST_B are built `dist/` folders (e.g. a copy of main's and this checkout's).
 * Prints each build's ingest time and, per export, "same" or the first differing line; exits 1
 * when anything differs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [distA, distB, corpus, scratchArg] = process.argv.slice(2);
if (!distA || !distB || !corpus) {
  process.stderr.write('usage: node bench/same-result.mjs DIST_A DIST_B CORPUS [SCRATCH]\n');
  process.exit(64);
}
const scratch = scratchArg ?? mkdtempSync(join(tmpdir(), 'saksi-same-'));
const workers = process.env.WORKERS ?? '0';
const workersOf = (dist) => (dist === distA ? process.env.WORKERS_A : process.env.WORKERS_B) ?? workers;
const WHAT = ['documents', 'entities', 'claims', 'stories'];

function cli(dist, args) {
  const r = spawnSync(process.execPath, ['-e', `import(${JSON.stringify(resolve(dist, 'cli/main.js'))}).then((m) => m.main(process.argv))`, '--', 'saksi', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`${dist}: saksi ${args.join(' ')} exited ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
  return r.stdout;
}

/** Fields that differ between any two runs (when), not between builds. */
function stable(line) {
  return line.replace(/"(ingested|ingestedAt|created|createdAt|updated|updatedAt)":"[^"]*"/g, '"$1":""');
}

const exports = [];
for (const [i, dist] of [distA, distB].entries()) {
  const db = join(scratch, `store-${i}.db`);
  rmSync(db, { force: true });
  const t0 = performance.now();
  const w = workersOf(dist);
  cli(dist, ['ingest', corpus, '--db', db, ...(w === 'default' ? [] : ['--workers', w])]);
  process.stdout.write(`${dist}: ingest ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  exports.push(Object.fromEntries(WHAT.map((what) => [what, cli(dist, ['export', '--db', db, '--what', what]).split('\n').map(stable)])));
}
let differ = 0;
for (const what of WHAT) {
  const [a, b] = [exports[0][what], exports[1][what]];
  const at = a.findIndex((line, i) => line !== b[i]);
  if (at === -1 && a.length === b.length) process.stdout.write(`${what}: same (${a.length - 1} lines)\n`);
  else {
    differ++;
    const i = at === -1 ? Math.min(a.length, b.length) : at;
    process.stdout.write(`${what}: DIFFER at line ${i + 1} (${a.length} / ${b.length} lines)\n  A: ${(a[i] ?? '').slice(0, 400)}\n  B: ${(b[i] ?? '').slice(0, 400)}\n`);
  }
}
if (!scratchArg) rmSync(scratch, { recursive: true, force: true });
process.exit(differ > 0 ? 1 : 0);
