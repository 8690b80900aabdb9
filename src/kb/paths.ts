import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The folder holding saksi's package.json, found by walking up from this module: the same answer
 * from `src/kb` (vitest, tsx) and from `dist/kb` (the built CLI).
 */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return (root = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`saksi: no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** `data/kb` in the package, or `SAKSI_KB_DIR` when set. */
export function kbDataDir(): string {
  return process.env['SAKSI_KB_DIR'] || join(packageRoot(), 'data', 'kb');
}
