#!/usr/bin/env node
/**
 * Builds an older commit of saksi in a folder of its own, for `SAKSI_BENCH_BASELINE` (npm run
 * bench measures it side by side with dist/) or `node scripts/compare-builds.mjs --old DIR`:
 *
 *   node scripts/build-baseline.mjs [COMMIT] [DIR]     (default: bc5ebb5, the build before issue 7,
 *                                                      into $TMPDIR/saksi-baseline-COMMIT)
 *
 * Does `git archive COMMIT | tar -x -C DIR`, links this checkout's node_modules into DIR, then
 * `npx tsc -p tsconfig.build.json && node scripts/copy-assets.mjs` there (no web UI: the bench does
 * not need it). Prints the build's dist/ directory on stdout. A DIR that already holds a build of
 * COMMIT is reused (--force rebuilds it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const force = args.includes('--force');
const [commitArg = 'bc5ebb5', dirArg] = args.filter((a) => a !== '--force');

function run(cmd, argv, options = {}) {
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (r.status !== 0) {
    process.stderr.write(`build-baseline: ${cmd} ${argv.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})\n`);
    process.exit(1);
  }
  return r;
}

const rev = spawnSync('git', ['rev-parse', '--verify', `${commitArg}^{commit}`], { cwd: ROOT, encoding: 'utf8' });
if (rev.status !== 0) {
  process.stderr.write(`build-baseline: no commit ${commitArg} in ${ROOT}\n`);
  process.exit(1);
}
const commit = rev.stdout.trim();
const dir = resolve(dirArg ?? join(os.tmpdir(), `saksi-baseline-${commit.slice(0, 7)}`));
const stamp = join(dir, '.saksi-baseline-commit');
const dist = join(dir, 'dist');

if (!force && existsSync(join(dist, 'index.js')) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === commit) {
  process.stderr.write(`build-baseline: ${dir} already holds a build of ${commit.slice(0, 7)}\n`);
} else {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`build-baseline: git archive ${commit.slice(0, 7)} into ${dir}\n`);
  const archive = spawnSync('git', ['archive', '--format=tar', commit], { cwd: ROOT, maxBuffer: 1 << 30 });
  if (archive.status !== 0) {
    process.stderr.write(`build-baseline: git archive failed: ${archive.stderr}\n`);
    process.exit(1);
  }
  run('tar', ['-x', '-C', dir], { input: archive.stdout, stdio: ['pipe', 'inherit', 'inherit'] });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  process.stderr.write('build-baseline: npx tsc -p tsconfig.build.json && node scripts/copy-assets.mjs\n');
  run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: dir });
  run(process.execPath, ['scripts/copy-assets.mjs'], { cwd: dir });
  writeFileSync(stamp, `${commit}\n`);
}
process.stdout.write(`${dist}\n`);
