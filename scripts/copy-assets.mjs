#!/usr/bin/env node
// Copies data files that tsc does not emit into dist/: the NER models (src/ner/models/*.json →
// dist/ner/models/). Run after `tsc -p tsconfig.build.json`.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const copies = [{ from: 'src/ner/models', to: 'dist/ner/models', ext: '.json' }];

let count = 0;
for (const { from, to, ext } of copies) {
  const source = join(root, from);
  if (!existsSync(source)) continue;
  mkdirSync(join(root, to), { recursive: true });
  for (const name of readdirSync(source)) {
    if (!name.endsWith(ext)) continue;
    copyFileSync(join(source, name), join(root, to, name));
    count++;
  }
}
console.log(`copy-assets: ${count} file(s) copied into dist/`);
