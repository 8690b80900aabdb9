#!/usr/bin/env node
// `npm ci` and `npm install` run `prepare`; so does `npx saksi` inside a clone, because npx links
// the checkout into its cache as a package and prepares it again. Building takes seconds; so this
// builds (with `npm run build`) only when dist/ is older than what it is built from, and the
// README's first command, `npm ci && npx saksi analyze ...`, runs as fast the first time as later.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.prepared');
/** What dist/ is built from: sources, build scripts, TypeScript and package settings. */
const INPUTS = ['src', 'web', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const inputs = Math.max(...INPUTS.map((p) => newest(join(root, p))));
if (built > inputs && process.env.SAKSI_FORCE_BUILD === undefined) {
  console.log('saksi: dist/ is up to date (npm run build to rebuild anyway)');
  process.exit(0);
}
const npm = process.env.npm_execpath;
const r = npm
  ? spawnSync(process.execPath, [npm, 'run', '-s', 'build'], { cwd: root, stdio: 'inherit' })
  : spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (r.status !== 0) process.exit(r.status ?? 1);
writeFileSync(stamp, `${new Date().toISOString()}\n`);
// Newer than every input it was built from, even one dated in the future (clock skew, untar).
const at = new Date(Math.max(Date.now(), inputs + 1000));
utimesSync(stamp, at, at);
