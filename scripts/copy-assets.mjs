#!/usr/bin/env node
// Copies data files that tsc does not emit into dist/: the language packs' JSON files (their NER
// models, src/lang/<code>/*.json → dist/lang/<code>/). Run after `tsc -p tsconfig.build.json`.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Each pack folder's .json files (ner-lexicon.json is training input only, and is not shipped).
const copies = [];
const langs = join(root, 'src/lang');
for (const e of existsSync(langs) ? readdirSync(langs, { withFileTypes: true }) : []) {
  if (e.isDirectory()) copies.push({ from: `src/lang/${e.name}`, to: `dist/lang/${e.name}`, ext: '.json', skip: new Set(['ner-lexicon.json']) });
}

let count = 0;
for (const { from, to, ext, skip } of copies) {
  const source = join(root, from);
  if (!existsSync(source)) continue;
  for (const name of readdirSync(source)) {
    if (!name.endsWith(ext) || skip.has(name)) continue;
    mkdirSync(join(root, to), { recursive: true });
    copyFileSync(join(source, name), join(root, to, name));
    count++;
  }
}
console.log(`copy-assets: ${count} file(s) copied into dist/`);
