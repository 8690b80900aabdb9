#!/usr/bin/env node
// The README's sample output, taken from the real output of the built CLI so that it cannot drift:
// `node scripts/readme-sample.mjs` prints it, `--check` fails when the README differs (a test runs
// this), `--write` puts it into README.md. Run `npm run build` first.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const COMMAND = 'npx saksi analyze examples/en-south-china-sea.txt';

const run = spawnSync(process.execPath, [join(root, 'bin/saksi.js'), 'analyze', 'examples/en-south-china-sea.txt'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, NO_COLOR: '1' },
});
if (run.status !== 0) {
  process.stderr.write(`readme-sample: saksi analyze failed (${run.status}): ${run.stderr}`);
  process.exit(1);
}
const lines = run.stdout.split('\n');

/** A section: its heading line and the lines up to the blank line that ends it. */
function section(title) {
  const start = lines.findIndex((l) => l.startsWith(`${title} (`));
  if (start < 0) return [];
  const end = lines.indexOf('', start);
  return lines.slice(start, end < 0 ? undefined : end);
}

const claims = section('Claims');
// Each claim takes two lines: the speaker line and the text. Shown: the first two, then the first
// doubt and the first denial, in the report's order.
const pairs = [];
for (let i = 1; i + 1 < claims.length; i += 2) pairs.push([claims[i], claims[i + 1]]);
const pick = new Set([0, 1]);
for (const stance of ['DOUBT', 'DENY']) {
  const at = pairs.findIndex(([head]) => new RegExp(`^\\s+c\\d+\\s+${stance}\\b`).test(head));
  if (at >= 0) pick.add(at);
}
const shown = [...pick].filter((i) => i < pairs.length).sort((a, b) => a - b);
const shownClaims = [claims[0], ...shown.flatMap((i) => pairs[i])];
const omitted = pairs.length > shown.length;
const sample = [
  `$ ${COMMAND}`,
  lines[0],
  lines[1],
  '',
  ...shownClaims,
  ...(omitted ? ['  …'] : []),
  '',
  ...section('Flags'),
];
const block = `\`\`\`text\n${sample.join('\n')}\n\`\`\``;

const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const found = new RegExp('```text\\n\\$ ' + COMMAND.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '\\n[\\s\\S]*?\\n```').exec(readme);
const mode = process.argv[2];
if (mode === '--check') {
  if (!found) {
    process.stderr.write('readme-sample: README.md has no sample block for the command\n');
    process.exit(1);
  }
  if (found[0] !== block) {
    process.stderr.write(`readme-sample: README.md's sample output differs from the real output; run node scripts/readme-sample.mjs --write\n--- README\n${found[0]}\n--- real\n${block}\n`);
    process.exit(1);
  }
  process.exit(0);
} else if (mode === '--write') {
  if (!found) {
    process.stderr.write('readme-sample: README.md has no sample block to replace\n');
    process.exit(1);
  }
  writeFileSync(readmePath, readme.replace(found[0], () => block));
} else {
  process.stdout.write(`${block}\n`);
}
